package io.zkml4j.ml.ops;

/** ONNX ReduceLogSum (see {@link ReduceOp}). */
public final class ReduceLogSumOp extends ReduceOp {
    @Override public String type() { return "ReduceLogSum"; }
    @Override protected Kind kind() { return Kind.LOG_SUM; }
}
