package io.zkml4j.ml.quant;

import static io.zkml4j.ml.ops.TestGraphs.attrs;
import static io.zkml4j.ml.ops.TestGraphs.i64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.Shapes;
import io.zkml4j.ml.ops.T;
import io.zkml4j.ml.ops.TestGraphs;
import io.zkml4j.ml.ops.TestGraphs.In;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CumSum and the MatMul-shaped Einsums rewritten as MatMul, Transpose, Reshape and ReduceSum, ReduceProd as Mul: the same function. */
class ContractionRewriteTest {
    private static final Random R = new Random(11);

    /** Rewrites g, checks the operator is gone and the rewritten graph computes what g does on random inputs. */
    private static void same(Graph g, String what) {
        List<double[]> x = new ArrayList<>();
        for (ValueInfo vi : g.inputs()) {
            double[] v = new double[Shapes.size(vi.shape())];
            for (int i = 0; i < v.length; i++) v[i] = 2 * R.nextGaussian();
            x.add(v);
        }
        Map<String, Tensor> ref = FloatExecutor.runAll(g, x);
        Graph u = ContractionRewrite.apply(g, ref);
        String op = g.nodes().get(0).opType();
        assertTrue(u.nodes().stream().noneMatch(n -> n.opType().equals(op)), what + " rewritten");
        Tensor want = ref.get("y0"), got = FloatExecutor.runAll(u, x).get("y0");
        assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()), what);
        double[] w = T.d(want), h = T.d(got);
        for (int i = 0; i < w.length; i++) assertEquals(w[i], h[i], 1e-9 * (1 + Math.abs(w[i])), what + " at " + i);
    }

    @Test
    void cumSumIsATriangularMatMulAlongAnyAxis() {
        for (int axis : new int[] {0, 1, 2, -1})
            for (int ex = 0; ex < 2; ex++)
                for (int rev = 0; rev < 2; rev++) {
                    same(TestGraphs.single("CumSum", 14, attrs(Attribute.ofInt("exclusive", ex), Attribute.ofInt("reverse", rev)), 1,
                            In.x("x", 2, 3, 4), In.c("axis", i64(new int[0], axis))), "CumSum axis " + axis + " exclusive " + ex + " reverse " + rev);
                }
        same(TestGraphs.single("CumSum", 14, attrs(), 1, In.x("x", 5), In.c("axis", i64(new int[] {1}, 0))), "CumSum of a vector");
    }

    static Graph einsum(String eq, int opset, In... in) {
        return TestGraphs.single("Einsum", opset, attrs(Attribute.ofString("equation", eq)), 1, in);
    }

    @Test
    void matMulShapedEinsumsAreMatMuls() {
        for (int opset : new int[] {12, 13}) {
            same(einsum("ij,jk->ik", opset, In.x("a", 3, 5), In.x("b", 5, 4)), "ij,jk->ik");
            same(einsum("ij,jk", opset, In.x("a", 3, 5), In.x("b", 5, 4)), "implicit ij,jk");
            same(einsum("bij,bjk->bik", opset, In.x("a", 2, 3, 5), In.x("b", 2, 5, 4)), "bij,bjk->bik");
            same(einsum("bhqd,bhkd->bhqk", opset, In.x("a", 2, 2, 3, 4), In.x("b", 2, 2, 5, 4)), "bhqd,bhkd->bhqk");
            same(einsum("bhqk,bhkd->bqhd", opset, In.x("a", 2, 2, 3, 5), In.x("b", 2, 2, 5, 4)), "bhqk,bhkd->bqhd");
            same(einsum("i,i->", opset, In.x("a", 6), In.x("b", 6)), "i,i->");
            same(einsum("i,j->ij", opset, In.x("a", 4), In.x("b", 3)), "i,j->ij");
            same(einsum("ij,kj->ki", opset, In.x("a", 3, 5), In.x("b", 4, 5)), "ij,kj->ki");
            same(einsum("ijx,jk->ik", opset, In.x("a", 3, 5, 2), In.x("b", 5, 4)), "ijx,jk->ik (x summed first)");
            double[] w = new double[20];
            for (int i = 0; i < w.length; i++) w[i] = R.nextGaussian();
            same(einsum("ij,kj->ik", opset, In.x("a", 3, 5), In.c("b", Tensor.ofFloats(new int[] {4, 5}, w))), "ij,kj->ik of a constant");
            same(einsum("ij->ji", opset, In.x("a", 3, 4)), "ij->ji");
            same(einsum("ij->i", opset, In.x("a", 3, 4)), "ij->i");
            same(einsum("ij->", opset, In.x("a", 3, 4)), "ij->");
            same(einsum("ij->ij", opset, In.x("a", 3, 4)), "ij->ij");
        }
    }

    @Test
    void reduceProdIsAChainOfMul() {
        for (int keep = 0; keep < 2; keep++) {
            for (long[] axes : new long[][] {{1}, {0, 2}, {-1}}) {
                same(TestGraphs.single("ReduceProd", 13, attrs(Attribute.ofInts("axes", axes), Attribute.ofInt("keepdims", keep)), 1, In.x("x", 2, 3, 4)),
                        "ReduceProd axes " + java.util.Arrays.toString(axes) + " keepdims " + keep);
                same(TestGraphs.single("ReduceProd", 18, attrs(Attribute.ofInt("keepdims", keep)), 1, In.x("x", 2, 3, 4),
                        In.c("axes", i64(new int[] {axes.length}, axes))), "ReduceProd opset 18 axes " + java.util.Arrays.toString(axes));
            }
            same(TestGraphs.single("ReduceProd", 13, attrs(Attribute.ofInt("keepdims", keep)), 1, In.x("x", 2, 3)), "ReduceProd of everything");
        }
        Graph g = TestGraphs.single("ReduceProd", 13, attrs(), 1, In.x("x", 5, 13));
        assertSame(g, ContractionRewrite.apply(g, FloatExecutor.runAll(g, List.of(new double[65]))), "65 factors: left whole");
    }

    @Test
    void diagonalsAndEllipsesAreLeftWhole() {
        for (Graph g : new Graph[] {einsum("ii->i", 12, In.x("a", 3, 3)), einsum("...ij,...jk->...ik", 12, In.x("a", 2, 3, 5), In.x("b", 2, 5, 4))}) {
            List<double[]> x = new ArrayList<>();
            for (ValueInfo vi : g.inputs()) x.add(new double[Shapes.size(vi.shape())]);
            assertSame(g, ContractionRewrite.apply(g, FloatExecutor.runAll(g, x)));
        }
    }
}
