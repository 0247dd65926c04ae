package io.zkml4j.ml.ops;

/** ONNX ReduceL2 (see {@link ReduceOp}). */
public final class ReduceL2Op extends ReduceOp {
    @Override public String type() { return "ReduceL2"; }
    @Override protected Kind kind() { return Kind.L2; }
}
