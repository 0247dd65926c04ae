package io.zkml4j.ml.ops;

/** ONNX Mean over broadcast inputs (see {@link VariadicOp}). */
public final class MeanOp extends VariadicOp {
    @Override public String type() { return "Mean"; }
    @Override protected double f(double a, double b) { return a + b; }
    @Override protected long g(long a, long b) { return a + b; }
    @Override protected boolean mean() { return true; }
}
