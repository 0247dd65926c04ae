package io.zkml4j.ml.ops;

import static io.zkml4j.ml.ops.TestGraphs.attrs;
import static io.zkml4j.ml.ops.TestGraphs.f;
import static io.zkml4j.ml.ops.TestGraphs.i64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.TestGraphs.In;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator contract, run against every registered operator kind: compiled on random samples,
 * the exact integer forward stays within 1% (relative to the largest output) of the float forward
 * on fresh random inputs from the calibrated range, and two runs give bit-identical traces.
 */
class OpContractTest {
    static Random rnd = new Random(7);

    static Tensor1 w(int... shape) {
        return new Tensor1(shape);
    }

    /** Random constant tensor helper. */
    record Tensor1(int[] shape) {
        io.zkml4j.ml.ir.Tensor make(long seed) {
            Random r = new Random(seed);
            int n = Shapes.size(shape);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = r.nextGaussian() * 0.5;
            return f(shape, v);
        }
    }

    static Arguments c(String label, Graph g, double lo, double hi) {
        return Arguments.of(label, g, lo, hi);
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String op : List.of("Sigmoid", "Tanh", "Erf", "Gelu", "Exp", "Elu", "Selu", "Softplus", "Sin", "Cos", "Atan", "Softsign", "Mish",
                "Neg", "Abs", "Relu", "Sign", "Floor", "Ceil", "Round", "HardSigmoid", "HardSwish", "LeakyRelu", "Identity")) {
            a.add(c(op, TestGraphs.single(op, null, 1, In.x("x", 2, 8)), -3, 3));
        }
        for (String op : List.of("Log", "Sqrt", "Reciprocal")) a.add(c(op, TestGraphs.single(op, null, 1, In.x("x", 2, 8)), 0.5, 4));
        a.add(c("Tan", TestGraphs.single("Tan", null, 1, In.x("x", 8)), -1, 1));
        a.add(c("Asin", TestGraphs.single("Asin", null, 1, In.x("x", 8)), -0.4, 0.4));
        for (String op : List.of("Add", "Sub", "Mul", "Max", "Min", "Sum", "Mean")) {
            a.add(c(op + " broadcast", TestGraphs.single(op, null, 1, In.x("a", 2, 3, 4), In.x("b", 3, 1)), -3, 3));
            a.add(c(op + " const", TestGraphs.single(op, null, 1, In.x("a", 2, 4), In.c("b", w(4).make(1))), -3, 3));
        }
        a.add(c("Div runtime", TestGraphs.single("Div", null, 1, In.x("a", 8), In.x("b", 8)), 1, 3));
        a.add(c("Div const", TestGraphs.single("Div", null, 1, In.x("a", 8), In.c("b", f(new int[] {1}, 7))), -3, 3));
        a.add(c("Pow 2", TestGraphs.single("Pow", null, 1, In.x("a", 8), In.c("b", f(new int[] {1}, 2))), -3, 3));
        a.add(c("Pow 0.5", TestGraphs.single("Pow", null, 1, In.x("a", 8), In.c("b", f(new int[] {1}, 0.5))), 0.1, 3));
        a.add(c("Pow -0.1", TestGraphs.single("Pow", null, 1, In.x("a", 8), In.c("b", f(new int[] {1}, -0.1))), 0.5, 3));
        a.add(c("Pow base", TestGraphs.single("Pow", null, 1, In.c("b", f(new int[] {1}, 10)), In.x("a", 8)), -1, 1));
        a.add(c("PRelu", TestGraphs.single("PRelu", null, 1, In.x("a", 1, 3, 4), In.c("s", f(new int[] {3, 1}, 0.1, 0.2, 0.3))), -3, 3));
        a.add(c("Clip", TestGraphs.single("Clip", null, 1, In.x("a", 8), In.c("lo", f(new int[0], -1)), In.c("hi", f(new int[0], 1.5))), -3, 3));
        a.add(c("Gemm", TestGraphs.single("Gemm", attrs(Attribute.ofInt("transB", 1), Attribute.ofFloat("alpha", 0.5f)), 1,
                In.x("a", 3, 5), In.c("B", w(4, 5).make(2)), In.c("C", w(4).make(3))), -3, 3));
        a.add(c("MatMul batched", TestGraphs.single("MatMul", null, 1, In.x("a", 2, 3, 5), In.x("b", 5, 4)), -3, 3));
        a.add(c("MatMul const", TestGraphs.single("MatMul", null, 1, In.x("a", 3, 5), In.c("b", w(5, 2).make(4))), -3, 3));
        for (String eq : List.of("ij,jk->ik", "bij,bjk->bik", "bhqd,bhkd->bhqk", "...ij,...jk->...ik")) {
            int[] sa = eq.startsWith("bh") ? new int[] {1, 2, 3, 4} : eq.startsWith("b") || eq.startsWith(".") ? new int[] {2, 3, 5} : new int[] {3, 5};
            int[] sb = eq.startsWith("bh") ? new int[] {1, 2, 5, 4} : eq.startsWith("b") ? new int[] {2, 5, 4} : new int[] {5, 4};
            a.add(c("Einsum " + eq, TestGraphs.single("Einsum", 12, attrs(Attribute.ofString("equation", eq)), 1, In.x("a", sa), In.x("b", sb)), -3, 3));
        }
        a.add(c("Einsum const implicit", TestGraphs.single("Einsum", 12, attrs(Attribute.ofString("equation", "ij,jk")), 1, In.x("a", 3, 5), In.c("b", w(5, 2).make(19))), -3, 3));
        a.add(c("Einsum outer", TestGraphs.single("Einsum", 12, attrs(Attribute.ofString("equation", "i,j->ij")), 1, In.x("a", 4), In.x("b", 3)), -3, 3));
        a.add(c("Einsum one operand", TestGraphs.single("Einsum", 12, attrs(Attribute.ofString("equation", "ij->ji")), 1, In.x("a", 3, 4)), -3, 3));
        a.add(c("Einsum row sums", TestGraphs.single("Einsum", 12, attrs(Attribute.ofString("equation", "ij->i")), 1, In.x("a", 3, 4)), -3, 3));
        for (int[] er : new int[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
            a.add(c("CumSum exclusive " + er[0] + " reverse " + er[1], TestGraphs.single("CumSum", 14, attrs(Attribute.ofInt("exclusive", er[0]),
                    Attribute.ofInt("reverse", er[1])), 1, In.x("x", 2, 6), In.c("ax", i64(new int[0], -1))), -3, 3));
        }
        a.add(c("Conv groups dil", TestGraphs.single("Conv", attrs(Attribute.ofInt("group", 2), Attribute.ofInts("dilations", new long[] {2, 1}),
                Attribute.ofString("auto_pad", "SAME_UPPER")), 1, In.x("x", 1, 4, 6, 5), In.c("w", w(6, 2, 3, 3).make(5)), In.c("b", w(6).make(6))), -3, 3));
        a.add(c("Conv1d strided", TestGraphs.single("Conv", attrs(Attribute.ofInts("strides", new long[] {2}), Attribute.ofInts("pads", new long[] {1, 0})), 1,
                In.x("x", 1, 2, 9), In.c("w", w(3, 2, 3).make(7))), -3, 3));
        a.add(c("ConvTranspose", TestGraphs.single("ConvTranspose", attrs(Attribute.ofInts("strides", new long[] {2, 2}), Attribute.ofInts("pads", new long[] {1, 1, 0, 0}),
                Attribute.ofInts("output_padding", new long[] {1, 1})), 1, In.x("x", 1, 2, 3, 3), In.c("w", w(2, 3, 3, 3).make(8)), In.c("b", w(3).make(9))), -3, 3));
        a.add(c("MaxPool", TestGraphs.single("MaxPool", attrs(Attribute.ofInts("kernel_shape", new long[] {3, 3}), Attribute.ofInts("strides", new long[] {2, 2}),
                Attribute.ofInts("pads", new long[] {1, 1, 1, 1})), 1, In.x("x", 1, 2, 5, 5)), -3, 3));
        a.add(c("AveragePool", TestGraphs.single("AveragePool", attrs(Attribute.ofInts("kernel_shape", new long[] {2, 2}), Attribute.ofInts("pads", new long[] {1, 1, 1, 1})), 1,
                In.x("x", 1, 2, 4, 4)), -3, 3));
        a.add(c("GlobalAveragePool", TestGraphs.single("GlobalAveragePool", null, 1, In.x("x", 1, 3, 4, 4)), -3, 3));
        a.add(c("BatchNormalization", TestGraphs.single("BatchNormalization", null, 1, In.x("x", 1, 3, 2, 2), In.c("g", f(new int[] {3}, 1, 2, 0.5)),
                In.c("b", f(new int[] {3}, 0, 1, -1)), In.c("m", f(new int[] {3}, 0.1, 0.2, 0.3)), In.c("v", f(new int[] {3}, 1, 2, 0.5))), -3, 3));
        a.add(c("LayerNormalization", TestGraphs.single("LayerNormalization", 17, null, 1, In.x("x", 2, 16), In.c("g", w(16).make(10)), In.c("b", w(16).make(11))), -3, 3));
        a.add(c("InstanceNormalization", TestGraphs.single("InstanceNormalization", null, 1, In.x("x", 1, 2, 3, 3), In.c("g", f(new int[] {2}, 1, 2)),
                In.c("b", f(new int[] {2}, 0, 1))), -3, 3));
        for (String op : List.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSumExp")) {
            a.add(c(op, TestGraphs.single(op, 17, attrs(Attribute.ofInt("keepdims", 1)), 1, In.x("x", 2, 3, 4), In.c("ax", i64(new int[] {1}, 1))), -3, 3));
        }
        a.add(c("ReduceProd", TestGraphs.single("ReduceProd", 17, null, 1, In.x("x", 2, 3), In.c("ax", i64(new int[] {1}, 1))), 0.5, 1.5));
        a.add(c("Softmax", TestGraphs.single("Softmax", null, 1, In.x("x", 2, 7)), -4, 4));
        a.add(c("Softmax opset11 axis1 4d", TestGraphs.single("Softmax", 11, null, 1, In.x("x", 1, 2, 3, 2)), -4, 4));
        a.add(c("LogSoftmax", TestGraphs.single("LogSoftmax", null, 1, In.x("x", 2, 7)), -4, 4));
        a.add(c("Hardmax", TestGraphs.single("Hardmax", null, 1, In.x("x", 2, 7)), -4, 4));
        a.add(c("Where", TestGraphs.single("Where", null, 1, In.c("c", io.zkml4j.ml.ir.Tensor.ofInts(DType.BOOL, new int[] {4}, new long[] {1, 0, 0, 1})),
                In.x("a", 2, 4), In.x("b", 4)), -3, 3));
        a.add(c("Transpose", TestGraphs.single("Transpose", attrs(Attribute.ofInts("perm", new long[] {2, 0, 1})), 1, In.x("x", 2, 3, 4)), -3, 3));
        a.add(c("Concat", TestGraphs.single("Concat", attrs(Attribute.ofInt("axis", 1)), 1, In.x("a", 2, 3), In.x("b", 2, 2), In.c("k", w(2, 1).make(12))), -3, 3));
        a.add(c("Split", TestGraphs.single("Split", attrs(Attribute.ofInt("axis", 1)), 2, In.x("a", 2, 6), In.c("s", i64(new int[] {2}, 2, 4))), -3, 3));
        a.add(c("Pad const", TestGraphs.single("Pad", null, 1, In.x("a", 2, 3), In.c("p", i64(new int[] {4}, 1, 0, 0, 2)), In.c("v", f(new int[0], 0.75))), -3, 3));
        a.add(c("Tile", TestGraphs.single("Tile", null, 1, In.x("a", 2, 3), In.c("r", i64(new int[] {2}, 2, 2))), -3, 3));
        a.add(c("Expand", TestGraphs.single("Expand", null, 1, In.x("a", 3, 1), In.c("s", i64(new int[] {3}, 2, 3, 4))), -3, 3));
        a.add(c("Trilu", TestGraphs.single("Trilu", attrs(Attribute.ofInt("upper", 0)), 1, In.x("a", 3, 3)), -3, 3));
        a.add(c("Upsample", TestGraphs.single("Upsample", 9, null, 1, In.x("a", 1, 1, 2, 2), In.c("s", f(new int[] {4}, 1, 1, 2, 3))), -3, 3));
        a.add(c("TopK", TestGraphs.single("TopK", null, 2, In.x("a", 2, 6), In.c("k", i64(new int[] {1}, 3))), -3, 3));
        a.add(c("LSTM", TestGraphs.single("LSTM", attrs(Attribute.ofInt("hidden_size", 3)), 3, In.x("x", 4, 1, 2), In.c("W", w(1, 12, 2).make(13)),
                In.c("R", w(1, 12, 3).make(14)), In.c("B", w(1, 24).make(15))), -2, 2));
        a.add(c("GRU bidirectional", TestGraphs.single("GRU", attrs(Attribute.ofInt("hidden_size", 3), Attribute.ofString("direction", "bidirectional")), 2,
                In.x("x", 4, 1, 2), In.c("W", w(2, 9, 2).make(16)), In.c("R", w(2, 9, 3).make(17)), In.c("B", w(2, 18).make(18))), -2, 2));
        a.add(c("BitShift", TestGraphs.single("BitShift", attrs(Attribute.ofString("direction", "LEFT")), 1,
                In.xi("a", DType.UINT8, 4), In.c("s", io.zkml4j.ml.ir.Tensor.ofInts(DType.UINT8, new int[] {4}, new long[] {0, 1, 2, 3}))), 0, 9));
        a.add(c("DequantizeLinear", TestGraphs.single("DequantizeLinear", null, 1, In.xi("a", DType.INT8, 6), In.c("s", f(new int[0], 0.02)),
                In.c("z", io.zkml4j.ml.ir.Tensor.ofInts(DType.INT8, new int[0], new long[] {3}))), -100, 100));
        return a.stream();
    }

    private static List<double[]> sample(Graph g, Random r, double lo, double hi) {
        List<double[]> s = new ArrayList<>();
        for (ValueInfo vi : g.inputs()) {
            double[] v = new double[Shapes.size(vi.shape())];
            for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * r.nextDouble();
            s.add(v);
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quantizedMatchesFloat(String label, Graph g, double lo, double hi) {
        Random r = new Random(label.hashCode());
        List<List<double[]>> calib = new ArrayList<>();
        for (int i = 0; i < 8; i++) calib.add(sample(g, r, lo, hi));
        QuantizedModel m = ModelCompiler.compile(g, calib, CompileOptions.defaults());
        for (int t = 0; t < 8; t++) {
            List<double[]> in = sample(g, r, lo, hi);
            List<double[]> fl = FloatExecutor.run(g, in);
            List<double[]> qu = m.run(in);
            for (int o = 0; o < fl.size(); o++) {
                double err = ModelCompiler.relativeError(qu.get(o), fl.get(o));
                assertTrue(err <= 0.01, label + " output " + o + ": relative error " + err);
            }
            // Determinism: the integer run is a function of the model and input.
            assertArrayEquals(m.runTrace(in).output(0).values(), m.runTrace(in).output(0).values());
        }
    }
}
