package io.zkml4j.ml.ops;

/** ONNX Greater (see {@link CompareOp}). */
public final class GreaterOp extends CompareOp {
    @Override public String type() { return "Greater"; }
    @Override protected boolean cmp(int c) { return c > 0; }
}
