package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Tile: repeats along every axis. */
public final class TileOp extends IndexOp {
    @Override public String type() { return "Tile"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        long[] rep = T.l(in[1]);
        int r = s.length;
        int[] out = new int[r];
        for (int i = 0; i < r; i++) out[i] = (int) (s[i] * rep[i]);
        int[] str = Shapes.strides(s);
        int n = Shapes.size(out);
        int[] map = new int[n];
        int[] c = new int[r];
        for (int f = 0; f < n; f++) {
            int src = 0;
            for (int d = 0; d < r; d++) src += (c[d] % s[d]) * str[d];
            map[f] = src;
            for (int d = r - 1; d >= 0; d--) {
                if (++c[d] < out[d]) break;
                c[d] = 0;
            }
        }
        return new Tensor[] {T.gather(in[0], out, map, 0)};
    }
}
