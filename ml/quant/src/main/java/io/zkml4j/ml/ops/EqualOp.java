package io.zkml4j.ml.ops;

/** ONNX Equal (see {@link CompareOp}). */
public final class EqualOp extends CompareOp {
    @Override public String type() { return "Equal"; }
    @Override protected boolean cmp(int c) { return c == 0; }
}
