package io.zkml4j.ml.ops;

/** ONNX LessOrEqual (see {@link CompareOp}). */
public final class LessOrEqualOp extends CompareOp {
    @Override public String type() { return "LessOrEqual"; }
    @Override protected boolean cmp(int c) { return c <= 0; }
}
