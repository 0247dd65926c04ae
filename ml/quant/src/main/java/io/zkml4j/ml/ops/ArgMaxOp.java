package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import java.util.function.IntToDoubleFunction;

/** ONNX ArgMax (keepdims, select_last_index): comparisons only; int64 output at scale 0. */
public class ArgMaxOp implements Op {
    @Override public String type() { return "ArgMax"; }

    protected boolean max() {
        return true;
    }

    /** Index of the extreme value along the plan's axis for every (outer, inner) slice. */
    static long[] argExtreme(IntToDoubleFunction x, AxisPlan p, boolean max, boolean last) {
        long[] r = new long[p.outer() * p.inner()];
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++) {
                int best = 0;
                double bv = x.applyAsDouble(p.index(o, 0, i));
                for (int k = 1; k < p.len(); k++) {
                    double v = x.applyAsDouble(p.index(o, k, i));
                    boolean better = max ? (v > bv || (last && v == bv)) : (v < bv || (last && v == bv));
                    if (better) {
                        best = k;
                        bv = v;
                    }
                }
                r[o * p.inner() + i] = best;
            }
        return r;
    }

    private static int[] outShape(int[] s, int axis, boolean keep) {
        boolean[] red = new boolean[s.length];
        red[axis] = true;
        return Shapes.reducedShape(s, red, keep);
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int axis = Shapes.axis(node.attrInt("axis", 0), s.length, node.describe());
        AxisPlan p = AxisPlan.of(s, axis);
        double[] x = T.d(in[0]);
        long[] r = argExtreme(i -> x[i], p, max(), node.attrInt("select_last_index", 0) != 0);
        return new Tensor[] {Tensor.ofInts(DType.INT64, outShape(s, axis, node.attrInt("keepdims", 1) != 0), r)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.use(0);
        int[] s = ctx.inShape(0);
        int axis = Shapes.axis(ctx.node().attrInt("axis", 0), s.length, ctx.where());
        AxisPlan p = AxisPlan.of(s, axis);
        ctx.q().put("axisPlan", p.outer(), p.len(), p.inner());
        ctx.q().put("last", ctx.node().attrInt("select_last_index", 0));
        ctx.setOutScale(0, 0);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long[] x = in[0];
        return new long[][] {argExtreme(i -> x[i], SoftmaxOp.plan(q), max(), q.i("last") != 0)};
    }
}
