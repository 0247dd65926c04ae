package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX EyeLike (k offset); depends only on the static shape, folded by the compiler. */
public final class EyeLikeOp extends ConstOnlyOp {
    @Override public String type() { return "EyeLike"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        long k = node.attrInt("k", 0);
        double[] r = new double[s[0] * s[1]];
        for (int i = 0; i < s[0]; i++) {
            long j = i + k;
            if (j >= 0 && j < s[1]) r[(int) (i * s[1] + j)] = 1;
        }
        return new Tensor[] {node.hasAttr("dtype") ? T.of(DTypes.fromOnnx((int) node.attrInt("dtype", 1)), s, r) : T.of(in[0].dtype(), s, r)};
    }
}
