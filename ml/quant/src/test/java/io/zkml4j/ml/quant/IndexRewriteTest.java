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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ScatterElements as ScatterND over full coordinates (any axis) and TopK as comparisons and products: the same functions. */
class IndexRewriteTest {
    /** x [2, 3, 4]; update j written at x's argmax along {@code axis} (one index per line, so no duplicates). */
    static Graph graph(int axis, Random r) {
        int[] us = {2, 3, 4};
        us[axis] = 1;
        int n = us[0] * us[1] * us[2];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = r.nextGaussian();
        Map<String, Tensor> init = new LinkedHashMap<>();
        init.put("upd", Tensor.ofFloats(us, u));
        List<Node> nodes = List.of(
                new Node("am", "ArgMax", "", List.of("x"), List.of("idx"), Map.of("axis", Attribute.ofInt("axis", axis), "keepdims", Attribute.ofInt("keepdims", 1))),
                new Node("sc", "ScatterElements", "", List.of("x", "idx", "upd"), List.of("y"), Map.of("axis", Attribute.ofInt("axis", axis))));
        return new Graph("g", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, new int[] {2, 3, 4})),
                List.of(new ValueInfo("y", DType.FLOAT, new int[0])), nodes, init, Map.of());
    }

    @Test
    void scatterElementsAsScatterNdComputesTheSame() {
        Random r = new Random(3);
        for (int axis = 0; axis < 3; axis++) {
            Graph g = graph(axis, r);
            double[] x = new double[24];
            for (int i = 0; i < 24; i++) x[i] = r.nextGaussian();
            Map<String, Tensor> ref = FloatExecutor.runAll(g, List.of(x));
            Graph u = IndexRewrite.apply(g, ref);
            assertTrue(u.nodes().stream().noneMatch(n -> n.opType().equals("ScatterElements")), "rewritten");
            double[] want = T.d(ref.get("y")), got = T.d(FloatExecutor.runAll(u, List.of(x)).get("y"));
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 0, "axis " + axis + " at " + i);
        }
    }

    @Test
    void topKAsComparisonsComputesTheSameWithTies() {
        Random r = new Random(4);
        for (boolean largest : new boolean[] {true, false}) {
            for (int k : new int[] {1, 3, 6}) {
                Map<String, Tensor> init = new LinkedHashMap<>();
                init.put("k", Tensor.ofInts(DType.INT64, new int[] {1}, new long[] {k}));
                Graph g = new Graph("g", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, new int[] {2, 6})),
                        List.of(new ValueInfo("v", DType.FLOAT, new int[0]), new ValueInfo("i", DType.INT64, new int[0])),
                        List.of(new Node("tk", "TopK", "", List.of("x", "k"), List.of("v", "i"), Map.of("largest", Attribute.ofInt("largest", largest ? 1 : 0)))), init, Map.of());
                double[] x = new double[12];
                for (int j = 0; j < 12; j++) x[j] = Math.round(3 * r.nextGaussian()); // small integers: ties
                Map<String, Tensor> ref = FloatExecutor.runAll(g, List.of(x));
                Graph u = IndexRewrite.apply(g, ref);
                assertTrue(u.nodes().stream().noneMatch(n -> n.opType().equals("TopK")), "rewritten");
                Map<String, Tensor> got = FloatExecutor.runAll(u, List.of(x));
                for (String o : new String[] {"v", "i"}) {
                    double[] want = T.d(ref.get(o)), have = T.d(got.get(o));
                    for (int j = 0; j < want.length; j++) assertEquals(want[j], have[j], 0, o + " largest " + largest + " k " + k + " at " + j + " of " + java.util.Arrays.toString(x));
                }
            }
        }
    }
}
