package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX LayerNormalization over the axes from {@code axis} on ({@link Normalize}), then
 * y * gamma + beta: an exact product at scale 20 + s_gamma, beta at that scale, one rescale.
 */
public final class LayerNormalizationOp implements Op {
    @Override public String type() { return "LayerNormalization"; }

    private static int groupSize(Node node, int[] s) {
        int axis = Shapes.axis(node.attrInt("axis", -1), s.length, node.describe());
        int n = 1;
        for (int i = axis; i < s.length; i++) n *= s[i];
        return n;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int n = groupSize(node, s);
        double[] y = Normalize.forward(T.d(in[0]), n, node.attrFloat("epsilon", 1e-5f));
        double[] g = T.d(in[1]);
        double[] b = Args.present(in, 2) ? T.d(in[2]) : null;
        int[] gm = Shapes.broadcastIndex(s, in[1].shape());
        int[] bm = b == null ? null : Shapes.broadcastIndex(s, in[2].shape());
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] * g[gm == null ? i : gm[i]] + (b == null ? 0 : b[bm == null ? i : bm[i]]);
        }
        return new Tensor[] {T.f(s, y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        quantizeAffine(ctx, groupSize(ctx.node(), ctx.inShape(0)));
    }

    /** Shared with InstanceNormalization: input rescaled to 20 bits, eps at scale 2s, gamma at weight precision, beta at 20 + s_gamma. */
    static void quantizeAffine(QuantContext ctx, int n) {
        int si = ctx.use(0);
        int s = Math.min(si, ctx.policy().activationScale(ctx.inMax(0)));
        QNode q = ctx.q();
        q.put("norm", n, s, FixedPoint.quantize(ctx.node().attrFloat("epsilon", 1e-5f), 2 * s));
        int sg = ctx.use(1);
        if (ctx.present(2)) {
            if (ctx.isConst(2)) ctx.useConst(2, Normalize.NORM_SCALE + sg);
            else ctx.use(2);
        }
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    /** Shared run: normalize, then gamma/beta broadcast with the given shapes. */
    static long[] runAffine(QNode q, long[][] in, int[] gShape, int[] bShape) {
        long[] p = q.ints("norm");
        int n = (int) p[0], s = (int) p[1];
        long[] x = FixedPoint.requant(in[0], q.inScales[0], s);
        long[] y = Normalize.run(q, x, n, s, p[2]);
        int[] shape = q.inShapes[0];
        int sAcc = Normalize.NORM_SCALE + q.inScales[1];
        int[] gm = Shapes.broadcastIndex(shape, gShape);
        long[] g = in[1];
        long[] b = in.length > 2 && in[2] != null ? FixedPoint.requant(in[2], q.inScales[2], sAcc) : null;
        int[] bm = b == null ? null : Shapes.broadcastIndex(shape, bShape);
        FixedPoint.checkProduct(FixedPoint.maxAbs(y), FixedPoint.maxAbs(g), 2, q.describe());
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] * g[gm == null ? i : gm[i]] + (b == null ? 0 : b[bm == null ? i : bm[i]]);
        }
        return FixedPoint.requant(y, sAcc, q.outScales[0]);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        return new long[][] {runAffine(q, in, q.inShapes[1], q.inShapes.length > 2 ? q.inShapes[2] : null)};
    }
}
