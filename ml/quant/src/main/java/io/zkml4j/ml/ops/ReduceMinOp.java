package io.zkml4j.ml.ops;

/** ONNX ReduceMin (see {@link ReduceOp}). */
public final class ReduceMinOp extends ReduceOp {
    @Override public String type() { return "ReduceMin"; }
    @Override protected Kind kind() { return Kind.MIN; }
}
