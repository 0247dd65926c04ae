package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import io.zkml4j.ml.quant.UnaryFunction;

/** ONNX LogSoftmax: (x - m) - T_log(S) with S the sum of the saturating exp lookups of {@link SoftmaxOp}. */
public final class LogSoftmaxOp implements Op {
    @Override public String type() { return "LogSoftmax"; }

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
                for (int k = 0; k < p.len(); k++) sum += Math.exp(x[p.index(o, k, i)] - m);
                double l = Math.log(sum);
                for (int k = 0; k < p.len(); k++) y[p.index(o, k, i)] = x[p.index(o, k, i)] - m - l;
            }
        }
        return new Tensor[] {T.f(s, y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.use(0);
        SoftmaxOp.addExpTable(ctx);
        SoftmaxOp.storePlan(ctx);
        int so = ctx.defaultOutScale(0);
        AxisPlan p = AxisPlan.softmax(ctx.node(), ctx.inShape(0));
        UnaryLookupOp.addTable(ctx, p.len() * ctx.policy().headroom, UnaryFunction.LOG, new double[0], Double.POSITIVE_INFINITY, so);
        ctx.setOutScale(0, so);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        AxisPlan p = SoftmaxOp.plan(q);
        long[][] es = SoftmaxOp.shiftedExp(q, in[0], p, q.inScales[0]);
        long[] lg = UnaryLookupOp.lookup(q, 1, es[1], SoftmaxOp.EXP_SCALE);
        long[] d = es[3];
        int si = q.inScales[0], so = q.outScales[0];
        long[] y = new long[d.length];
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++)
                for (int k = 0; k < p.len(); k++) {
                    int j = p.index(o, k, i);
                    y[j] = FixedPoint.requant(d[j], si, so) - lg[o * p.inner() + i];
                }
        return new long[][] {y};
    }
}
