package io.zkml4j.ml.ops;

/** ONNX ReduceMean (see {@link ReduceOp}). */
public final class ReduceMeanOp extends ReduceOp {
    @Override public String type() { return "ReduceMean"; }
    @Override protected Kind kind() { return Kind.MEAN; }
}
