package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Sin: sine by one table lookup (see {@link UnaryLookupOp}). */
public final class SinOp extends UnaryLookupOp {
    @Override public String type() { return "Sin"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.SIN; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
