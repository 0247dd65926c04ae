package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Transpose (perm defaults to reversing the axes). */
public final class TransposeOp extends IndexOp {
    @Override public String type() { return "Transpose"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int r = s.length;
        long[] p = node.attrInts("perm", null);
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = p == null ? r - 1 - i : Shapes.axis(p[i], r, node.describe());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) out[i] = s[perm[i]];
        int[] inStr = Shapes.strides(s);
        int n = in[0].size();
        int[] map = new int[n];
        int[] idx = new int[r];
        for (int f = 0; f < n; f++) {
            int src = 0;
            for (int i = 0; i < r; i++) src += idx[i] * inStr[perm[i]];
            map[f] = src;
            for (int d = r - 1; d >= 0; d--) {
                if (++idx[d] < out[d]) break;
                idx[d] = 0;
            }
        }
        return new Tensor[] {T.gather(in[0], out, map, 0)};
    }
}
