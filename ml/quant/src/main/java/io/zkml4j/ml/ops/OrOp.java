package io.zkml4j.ml.ops;

/** ONNX Or on booleans. */
public final class OrOp extends LogicalOp {
    @Override public String type() { return "Or"; }
    @Override protected boolean f(boolean a, boolean b) { return a || b; }
}
