package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.QNode;

/**
 * ONNX GRU (gates z, r, h; linear_before_reset 0 or 1; see {@link RecurrentOp}):
 * h' = (1 - z) * h~ + z * h.
 */
public final class GRUOp extends RecurrentOp {
    @Override public String type() { return "GRU"; }
    @Override protected java.util.List<String> defaultActivations() { return java.util.List.of("Sigmoid", "Tanh"); }
    @Override protected int gates() { return 3; }

    @Override
    protected void stepFloat(Node node, int hs, double[] xw, double[] r, double[] rb, double[] h, double[] c) {
        boolean lbr = node.attrInt("linear_before_reset", 0) != 0;
        double[] gz = recur(r, rb, h, hs, 0);
        double[] gr = recur(r, rb, h, hs, 1);
        double[] z = new double[hs], rr = new double[hs];
        for (int j = 0; j < hs; j++) {
            z[j] = sigmoid(xw[j] + gz[j]);
            rr[j] = sigmoid(xw[hs + j] + gr[j]);
        }
        double[] hh;
        if (lbr) {
            double[] gh = recur(r, rb, h, hs, 2);
            hh = new double[hs];
            for (int j = 0; j < hs; j++) hh[j] = Math.tanh(xw[2 * hs + j] + rr[j] * gh[j]);
        } else {
            double[] rh = new double[hs];
            for (int j = 0; j < hs; j++) rh[j] = rr[j] * h[j];
            double[] gh = recur(r, rb, rh, hs, 2);
            hh = new double[hs];
            for (int j = 0; j < hs; j++) hh[j] = Math.tanh(xw[2 * hs + j] + gh[j]);
        }
        for (int j = 0; j < hs; j++) h[j] = (1 - z[j]) * hh[j] + z[j] * h[j];
    }

    @Override
    protected void stepInt(QNode q, int hs, long[] xw, long[] r, long[] rb, int sr, long[] h, long[] c) {
        boolean lbr = q.ints("rnn")[3] != 0;
        long[] gz = recur(r, rb, h, hs, 0, sr);
        long[] gr = recur(r, rb, h, hs, 1, sr);
        for (int j = 0; j < hs; j++) {
            gz[j] += xw[j];
            gr[j] += xw[hs + j];
        }
        long[] z = UnaryLookupOp.lookup(q, 0, gz, S);
        long[] rr = UnaryLookupOp.lookup(q, 0, gr, S);
        long[] pre = new long[hs];
        if (lbr) {
            long[] gh = recur(r, rb, h, hs, 2, sr);
            for (int j = 0; j < hs; j++) pre[j] = xw[2 * hs + j] + mul(rr[j], gh[j]);
        } else {
            long[] rh = new long[hs];
            for (int j = 0; j < hs; j++) rh[j] = mul(rr[j], h[j]);
            long[] gh = recur(r, rb, rh, hs, 2, sr);
            for (int j = 0; j < hs; j++) pre[j] = xw[2 * hs + j] + gh[j];
        }
        long[] hh = UnaryLookupOp.lookup(q, 1, pre, S);
        long one = 1L << S;
        for (int j = 0; j < hs; j++) h[j] = io.zkml4j.ml.quant.FixedPoint.rescale((one - z[j]) * hh[j] + z[j] * h[j], S);
    }
}
