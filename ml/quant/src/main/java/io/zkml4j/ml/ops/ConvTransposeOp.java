package io.zkml4j.ml.ops;

import io.zkml4j.ml.exec.ConvGeometry;
import io.zkml4j.ml.exec.ExactProduct;
import io.zkml4j.ml.exec.Kernels;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX ConvTranspose (N-d; strides, pads, auto_pad, output_padding, output_shape, dilations, groups):
 * the adjoint of a convolution's index map, an exact scatter-add at scale s_X + s_W, then one rescale.
 */
public final class ConvTransposeOp implements Op {
    @Override public String type() { return "ConvTranspose"; }

    /** Geometry of the forward conv from the result [N, M, O...] to x [N, C, D...], plus the result shape. */
    private static ConvGeometry geometry(Node node, int[] xs, int[] ws, long[][] store) {
        int d = xs.length - 2;
        int group = (int) node.attrInt("group", 1);
        int c = xs[1];
        int m = ws[1] * group;
        int[] kernel = ConvAttrs.spatial(ws);
        long[] st = node.attrInts("strides", null), dl = node.attrInts("dilations", null), op = node.attrInts("output_padding", null);
        long[] pads = node.attrInts("pads", null), outShape = node.attrInts("output_shape", null);
        String auto = node.attrString("auto_pad", "NOTSET");
        int[] strides = new int[d], dil = new int[d], pb = new int[d], od = new int[d];
        for (int i = 0; i < d; i++) {
            strides[i] = st == null ? 1 : (int) st[i];
            dil[i] = dl == null ? 1 : (int) dl[i];
            int outPad = op == null ? 0 : (int) op[i];
            int in = xs[i + 2];
            int eff = (kernel[i] - 1) * dil[i] + 1;
            int full = strides[i] * (in - 1) + outPad + eff;
            if (outShape != null || auto.startsWith("SAME")) {
                int target = outShape != null ? (int) outShape[outShape.length - d + i] : in * strides[i];
                int total = Math.max(0, full - target);
                // ONNX spec: SAME_UPPER puts the larger half at the start, otherwise at the end.
                pb[i] = auto.equals("SAME_UPPER") ? total - total / 2 : total / 2;
                od[i] = target;
            } else {
                int b = pads == null ? 0 : (int) pads[i];
                int e = pads == null ? 0 : (int) pads[i + d];
                pb[i] = b;
                od[i] = full - b - e;
            }
            if (od[i] <= 0) throw new ModelException("empty ConvTranspose output at " + node.describe());
        }
        if (store != null) {
            store[0] = Shapes.toLongs(strides);
            store[1] = Shapes.toLongs(pb);
            store[2] = Shapes.toLongs(dil);
            store[3] = Shapes.toLongs(od);
        }
        return new ConvGeometry(xs[0], m, c, group, od, kernel, strides, pb, dil, ConvAttrs.spatial(xs));
    }

    private static int[] resultShape(ConvGeometry g, int batch) {
        int[] id = g.inDims();
        int[] s = new int[id.length + 2];
        s[0] = batch;
        s[1] = g.inChannels();
        System.arraycopy(id, 0, s, 2, id.length);
        return s;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        ConvGeometry g = geometry(node, in[0].shape(), in[1].shape(), null);
        double[] y = Kernels.convTranspose(g, T.d(in[0]), T.d(in[1]));
        if (Args.present(in, 2)) {
            double[] b = T.d(in[2]);
            int p = g.inSpatial();
            for (int i = 0; i < y.length; i++) y[i] += b[(i / p) % g.inChannels()];
        }
        return new Tensor[] {T.f(resultShape(g, in[0].shape()[0]), y)};
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
        long[][] st = new long[4][];
        geometry(ctx.node(), ctx.inShape(0), ctx.inShape(1), st);
        QNode q = ctx.q();
        q.put("strides", st[0]);
        q.put("padBegin", st[1]);
        q.put("dilations", st[2]);
        q.put("outDims", st[3]);
        q.put("kernel", Shapes.toLongs(ConvAttrs.spatial(ctx.inShape(1))));
        q.put("group", ctx.node().attrInt("group", 1));
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        Prepared pr = prepare(q, in[1]);
        ConvGeometry g = pr.g;
        int[] xs = q.inShapes[0];
        long[] x0 = Operands.get(q, in[0], 0);
        long maxX = FixedPoint.maxAbs(x0);
        FixedPoint.checkProduct(maxX, pr.maxW, (long) xs[1] * g.kernelSpatial() + 1, q.describe());
        long[] y = ExactProduct.fits(maxX, pr.maxW, g.mPerGroup()) ? ExactProduct.convTranspose(g, x0, pr.wt) : Kernels.convTranspose(g, x0, in[1]);
        int sAcc = Operands.scale(q, 0) + q.inScales[1];
        if (in.length > 2 && in[2] != null) {
            long[] b = FixedPoint.requant(in[2], q.inScales[2], sAcc);
            int p = g.inSpatial();
            for (int i = 0; i < y.length; i++) y[i] += b[(i / p) % g.inChannels()];
        }
        return new long[][] {FixedPoint.requantInPlace(y, sAcc, q.outScales[0])};
    }

    /** The geometry and the rearranged double weights with max |w|; cached while the same weight array comes in. */
    private record Prepared(ConvGeometry g, long[] wSource, double[] wt, long maxW) {}

    private static Prepared prepare(QNode q, long[] w) {
        if (q.cache instanceof Prepared pr && pr.wSource == w) return pr;
        ConvGeometry g;
        if (q.cache instanceof Prepared pr) {
            g = pr.g;
        } else {
            int[] xs = q.inShapes[0], ws = q.inShapes[1];
            int group = (int) q.i("group");
            g = new ConvGeometry(xs[0], ws[1] * group, xs[1], group, Shapes.toInts(q.ints("outDims")), Shapes.toInts(q.ints("kernel")),
                    Shapes.toInts(q.ints("strides")), Shapes.toInts(q.ints("padBegin")), Shapes.toInts(q.ints("dilations")), ConvAttrs.spatial(xs));
        }
        Prepared pr = new Prepared(g, w, ExactProduct.convTransposeWeights(g, w), FixedPoint.maxAbs(w));
        q.cache = pr;
        return pr;
    }
}
