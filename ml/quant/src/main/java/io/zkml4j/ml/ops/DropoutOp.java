package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Dropout in inference mode: the identity (the optional mask output is not supported). */
public final class DropoutOp extends IndexOp {
    @Override public String type() { return "Dropout"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {in[0]};
    }
}
