package io.zkml4j.ml.ops;

/** ONNX GlobalMaxPool (see {@link PoolOp}; MaxPool's optional Indices output is not supported). */
public final class GlobalMaxPoolOp extends PoolOp {
    @Override public String type() { return "GlobalMaxPool"; }
    @Override protected boolean max() { return true; }
    @Override protected boolean global() { return true; }
}
