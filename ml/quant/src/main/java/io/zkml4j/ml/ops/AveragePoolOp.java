package io.zkml4j.ml.ops;

/** ONNX AveragePool (see {@link PoolOp}; MaxPool's optional Indices output is not supported). */
public final class AveragePoolOp extends PoolOp {
    @Override public String type() { return "AveragePool"; }
    @Override protected boolean max() { return false; }
    @Override protected boolean global() { return false; }
}
