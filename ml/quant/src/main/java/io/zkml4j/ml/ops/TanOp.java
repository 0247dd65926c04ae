package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Tan: tangent by one table lookup (see {@link UnaryLookupOp}). */
public final class TanOp extends UnaryLookupOp {
    @Override public String type() { return "Tan"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.TAN; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
