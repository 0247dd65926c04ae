package io.zkml4j.cli;

import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.prover.ModelVerifier;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.transcript.VerificationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Checks a proof against the verifying key and the public input and output. Accept: exit 0; reject: one line, exit 1. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a proof: exit 0 if it shows OUTPUT is the committed model's output on INPUT, else one line and exit 1.")
public final class VerifyCommand extends CliCommand {
    @Option(names = "--vk", required = true, paramLabel = "VK", description = "Verifying key (from setup or prove).")
    Path vkFile;

    @Option(names = "--input", required = true, paramLabel = "INPUT.json", description = "{\"input_data\": [[...]]}")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUTPUT.json", description = "The output.json written by prove.")
    Path output;

    @Option(names = "--proof", required = true, paramLabel = "PROOF", description = "The proof written by prove.")
    Path proof;

    @Override
    protected int execute() throws Exception {
        VerifyingKey vk = ProofFiles.readVk(vkFile);
        long[] x = ProofFiles.quantizedInput(input, vk);
        long[] y = ProofFiles.readOutput(output, vk);
        byte[] p = ProofFiles.readBytes(proof, "proof");
        long t0 = System.nanoTime();
        try {
            ModelVerifier.verify(vk, x, y, p);
        } catch (VerificationException | ProofFormatException e) {
            err().println("rejected: " + e.getMessage().replaceAll("[\\r\\n]+", " "));
            return Main.EXIT_FAILURE;
        }
        out().printf("verified in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        return Main.EXIT_OK;
    }
}
