package io.zkml4j.ml.ops;

/** ONNX ReduceL1 (see {@link ReduceOp}). */
public final class ReduceL1Op extends ReduceOp {
    @Override public String type() { return "ReduceL1"; }
    @Override protected Kind kind() { return Kind.L1; }
}
