package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Trilu: keeps the upper (upper=1, default) or lower triangle of the last two axes, offset k; zeros elsewhere. */
public final class TriluOp extends IndexOp {
    @Override public String type() { return "Trilu"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int r = s.length;
        long k = Args.present(in, 1) ? in[1].getAsLong(0) : 0;
        boolean upper = node.attrInt("upper", 1) != 0;
        int rows = s[r - 2];
        int cols = s[r - 1];
        int n = in[0].size();
        int[] map = new int[n];
        for (int f = 0; f < n; f++) {
            int i = (f / cols) % rows;
            int j = f % cols;
            boolean keep = upper ? j - i >= k : j - i <= k;
            map[f] = keep ? f : -1;
        }
        return new Tensor[] {T.gather(in[0], s, map, 0)};
    }
}
