package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Selu: scaled Elu by one table lookup (see {@link UnaryLookupOp}). */
public final class SeluOp extends UnaryLookupOp {
    @Override public String type() { return "Selu"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.SELU; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[] {node.attrFloat("alpha", 1.67326319217681884765625f), node.attrFloat("gamma", 1.05070102214813232421875f)}; }
}
