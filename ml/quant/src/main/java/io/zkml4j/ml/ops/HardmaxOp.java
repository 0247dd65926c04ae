package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX Hardmax: 1 at the first maximum along the axis, else 0 (comparisons only; output at scale 0). */
public final class HardmaxOp implements Op {
    @Override public String type() { return "Hardmax"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        AxisPlan p = AxisPlan.softmax(node, in[0].shape());
        double[] x = T.d(in[0]);
        long[] am = ArgMaxOp.argExtreme(i -> x[i], p, true, false);
        double[] y = new double[x.length];
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++) y[p.index(o, (int) am[o * p.inner() + i], i)] = 1;
        return new Tensor[] {T.f(in[0].shape(), y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.use(0);
        SoftmaxOp.storePlan(ctx);
        ctx.setOutScale(0, 0);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        AxisPlan p = SoftmaxOp.plan(q);
        long[] x = in[0];
        long[] am = ArgMaxOp.argExtreme(i -> x[i], p, true, false);
        long[] y = new long[x.length];
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++) y[p.index(o, (int) am[o * p.inner() + i], i)] = 1;
        return new long[][] {y};
    }
}
