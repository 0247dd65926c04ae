package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX BatchNormalization in inference mode: y = x * a + b per channel with
 * a = gamma / sqrt(var + eps), b = beta - mean * a, folded at compile time (a at weight precision,
 * b at s_x + s_a): one exact product, one rescale. When it follows a Conv/Gemm it is folded into
 * that operator's weights instead (see the compiler's passes).
 */
public final class BatchNormalizationOp implements Op {
    @Override public String type() { return "BatchNormalization"; }

    /** {a, b} per channel. */
    static double[][] affine(Node node, Tensor[] in) {
        double eps = node.attrFloat("epsilon", 1e-5f);
        double[] g = T.d(in[1]), be = T.d(in[2]), m = T.d(in[3]), v = T.d(in[4]);
        double[] a = new double[g.length], b = new double[g.length];
        for (int c = 0; c < g.length; c++) {
            a[c] = g[c] / Math.sqrt(v[c] + eps);
            b[c] = be[c] - m[c] * a[c];
        }
        return new double[][] {a, b};
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        double[][] ab = affine(node, in);
        double[] x = T.d(in[0]);
        int inner = s.length > 2 ? Shapes.size(s) / (s[0] * s[1]) : 1;
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            int c = (i / inner) % s[1];
            y[i] = x[i] * ab[0][c] + ab[1][c];
        }
        return new Tensor[] {T.f(s, y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        for (int i = 1; i < 5; i++) {
            if (!ctx.isConst(i)) throw new ModelException("BatchNormalization needs constant statistics at " + ctx.where());
        }
        int sx = ctx.use(0);
        Tensor[] c = new Tensor[5];
        for (int i = 1; i < 5; i++) c[i] = ctx.constant(i);
        double[][] ab = affine(ctx.node(), c);
        double mx = 0;
        for (double v : ab[0]) mx = Math.max(mx, Math.abs(v));
        int sa = ctx.policy().weightScale(mx);
        int n = ab[0].length;
        double mb = 0;
        for (double v : ab[1]) mb = Math.max(mb, Math.abs(v));
        int sb = QuantContext.biasScale(mb, sx + sa);
        long[] a = new long[n], b = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = FixedPoint.quantize(ab[0][i], sa);
            b[i] = FixedPoint.quantize(ab[1][i], sb);
        }
        String base = ctx.node().name();
        ctx.useDerivedConst(1, base + ".scale", new int[] {n}, sa, a);
        ctx.useDerivedConst(2, base + ".shift", new int[] {n}, sb, b);
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int[] s = q.inShapes[0];
        long[] x = in[0], a = in[1];
        long[] b = FixedPoint.requant(in[2], q.inScales[2], q.inScales[0] + q.inScales[1]);
        int inner = s.length > 2 ? Shapes.size(s) / (s[0] * s[1]) : 1;
        FixedPoint.checkProduct(FixedPoint.maxAbs(x), FixedPoint.maxAbs(a), 2, q.describe());
        long[] y = new long[x.length];
        for (int i = 0; i < y.length; i++) {
            int c = (i / inner) % s[1];
            y[i] = x[i] * a[c] + b[c];
        }
        return new long[][] {FixedPoint.requant(y, q.inScales[0] + q.inScales[1], q.outScales[0])};
    }
}
