package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Sigmoid: 1/(1+exp(-x)), saturating beyond |x| = 20 by one table lookup (see {@link UnaryLookupOp}). */
public final class SigmoidOp extends UnaryLookupOp {
    @Override public String type() { return "Sigmoid"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.SIGMOID; }
    @Override protected double flatBeyond() { return 20.0; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
