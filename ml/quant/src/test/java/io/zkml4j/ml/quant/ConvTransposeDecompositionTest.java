package io.zkml4j.ml.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.TestGraphs;
import io.zkml4j.ml.ops.TestGraphs.In;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ConvTranspose rewritten into Reshape, Pad, Reshape, Pad and a stride-1 Conv: the same function, every geometry. */
class ConvTransposeDecompositionTest {
    record Case(int[] x, int cOut, int group, int[] k, long[] strides, long[] dil, long[] pads, long[] outPad, String auto, long[] outShape) {}

    static double[] random(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return v;
    }

    @Test
    void theRewriteComputesConvTransposeForEveryGeometry() {
        Random r = new Random(3);
        List<Case> cases = List.of(
                new Case(new int[] {1, 3, 4, 4}, 3, 1, new int[] {5, 5}, new long[] {2, 2}, null, new long[] {2, 2, 2, 2}, new long[] {1, 1}, null, null), // 1l_conv_transpose
                new Case(new int[] {1, 4, 3, 3}, 2, 1, new int[] {5, 5}, new long[] {2, 2}, null, new long[] {1, 1, 2, 2}, null, "NOTSET", null), // mnist_gan
                new Case(new int[] {2, 2, 5}, 3, 1, new int[] {3}, new long[] {3}, new long[] {2}, new long[] {0, 1}, new long[] {2}, null, null),
                new Case(new int[] {1, 4, 3, 2}, 6, 2, new int[] {2, 3}, new long[] {1, 2}, new long[] {1, 2}, new long[] {1, 0, 0, 2}, null, null, null),
                new Case(new int[] {1, 2, 3, 3}, 2, 1, new int[] {3, 3}, new long[] {2, 2}, null, null, null, "SAME_UPPER", null),
                new Case(new int[] {1, 2, 3, 3}, 2, 1, new int[] {4, 2}, new long[] {2, 3}, null, null, null, "SAME_LOWER", null),
                new Case(new int[] {1, 2, 3, 4}, 3, 1, new int[] {3, 3}, new long[] {2, 2}, null, null, null, null, new long[] {8, 9}),
                new Case(new int[] {1, 1, 2, 2, 2}, 2, 1, new int[] {2, 2, 2}, new long[] {2, 1, 2}, null, new long[] {0, 1, 0, 1, 0, 0}, null, null, null));
        for (Case cs : cases) {
            int d = cs.x.length - 2, c = cs.x[1];
            int[] ws = new int[2 + d];
            ws[0] = c;
            ws[1] = cs.cOut / cs.group;
            System.arraycopy(cs.k, 0, ws, 2, d);
            int wn = 1;
            for (int v : ws) wn *= v;
            List<Attribute> a = new ArrayList<>(List.of(Attribute.ofInt("group", cs.group), Attribute.ofInts("strides", cs.strides)));
            if (cs.dil != null) a.add(Attribute.ofInts("dilations", cs.dil));
            if (cs.pads != null) a.add(Attribute.ofInts("pads", cs.pads));
            if (cs.outPad != null) a.add(Attribute.ofInts("output_padding", cs.outPad));
            if (cs.auto != null) a.add(Attribute.ofString("auto_pad", cs.auto));
            if (cs.outShape != null) a.add(Attribute.ofInts("output_shape", cs.outShape));
            for (int opset : new int[] {10, 13}) {
            Graph g = TestGraphs.single("ConvTranspose", opset, TestGraphs.attrs(a.toArray(new Attribute[0])), 1, In.x("x", cs.x),
                    In.c("w", Tensor.ofFloats(ws, random(r, wn))), In.c("b", Tensor.ofFloats(new int[] {cs.cOut}, random(r, cs.cOut))));
                int xn = 1;
            for (int v : cs.x) xn *= v;
            double[] x = random(r, xn);
            Map<String, Tensor> ref = FloatExecutor.runAll(g, List.of(x));
            Graph t = GraphPasses.decomposeConvTranspose(g, ref);
            assertTrue(t.nodes().stream().noneMatch(n -> n.opType().equals("ConvTranspose")), cs.toString());
            Map<String, Tensor> got = FloatExecutor.runAll(t, List.of(x));
            assertArrayEquals(ref.get("y0").shape(), got.get("y0").shape(), cs.toString());
            double[] want = io.zkml4j.ml.ops.T.d(ref.get("y0")), have = io.zkml4j.ml.ops.T.d(got.get("y0"));
            for (int i = 0; i < want.length; i++) assertEquals(want[i], have[i], 1e-9 * Math.max(1, Math.abs(want[i])), cs + " opset " + opset + " at " + i);
            }
        }
    }
}
