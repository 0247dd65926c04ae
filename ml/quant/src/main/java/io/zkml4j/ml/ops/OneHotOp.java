package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX OneHot(indices, depth, values=[off, on]) with axis: equality tests of the integer index against each position. */
public final class OneHotOp implements Op {
    @Override public String type() { return "OneHot"; }

    static long[] compute(long[] idx, int[] is, int depth, int axis, long off, long on) {
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= is[i];
        int inner = idx.length / Math.max(outer, 1);
        long[] r = new long[outer * depth * inner];
        for (int o = 0; o < outer; o++)
            for (int d = 0; d < depth; d++)
                for (int i = 0; i < inner; i++) {
                    long j = idx[o * inner + i];
                    if (j < 0) j += depth;
                    r[(o * depth + d) * inner + i] = j == d ? on : off;
                }
        return r;
    }

    private static int[] outShape(int[] is, int depth, int axis) {
        int[] s = new int[is.length + 1];
        for (int i = 0, k = 0; i < s.length; i++) s[i] = i == axis ? depth : is[k++];
        return s;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] is = in[0].shape();
        int depth = (int) in[1].getAsDouble(0);
        int axis = Shapes.axis(node.attrInt("axis", -1), is.length + 1, node.describe());
        long[] idx = T.l(in[0]);
        double off = in[2].getAsDouble(0), on = in[2].getAsDouble(1);
        long[] r = compute(idx, is, depth, axis, 0, 1);
        double[] v = new double[r.length];
        for (int i = 0; i < v.length; i++) v[i] = r[i] == 1 ? on : off;
        return new Tensor[] {T.of(in[2].dtype(), outShape(is, depth, axis), v)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.use(0);
        int so = ctx.defaultOutScale(0);
        Tensor vals = ctx.constant(2);
        int depth = (int) ctx.constant(1).getAsDouble(0);
        int axis = Shapes.axis(ctx.node().attrInt("axis", -1), ctx.inShape(0).length + 1, ctx.where());
        ctx.q().put("onehot", depth, axis, io.zkml4j.ml.quant.FixedPoint.quantize(vals.getAsDouble(0), so),
                io.zkml4j.ml.quant.FixedPoint.quantize(vals.getAsDouble(1), so));
        ctx.setOutScale(0, so);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long[] p = q.ints("onehot");
        long[] x = io.zkml4j.ml.quant.FixedPoint.requant(in[0], q.inScales[0], 0);
        return new long[][] {compute(x, q.inShapes[0], (int) p[0], (int) p[1], p[2], p[3])};
    }
}
