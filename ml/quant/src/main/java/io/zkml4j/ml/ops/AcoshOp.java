package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Acosh: inverse hyperbolic cosine by one table lookup (see {@link UnaryLookupOp}). */
public final class AcoshOp extends UnaryLookupOp {
    @Override public String type() { return "Acosh"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.ACOSH; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
