package io.zkml4j.ml.ops;

/** ONNX Max over broadcast inputs (see {@link VariadicOp}). */
public final class MaxOp extends VariadicOp {
    @Override public String type() { return "Max"; }
    @Override protected double f(double a, double b) { return Math.max(a, b); }
    @Override protected long g(long a, long b) { return Math.max(a, b); }
    @Override protected boolean mean() { return false; }
}
