package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Tanh: tanh(x), saturating beyond |x| = 10 by one table lookup (see {@link UnaryLookupOp}). */
public final class TanhOp extends UnaryLookupOp {
    @Override public String type() { return "Tanh"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.TANH; }
    @Override protected double flatBeyond() { return 10.0; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
