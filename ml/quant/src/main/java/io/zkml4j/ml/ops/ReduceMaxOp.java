package io.zkml4j.ml.ops;

/** ONNX ReduceMax (see {@link ReduceOp}). */
public final class ReduceMaxOp extends ReduceOp {
    @Override public String type() { return "ReduceMax"; }
    @Override protected Kind kind() { return Kind.MAX; }
}
