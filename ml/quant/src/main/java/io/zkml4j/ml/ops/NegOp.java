package io.zkml4j.ml.ops;

/** ONNX Neg: -x, exact. */
public final class NegOp extends ExactUnaryOp {
    @Override public String type() { return "Neg"; }
    @Override protected double f(double x) { return -x; }
    @Override protected long g(long x, int s) { return -x; }
}
