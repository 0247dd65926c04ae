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
 * ONNX MatMul with numpy semantics (1-d operands promoted, batch dimensions broadcast). The product
 * is exact at scale s_A + s_B (constants at weight precision) and rescaled once to the output scale.
 */
public final class MatMulOp implements Op {
    @Override public String type() { return "MatMul"; }

    /** Geometry: {m, k, n, batch} plus the per-batch offsets into A, B. */
    record Plan(int m, int k, int n, int[] outShape, int[] aOff, int[] bOff) {}

    static Plan plan(int[] sa, int[] sb, String where) {
        int[] a = sa.length == 1 ? new int[] {1, sa[0]} : sa;
        int[] b = sb.length == 1 ? new int[] {sb[0], 1} : sb;
        int m = a[a.length - 2], k = a[a.length - 1];
        int k2 = b[b.length - 2], n = b[b.length - 1];
        if (k != k2) throw new ModelException("MatMul inner dimensions " + k + " and " + k2 + " differ at " + where);
        int[] ba = java.util.Arrays.copyOf(a, a.length - 2);
        int[] bb = java.util.Arrays.copyOf(b, b.length - 2);
        int[] batch = Shapes.broadcast(ba, bb, where);
        int[] ma = Shapes.broadcastIndex(batch, ba);
        int[] mb = Shapes.broadcastIndex(batch, bb);
        int nb = Shapes.size(batch);
        int[] aOff = new int[nb], bOff = new int[nb];
        for (int i = 0; i < nb; i++) {
            aOff[i] = (ma == null ? i : ma[i]) * m * k;
            bOff[i] = (mb == null ? i : mb[i]) * k * n;
        }
        int extra = (sa.length == 1 ? 0 : 1) + (sb.length == 1 ? 0 : 1);
        int[] out = new int[batch.length + extra];
        System.arraycopy(batch, 0, out, 0, batch.length);
        int p = batch.length;
        if (sa.length != 1) out[p++] = m;
        if (sb.length != 1) out[p] = n;
        return new Plan(m, k, n, out, aOff, bOff);
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        Plan p = plan(in[0].shape(), in[1].shape(), node.describe());
        double[] a = T.d(in[0]);
        double[] b = T.d(in[1]);
        double[] c = new double[p.aOff.length * p.m * p.n];
        for (int i = 0; i < p.aOff.length; i++) Kernels.matmulAdd(a, p.aOff[i], b, p.bOff[i], c, i * p.m * p.n, p.m, p.k, p.n);
        return new Tensor[] {T.of(in[0].dtype().isFloat() ? in[0].dtype() : in[1].dtype(), p.outShape, c)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int[] s = ctx.useAll();
        int sa = ctx.isConst(0) ? s[0] : Operands.cap(ctx, 0, s[1]);
        if (!ctx.isConst(1)) Operands.cap(ctx, 1, sa);
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    /**
     * The right operand at its use scale, as long[] and transposed into doubles, with its max |b|;
     * cached on the node and reused while the same array comes in (a constant: once per model).
     */
    private record Prepared(Plan plan, long[] source, long[] b, double[] bt, long maxB) {}

    private static Prepared prepare(QNode q, long[] source) {
        if (q.cache instanceof Prepared pr && pr.source == source) return pr;
        Plan p = q.cache instanceof Prepared pr ? pr.plan : plan(q.inShapes[0], q.inShapes[1], q.describe());
        long[] b = Operands.get(q, source, 1);
        Prepared pr = new Prepared(p, source, b, ExactProduct.transpose(b, p.k, p.n), FixedPoint.maxAbs(b));
        q.cache = pr;
        return pr;
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        Prepared pr = prepare(q, in[1]);
        Plan p = pr.plan;
        long[] a = Operands.get(q, in[0], 0);
        long maxA = FixedPoint.maxAbs(a);
        FixedPoint.checkProduct(maxA, pr.maxB, p.k, q.describe());
        long[] c = new long[p.aOff.length * p.m * p.n];
        if (ExactProduct.fits(maxA, pr.maxB, p.k)) {
            double[] ad = ExactProduct.toDouble(a);
            for (int i = 0; i < p.aOff.length; i++) ExactProduct.matmulAddT(ad, p.aOff[i], pr.bt, p.bOff[i], c, i * p.m * p.n, p.m, p.k, p.n);
        } else {
            for (int i = 0; i < p.aOff.length; i++) Kernels.matmulAdd(a, p.aOff[i], pr.b, p.bOff[i], c, i * p.m * p.n, p.m, p.k, p.n);
        }
        return new long[][] {FixedPoint.requantInPlace(c, Operands.scale(q, 0) + Operands.scale(q, 1), q.outScales[0])};
    }
}
