package io.zkml4j.ml.ops;

/** ONNX Abs: |x|, exact (sign by range check). */
public final class AbsOp extends ExactUnaryOp {
    @Override public String type() { return "Abs"; }
    @Override protected double f(double x) { return Math.abs(x); }
    @Override protected long g(long x, int s) { return Math.abs(x); }
}
