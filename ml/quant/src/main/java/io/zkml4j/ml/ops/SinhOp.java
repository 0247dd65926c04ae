package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Sinh: hyperbolic sine by one table lookup (see {@link UnaryLookupOp}). */
public final class SinhOp extends UnaryLookupOp {
    @Override public String type() { return "Sinh"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.SINH; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
