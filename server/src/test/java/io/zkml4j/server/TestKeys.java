package io.zkml4j.server;

import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.io.KeyFiles;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Key directories for the tests: the shared corpus's models (digits_mlp mostly), set up as {@code zkml4j setup} would. */
final class TestKeys {
    private TestKeys() {}

    static Path shared() {
        return Path.of(System.getProperty("zkml4j.shared", "../../shared"));
    }

    static Path digitsInput() {
        return shared().resolve("models/digits_mlp/input.json");
    }

    /** digits_mlp compiled on its calibration samples. */
    static QuantizedModel digits() {
        return compile("digits_mlp");
    }

    /** The shared corpus's model {@code name} compiled on its calibration samples. */
    static QuantizedModel compile(String name) {
        Path dir = shared().resolve("models").resolve(name);
        Graph g = OnnxLoader.load(dir.resolve("network.onnx"), 1);
        List<List<double[]>> cal = InputData.readSamples(dir.resolve("inputs.json"), g.inputs().stream().map(v -> v.name()).toList(),
                g.inputs().stream().map(v -> v.shape()).toList());
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    /** Writes DIR/NAME/proving.key and verifying.key; returns the key. */
    static ProvingKey setup(QuantizedModel q, Visibility v, Path dir, String name) throws IOException {
        ProvingKey pk = ModelSetup.setup(q, v);
        Path d = Files.createDirectories(dir.resolve(name));
        pk.write(d.resolve(KeyFiles.PROVING_KEY));
        Files.write(d.resolve(KeyFiles.VERIFYING_KEY), pk.verifyingKey().toBytes());
        return pk;
    }
}
