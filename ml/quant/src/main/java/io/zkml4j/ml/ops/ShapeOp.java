package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Shape (start/end from opset 15); shapes are static, so the compiler folds it. */
public final class ShapeOp extends ConstOnlyOp {
    @Override public String type() { return "Shape"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int r = s.length;
        long st = node.attrInt("start", 0), en = node.attrInt("end", r);
        if (st < 0) st += r;
        if (en < 0) en += r;
        st = Math.max(0, Math.min(r, st));
        en = Math.max(st, Math.min(r, en));
        long[] v = new long[(int) (en - st)];
        for (int i = 0; i < v.length; i++) v[i] = s[(int) st + i];
        return new Tensor[] {T.i(new int[] {v.length}, v)};
    }
}
