package io.zkml4j.ml.ops;

/** ONNX Less (see {@link CompareOp}). */
public final class LessOp extends CompareOp {
    @Override public String type() { return "Less"; }
    @Override protected boolean cmp(int c) { return c < 0; }
}
