package io.zkml4j.ml.ops;

/** ONNX MaxPool (see {@link PoolOp}; MaxPool's optional Indices output is not supported). */
public final class MaxPoolOp extends PoolOp {
    @Override public String type() { return "MaxPool"; }
    @Override protected boolean max() { return true; }
    @Override protected boolean global() { return false; }
}
