package io.zkml4j.ml.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.ops.Shapes;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ezkl's example models: counts the folders we support (load, compile, run exactly in integers on
 * the folder's input.json, or on zeros where the folder has none) and checks the accuracy bar on
 * each supported one: max |quantized - float| <= 1% of max |float| for every output.
 */
class EzklCorpusTest {
    record Result(String folder, boolean supported, double relErr, String note) {}

    static Result evaluate(Path dir) {
        String name = dir.getFileName().toString();
        try {
            Graph g = OnnxLoader.load(dir.resolve("network.onnx"), 1);
            ModelCompiler.checkSupported(g);
            List<double[]> in;
            Path ij = dir.resolve("input.json");
            if (Files.exists(ij)) {
                List<double[]> raw = Corpus.vectors(Corpus.read(ij).get("input_data"));
                in = new ArrayList<>();
                for (int i = 0; i < g.inputs().size(); i++) {
                    ValueInfo vi = g.inputs().get(i);
                    double[] v = raw.get(i);
                    int n = Shapes.size(vi.shape());
                    // ezkl pads or repeats data to fill batch-shaped inputs; take the leading values.
                    in.add(v.length == n ? v : java.util.Arrays.copyOf(v, n));
                }
            } else {
                in = new ArrayList<>();
                for (ValueInfo vi : g.inputs()) in.add(new double[Shapes.size(vi.shape())]);
            }
            QuantizedModel m = ModelCompiler.compile(g, List.of(in), CompileOptions.defaults());
            List<double[]> fl = FloatExecutor.run(g, in);
            List<double[]> qu = m.run(in);
            double worst = 0;
            for (int o = 0; o < fl.size(); o++) worst = Math.max(worst, ModelCompiler.relativeError(qu.get(o), fl.get(o)));
            return new Result(name, true, worst, "");
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            return new Result(name, false, Double.NaN, e.getClass().getSimpleName() + ": " + msg.substring(0, Math.min(200, msg.length())));
        }
    }

    static List<Path> folders() throws IOException {
        Path root = Corpus.shared().resolve("ezkl-examples");
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.exists(p.resolve("network.onnx"))).sorted().toList();
        }
    }

    @Test
    void atLeastNinetyPercentSupportedWithinOnePercent() throws IOException {
        List<Path> dirs = folders();
        assumeTrue(!dirs.isEmpty(), "ezkl corpus not present");
        int supported = 0;
        double worst = 0;
        List<String> bad = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (Path d : dirs) {
            Result r = evaluate(d);
            table.append(String.format(Locale.ROOT, "%-28s %s %s%n", r.folder(), r.supported() ? String.format(Locale.ROOT, "%.4f%%", 100 * r.relErr()) : "UNSUPPORTED", r.note()));
            if (!r.supported()) continue;
            supported++;
            worst = Math.max(worst, r.relErr());
            if (!(r.relErr() <= 0.01)) bad.add(r.folder() + " " + r.relErr());
        }
        System.out.print(table);
        System.out.printf(Locale.ROOT, "ezkl corpus: %d/%d supported, worst relative error %.4f%%%n", supported, dirs.size(), 100 * worst);
        assertTrue(supported * 10 >= dirs.size() * 9, supported + "/" + dirs.size() + " supported\n" + table);
        assertTrue(bad.isEmpty(), "relative error above 1%: " + bad);
    }
}
