package io.zkml4j.ml.ops;

/** ONNX Xor on booleans. */
public final class XorOp extends LogicalOp {
    @Override public String type() { return "Xor"; }
    @Override protected boolean f(boolean a, boolean b) { return a ^ b; }
}
