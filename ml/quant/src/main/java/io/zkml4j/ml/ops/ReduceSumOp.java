package io.zkml4j.ml.ops;

/** ONNX ReduceSum (see {@link ReduceOp}). */
public final class ReduceSumOp extends ReduceOp {
    @Override public String type() { return "ReduceSum"; }
    @Override protected Kind kind() { return Kind.SUM; }
}
