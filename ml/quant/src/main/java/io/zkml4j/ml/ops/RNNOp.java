package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.QNode;

/** ONNX RNN (one gate; see {@link RecurrentOp}): h' = tanh(x W^T + h R^T + Wb + Rb). */
public final class RNNOp extends RecurrentOp {
    @Override public String type() { return "RNN"; }
    @Override protected java.util.List<String> defaultActivations() { return java.util.List.of("Tanh"); }
    @Override protected int gates() { return 1; }

    @Override
    protected void stepFloat(Node node, int hs, double[] xw, double[] r, double[] rb, double[] h, double[] c) {
        double[] g = recur(r, rb, h, hs, 0);
        for (int j = 0; j < hs; j++) h[j] = Math.tanh(xw[j] + g[j]);
    }

    @Override
    protected void stepInt(QNode q, int hs, long[] xw, long[] r, long[] rb, int sr, long[] h, long[] c) {
        long[] g = recur(r, rb, h, hs, 0, sr);
        for (int j = 0; j < hs; j++) g[j] += xw[j];
        long[] t = UnaryLookupOp.lookup(q, 1, g, S); // table 1: tanh (RecurrentOp.quantize)
        System.arraycopy(t, 0, h, 0, hs);
    }
}
