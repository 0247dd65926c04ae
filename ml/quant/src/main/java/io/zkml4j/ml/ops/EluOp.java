package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Elu: x or alpha*(exp(x)-1) by one table lookup (see {@link UnaryLookupOp}). */
public final class EluOp extends UnaryLookupOp {
    @Override public String type() { return "Elu"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.ELU; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[] {node.attrFloat("alpha", 1.0f)}; }
}
