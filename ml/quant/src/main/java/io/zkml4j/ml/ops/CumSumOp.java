package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX CumSum (opset 11): prefix sums along the axis given as a scalar input, with the
 * {@code exclusive} and {@code reverse} attributes. Integer semantics as ReduceSum: exact sums at
 * the input scale, one rescale to the output scale.
 */
public final class CumSumOp implements Op {
    @Override public String type() { return "CumSum"; }

    private static int axis(Node node, Tensor axis, int rank) {
        if (axis == null) throw new ModelException(node.describe() + ": CumSum needs a constant axis input");
        if (axis.size() != 1) throw new ModelException(node.describe() + ": CumSum axis must be a scalar, got shape " + java.util.Arrays.toString(axis.shape()));
        return Shapes.axis(axis.getAsLong(0), rank, node.describe());
    }

    /** Prefix sums along the plan's axis (backwards when reversed; exclusive: the sum before each element). */
    private static void prefix(AxisPlan p, boolean exclusive, boolean reverse, double[] x, double[] y) {
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++) {
                double acc = 0;
                for (int j = 0; j < p.len(); j++) {
                    int k = p.index(o, reverse ? p.len() - 1 - j : j, i);
                    if (exclusive) { y[k] = acc; acc += x[k]; } else { acc += x[k]; y[k] = acc; }
                }
            }
    }

    /** The integer twin of the float prefix sums: exact. */
    private static void prefix(AxisPlan p, boolean exclusive, boolean reverse, long[] x, long[] y) {
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++) {
                long acc = 0;
                for (int j = 0; j < p.len(); j++) {
                    int k = p.index(o, reverse ? p.len() - 1 - j : j, i);
                    if (exclusive) { y[k] = acc; acc += x[k]; } else { acc += x[k]; y[k] = acc; }
                }
            }
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        AxisPlan p = AxisPlan.of(s, axis(node, Args.present(in, 1) ? in[1] : null, s.length));
        double[] y = new double[Shapes.size(s)];
        prefix(p, node.attrInt("exclusive", 0) != 0, node.attrInt("reverse", 0) != 0, T.d(in[0]), y);
        return new Tensor[] {T.of(in[0].dtype(), s, y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int[] sh = ctx.inShape(0);
        AxisPlan p = AxisPlan.of(sh, axis(ctx.node(), ctx.isConst(1) ? ctx.constant(1) : null, sh.length));
        ctx.use(0);
        ctx.q().put("axisPlan", p.outer(), p.len(), p.inner());
        ctx.q().put("exclusive", ctx.node().attrInt("exclusive", 0) != 0 ? 1 : 0);
        ctx.q().put("reverse", ctx.node().attrInt("reverse", 0) != 0 ? 1 : 0);
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        AxisPlan p = SoftmaxOp.plan(q);
        long[] x = in[0];
        FixedPoint.checkProduct(FixedPoint.maxAbs(x), 1, p.len(), q.describe());
        long[] y = new long[x.length];
        prefix(p, q.i("exclusive") != 0, q.i("reverse") != 0, x, y);
        return new long[][] {FixedPoint.requantInPlace(y, q.inScales[0], q.outScales[0])};
    }
}
