package io.zkml4j.ml.ops;

/** ONNX Relu: max(0, x), exact (sign by range check). */
public final class ReluOp extends ExactUnaryOp {
    @Override public String type() { return "Relu"; }
    @Override protected double f(double x) { return x > 0 ? x : 0; }
    @Override protected long g(long x, int s) { return x > 0 ? x : 0; }
}
