package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Flatten: to 2-d [prod(dims before axis), prod(rest)]. */
public final class FlattenOp extends IndexOp {
    @Override public String type() { return "Flatten"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        long axis = node.attrInt("axis", 1);
        int a = (int) (axis < 0 ? axis + s.length : axis);
        int outer = 1;
        for (int i = 0; i < a; i++) outer *= s[i];
        return new Tensor[] {T.reshape(in[0], new int[] {outer, in[0].size() / Math.max(outer, 1)})};
    }
}
