package io.zkml4j.ml.ops;

/** ONNX And on booleans. */
public final class AndOp extends LogicalOp {
    @Override public String type() { return "And"; }
    @Override protected boolean f(boolean a, boolean b) { return a && b; }
}
