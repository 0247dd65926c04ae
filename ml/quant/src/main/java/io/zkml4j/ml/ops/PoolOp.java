package io.zkml4j.ml.ops;

import io.zkml4j.ml.exec.ConvGeometry;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * Shared form of the window pools over [N, C, D...]: the window index map is a depthwise
 * {@link ConvGeometry}. Max: the maximum of the window (comparisons by range checks), exact at the
 * input scale. Average: the exact window sum divided by the element count with {@link FixedPoint#divRound}.
 */
abstract class PoolOp implements Op {
    protected abstract boolean max();

    /** Global pools use the whole spatial extent as the window. */
    protected boolean global() {
        return false;
    }

    private ConvGeometry geometry(Node node, int[] xs, ConvAttrs[] out) {
        int[] sp = ConvAttrs.spatial(xs);
        int[] k = global() ? sp : Shapes.toInts(node.attrInts("kernel_shape", null));
        ConvAttrs a = new ConvAttrs(node, sp, k, !global());
        if (out != null) out[0] = a;
        return a.geometry(xs[0], xs[1], xs[1], xs[1], sp);
    }

    private static int[] outShape(ConvGeometry g, int[] xs) {
        int[] od = g.outDims();
        int[] s = new int[od.length + 2];
        s[0] = xs[0];
        s[1] = xs[1];
        System.arraycopy(od, 0, s, 2, od.length);
        return s;
    }

    /**
     * Divisor of each output window. Without count_include_pad: the window's cells inside the input. With it: its
     * cells inside the padded input [-padBegin, in + padEnd) per axis, so a ceil_mode window that overhangs the end
     * padding does not count the overhang (ONNX Runtime: hend = min(hstart + kernel, in + pad_end)).
     */
    private static long[] counts(ConvGeometry g, ConvAttrs a, boolean includePad) {
        int kk = g.kernelSpatial();
        int p = g.outSpatial();
        long[] c = new long[p];
        int[] src = g.sourceIndex();
        int[] in = g.inDims(), out = g.outDims();
        for (int q = 0; q < p; q++) {
            if (includePad) {
                long n = 1;
                for (int i = out.length - 1, rest = q; i >= 0; rest /= out[i], i--) {
                    int start = (rest % out[i]) * a.strides[i]; // window start, measured from -padBegin
                    int inside = 0;
                    for (int k = 0; k < a.kernel[i]; k++) if (start + k * a.dilations[i] < in[i] + a.padBegin[i] + a.padEnd[i]) inside++;
                    n *= inside;
                }
                c[q] = Math.max(n, 1);
                continue;
            }
            int n = 0;
            for (int k = 0; k < kk; k++) if (src[q * kk + k] >= 0) n++;
            c[q] = Math.max(n, 1);
        }
        return c;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] xs = in[0].shape();
        ConvAttrs[] a = new ConvAttrs[1];
        ConvGeometry g = geometry(node, xs, a);
        double[] x = T.d(in[0]);
        int kk = g.kernelSpatial(), p = g.outSpatial(), isz = g.inSpatial();
        int[] src = g.sourceIndex();
        boolean incl = !global() && node.attrInt("count_include_pad", 0) != 0;
        long[] cnt = counts(g, a[0], incl);
        double[] y = new double[xs[0] * xs[1] * p];
        for (int ch = 0; ch < xs[0] * xs[1]; ch++) {
            for (int q = 0; q < p; q++) {
                double acc = max() ? Double.NEGATIVE_INFINITY : 0;
                for (int k = 0; k < kk; k++) {
                    int s = src[q * kk + k];
                    if (s < 0) continue;
                    double v = x[ch * isz + s];
                    acc = max() ? Math.max(acc, v) : acc + v;
                }
                y[ch * p + q] = max() ? acc : acc / cnt[q];
            }
        }
        return new Tensor[] {T.f(outShape(g, xs), y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int s = ctx.use(0);
        ConvAttrs[] a = new ConvAttrs[1];
        ConvGeometry g = geometry(ctx.node(), ctx.inShape(0), a);
        QNode q = ctx.q();
        a[0].store(q);
        if (!max()) q.put("counts", counts(g, a[0], !global() && ctx.node().attrInt("count_include_pad", 0) != 0));
        ctx.setOutScale(0, max() ? s : ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int[] xs = q.inShapes[0];
        ConvGeometry g = ConvAttrs.load(q, xs[0], xs[1], xs[1], xs[1], ConvAttrs.spatial(xs));
        long[] x = in[0];
        int kk = g.kernelSpatial(), p = g.outSpatial(), isz = g.inSpatial();
        int[] src = g.sourceIndex();
        long[] cnt = max() ? null : q.ints("counts");
        int si = q.inScales[0], so = q.outScales[0];
        long[] y = new long[xs[0] * xs[1] * p];
        for (int ch = 0; ch < xs[0] * xs[1]; ch++) {
            for (int qq = 0; qq < p; qq++) {
                long acc = max() ? Long.MIN_VALUE : 0;
                for (int k = 0; k < kk; k++) {
                    int s = src[qq * kk + k];
                    if (s < 0) continue;
                    long v = x[ch * isz + s];
                    acc = max() ? Math.max(acc, v) : acc + v;
                }
                y[ch * p + qq] = max() ? acc : average(acc, cnt[qq], si, so);
            }
        }
        return new long[][] {y};
    }

    /** round(sum / count) moved from scale si to so: one divRound by count * 2^(si-so), or of sum * 2^(so-si). */
    static long average(long sum, long count, int si, int so) {
        if (so >= si) return FixedPoint.divRound(FixedPoint.requant(sum, 0, so - si), count);
        return FixedPoint.divRound(sum, count << (si - so));
    }
}
