package io.zkml4j.ml.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.TestGraphs;
import io.zkml4j.ml.ops.TestGraphs.In;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LayerNormalization rewritten into ReduceMean, Sub, Mul, Add, Sqrt, Div (the pattern the prover proves node by node). */
class LayerNormDecompositionTest {
    static double[] random(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * r.nextGaussian() + 0.3;
        return v;
    }

    @Test
    void theRewriteComputesLayerNormalizationForEveryAxisAndBothAxesForms() {
        Random r = new Random(7);
        int[] shape = {2, 3, 4};
        for (int opset : new int[] {17, 18}) {
            for (int axis : new int[] {-1, -2, 1, 0}) {
                for (boolean bias : new boolean[] {true, false}) {
                    int[] ps = new int[shape.length - (axis < 0 ? shape.length + axis : axis)];
                    System.arraycopy(shape, shape.length - ps.length, ps, 0, ps.length);
                    int pn = 1;
                    for (int d : ps) pn *= d;
                    In scale = In.c("scale", Tensor.ofFloats(ps, random(r, pn, 1)));
                    In b = bias ? In.c("bias", Tensor.ofFloats(ps, random(r, pn, 0.5))) : In.none();
                    Graph g = TestGraphs.single("LayerNormalization", opset,
                            TestGraphs.attrs(Attribute.ofInt("axis", axis), Attribute.ofFloat("epsilon", 1e-3f)), 1, In.x("x", shape), scale, b);
                    double[] x = random(r, 24, 2);
                    Map<String, Tensor> ref = FloatExecutor.runAll(g, List.of(x));
                    Graph d = GraphPasses.decomposeLayerNorm(g, ref);
                    assertTrue(d.nodes().stream().noneMatch(n -> n.opType().equals("LayerNormalization")));
                    assertTrue(d.nodes().stream().anyMatch(n -> n.opType().equals("Sqrt")) && d.nodes().stream().anyMatch(n -> n.opType().equals("Div")));
                    double[] want = FloatExecutor.run(g, List.of(x)).get(0), got = FloatExecutor.run(d, List.of(x)).get(0);
                    for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-9 * Math.max(1, Math.abs(want[i])), "opset " + opset + " axis " + axis + " at " + i);
                }
            }
        }
    }

    @Test
    void aGraphWithoutLayerNormalizationIsReturnedAsItIs() {
        Graph g = TestGraphs.single("Relu", Map.of(), 1, In.x("x", 2, 4));
        assertTrue(GraphPasses.decomposeLayerNorm(g, FloatExecutor.runAll(g, List.of(new double[8]))) == g);
    }
}
