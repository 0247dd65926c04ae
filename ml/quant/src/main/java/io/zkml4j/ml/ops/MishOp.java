package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Mish: x*tanh(softplus(x)) by one table lookup (see {@link UnaryLookupOp}). */
public final class MishOp extends UnaryLookupOp {
    @Override public String type() { return "Mish"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.MISH; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
