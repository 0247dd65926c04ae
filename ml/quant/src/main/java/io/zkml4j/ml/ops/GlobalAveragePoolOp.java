package io.zkml4j.ml.ops;

/** ONNX GlobalAveragePool (see {@link PoolOp}; MaxPool's optional Indices output is not supported). */
public final class GlobalAveragePoolOp extends PoolOp {
    @Override public String type() { return "GlobalAveragePool"; }
    @Override protected boolean max() { return false; }
    @Override protected boolean global() { return true; }
}
