package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.ProofFile;
import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.ModelEstimate;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ProveProgress;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.quant.QuantizedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the committed model on an input and proves the output; the proof file carries the public input and output. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Prove the model's output on an input: writes PROOF (the proof with its public input and output) and, with --output, OUTPUT.json.")
public final class ProveCommand extends CliCommand {
    @Option(names = "--key", required = true, paramLabel = "KEYDIR",
            description = "The key directory from 'setup' (or its " + ProofFiles.PROVING_KEY + ").")
    Path key;

    @Option(names = "--input", required = true, paramLabel = "INPUT.json", description = "{\"input_data\": [[...]]}")
    Path input;

    @Option(names = {"-o", "--proof"}, required = true, paramLabel = "PROOF", description = "Where to write the proof file.")
    Path proof;

    @Option(names = "--output", paramLabel = "OUTPUT.json",
            description = "Also write the output: {\"output_data\": [[...]], \"quantized_output\": [[...]], \"output_scale\": s}.")
    Path output;

    @Override
    protected int execute() throws Exception {
        ProvingKey pk = ProofFiles.readPk(ProofFiles.keyFile(key, ProofFiles.PROVING_KEY));
        VerifyingKey vk = pk.verifyingKey();
        QuantizedModel q = pk.model();
        String refusal = ModelEstimate.of(pk).refusal(Runtime.getRuntime().maxMemory(), false);
        if (refusal != null) throw new CliException(refusal);
        List<double[]> x = InputData.readInput(input, q.inputNames(), q.inputShapes());
        long t0 = System.nanoTime();
        ModelProver.Result r;
        try (ProgressDisplay bar = ProgressDisplay.forTerminal("proving")) {
            r = ModelProver.prove(pk, x, bar == null ? ProveProgress.NONE : bar);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        byte[] file = new ProofFile(vk.digest(), ProofFiles.orEmpty(r.publicInput), ProofFiles.orEmpty(r.publicOutput), r.proof).encode();
        Files.write(proof, file);
        if (output != null) ProofFiles.writeOutput(output, r, vk);
        out().printf("proved in %d ms, model %s%n", ms, ProofFiles.shortHex(vk.digest()));
        ProofFiles.printValues(out(), vk, r.input, r.output);
        ProofFiles.printVisibility(out(), vk);
        out().printf("wrote:   %s (%,d bytes)%s%n", proof, file.length, output != null ? ", " + output : "");
        if (vk.zeroKnowledge() && pk.proofBudget() > 0) out().printf("proofs:  %d of %d left under this key%n", pk.proofsLeft(), pk.proofBudget());
        return Main.EXIT_OK;
    }
}
