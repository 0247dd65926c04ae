package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * ONNX TopK (k as attribute before opset 10, input after; largest; sorted): a permutation proven
 * by comparisons; ties go to the lower index. Values keep the input scale; indices are int64.
 */
public final class TopKOp implements Op {
    @Override public String type() { return "TopK"; }

    /** For every slice, the k selected positions along the axis, in output order. */
    static int[][] select(IntToDoubleFunction x, AxisPlan p, int k, boolean largest) {
        int[][] r = new int[p.outer() * p.inner()][];
        Integer[] idx = new Integer[p.len()];
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++) {
                final int oo = o, ii = i;
                for (int j = 0; j < idx.length; j++) idx[j] = j;
                Arrays.sort(idx, (a, b) -> {
                    int c = Double.compare(x.applyAsDouble(p.index(oo, a, ii)), x.applyAsDouble(p.index(oo, b, ii)));
                    if (largest) c = -c;
                    return c != 0 ? c : Integer.compare(a, b);
                });
                int[] sel = new int[k];
                for (int j = 0; j < k; j++) sel[j] = idx[j];
                r[o * p.inner() + i] = sel;
            }
        return r;
    }

    /** k, checked against the axis length before anything is allocated from it. */
    private static int k(Node node, Tensor[] in, int axisLength) {
        long k = Args.present(in, 1) ? in[1].getAsLong(0) : node.attrInt("k", 1);
        if (k < 0 || k > axisLength) {
            throw new ModelException(node.describe() + ": k = " + k + " outside [0, " + axisLength + "] (the length of the TopK axis)");
        }
        return (int) k;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int axis = Shapes.axis(node.attrInt("axis", -1), s.length, node.describe());
        AxisPlan p = AxisPlan.of(s, axis);
        int k = k(node, in, p.len());
        double[] x = T.d(in[0]);
        int[][] sel = select(i -> x[i], p, k, node.attrInt("largest", 1) != 0);
        int[] os = s.clone();
        os[axis] = k;
        AxisPlan po = AxisPlan.of(os, axis);
        double[] v = new double[Shapes.size(os)];
        long[] ix = new long[v.length];
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++)
                for (int j = 0; j < k; j++) {
                    int src = sel[o * p.inner() + i][j];
                    v[po.index(o, j, i)] = x[p.index(o, src, i)];
                    ix[po.index(o, j, i)] = src;
                }
        return new Tensor[] {T.of(in[0].dtype(), os, v), Tensor.ofInts(DType.INT64, os, ix)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int s = ctx.use(0);
        int[] sh = ctx.inShape(0);
        int axis = Shapes.axis(ctx.node().attrInt("axis", -1), sh.length, ctx.where());
        AxisPlan p = AxisPlan.of(sh, axis);
        Tensor[] args = new Tensor[2];
        if (ctx.present(1)) args[1] = ctx.constant(1);
        ctx.q().put("axisPlan", p.outer(), p.len(), p.inner());
        ctx.q().put("k", k(ctx.node(), args, p.len()));
        ctx.q().put("largest", ctx.node().attrInt("largest", 1));
        ctx.setOutScale(0, s);
        if (ctx.numOutputs() > 1) ctx.setOutScale(1, 0);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        AxisPlan p = SoftmaxOp.plan(q);
        int k = (int) q.i("k");
        long[] x = in[0];
        int[][] sel = select(i -> x[i], p, k, q.i("largest") != 0);
        AxisPlan po = new AxisPlan(p.outer(), k, p.inner());
        long[] v = new long[p.outer() * k * p.inner()];
        long[] ix = new long[v.length];
        for (int o = 0; o < p.outer(); o++)
            for (int i = 0; i < p.inner(); i++)
                for (int j = 0; j < k; j++) {
                    int src = sel[o * p.inner() + i][j];
                    v[po.index(o, j, i)] = x[p.index(o, src, i)];
                    ix[po.index(o, j, i)] = src;
                }
        return q.outShapes.length > 1 ? new long[][] {v, ix} : new long[][] {v};
    }
}
