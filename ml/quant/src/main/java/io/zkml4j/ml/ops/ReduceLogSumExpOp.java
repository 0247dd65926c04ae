package io.zkml4j.ml.ops;

/** ONNX ReduceLogSumExp (see {@link ReduceOp}). */
public final class ReduceLogSumExpOp extends ReduceOp {
    @Override public String type() { return "ReduceLogSumExp"; }
    @Override protected Kind kind() { return Kind.LOG_SUM_EXP; }
}
