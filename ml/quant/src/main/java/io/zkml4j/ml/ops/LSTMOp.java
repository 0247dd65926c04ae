package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.quant.QNode;

/** ONNX LSTM (gates i, o, f, c; see {@link RecurrentOp}): c = f*c + i*g, h = o*tanh(c). */
public final class LSTMOp extends RecurrentOp {
    @Override public String type() { return "LSTM"; }
    @Override protected java.util.List<String> defaultActivations() { return java.util.List.of("Sigmoid", "Tanh", "Tanh"); }
    @Override protected int gates() { return 4; }
    @Override protected boolean hasCell() { return true; }

    @Override
    protected void stepFloat(Node node, int hs, double[] xw, double[] r, double[] rb, double[] h, double[] c) {
        double[][] gt = new double[4][];
        for (int k = 0; k < 4; k++) gt[k] = recur(r, rb, h, hs, k);
        for (int j = 0; j < hs; j++) {
            double i = sigmoid(xw[j] + gt[0][j]);
            double o = sigmoid(xw[hs + j] + gt[1][j]);
            double f = sigmoid(xw[2 * hs + j] + gt[2][j]);
            double g = Math.tanh(xw[3 * hs + j] + gt[3][j]);
            c[j] = f * c[j] + i * g;
            h[j] = o * Math.tanh(c[j]);
        }
    }

    @Override
    protected void stepInt(QNode q, int hs, long[] xw, long[] r, long[] rb, int sr, long[] h, long[] c) {
        long[][] pre = new long[4][];
        for (int k = 0; k < 4; k++) {
            long[] rh = recur(r, rb, h, hs, k, sr);
            long[] xs = slice(xw, k, hs);
            for (int j = 0; j < hs; j++) rh[j] += xs[j];
            pre[k] = rh;
        }
        long[] i = UnaryLookupOp.lookup(q, 0, pre[0], S);
        long[] o = UnaryLookupOp.lookup(q, 0, pre[1], S);
        long[] f = UnaryLookupOp.lookup(q, 0, pre[2], S);
        long[] g = UnaryLookupOp.lookup(q, 1, pre[3], S);
        for (int j = 0; j < hs; j++) c[j] = io.zkml4j.ml.quant.FixedPoint.rescale(f[j] * c[j] + i[j] * g[j], S);
        long[] tc = UnaryLookupOp.lookup(q, 1, c, S);
        for (int j = 0; j < hs; j++) h[j] = mul(o[j], tc[j]);
    }
}
