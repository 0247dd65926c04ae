package io.zkml4j.cli;

import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.prover.ModelVerifier;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.transcript.VerificationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks a proof file against a verifying key (and, optionally, the input and output the user expects). Exit 0: the
 * proof holds; 1: it does not (one line "rejected: ..."); 2: usage error or a file that cannot be read as what it should be.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify a proof file: shows the model, the public input and output, and 'proof OK'.",
                "Exit 0 if the proof holds; 1 if it does not, or if --input/--output differ from its public values; 2 for usage or unreadable files."})
public final class VerifyCommand extends CliCommand {
    @Option(names = "--key", required = true, paramLabel = "KEY",
            description = "The verifying key (KEYDIR/" + ProofFiles.VERIFYING_KEY + ", or KEYDIR itself).")
    Path key;

    @Option(names = "--proof", required = true, paramLabel = "PROOF", description = "The proof file written by 'prove'.")
    Path proof;

    @Option(names = "--input", paramLabel = "INPUT.json", description = "Also require this input: {\"input_data\": [[...]]}, quantized at the key's input scale.")
    Path input;

    @Option(names = "--output", paramLabel = "OUTPUT.json",
            description = "Also require this output: prove's OUTPUT.json (exact integers) or {\"output_data\": [[...]]} (to within half a unit of the output scale).")
    Path output;

    @Override
    protected int failureExit() {
        return Main.EXIT_USAGE;
    }

    @Override
    protected int execute() throws Exception {
        VerifyingKey vk = ProofFiles.readVk(ProofFiles.keyFile(key, ProofFiles.VERIFYING_KEY));
        ProofFile pf = ProofFiles.readProof(proof);
        long[] x = pf.input(), y = pf.output();
        boolean inPublic = vk.visibility().inputPublic(), outPublic = vk.visibility().outputPublic();
        if (input != null && !inPublic) {
            throw new CliException("--input: the key declares the input private, so the proof carries no input to compare (setup --input-visibility public makes it part of the statement)");
        }
        if (output != null && !outPublic) {
            throw new CliException("--output: the key declares the output private, so the proof carries no output to compare (setup --output-visibility public makes it part of the statement)");
        }
        long[] expectedInput = input != null ? ProofFiles.quantizedInput(input, vk) : null;

        if (!Arrays.equals(pf.modelDigest(), vk.digest())) {
            return reject("the proof is for model " + ProofFiles.shortHex(pf.modelDigest()) + ", the key is for model " + ProofFiles.shortHex(vk.digest()));
        }
        int inLen = inPublic ? vk.inputLength() : 0, outLen = outPublic ? vk.outputLength() : 0;
        if (x.length != inLen || y.length != outLen) {
            return reject("the proof's public input/output have " + x.length + "/" + y.length + " values, the key's statement has " + inLen + "/" + outLen);
        }
        if (expectedInput != null) {
            for (int i = 0; i < x.length; i++) {
                if (x[i] != expectedInput[i]) {
                    VerifyingKey.Io in = ProofFiles.at(vk.inputs(), i);
                    return reject(input + " differs from the proof's public input '" + in.name() + "' at value " + (i - in.offset()) + " (given "
                            + FixedPoint.dequantize(expectedInput[i], in.scale()) + ", proven " + FixedPoint.dequantize(x[i], in.scale()) + ")");
                }
            }
        }
        if (output != null) {
            String mismatch = ProofFiles.outputMismatch(output, vk, y);
            if (mismatch != null) return reject(mismatch);
        }
        long t0 = System.nanoTime();
        try {
            ModelVerifier.verify(vk, inPublic ? x : null, outPublic ? y : null, pf.proof());
        } catch (VerificationException | ProofFormatException e) {
            return reject(e.getMessage());
        } catch (RuntimeException e) {
            // A verifier that fails on malformed bytes in an unforeseen way has still not accepted.
            return reject("the proof could not be checked (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        out().printf("model:   %s (%s)%n", ProofFiles.shortHex(vk.digest()), ProofFiles.keyFile(key, ProofFiles.VERIFYING_KEY));
        ProofFiles.printValues(out(), vk, inPublic ? x : null, outPublic ? y : null);
        ProofFiles.printVisibility(out(), vk);
        if (input != null || output != null) {
            out().printf("matches: %s%n", input != null && output != null ? input + " and " + output : input != null ? input : output);
        }
        out().printf("proof OK (verified in %d ms, %,d-byte proof)%n", ms, pf.proof().length);
        return Main.EXIT_OK;
    }

    private int reject(String why) {
        err().println("rejected: " + String.valueOf(why).replaceAll("[\\r\\n]+", " "));
        return Main.EXIT_FAILURE;
    }
}
