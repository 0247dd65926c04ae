package io.zkml4j.ml.quant;

import static io.zkml4j.ml.ops.TestGraphs.attrs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.T;
import io.zkml4j.ml.ops.TestGraphs;
import io.zkml4j.ml.ops.TestGraphs.In;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Integer Mod and BitShift by constants rewritten as integer division, Mul, Sub, Less, Cast, Add: the same integers. */
class IntegerRewriteTest {
    private static void same(Graph g, double[] x, String what) {
        Map<String, Tensor> ref = FloatExecutor.runAll(g, List.of(x));
        Graph u = IntegerRewrite.apply(g, ref);
        String op = g.nodes().get(0).opType();
        assertTrue(u.nodes().stream().noneMatch(n -> n.opType().equals(op)), what + " rewritten");
        assertArrayEquals(T.d(ref.get("y0")), T.d(FloatExecutor.runAll(u, List.of(x)).get("y0")), what);
    }

    private static Tensor ints(DType t, long... v) {
        return Tensor.ofInts(t, new int[] {v.length}, v);
    }

    @Test
    void modAndBitShiftByConstantsAreIntegerDivisions() {
        double[] signed = {-13, -5, -1, 0, 4, 17};
        for (int fmod = 0; fmod < 2; fmod++) {
            same(TestGraphs.single("Mod", 13, attrs(Attribute.ofInt("fmod", fmod)), 1, In.xi("x", DType.INT64, 6), In.c("b", ints(DType.INT64, 5))), signed,
                    "Mod fmod " + fmod);
            same(TestGraphs.single("Mod", 13, attrs(Attribute.ofInt("fmod", fmod)), 1, In.xi("x", DType.INT32, 6), In.c("b", ints(DType.INT32, 4, 4, 4, 4, 4, 4))),
                    signed, "Mod by a tensor of equal entries, fmod " + fmod);
        }
        double[] unsigned = {0, 1, 7, 64, 200, 255};
        for (String dir : new String[] {"LEFT", "RIGHT"}) {
            same(TestGraphs.single("BitShift", 13, attrs(Attribute.ofString("direction", dir)), 1, In.xi("x", DType.UINT32, 6), In.c("s", ints(DType.UINT32, 3))),
                    unsigned, "BitShift " + dir);
        }
        same(TestGraphs.single("BitShift", 13, attrs(Attribute.ofString("direction", "LEFT")), 1, In.xi("x", DType.UINT32, 6),
                In.c("s", ints(DType.UINT32, 0, 1, 2, 3, 4, 5))), unsigned, "BitShift LEFT per element");
    }

    @Test
    void runtimeDivisorsUnequalDivisorsAndFloatsKeepTheirNodes() {
        for (Graph g : new Graph[] {
                TestGraphs.single("Mod", 13, attrs(), 1, In.xi("x", DType.INT64, 6), In.xi("b", DType.INT64, 6)),
                TestGraphs.single("Mod", 13, attrs(), 1, In.xi("x", DType.INT64, 6), In.c("b", ints(DType.INT64, 2, 3, 2, 3, 2, 3))),
                TestGraphs.single("Mod", 13, attrs(), 1, In.xi("x", DType.INT64, 6), In.c("b", ints(DType.INT64, -3))),
                TestGraphs.single("BitShift", 13, attrs(Attribute.ofString("direction", "RIGHT")), 1, In.xi("x", DType.UINT32, 6),
                        In.c("s", ints(DType.UINT32, 0, 1, 2, 3, 4, 5)))}) {
            double[] ones = {1, 1, 1, 1, 1, 1};
            List<double[]> in = g.inputs().size() == 2 ? List.of(ones, ones) : List.of(ones);
            assertSame(g, IntegerRewrite.apply(g, FloatExecutor.runAll(g, in)));
        }
    }
}
