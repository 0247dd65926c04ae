package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Asinh: inverse hyperbolic sine by one table lookup (see {@link UnaryLookupOp}). */
public final class AsinhOp extends UnaryLookupOp {
    @Override public String type() { return "Asinh"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.ASINH; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
