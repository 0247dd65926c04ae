package io.zkml4j.ml.ops;

/** ONNX Ceil: ceil at the input scale: -floor(-x). */
public final class CeilOp extends ExactUnaryOp {
    @Override public String type() { return "Ceil"; }
    @Override protected double f(double x) { return Math.ceil(x); }
    @Override protected long g(long x, int s) { return s <= 0 ? x : -((-x >> s) << s); }
}
