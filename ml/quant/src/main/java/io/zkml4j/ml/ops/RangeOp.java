package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Range(start, limit, delta); folded by the compiler. */
public final class RangeOp extends ConstOnlyOp {
    @Override public String type() { return "Range"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        double st = in[0].getAsDouble(0), lim = in[1].getAsDouble(0), d = in[2].getAsDouble(0);
        int n = (int) Math.max(0, Math.ceil((lim - st) / d));
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = st + i * d;
        return new Tensor[] {T.of(in[0].dtype(), new int[] {n}, r)};
    }
}
