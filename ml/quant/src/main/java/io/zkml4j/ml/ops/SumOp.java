package io.zkml4j.ml.ops;

/** ONNX Sum over broadcast inputs (see {@link VariadicOp}). */
public final class SumOp extends VariadicOp {
    @Override public String type() { return "Sum"; }
    @Override protected double f(double a, double b) { return a + b; }
    @Override protected long g(long a, long b) { return a + b; }
    @Override protected boolean mean() { return false; }
}
