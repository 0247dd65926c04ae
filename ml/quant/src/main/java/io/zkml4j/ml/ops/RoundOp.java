package io.zkml4j.ml.ops;

/** ONNX Round: round half to even at the input scale, from the remainder r = x mod 2^s (r vs 2^(s-1) by range checks). */
public final class RoundOp extends ExactUnaryOp {
    @Override public String type() { return "Round"; }
    @Override protected double f(double x) { return Math.rint(x); }
    @Override protected long g(long x, int s) { return FloorOpHelper.roundHalfEven(x, s); }
}
