package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Identity. */
public final class IdentityOp extends IndexOp {
    @Override public String type() { return "Identity"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {in[0]};
    }
}
