package io.zkml4j.ml.ops;

/** ONNX GreaterOrEqual (see {@link CompareOp}). */
public final class GreaterOrEqualOp extends CompareOp {
    @Override public String type() { return "GreaterOrEqual"; }
    @Override protected boolean cmp(int c) { return c >= 0; }
}
