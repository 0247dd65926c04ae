package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Celu: continuously differentiable Elu by one table lookup (see {@link UnaryLookupOp}). */
public final class CeluOp extends UnaryLookupOp {
    @Override public String type() { return "Celu"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.CELU; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[] {node.attrFloat("alpha", 1.0f)}; }
}
