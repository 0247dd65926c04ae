package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX Acos: arccosine by one table lookup (see {@link UnaryLookupOp}). */
public final class AcosOp extends UnaryLookupOp {
    @Override public String type() { return "Acos"; }
    @Override protected UnaryFunction fn(Node node) { return UnaryFunction.ACOS; }
    @Override protected double flatBeyond() { return Double.POSITIVE_INFINITY; }
    @Override protected double[] params(Node node) { return new double[0]; }
}
