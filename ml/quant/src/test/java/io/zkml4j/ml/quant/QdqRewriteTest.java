package io.zkml4j.ml.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.T;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** QuantizeLinear then DequantizeLinear (QDQ) folded into Mul, Round, Add, Clip, Sub, Mul; a lone DequantizeLinear as Cast, Sub, Mul. */
class QdqRewriteTest {
    private static final int[] SHAPE = {2, 3};

    /** x -> QuantizeLinear -> DequantizeLinear -> y (also q as an output when {@code qOut}), scale and zero point per tensor or along axis 1. */
    static Graph qdq(int opset, Tensor scale, Tensor zp, boolean qOut) {
        Map<String, Tensor> init = new LinkedHashMap<>(Map.of("s", scale, "z", zp));
        Map<String, Attribute> axis = Map.of("axis", Attribute.ofInt("axis", 1));
        List<Node> nodes = List.of(new Node("q", "QuantizeLinear", "", List.of("x", "s", "z"), List.of("q"), axis),
                new Node("dq", "DequantizeLinear", "", List.of("q", "s", "z"), List.of("y"), axis));
        List<ValueInfo> outs = new ArrayList<>(List.of(new ValueInfo("y", DType.FLOAT, new int[0])));
        if (qOut) outs.add(new ValueInfo("q", zp.dtype(), new int[0]));
        return new Graph("qdq", opset, Map.of("", opset), List.of(new ValueInfo("x", DType.FLOAT, SHAPE)), outs, nodes, init, Map.of());
    }

    static Graph dequantize(Tensor scale, Tensor zp) {
        return new Graph("dq", 13, Map.of("", 13), List.of(new ValueInfo("x", zp.dtype(), SHAPE)), List.of(new ValueInfo("y", DType.FLOAT, new int[0])),
                List.of(new Node("dq", "DequantizeLinear", "", List.of("x", "s", "z"), List.of("y"), Map.of())), Map.of("s", scale, "z", zp), Map.of());
    }

    private static void same(Graph g, List<double[]> x, String what) {
        Map<String, Tensor> ref = FloatExecutor.runAll(g, x);
        Graph u = QdqRewrite.apply(g, ref);
        assertTrue(u.nodes().stream().noneMatch(n -> n.opType().endsWith("QuantizeLinear")), what + " rewritten: " + u.nodes());
        double[] want = T.d(ref.get("y")), got = T.d(FloatExecutor.runAll(u, x).get("y"));
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-9, what + " at " + i);
    }

    @Test
    void fakeQuantizationIsRoundClipAndAnAffineMap() {
        Random r = new Random(3);
        Tensor perTensor = Tensor.scalarFloat(0.02), perAxis = Tensor.ofFloats(new int[] {3}, new double[] {0.01, 0.03, 0.05});
        for (int opset : new int[] {10, 13}) {
            for (int k = 0; k < 20; k++) {
                double[] x = new double[6];
                for (int i = 0; i < 6; i++) x[i] = 2 * r.nextGaussian(); // beyond the uint8 and int8 ranges at these scales: the clip acts
                same(qdq(opset, perTensor, Tensor.ofInts(DType.UINT8, new int[0], new long[] {128}), false), List.of(x), "uint8 per tensor opset " + opset);
                same(qdq(opset, perTensor, Tensor.ofInts(DType.INT8, new int[0], new long[] {-3}), false), List.of(x), "int8 per tensor opset " + opset);
                if (opset >= 13) same(qdq(opset, perAxis, Tensor.ofInts(DType.INT8, new int[] {3}, new long[] {0, 5, -7}), false), List.of(x), "int8 per axis");
            }
        }
        same(dequantize(perTensor, Tensor.ofInts(DType.INT8, new int[0], new long[] {4})), List.of(new double[] {-128, -5, 0, 3, 100, 127}), "lone DequantizeLinear");
    }

    @Test
    void aQuantizedTensorReadByAnythingElseKeepsItsQuantizeLinear() {
        Graph g = qdq(13, Tensor.scalarFloat(0.02), Tensor.ofInts(DType.UINT8, new int[0], new long[] {128}), true);
        Graph u = QdqRewrite.apply(g, FloatExecutor.runAll(g, List.of(new double[6])));
        assertTrue(u.nodes().stream().anyMatch(n -> n.opType().equals("QuantizeLinear")) && u.nodes().stream().noneMatch(n -> n.opType().equals("DequantizeLinear")));
    }
}
