package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Cosh: hyperbolic cosine by one table lookup (see {@link UnaryLookupOp}). */
public final class CoshOp extends UnaryLookupOp {
    @Override public String type() { return "Cosh"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.COSH; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
