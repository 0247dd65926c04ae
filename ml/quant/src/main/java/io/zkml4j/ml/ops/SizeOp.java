package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Size; static, folded by the compiler. */
public final class SizeOp extends ConstOnlyOp {
    @Override public String type() { return "Size"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Tensor.scalarInt(in[0].size())};
    }
}
