package io.zkml4j.ml.ops;

/** ONNX ArgMin (see {@link ArgMaxOp}). */
public final class ArgMinOp extends ArgMaxOp {
    @Override public String type() { return "ArgMin"; }
    @Override protected boolean max() { return false; }
}
