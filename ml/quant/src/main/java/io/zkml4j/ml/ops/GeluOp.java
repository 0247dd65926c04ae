package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Gelu (opset 20; approximate = "none" | "tanh") by one table lookup (see {@link UnaryLookupOp}). */
public final class GeluOp extends UnaryLookupOp {
    @Override public String type() { return "Gelu"; }

    @Override
    protected UnaryFunction fn(Node node) {
        return "tanh".equals(node.attrString("approximate", "none")) ? UnaryFunction.GELU_TANH : UnaryFunction.GELU;
    }
}
