package io.zkml4j.ml.ops;

/** ONNX ReduceProd (see {@link ReduceOp}). */
public final class ReduceProdOp extends ReduceOp {
    @Override public String type() { return "ReduceProd"; }
    @Override protected Kind kind() { return Kind.PROD; }
}
