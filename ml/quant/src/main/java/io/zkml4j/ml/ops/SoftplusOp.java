package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Softplus: log(1+exp(x)) by one table lookup (see {@link UnaryLookupOp}). */
public final class SoftplusOp extends UnaryLookupOp {
    @Override public String type() { return "Softplus"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.SOFTPLUS; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
