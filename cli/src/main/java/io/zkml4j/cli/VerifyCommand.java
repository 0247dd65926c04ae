package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.ProofFile;
import com.fasterxml.jackson.databind.JsonNode;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.io.ProofCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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
        ProofCheck.requireComparable(vk, input != null, "--input", output != null, "--output");
        long[] expectedInput = input == null ? null
                : ProofCheck.quantizedInput(InputData.readInput(input, ProofCheck.inputNames(vk), ProofCheck.inputShapes(vk)), input.toString(), vk);
        JsonNode expectedOutput = output == null ? null : InputData.readJson(output);
        long t0 = System.nanoTime();
        String why = ProofCheck.rejection(vk, pf, expectedInput, String.valueOf(input), expectedOutput, String.valueOf(output));
        if (why != null) return reject(why);
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
