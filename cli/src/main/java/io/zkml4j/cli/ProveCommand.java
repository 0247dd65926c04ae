package io.zkml4j.cli;

import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.quant.QuantizedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the model on an input and proves the output. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Prove the model's output on an input: writes OUTPUT.json and PROOF (and, without --pk, the verifying key).")
public final class ProveCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A .zkm model, a proving key (.pk), or an .onnx model (compiled on the fly, calibrated on the input).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "INPUT.json", description = "{\"input_data\": [[...]]}")
    Path input;

    @Option(names = {"-o", "--proof"}, paramLabel = "PROOF", description = "Where to write the proof (default: proof.bin).")
    Path proof = Path.of("proof.bin");

    @Option(names = "--output", paramLabel = "OUTPUT.json", description = "Where to write the output (default: output.json).")
    Path output = Path.of("output.json");

    @Option(names = "--pk", paramLabel = "PK", description = "Proving key from 'setup' (otherwise setup runs here).")
    Path pkFile;

    @Option(names = "--vk-out", paramLabel = "VK", description = "Without --pk: where to write the verifying key (default: model.vk).")
    Path vkOut = Path.of("model.vk");

    @Mixin
    ModelFiles.QuantOptions quant = new ModelFiles.QuantOptions();

    @Override
    protected int execute() throws Exception {
        ProvingKey pk;
        if (pkFile != null || model.toString().endsWith(".pk")) {
            pk = ProvingKey.read(pkFile != null ? pkFile : model);
        } else {
            QuantizedModel q = ModelFiles.loadOrCompile(model, input, quant.compileOptions());
            pk = ModelSetup.setup(q);
            Files.write(vkOut, pk.verifyingKey().toBytes());
        }
        QuantizedModel q = pk.model();
        List<double[]> x = InputData.readInput(input, q.inputNames(), q.inputShapes());
        long t0 = System.nanoTime();
        ModelProver.Result r = ModelProver.prove(pk, x.get(0));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Files.write(proof, r.proof);
        ProofFiles.writeOutput(output, r, pk.verifyingKey().outputScale());
        out().printf("proved in %d ms: %s (%d bytes), %s%s%n", ms, proof, r.proof.length, output,
                pkFile == null && !model.toString().endsWith(".pk") ? ", verifying key " + vkOut : "");
        return Main.EXIT_OK;
    }
}
