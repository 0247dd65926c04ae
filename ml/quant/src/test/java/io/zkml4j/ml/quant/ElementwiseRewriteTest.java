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

/** Sum, Mean, Max, Min, HardSwish, Softsign, ReduceLogSum, Hardmax and InstanceNormalization rewritten: the same function. */
class ElementwiseRewriteTest {
    private static Graph graph(int opset, String op, List<String> extra, Map<String, Attribute> attrs, Map<String, Tensor> init) {
        List<String> in = new ArrayList<>(List.of(op.equals("ReduceLogSum") ? "pos" : "x"));
        in.addAll(extra);
        List<Node> nodes = new ArrayList<>();
        init.put("one", Tensor.scalarFloat(1f));
        nodes.add(new Node("abs", "Abs", "", List.of("x"), List.of("ax"), Map.of()));
        nodes.add(new Node("pos", "Add", "", List.of("ax", "one"), List.of("pos"), Map.of()));
        nodes.add(new Node("op", op, "", in, List.of("y"), attrs));
        return new Graph("g", opset, Map.of("", opset), List.of(new ValueInfo("x", DType.FLOAT, op.equals("InstanceNormalization") ? new int[] {1, 2, 3} : new int[] {2, 3})),
                List.of(new ValueInfo("y", DType.FLOAT, new int[0])), nodes, init, Map.of());
    }

    @Test
    void rewrittenGraphsComputeTheirOperators() {
        Random r = new Random(5);
        for (int opset : new int[] {11, 13, 17}) {
            List<Graph> graphs = new ArrayList<>();
            for (String op : new String[] {"Sum", "Mean", "Max", "Min"}) {
                for (int k = 0; k < 3; k++) {
                    Map<String, Tensor> init = new LinkedHashMap<>();
                    List<String> extra = new ArrayList<>();
                    for (int j = 0; j < k; j++) {
                        double[] v = new double[j == 0 ? 6 : 3];
                        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
                        init.put("c" + j, Tensor.ofFloats(j == 0 ? new int[] {2, 3} : new int[] {3}, v));
                        extra.add("c" + j);
                    }
                    graphs.add(graph(opset, op, extra, Map.of(), init));
                }
            }
            graphs.add(graph(opset, "HardSwish", List.of(), Map.of(), new LinkedHashMap<>()));
            graphs.add(graph(opset, "Softsign", List.of(), Map.of(), new LinkedHashMap<>()));
            graphs.add(graph(opset, "ReduceLogSum", List.of(), Map.of("axes", Attribute.ofInts("axes", new long[] {1}), "keepdims", Attribute.ofInt("keepdims", 0)), new LinkedHashMap<>()));
            graphs.add(graph(opset, "Hardmax", List.of(), Map.of("axis", Attribute.ofInt("axis", 1)), new LinkedHashMap<>()));
            Map<String, Tensor> inInit = new LinkedHashMap<>();
            inInit.put("s", Tensor.ofFloats(new int[] {2}, new double[] {0.5, -1.5}));
            inInit.put("b", Tensor.ofFloats(new int[] {2}, new double[] {0.25, 2}));
            graphs.add(graph(opset, "InstanceNormalization", List.of("s", "b"), Map.of(), inInit));
            for (Graph g : graphs) {
                String op = g.nodes().get(2).opType();
                if (op.equals("HardSwish") && opset < 14 || op.equals("Hardmax") && opset < 13) continue; // HardSwish is opset 14
                double[] x = new double[6];
                for (int i = 0; i < 6; i++) x[i] = 3 * r.nextGaussian();
                Map<String, Tensor> ref = FloatExecutor.runAll(g, List.of(x));
                Graph u = ElementwiseRewrite.apply(g, ref);
                assertTrue(u.nodes().stream().noneMatch(n -> n.opType().equals(op)), op + " rewritten");
                double[] want = T.d(ref.get("y")), got = T.d(FloatExecutor.runAll(u, List.of(x)).get("y"));
                assertEquals(want.length, got.length, op);
                for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-6 * (1 + Math.abs(want[i])), op + " opset " + opset + " at " + i);
            }
        }
    }
}
