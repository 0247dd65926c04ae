package io.zkml4j.ml.ops;

/** ONNX Floor: floor at the input scale: x - (x mod 2^s), the remainder proven in [0, 2^s). */
public final class FloorOp extends ExactUnaryOp {
    @Override public String type() { return "Floor"; }
    @Override protected double f(double x) { return Math.floor(x); }
    @Override protected long g(long x, int s) { return s <= 0 ? x : (x >> s) << s; }
}
