package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** Reads arguments that moved from attributes to inputs across opset versions. */
final class Args {
    private Args() {}

    /** Integer list from input {@code idx} if present, else attribute {@code attr}, else null. */
    static long[] ints(Node node, Tensor[] in, int idx, String attr) {
        if (idx < in.length && in[idx] != null) return T.l(in[idx]);
        return node.hasAttr(attr) ? node.attrInts(attr, null) : null;
    }

    static double[] floats(Node node, Tensor[] in, int idx, String attr) {
        if (idx < in.length && in[idx] != null) return T.d(in[idx]);
        if (!node.hasAttr(attr)) return null;
        float[] f = node.attributes().get(attr).floats();
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) r[i] = f[i];
        return r;
    }

    static boolean present(Tensor[] in, int idx) {
        return idx < in.length && in[idx] != null;
    }

    /** Normalized sorted-unique axes; null or empty input gives null. */
    static int[] axes(long[] axes, int rank, String where) {
        if (axes == null) return null;
        int[] r = new int[axes.length];
        for (int i = 0; i < axes.length; i++) r[i] = Shapes.axis(axes[i], rank, where);
        return r;
    }
}
