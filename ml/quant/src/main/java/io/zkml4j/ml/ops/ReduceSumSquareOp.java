package io.zkml4j.ml.ops;

/** ONNX ReduceSumSquare (see {@link ReduceOp}). */
public final class ReduceSumSquareOp extends ReduceOp {
    @Override public String type() { return "ReduceSumSquare"; }
    @Override protected Kind kind() { return Kind.SUM_SQUARE; }
}
