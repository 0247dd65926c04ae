package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX ConstantOfShape (value defaults to float 0); folded by the compiler. */
public final class ConstantOfShapeOp extends ConstOnlyOp {
    @Override public String type() { return "ConstantOfShape"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] shape = Shapes.toInts(T.l(in[0]));
        Tensor v = node.attrTensor("value");
        int n = Shapes.size(shape);
        if (v == null || v.dtype().isFloat()) {
            double[] r = new double[n];
            java.util.Arrays.fill(r, v == null ? 0 : v.getAsDouble(0));
            return new Tensor[] {T.f(shape, r)};
        }
        long[] r = new long[n];
        java.util.Arrays.fill(r, v.getAsLong(0));
        return new Tensor[] {Tensor.ofInts(v.dtype() == DType.BOOL ? DType.BOOL : v.dtype(), shape, r)};
    }
}
