package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX NonZero: its output shape depends on the data, so it is supported only on constants (folded). */
public final class NonZeroOp extends ConstOnlyOp {
    @Override public String type() { return "NonZero"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int r = s.length;
        int n = in[0].size();
        int cnt = 0;
        for (int i = 0; i < n; i++) if (in[0].getAsDouble(i) != 0) cnt++;
        long[] out = new long[r * cnt];
        int[] str = Shapes.strides(s);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (in[0].getAsDouble(i) == 0) continue;
            for (int d = 0; d < r; d++) out[d * cnt + k] = (i / str[d]) % s[d];
            k++;
        }
        return new Tensor[] {T.i(new int[] {r, cnt}, out)};
    }
}
