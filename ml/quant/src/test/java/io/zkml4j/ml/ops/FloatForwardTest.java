package io.zkml4j.ml.ops;

import static io.zkml4j.ml.ops.TestGraphs.attrs;
import static io.zkml4j.ml.ops.TestGraphs.f;
import static io.zkml4j.ml.ops.TestGraphs.i64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ops.TestGraphs.In;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Float forwards against hand-computed ONNX results. */
class FloatForwardTest {
    private static double[] run(Graph g, double[]... in) {
        return FloatExecutor.run(g, List.of(in)).get(0);
    }

    @Test
    void convWithPaddingStrideAndBias() {
        // 1x1x3x3 input, 1x1x2x2 kernel of ones, pad 1, stride 2 -> 2x2 output of window sums + bias.
        Graph g = TestGraphs.single("Conv", attrs(Attribute.ofInts("pads", new long[] {1, 1, 1, 1}), Attribute.ofInts("strides", new long[] {2, 2})), 1,
                In.x("x", 1, 1, 3, 3), In.c("w", f(new int[] {1, 1, 2, 2}, 1, 1, 1, 1)), In.c("b", f(new int[] {1}, 10)));
        double[] y = run(g, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertArrayEquals(new double[] {11, 15, 21, 38}, y);
    }

    @Test
    void convTransposeStride2() {
        // x = [1, 2] (1x1x1x2), kernel [1, 1] stride 2 -> [1, 1, 2, 2]
        Graph g = TestGraphs.single("ConvTranspose", attrs(Attribute.ofInts("strides", new long[] {1, 2})), 1,
                In.x("x", 1, 1, 1, 2), In.c("w", f(new int[] {1, 1, 1, 2}, 1, 1)));
        assertArrayEquals(new double[] {1, 1, 2, 2}, run(g, new double[] {1, 2}));
    }

    @Test
    void softmaxRowsSumToOne() {
        Graph g = TestGraphs.single("Softmax", attrs(Attribute.ofInt("axis", -1)), 1, In.x("x", 2, 3));
        double[] y = run(g, new double[] {1, 2, 3, 0, 0, 0});
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(3) / e, y[2], 1e-12);
        assertEquals(1.0 / 3, y[4], 1e-12);
    }

    @Test
    void sliceWithNegativeStep() {
        Graph g = TestGraphs.single("Slice", null, 1, In.x("x", 5), In.c("s", i64(new int[] {1}, -1)), In.c("e", i64(new int[] {1}, -100)),
                In.c("a", i64(new int[] {1}, 0)), In.c("st", i64(new int[] {1}, -2)));
        assertArrayEquals(new double[] {5, 3, 1}, run(g, new double[] {1, 2, 3, 4, 5}));
    }

    @Test
    void padReflectAndEdge() {
        Graph r = TestGraphs.single("Pad", attrs(Attribute.ofString("mode", "reflect")), 1, In.x("x", 3), In.c("p", i64(new int[] {2}, 2, 1)));
        assertArrayEquals(new double[] {3, 2, 1, 2, 3, 2}, run(r, new double[] {1, 2, 3}));
        Graph e = TestGraphs.single("Pad", attrs(Attribute.ofString("mode", "edge")), 1, In.x("x", 3), In.c("p", i64(new int[] {2}, 1, 2)));
        assertArrayEquals(new double[] {1, 1, 2, 3, 3, 3}, run(e, new double[] {1, 2, 3}));
    }

    @Test
    void gatherAndTranspose() {
        Graph g = TestGraphs.single("Gather", attrs(Attribute.ofInt("axis", 1)), 1, In.x("x", 2, 3), In.c("i", i64(new int[] {2}, 2, -3)));
        assertArrayEquals(new double[] {3, 1, 6, 4}, run(g, new double[] {1, 2, 3, 4, 5, 6}));
        Graph t = TestGraphs.single("Transpose", null, 1, In.x("x", 2, 3));
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, run(t, new double[] {1, 2, 3, 4, 5, 6}));
    }

    @Test
    void maxPoolCeilModeAndAveragePoolPadding() {
        Graph m = TestGraphs.single("MaxPool", attrs(Attribute.ofInts("kernel_shape", new long[] {2, 2}), Attribute.ofInts("strides", new long[] {2, 2}),
                Attribute.ofInt("ceil_mode", 1)), 1, In.x("x", 1, 1, 3, 3));
        assertArrayEquals(new double[] {5, 6, 8, 9}, run(m, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        Graph a = TestGraphs.single("AveragePool", attrs(Attribute.ofInts("kernel_shape", new long[] {2}), Attribute.ofInts("pads", new long[] {1, 0})), 1,
                In.x("x", 1, 1, 2));
        assertArrayEquals(new double[] {2, 3}, run(a, new double[] {2, 4})); // count_include_pad=0: [2]/1, [2,4]/2
    }

    @Test
    void averagePoolCountIncludePadDoesNotCountACeilModeOverhang() {
        // x = [1 2 3 4 5], kernel 3, stride 2, pads (1, 0), ceil_mode: windows over padded coordinates
        // [0..2] = pad,1,2 -> 3/3; [2..4] = 2,3,4 -> 9/3; [4..6] = 4,5,(past the end) -> 9/2, as ONNX Runtime computes.
        Graph g = TestGraphs.single("AveragePool", attrs(Attribute.ofInts("kernel_shape", new long[] {3}), Attribute.ofInts("strides", new long[] {2}),
                Attribute.ofInts("pads", new long[] {1, 0}), Attribute.ofInt("ceil_mode", 1), Attribute.ofInt("count_include_pad", 1)), 1,
                In.x("x", 1, 1, 5));
        double[] x = {1, 2, 3, 4, 5};
        assertArrayEquals(new double[] {1, 3, 4.5}, run(g, x), 1e-12);
        io.zkml4j.ml.quant.QuantizedModel q = io.zkml4j.ml.quant.ModelCompiler.compile(g, List.of(List.of(x)), io.zkml4j.ml.quant.CompileOptions.defaults());
        assertArrayEquals(new double[] {1, 3, 4.5}, q.run(List.of(x)).get(0), 1e-4);
    }

    @Test
    void topKLargestWithIndices() {
        Graph g = TestGraphs.single("TopK", null, 2, In.x("x", 5), In.c("k", i64(new int[] {1}, 2)));
        List<double[]> out = FloatExecutor.run(g, List.of(new double[] {3, 9, 1, 9, 2}));
        // outputs y0 (values) only is a graph output; check values: ties go to the lower index
        assertArrayEquals(new double[] {9, 9}, out.get(0));
        assertArrayEquals(new double[] {1, 3}, out.get(1));
    }

    @Test
    void topKWithKBeyondTheAxisIsAOneLineErrorNotAnAllocation() {
        // A corrupted k (found by fuzzing model files) used to allocate a k-sized array before any check.
        Graph g = TestGraphs.single("TopK", null, 2, In.x("x", 5), In.c("k", i64(new int[] {1}, 1_000_000_000)));
        io.zkml4j.ml.ir.ModelException e = org.junit.jupiter.api.Assertions.assertThrows(io.zkml4j.ml.ir.ModelException.class,
                () -> FloatExecutor.run(g, List.of(new double[] {3, 9, 1, 9, 2})));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("k = 1000000000"), e.getMessage());
    }

    @Test
    void resizeNearestAsymmetricFloor() {
        Graph g = TestGraphs.single("Resize", attrs(Attribute.ofString("mode", "nearest"), Attribute.ofString("coordinate_transformation_mode", "asymmetric"),
                Attribute.ofString("nearest_mode", "floor")), 1, In.x("x", 1, 1, 1, 2), In.c("roi", f(new int[] {0})), In.c("s", f(new int[] {4}, 1, 1, 1, 2)));
        assertArrayEquals(new double[] {1, 1, 2, 2}, run(g, new double[] {1, 2}));
    }

    @Test
    void layerNormalizationAndReduce() {
        Graph g = TestGraphs.single("LayerNormalization", null, 1, In.x("x", 1, 2), In.c("g", f(new int[] {2}, 1, 1)), In.c("b", f(new int[] {2}, 0, 0)));
        double[] y = run(g, new double[] {1, 3});
        assertEquals(-1, y[0], 1e-4);
        assertEquals(1, y[1], 1e-4);
        Graph r = TestGraphs.single("ReduceSum", attrs(Attribute.ofInt("keepdims", 0)), 1, In.x("x", 2, 2), In.c("a", i64(new int[] {1}, 1)));
        assertArrayEquals(new double[] {3, 7}, run(r, new double[] {1, 2, 3, 4}));
    }

    @Test
    void quantizeLinearRoundsHalfToEvenAndSaturates() {
        Graph g = TestGraphs.single("QuantizeLinear", null, 1, In.x("x", 5), In.c("s", f(new int[0], 0.5)),
                In.c("z", io.zkml4j.ml.ir.Tensor.ofInts(io.zkml4j.ml.ir.DType.INT8, new int[0], new long[] {1})));
        assertArrayEquals(new double[] {1, 3, 3, 127, -128}, run(g, new double[] {0.25, 0.75, 1.0, 1000, -1000}));
        io.zkml4j.ml.quant.QuantizedModel m = io.zkml4j.ml.quant.ModelCompiler.compile(g,
                List.of(List.of(new double[] {0.25, 0.75, 1.0, 1000, -1000})), io.zkml4j.ml.quant.CompileOptions.defaults());
        assertArrayEquals(new double[] {1, 3, 3, 127, -128}, m.run(List.of(new double[] {0.25, 0.75, 1.0, 1000, -1000})).get(0));
    }

    @Test
    void lstmOneStepByHand() {
        // hidden 1, input 1, weights 0 except bias of the cell gate: c = sigmoid(0) * tanh(1), h = sigmoid(0) * tanh(c).
        Graph g = TestGraphs.single("LSTM", attrs(Attribute.ofInt("hidden_size", 1)), 3, In.x("x", 1, 1, 1),
                In.c("W", f(new int[] {1, 4, 1}, 0, 0, 0, 0)), In.c("R", f(new int[] {1, 4, 1}, 0, 0, 0, 0)),
                In.c("B", f(new int[] {1, 8}, 0, 0, 0, 1, 0, 0, 0, 0)));
        List<double[]> out = FloatExecutor.run(g, List.of(new double[] {5}));
        double c = 0.5 * Math.tanh(1);
        assertEquals(0.5 * Math.tanh(c), out.get(0)[0], 1e-12);
        assertEquals(c, out.get(2)[0], 1e-12);
    }
    private static Graph einsum(String eq, In... ins) {
        return TestGraphs.single("Einsum", 12, attrs(Attribute.ofString("equation", eq)), 1, ins);
    }

    private static double[] seq(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i + 1;
        return v;
    }

    @Test
    void einsumMatrixForms() {
        double[] a = {1, 2, 3, 4, 5, 6}; // 2x3
        double[] b = {1, 0, 2, 1, 0, 1}; // 3x2
        double[] ab = {5, 5, 14, 11};
        assertArrayEquals(ab, run(einsum("ij,jk->ik", In.x("a", 2, 3), In.x("b", 3, 2)), a, b));
        assertArrayEquals(ab, run(einsum(" ij , jk ", In.x("a", 2, 3), In.x("b", 3, 2)), a, b)); // implicit: ik
        assertArrayEquals(new double[] {5, 14, 5, 11}, run(einsum("ij,jk->ki", In.x("a", 2, 3), In.x("b", 3, 2)), a, b));
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, run(einsum("ij->ji", In.x("a", 2, 3)), a));
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, run(einsum("ba", In.x("a", 2, 3)), a)); // implicit: ab
        assertArrayEquals(new double[] {6, 15}, run(einsum("ij->i", In.x("a", 2, 3)), a));
        assertArrayEquals(new double[] {21}, run(einsum("ij->", In.x("a", 2, 3)), a));
        assertArrayEquals(new double[] {3, 4, 6, 8, 9, 12}, run(einsum("i,j->ij", In.x("u", 3), In.x("v", 2)), new double[] {1, 2, 3}, new double[] {3, 4}));
        assertArrayEquals(new double[] {14}, run(einsum("i,i", In.x("u", 3), In.x("v", 3)), new double[] {1, 2, 3}, new double[] {1, 2, 3}));
        assertArrayEquals(new double[] {1 + 5 + 9}, run(einsum("ii->", In.x("m", 3, 3)), seq(9))); // trace (a diagonal)
        assertArrayEquals(new double[] {1, 5, 9}, run(einsum("ii->i", In.x("m", 3, 3)), seq(9)));
    }

    @Test
    void einsumBatchedAttentionAndEllipsis() {
        // batch 2 of (2x2)(2x1): [[1,2],[3,4]][5,6]^T = [17, 39]; [[5,6],[7,8]][7,8]^T = [83, 113].
        double[] a = seq(8), b = {5, 6, 7, 8};
        double[] ab = {17, 39, 83, 113};
        assertArrayEquals(ab, run(einsum("bij,bjk->bik", In.x("a", 2, 2, 2), In.x("b", 2, 2, 1)), a, b));
        assertArrayEquals(ab, run(einsum("...ij,...jk->...ik", In.x("a", 2, 2, 2), In.x("b", 2, 2, 1)), a, b));
        // "..." broadcasts: b without batch dims is shared by both batches.
        assertArrayEquals(new double[] {17, 39, 61, 83}, run(einsum("...ij,jk->...ik", In.x("a", 2, 2, 2), In.x("b", 2, 1)), a, new double[] {5, 6}));
        // attention scores q k^T over (b, h) = (1, 2), q and k of 2 positions x 2 dims.
        double[] q = {1, 0, 0, 1, 1, 1, 2, 0}, k = {1, 2, 3, 4, 0, 1, 1, 0};
        assertArrayEquals(new double[] {1, 3, 2, 4, 1, 1, 0, 2},
                run(einsum("bhqd,bhkd->bhqk", In.x("q", 1, 2, 2, 2), In.x("k", 1, 2, 2, 2)), q, k));
    }

    @Test
    void einsumEquationSurvivesTheZkmRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // The equation is the node's only parameter: it must be stored in the .zkm file and give the same trace after loading.
        Graph g = einsum("...ij,jk->...ik", In.x("a", 2, 2, 3), In.c("b", f(new int[] {3, 2}, 0.5, -1, 0.25, 2, -0.75, 1)));
        double[] x = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, 0.8, -0.9, 1.0, 0.0, -0.1};
        io.zkml4j.ml.quant.QuantizedModel m = io.zkml4j.ml.quant.ModelCompiler.compile(g, List.of(List.of(x)), io.zkml4j.ml.quant.CompileOptions.defaults());
        java.nio.file.Path file = dir.resolve("e.zkm");
        m.write(file);
        io.zkml4j.ml.quant.QuantizedModel back = io.zkml4j.ml.quant.QuantizedModel.read(file);
        assertArrayEquals(m.runTrace(List.of(x)).output(0).values(), back.runTrace(List.of(x)).output(0).values());
        assertArrayEquals(run(g, x), back.run(List.of(x)).get(0), 1e-3);
    }

    @Test
    void einsumRejectsMalformedEquationsInOneLineNamingTheNode() {
        String[][] cases = {
            {"ij,jk->ik", "2 input terms"}, {"ij->k", "output index 'k'"}, {"i2->i", "invalid character '2'"},
            {"ijk->i", "does not match operand 0"}, {"ij->ii", "repeats output index 'i'"}, {"ii->i", "sizes 2 and 3"},
        };
        for (String[] c : cases) {
            io.zkml4j.ml.ir.ModelException e = org.junit.jupiter.api.Assertions.assertThrows(io.zkml4j.ml.ir.ModelException.class,
                    () -> run(einsum(c[0], In.x("a", 2, 3)), seq(6)));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Einsum_0") && e.getMessage().contains(c[1]) && !e.getMessage().contains("\n"), e.getMessage());
        }
        io.zkml4j.ml.ir.ModelException shape = org.junit.jupiter.api.Assertions.assertThrows(io.zkml4j.ml.ir.ModelException.class,
                () -> run(einsum("ij,jk->ik", In.x("a", 2, 3), In.x("b", 2, 2)), seq(6), seq(4)));
        org.junit.jupiter.api.Assertions.assertTrue(shape.getMessage().contains("Einsum_0") && shape.getMessage().contains("index 'j' sizes 3 and 2"), shape.getMessage());
        io.zkml4j.ml.ir.ModelException three = org.junit.jupiter.api.Assertions.assertThrows(io.zkml4j.ml.ir.ModelException.class,
                () -> run(einsum("i,i,i->i", In.x("a", 2), In.x("b", 2), In.x("c", 2)), seq(2), seq(2), seq(2)));
        org.junit.jupiter.api.Assertions.assertTrue(three.getMessage().contains("Einsum_0") && three.getMessage().contains("3 operands"), three.getMessage());
    }

    private static Graph cumSum(long axis, int exclusive, int reverse) {
        return TestGraphs.single("CumSum", 14, attrs(Attribute.ofInt("exclusive", exclusive), Attribute.ofInt("reverse", reverse)), 1,
                In.x("x", 2, 3), In.c("axis", i64(new int[0], axis)));
    }

    @Test
    void cumSumExclusiveReverseAndNegativeAxis() {
        double[] x = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {1, 3, 6, 4, 9, 15}, run(cumSum(1, 0, 0), x));
        assertArrayEquals(new double[] {1, 3, 6, 4, 9, 15}, run(cumSum(-1, 0, 0), x));
        assertArrayEquals(new double[] {0, 1, 3, 0, 4, 9}, run(cumSum(1, 1, 0), x));
        assertArrayEquals(new double[] {6, 5, 3, 15, 11, 6}, run(cumSum(-1, 0, 1), x));
        assertArrayEquals(new double[] {5, 3, 0, 11, 6, 0}, run(cumSum(1, 1, 1), x));
        assertArrayEquals(new double[] {1, 2, 3, 5, 7, 9}, run(cumSum(0, 0, 0), x));
        assertArrayEquals(new double[] {4, 5, 6, 0, 0, 0}, run(cumSum(-2, 1, 1), x));
        io.zkml4j.ml.ir.ModelException e = org.junit.jupiter.api.Assertions.assertThrows(io.zkml4j.ml.ir.ModelException.class, () -> run(cumSum(2, 0, 0), x));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("CumSum_0") && e.getMessage().contains("axis 2"), e.getMessage());
    }
}
