package io.zkml4j.ml.ops;

import io.zkml4j.ml.exec.ConvGeometry;
import io.zkml4j.ml.exec.ExactProduct;
import io.zkml4j.ml.exec.Kernels;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX Conv (N-d; strides, pads, auto_pad, dilations, groups) through im2col into an exact matrix
 * product at scale s_X + s_W; the bias is stored at that scale; one rescale to the output scale.
 */
public final class ConvOp implements Op {
    @Override public String type() { return "Conv"; }

    private static ConvGeometry geometry(Node node, int[] xs, int[] ws, ConvAttrs[] out) {
        int[] sp = ConvAttrs.spatial(xs);
        ConvAttrs a = new ConvAttrs(node, sp, ConvAttrs.spatial(ws), false);
        if (out != null) out[0] = a;
        return a.geometry(xs[0], xs[1], ws[0], (int) node.attrInt("group", 1), sp);
    }

    private static int[] outShape(ConvGeometry g, int[] xs, int m) {
        int[] od = g.outDims();
        int[] s = new int[od.length + 2];
        s[0] = xs[0];
        s[1] = m;
        System.arraycopy(od, 0, s, 2, od.length);
        return s;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] xs = in[0].shape(), ws = in[1].shape();
        ConvGeometry g = geometry(node, xs, ws, null);
        double[] y = Kernels.conv(g, T.d(in[0]), T.d(in[1]));
        if (Args.present(in, 2)) {
            double[] b = T.d(in[2]);
            int p = g.outSpatial();
            for (int i = 0; i < y.length; i++) y[i] += b[(i / p) % ws[0]];
        }
        return new Tensor[] {T.f(outShape(g, xs, ws[0]), y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int sw = ctx.use(1);
        ctx.use(0);
        int sx = ctx.isConst(0) ? ctx.q().inScales[0] : Operands.cap(ctx, 0, sw);
        if (ctx.present(2)) {
            if (ctx.isConst(2)) ctx.useConst(2, QuantContext.biasScale(QuantContext.maxAbs(ctx.constant(2)), sx + sw));
            else ctx.use(2);
        }
        ConvAttrs[] a = new ConvAttrs[1];
        geometry(ctx.node(), ctx.inShape(0), ctx.inShape(1), a);
        a[0].store(ctx.q());
        ctx.q().put("group", ctx.node().attrInt("group", 1));
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    /** The geometry and the weights as doubles with their max |w|; cached while the same weight array comes in. */
    private record Prepared(ConvGeometry g, long[] wSource, double[] wd, long maxW) {}

    private static Prepared prepare(QNode q, long[] w) {
        if (q.cache instanceof Prepared pr && pr.wSource == w) return pr;
        int[] xs = q.inShapes[0], ws = q.inShapes[1];
        ConvGeometry g = q.cache instanceof Prepared pr ? pr.g
                : ConvAttrs.load(q, xs[0], xs[1], ws[0], (int) q.i("group"), ConvAttrs.spatial(xs));
        Prepared pr = new Prepared(g, w, ExactProduct.toDouble(w), FixedPoint.maxAbs(w));
        q.cache = pr;
        return pr;
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        Prepared pr = prepare(q, in[1]);
        ConvGeometry g = pr.g;
        long[] x0 = Operands.get(q, in[0], 0);
        long maxX = FixedPoint.maxAbs(x0);
        int terms = g.cPerGroup() * g.kernelSpatial();
        FixedPoint.checkProduct(maxX, pr.maxW, (long) terms + 1, q.describe());
        long[] y = ExactProduct.fits(maxX, pr.maxW, terms) ? ExactProduct.conv(g, x0, pr.wd) : Kernels.conv(g, x0, in[1]);
        int sAcc = Operands.scale(q, 0) + q.inScales[1];
        if (in.length > 2 && in[2] != null) {
            long[] b = FixedPoint.requant(in[2], q.inScales[2], sAcc);
            int p = g.outSpatial();
            int m = g.outChannels();
            for (int i = 0, ch = 0; i < y.length; i += p, ch = ch + 1 == m ? 0 : ch + 1) {
                long bc = b[ch];
                for (int j = i; j < i + p; j++) y[j] += bc;
            }
        }
        return new long[][] {FixedPoint.requantInPlace(y, sAcc, q.outScales[0])};
    }
}
