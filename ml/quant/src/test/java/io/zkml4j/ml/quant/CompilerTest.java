package io.zkml4j.ml.quant;

import static io.zkml4j.ml.ops.TestGraphs.f;
import static io.zkml4j.ml.ops.TestGraphs.i64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.TestGraphs;
import io.zkml4j.ml.ops.TestGraphs.In;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerTest {
    private static Node node(String name, String op, List<String> in, List<String> out, Attribute... attrs) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (Attribute a : attrs) m.put(a.name(), a);
        return new Node(name, op, "", in, out, m);
    }

    private static Graph graph(List<ValueInfo> in, String out, List<Node> nodes, Map<String, Tensor> init) {
        return new Graph("test.onnx", 13, Map.of("", 13), in, List.of(new ValueInfo(out, DType.FLOAT, new int[0])), nodes, init, Map.of());
    }

    private static List<List<double[]>> samples(int n, int size, long seed) {
        Random r = new Random(seed);
        List<List<double[]>> s = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[] v = new double[size];
            for (int i = 0; i < size; i++) v[i] = r.nextGaussian();
            s.add(List.of(v));
        }
        return s;
    }

    @Test
    void checkSupportedNamesTheFirstUnsupportedNode() {
        Graph g = graph(List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, 4})), "z",
                List.of(node("r", "Relu", List.of("x"), List.of("y")), node("weird_1", "FooBar", List.of("y"), List.of("z"))), Map.of());
        ModelException e = assertThrows(ModelException.class, () -> ModelCompiler.checkSupported(g));
        assertTrue(e.getMessage().contains("FooBar") && e.getMessage().contains("weird_1") && e.getMessage().contains("test.onnx"), e.getMessage());
        assertThrows(ModelException.class, () -> ModelCompiler.compile(g, List.of(), CompileOptions.defaults()));
    }

    @Test
    void foldsShapeChainsAndBatchNorm() {
        // x [1,2,3,3] -> Conv -> BatchNormalization -> Shape/Gather/Unsqueeze/Concat -> Reshape to [1, -1]
        Map<String, Tensor> init = new LinkedHashMap<>();
        Random r = new Random(3);
        double[] w = new double[2 * 2 * 3 * 3];
        for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
        init.put("w", f(new int[] {2, 2, 3, 3}, w));
        init.put("g", f(new int[] {2}, 1.5, 0.5));
        init.put("b", f(new int[] {2}, 0.1, -0.2));
        init.put("m", f(new int[] {2}, 0.3, 0.0));
        init.put("v", f(new int[] {2}, 2.0, 0.25));
        init.put("zero", i64(new int[0], 0));
        init.put("minus1", i64(new int[] {1}, -1));
        List<Node> nodes = List.of(
                node("conv", "Conv", List.of("x", "w"), List.of("c"), Attribute.ofInts("pads", new long[] {1, 1, 1, 1})),
                node("bn", "BatchNormalization", List.of("c", "g", "b", "m", "v"), List.of("n")),
                node("shape", "Shape", List.of("n"), List.of("s")),
                node("gather", "Gather", List.of("s", "zero"), List.of("s0")),
                node("unsq", "Unsqueeze", List.of("s0"), List.of("s0u"), Attribute.ofInts("axes", new long[] {0})),
                node("cat", "Concat", List.of("s0u", "minus1"), List.of("target"), Attribute.ofInt("axis", 0)),
                node("reshape", "Reshape", List.of("n", "target"), List.of("y")));
        Graph g = new Graph("fold.onnx", 11, Map.of("", 11), List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, 2, 3, 3})),
                List.of(new ValueInfo("y", DType.FLOAT, new int[0])), nodes, init, Map.of());
        List<List<double[]>> cal = samples(8, 18, 1);
        QuantizedModel m = ModelCompiler.compile(g, cal, CompileOptions.defaults());
        assertEquals(List.of("Conv", "Reshape"), m.nodes.stream().map(q -> q.op).toList());
        assertArrayEquals(new int[] {1, 18}, m.outputShapes().get(0));
        for (List<double[]> s : samples(4, 18, 2)) {
            double err = ModelCompiler.relativeError(m.run(s).get(0), FloatExecutor.run(g, s).get(0));
            assertTrue(err < 1e-3, "relative error " + err);
        }
    }

    @Test
    void foldsBatchNormIntoGemmWithEitherWeightLayout() {
        Random r = new Random(5);
        for (int transB = 0; transB <= 1; transB++) {
            Map<String, Tensor> init = new LinkedHashMap<>();
            double[] w = new double[6 * 4];
            for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
            init.put("w", f(transB == 1 ? new int[] {4, 6} : new int[] {6, 4}, w)); // K = 6 inputs, M = 4 outputs
            init.put("c", f(new int[] {4}, 0.5, -0.25, 0.1, 0.0));
            init.put("g", f(new int[] {4}, 1.5, 0.5, 2.0, 1.0));
            init.put("b", f(new int[] {4}, 0.1, -0.2, 0.0, 0.3));
            init.put("m", f(new int[] {4}, 0.3, 0.0, -0.1, 0.2));
            init.put("v", f(new int[] {4}, 2.0, 0.25, 1.0, 0.5));
            List<Node> nodes = List.of(
                    node("gemm", "Gemm", List.of("x", "w", "c"), List.of("h"), Attribute.ofInt("transB", transB),
                            Attribute.ofFloat("alpha", 0.75f), Attribute.ofFloat("beta", 2.0f)),
                    node("bn", "BatchNormalization", List.of("h", "g", "b", "m", "v"), List.of("y")));
            Graph g = new Graph("gemmbn.onnx", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, 6})),
                    List.of(new ValueInfo("y", DType.FLOAT, new int[0])), nodes, init, Map.of());
            Graph folded = GraphPasses.foldBatchNorm(g);
            assertEquals(List.of("Gemm"), folded.nodes().stream().map(Node::opType).toList(), "transB=" + transB);
            for (List<double[]> s : samples(4, 6, 7)) {
                double[] want = FloatExecutor.run(g, s).get(0), got = FloatExecutor.run(folded, s).get(0);
                for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-9, "transB=" + transB);
            }
        }
    }

    private static QuantizedModel expModel() {
        Graph g = TestGraphs.single("Exp", null, 1, In.x("x", 1, 4));
        List<List<double[]>> cal = List.of(List.of(new double[] {-1, -0.5, 0.5, 1}));
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    @Test
    void badInputsAreOneLineModelErrors() {
        QuantizedModel m = expModel();
        ModelException len = assertThrows(ModelException.class, () -> m.run(List.of(new double[3])));
        assertTrue(len.getMessage().contains("'x'") && len.getMessage().contains("4"), len.getMessage());
        ModelException nan = assertThrows(ModelException.class, () -> m.run(List.of(new double[] {0, Double.NaN, 0, 0})));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        assertThrows(ModelException.class, () -> m.run(List.of(new double[] {0, 1e9, 0, 0})));
        ModelException range = assertThrows(ModelException.class, () -> m.run(List.of(new double[] {0, 6, 0, 0})));
        assertTrue(range.getMessage().contains("out of calibrated range") && range.getMessage().contains("Exp"), range.getMessage());
        assertThrows(ModelException.class, () -> m.run(List.of()));
    }

    @Test
    void zkmRoundTripIsExactAndVersioned(@TempDir Path dir) throws Exception {
        QuantizedModel m = expModel();
        Path f = dir.resolve("m.zkm");
        m.write(f);
        QuantizedModel back = QuantizedModel.read(f);
        double[] x = {0.25, -0.75, 0.1, 0.9};
        assertArrayEquals(m.runTrace(List.of(x)).output(0).values(), back.runTrace(List.of(x)).output(0).values());
        assertEquals(m.inputNames(), back.inputNames());
        byte[] bin = Files.readAllBytes(f);
        Path again = dir.resolve("again.zkm");
        back.write(again);
        assertArrayEquals(bin, Files.readAllBytes(again), "write(read(f)) is f byte for byte");

        // every strict prefix and a trailing byte: one line, never a stack trace
        for (int cut = 0; cut < bin.length; cut += Math.max(1, bin.length / 60)) {
            Files.write(f, java.util.Arrays.copyOf(bin, cut));
            ModelException e = assertThrows(ModelException.class, () -> QuantizedModel.read(f), "prefix " + cut);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        Files.write(f, java.util.Arrays.copyOf(bin, bin.length + 1));
        assertTrue(assertThrows(ModelException.class, () -> QuantizedModel.read(f)).getMessage().contains("trailing"));
        byte[] version = bin.clone();
        version[6] = 9;
        Files.write(f, version);
        assertTrue(assertThrows(ModelException.class, () -> QuantizedModel.read(f)).getMessage().contains("version 9"));
        Files.write(f, new byte[] {1, 2, 3});
        assertThrows(ModelException.class, () -> QuantizedModel.read(f));
        assertThrows(ModelException.class, () -> QuantizedModel.read(dir.resolve("missing.zkm")));

        // version 1 (JSON, constants in base64) is still read, and still strict
        String json = m.toJsonV1();
        Files.writeString(f, json);
        assertArrayEquals(m.runTrace(List.of(x)).output(0).values(), QuantizedModel.read(f).runTrace(List.of(x)).output(0).values());
        Files.writeString(f, json.replace("\"version\":1", "\"version\":99"));
        ModelException v = assertThrows(ModelException.class, () -> QuantizedModel.read(f));
        assertTrue(v.getMessage().contains("version 99"), v.getMessage());
        Files.writeString(f, "{\"format\":\"zkml4j-quantized-model\",\"version\":1,\"bogus\":3}");
        assertThrows(ModelException.class, () -> QuantizedModel.read(f));
        Files.writeString(f, json.substring(0, json.length() / 2));
        assertThrows(ModelException.class, () -> QuantizedModel.read(f));
        Files.writeString(f, json.replace("\"inputs\":[\"x\"]", "\"inputs\":[\"nowhere\"]"));
        ModelException dangling = assertThrows(ModelException.class, () -> QuantizedModel.read(f));
        assertTrue(dangling.getMessage().contains("nowhere"), dangling.getMessage());
    }

    /** A 40M-entry constant, above GPT-2's 38.6M-entry token embedding, is written and read back exactly. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void aFortyMillionEntryConstantRoundTrips(@TempDir Path dir) throws Exception {
        QuantizedModel m = expModel();
        long[] v = new long[40_000_000];
        for (int i = 0; i < v.length; i++) v[i] = (short) (i * 40503);
        m.constants.put("wte", new QConst(new int[] {50_000, 800}, 12, v));
        Path f = dir.resolve("wte.zkm");
        m.write(f);
        assertTrue(Files.size(f) > 80_000_000L && Files.size(f) < 81_000_000L, "two bytes per value: " + Files.size(f));
        assertArrayEquals(v, QuantizedModel.read(f).constants.get("wte").values);
    }

    /** Constants past JSON's 20M-character strings (the limit version 1 hit on a 17M-parameter model) round trip. */
    @Test
    void aConstantOfMillionsOfWideValuesRoundTrips(@TempDir Path dir) throws Exception {
        QuantizedModel m = expModel();
        long[] v = new long[6_000_000];
        for (int i = 0; i < v.length; i++) v[i] = (i * 2654435761L) % 2_000_000_000L - 1_000_000_000L;
        m.constants.put("big", new QConst(new int[] {3000, 2000}, 5, v));
        Path f = dir.resolve("big.zkm");
        m.write(f);
        QConst back = QuantizedModel.read(f).constants.get("big");
        assertArrayEquals(new int[] {3000, 2000}, back.shape);
        assertEquals(5, back.scale);
        assertArrayEquals(v, back.values);
    }

    @Test
    void traceHoldsEveryIntermediateTensorWithItsScale() {
        Graph g = TestGraphs.single("Sigmoid", null, 1, In.x("x", 1, 3));
        QuantizedModel m = ModelCompiler.compile(g, List.of(List.of(new double[] {-2, 0, 2})), CompileOptions.defaults());
        IntTrace t = m.runTrace(List.of(new double[] {-2, 0, 2}));
        assertEquals(List.of("x", "y0"), List.copyOf(t.values().keySet()));
        IntTrace.Value y = t.output(0);
        assertEquals(1L << (y.scale() - 1), y.values()[1]); // sigmoid(0) = 1/2 exactly
        assertTrue(m.report().contains("max relative error"), m.report());
    }
}
