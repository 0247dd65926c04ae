package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Softsign: x/(1+|x|) by one table lookup (see {@link UnaryLookupOp}). */
public final class SoftsignOp extends UnaryLookupOp {
    @Override public String type() { return "Softsign"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.SOFTSIGN; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
