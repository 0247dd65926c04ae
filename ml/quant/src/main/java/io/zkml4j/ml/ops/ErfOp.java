package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Erf: erf(x), saturating beyond |x| = 6 by one table lookup (see {@link UnaryLookupOp}). */
public final class ErfOp extends UnaryLookupOp {
    @Override public String type() { return "Erf"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.ERF; }
    @Override protected double flatBeyond() { return 6.0; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
