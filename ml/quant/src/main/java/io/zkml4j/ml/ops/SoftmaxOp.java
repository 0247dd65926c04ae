package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import io.zkml4j.ml.quant.UnaryFunction;

/**
 * ONNX Softmax: m = max (range checks), e = T_exp(x - m) at scale 2^20 (a saturating lookup: below
 * -24 the exponential is 0 at that scale), S = sum e (exact), out = divRound(e * 2^s_out, S)
 * (division with remainder by the runtime sum).
 */
public final class SoftmaxOp implements Op {
    @Override public String type() { return "Softmax"; }

    static final int EXP_SCALE = 20;

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        AxisPlan p = AxisPlan.softmax(node, s);
        double[] x = T.d(in[0]);
        double[] y = new double[x.length];
        for (int o = 0; o < p.outer(); o++) {
            for (int i = 0; i < p.inner(); i++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < p.len(); k++) m = Math.max(m, x[p.index(o, k, i)]);
                double sum = 0;
                for (int k = 0; k < p.len(); k++) sum += (y[p.index(o, k, i)] = Math.exp(x[p.index(o, k, i)] - m));
                for (int k = 0; k < p.len(); k++) y[p.index(o, k, i)] /= sum;
            }
        }
        return new Tensor[] {T.f(s, y)};
    }

    /** Adds the exp table for max-shifted inputs of magnitude up to twice the input range (saturating at -24). */
    static void addExpTable(QuantContext ctx) {
        double range = Math.min(2 * ctx.inMax(0) * ctx.policy().headroom, 24);
        UnaryLookupOp.addTable(ctx, range, UnaryFunction.EXP, new double[0], 24, EXP_SCALE);
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.use(0);
        addExpTable(ctx);
        storePlan(ctx);
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    /** e = T_exp(x - max) along the plan's axis, at {@link #EXP_SCALE}, and the sums per slice. */
    static long[][] shiftedExp(QNode q, long[] x, AxisPlan p, int si) {
        long[] d = new long[x.length];
        long[] mx = new long[p.outer() * p.inner()];
        for (int o = 0; o < p.outer(); o++) {
            for (int i = 0; i < p.inner(); i++) {
                long m = Long.MIN_VALUE;
                for (int k = 0; k < p.len(); k++) m = Math.max(m, x[p.index(o, k, i)]);
                mx[o * p.inner() + i] = m;
                for (int k = 0; k < p.len(); k++) d[p.index(o, k, i)] = x[p.index(o, k, i)] - m;
            }
        }
        long[] e = UnaryLookupOp.lookup(q, 0, d, si);
        long[] sum = new long[p.outer() * p.inner()];
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++)
                for (int k = 0; k < p.len(); k++) sum[o * p.inner() + i] += e[p.index(o, k, i)];
        return new long[][] {e, sum, mx, d};
    }

    static AxisPlan plan(QNode q) {
        long[] p = q.ints("axisPlan");
        return new AxisPlan((int) p[0], (int) p[1], (int) p[2]);
    }

    static void storePlan(QuantContext ctx) {
        AxisPlan p = AxisPlan.softmax(ctx.node(), ctx.inShape(0));
        ctx.q().put("axisPlan", p.outer(), p.len(), p.inner());
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        AxisPlan p = plan(q);
        long[][] es = shiftedExp(q, in[0], p, q.inScales[0]);
        long[] e = es[0], sum = es[1];
        int so = q.outScales[0];
        long[] y = new long[e.length];
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++) {
                long s = sum[o * p.inner() + i];
                for (int k = 0; k < p.len(); k++) {
                    int j = p.index(o, k, i);
                    y[j] = FixedPoint.divRound(FixedPoint.requant(e[j], 0, so), s);
                }
            }
        return new long[][] {y};
    }
}
