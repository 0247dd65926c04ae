package io.zkml4j.ml.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trained models of ../shared/models: compiled on their 32 test inputs, the exact integer run
 * matches PyTorch's float outputs (expected.json) within 1% of the largest output magnitude on every
 * input, picks the same class as the float model, and the .zkm file round-trips bit-exactly.
 */
class SharedModelsTest {
    @ParameterizedTest
    @ValueSource(strings = {"digits_mlp", "digits_lenet", "digits_resblock", "digits_transformer", "digits_autoencoder", "cancer_logistic", "iris_mlp_sigmoid"})
    void quantizedMatchesPyTorch(String model) throws Exception {
        Path dir = Corpus.shared().resolve("models").resolve(model);
        assumeTrue(Files.isDirectory(dir), "model corpus not present");
        Graph g = OnnxLoader.load(dir.resolve("network.onnx"), 1);
        List<double[]> inputs = Corpus.vectors(Corpus.read(dir.resolve("inputs.json")).get("inputs"));
        List<double[]> expected = Corpus.vectors(Corpus.read(dir.resolve("expected.json")).get("output_data"));
        List<List<double[]>> calib = new ArrayList<>();
        for (double[] x : inputs) calib.add(List.of(x));
        QuantizedModel m = ModelCompiler.compile(g, calib, CompileOptions.defaults());
        Path file = Files.createTempFile("model", ".zkm");
        m.write(file);
        QuantizedModel back = QuantizedModel.read(file);
        Files.delete(file);
        // Relative error over the whole test set: max |q - e| / max |e| over all 32 inputs (a scalar output such as a
        // probability near 0 makes a per-input ratio meaningless).
        double worstAbs = 0, maxRef = 0, worstFloat = 0;
        int agree = 0;
        boolean classifier = !model.contains("autoencoder");
        for (int i = 0; i < inputs.size(); i++) {
            double[] e = expected.get(i);
            double[] f = FloatExecutor.run(g, List.of(inputs.get(i))).get(0);
            double[] q = m.run(List.of(inputs.get(i))).get(0);
            assertEquals(e.length, q.length);
            worstFloat = Math.max(worstFloat, ModelCompiler.relativeError(f, e));
            for (int k = 0; k < e.length; k++) {
                worstAbs = Math.max(worstAbs, Math.abs(q[k] - e[k]));
                maxRef = Math.max(maxRef, Math.abs(e[k]));
            }
            // Same class: argmax, or for a single probability the side of 0.5.
            boolean same = e.length > 1 ? ModelCompiler.argmax(q) == ModelCompiler.argmax(e) : (q[0] > 0.5) == (e[0] > 0.5);
            if (same) agree++;
            assertTrue(java.util.Arrays.equals(m.runTrace(List.of(inputs.get(i))).output(0).values(),
                    back.runTrace(List.of(inputs.get(i))).output(0).values()), "the .zkm round trip changes the integer run");
        }
        double worst = worstAbs / maxRef;
        System.out.printf(Locale.ROOT, "%-20s float64 vs PyTorch %.2e, quantized vs PyTorch %.4f%%, argmax %d/%d%n", model, worstFloat, 100 * worst, agree, inputs.size());
        assertTrue(worstFloat < 1e-4, model + ": float reference differs from PyTorch by " + worstFloat);
        assertTrue(worst <= 0.01, model + ": relative error " + worst);
        if (classifier) assertEquals(inputs.size(), agree, model + ": argmax agreement");
    }
}
