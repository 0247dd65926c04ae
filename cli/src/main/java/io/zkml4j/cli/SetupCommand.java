package io.zkml4j.cli;

import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.quant.QuantizedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

/** Commits the model's weights (transparent setup) and writes the proving and verifying keys. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Commit a compiled model: writes DIR/model.pk (prover only) and DIR/model.vk (public, no weights).")
public final class SetupCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A .zkm model (or an .onnx model, calibrated on the input.json beside it).")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory for model.pk and model.vk.")
    Path dir;

    @Mixin
    ModelFiles.QuantOptions quant = new ModelFiles.QuantOptions();

    @Override
    protected int execute() throws Exception {
        QuantizedModel q = ModelFiles.loadOrCompile(model, ModelFiles.defaultCalibration(model), quant.compileOptions());
        long t0 = System.nanoTime();
        ProvingKey pk = ModelSetup.setup(q);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Files.createDirectories(dir);
        pk.write(dir.resolve("model.pk"));
        Files.write(dir.resolve("model.vk"), pk.verifyingKey().toBytes());
        out().printf("setup: %d nodes committed in %d ms; wrote %s and %s (%d bytes, digest %s)%n", pk.verifyingKey().numNodes(), ms,
                dir.resolve("model.pk"), dir.resolve("model.vk"), pk.verifyingKey().toBytes().length, hex(pk.verifyingKey().digest()));
        return Main.EXIT_OK;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(String.format("%02x", x));
        return s.toString();
    }
}
