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

/** ScatterElements with runtime indices rewritten as ScatterND over full coordinates: the same function, any axis. */
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
}
