package io.zkml4j.ml.ops;

/** ONNX Min over broadcast inputs (see {@link VariadicOp}). */
public final class MinOp extends VariadicOp {
    @Override public String type() { return "Min"; }
    @Override protected double f(double a, double b) { return Math.min(a, b); }
    @Override protected long g(long a, long b) { return Math.min(a, b); }
    @Override protected boolean mean() { return false; }
}
