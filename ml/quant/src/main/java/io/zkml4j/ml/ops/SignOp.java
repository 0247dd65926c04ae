package io.zkml4j.ml.ops;

/** ONNX Sign: -1, 0 or 1 (at the input scale: +-2^s), by range checks. */
public final class SignOp extends ExactUnaryOp {
    @Override public String type() { return "Sign"; }
    @Override protected double f(double x) { return Math.signum(x); }
    @Override protected long g(long x, int s) { return x > 0 ? (1L << s) : (x < 0 ? -(1L << s) : 0); }
}
