package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX InstanceNormalization: {@link Normalize} over the spatial axes of every (n, c), then per-channel scale and bias. */
public final class InstanceNormalizationOp implements Op {
    @Override public String type() { return "InstanceNormalization"; }

    /** Per-channel parameter shape [C, 1, ..., 1] so that it broadcasts against [N, C, D...]. */
    static int[] channelShape(int[] s) {
        int[] r = new int[s.length - 1];
        java.util.Arrays.fill(r, 1);
        r[0] = s[1];
        return r;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int n = Shapes.size(s) / (s[0] * s[1]);
        double[] y = Normalize.forward(T.d(in[0]), n, node.attrFloat("epsilon", 1e-5f));
        double[] g = T.d(in[1]);
        double[] b = T.d(in[2]);
        for (int i = 0; i < y.length; i++) {
            int c = (i / n) % s[1];
            y[i] = y[i] * g[c] + b[c];
        }
        return new Tensor[] {T.f(s, y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int[] s = ctx.inShape(0);
        LayerNormalizationOp.quantizeAffine(ctx, Shapes.size(s) / (s[0] * s[1]));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int[] cs = channelShape(q.inShapes[0]);
        return new long[][] {LayerNormalizationOp.runAffine(q, in, cs, cs)};
    }
}
