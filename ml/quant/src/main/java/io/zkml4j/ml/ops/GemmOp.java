package io.zkml4j.ml.ops;

import io.zkml4j.ml.exec.ExactProduct;
import io.zkml4j.ml.exec.Kernels;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX Gemm: alpha * A' B' + beta * C. A constant B is stored as alpha * B' ([K, N]) at weight
 * precision; a constant C as beta * C at the accumulator scale s_A + s_B. The accumulator is exact;
 * one rescale brings it to the output scale.
 */
public final class GemmOp implements Op {
    @Override public String type() { return "Gemm"; }

    static double[] transpose(double[] x, int rows, int cols) {
        double[] r = new double[x.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) r[j * rows + i] = x[i * cols + j];
        return r;
    }

    static long[] transpose(long[] x, int rows, int cols) {
        long[] r = new long[x.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) r[j * rows + i] = x[i * cols + j];
        return r;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        boolean ta = node.attrInt("transA", 0) != 0;
        boolean tb = node.attrInt("transB", 0) != 0;
        double alpha = node.attrFloat("alpha", 1f);
        double beta = node.attrFloat("beta", 1f);
        int[] sa = in[0].shape();
        int[] sb = in[1].shape();
        int m = ta ? sa[1] : sa[0], k = ta ? sa[0] : sa[1];
        int n = tb ? sb[0] : sb[1];
        if ((tb ? sb[1] : sb[0]) != k) throw new ModelException("Gemm inner dimensions differ at " + node.describe());
        double[] a = ta ? transpose(T.d(in[0]), sa[0], sa[1]) : T.d(in[0]);
        double[] b = tb ? transpose(T.d(in[1]), sb[0], sb[1]) : T.d(in[1]);
        double[] c = new double[m * n];
        Kernels.matmulAdd(a, 0, b, 0, c, 0, m, k, n);
        if (alpha != 1) for (int i = 0; i < c.length; i++) c[i] *= alpha;
        if (Args.present(in, 2)) {
            int[] map = Shapes.broadcastIndex(new int[] {m, n}, in[2].shape());
            double[] cc = T.d(in[2]);
            for (int i = 0; i < c.length; i++) c[i] += beta * cc[map == null ? i : map[i]];
        }
        return new Tensor[] {T.f(new int[] {m, n}, c)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        Node node = ctx.node();
        QNode q = ctx.q();
        boolean ta = node.attrInt("transA", 0) != 0;
        boolean tb = node.attrInt("transB", 0) != 0;
        double alpha = node.attrFloat("alpha", 1f);
        double beta = node.attrFloat("beta", 1f);
        int sa = ctx.use(0);
        int[] shB = ctx.inShape(1);
        int k = tb ? shB[1] : shB[0], n = tb ? shB[0] : shB[1];
        int sb;
        if (ctx.isConst(1)) {
            double[] b = T.d(ctx.constant(1));
            if (tb) b = transpose(b, shB[0], shB[1]);
            double mx = 0;
            for (int i = 0; i < b.length; i++) mx = Math.max(mx, Math.abs(b[i] *= alpha));
            sb = ctx.policy().weightScale(mx);
            long[] v = new long[b.length];
            for (int i = 0; i < v.length; i++) v[i] = FixedPoint.quantize(b[i], sb);
            ctx.useDerivedConst(1, node.inputs().get(1), new int[] {k, n}, sb, v);
            q.put("transB", 0);
        } else {
            if (alpha != 1) throw new ModelException("Gemm with alpha != 1 needs a constant B at " + ctx.where());
            sb = ctx.use(1);
            q.put("transB", tb ? 1 : 0);
        }
        q.put("transA", ta ? 1 : 0);
        if (!ctx.isConst(0)) sa = Operands.cap(ctx, 0, sb);
        if (ctx.present(2)) {
            if (ctx.isConst(2)) {
                Tensor c = ctx.constant(2);
                int sc = QuantContext.biasScale(Math.abs(beta) * QuantContext.maxAbs(c), sa + sb);
                long[] v = new long[c.size()];
                for (int i = 0; i < v.length; i++) v[i] = FixedPoint.quantize(beta * c.getAsDouble(i), sc);
                ctx.useDerivedConst(2, node.inputs().get(2), c.shape(), sc, v);
            } else {
                if (beta != 1) throw new ModelException("Gemm with beta != 1 needs a constant C at " + ctx.where());
                ctx.use(2);
            }
        }
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    /** B as [k x n] long[] with max |b|, and transposed into doubles when first needed; cached while the same array comes in. */
    private static final class Prepared {
        final long[] source, b;
        final long maxB;
        final int[] biasMap;
        private final int k, n;
        private double[] bt;

        Prepared(long[] source, long[] b, long maxB, int[] biasMap, int k, int n) {
            this.source = source;
            this.b = b;
            this.maxB = maxB;
            this.biasMap = biasMap;
            this.k = k;
            this.n = n;
        }

        synchronized double[] bt() {
            if (bt == null) bt = ExactProduct.transpose(b, k, n);
            return bt;
        }
    }

    private static Prepared prepare(QNode q, long[] source, int k, int n) {
        if (q.cache instanceof Prepared pr && pr.source == source) return pr;
        int[] sb = q.inShapes[1];
        long[] b = q.i("transB") != 0 ? transpose(source, sb[0], sb[1]) : source;
        int[] biasMap = q.inShapes.length > 2 && q.inShapes[2] != null ? Shapes.broadcastIndex(new int[] {q.outShapes[0][0], n}, q.inShapes[2]) : null;
        Prepared pr = new Prepared(source, b, FixedPoint.maxAbs(b), biasMap, k, n);
        q.cache = pr;
        return pr;
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int[] sa = q.inShapes[0];
        boolean ta = q.i("transA") != 0;
        int m = ta ? sa[1] : sa[0], k = ta ? sa[0] : sa[1];
        int n = q.outShapes[0][1];
        Prepared pr = prepare(q, in[1], k, n);
        long[] a0 = Operands.get(q, in[0], 0);
        long[] a = ta ? transpose(a0, sa[0], sa[1]) : a0;
        long maxA = FixedPoint.maxAbs(a);
        FixedPoint.checkProduct(maxA, pr.maxB, k + 1, q.describe());
        long[] c = new long[m * n];
        int sAcc = Operands.scale(q, 0) + q.inScales[1];
        if (in.length > 2 && in[2] != null) {
            long[] bias = FixedPoint.requant(in[2], q.inScales[2], sAcc);
            int[] map = pr.biasMap;
            for (int i = 0; i < c.length; i++) c[i] = bias[map == null ? i : map[i]];
        }
        // one row (a single input): a pass over B in long arithmetic, exact like the double product, with no transposed copy to build
        if (m > 1 && ExactProduct.fits(maxA, pr.maxB, k)) ExactProduct.matmulAddT(ExactProduct.toDouble(a), 0, pr.bt(), 0, c, 0, m, k, n);
        else Kernels.matmulAdd(a, 0, pr.b, 0, c, 0, m, k, n);
        return new long[][] {FixedPoint.requantInPlace(c, sAcc, q.outScales[0])};
    }
}
