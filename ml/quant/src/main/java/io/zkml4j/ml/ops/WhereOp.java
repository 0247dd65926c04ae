package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX Where(cond, a, b) with broadcasting: b' + cond * (a' - b') with a, b at the output scale. */
public final class WhereOp implements Op {
    @Override public String type() { return "Where"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] out = Shapes.broadcast(new int[][] {in[0].shape(), in[1].shape(), in[2].shape()}, node.describe());
        int[] ic = Shapes.broadcastIndex(out, in[0].shape());
        int[] ia = Shapes.broadcastIndex(out, in[1].shape());
        int[] ib = Shapes.broadcastIndex(out, in[2].shape());
        int n = Shapes.size(out);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            boolean c = in[0].getAsLong(ic == null ? i : ic[i]) != 0;
            r[i] = c ? in[1].getAsDouble(ia == null ? i : ia[i]) : in[2].getAsDouble(ib == null ? i : ib[i]);
        }
        return new Tensor[] {T.of(in[1].dtype(), out, r)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.useAll();
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int so = q.outScales[0];
        int[] out = q.outShapes[0];
        long[] c = Elementwise.expand(in[0], q.inShapes[0], out);
        long[] a = Elementwise.expand(FixedPoint.requant(in[1], q.inScales[1], so), q.inShapes[1], out);
        long[] b = Elementwise.expand(FixedPoint.requant(in[2], q.inScales[2], so), q.inShapes[2], out);
        long[] r = new long[c.length];
        for (int i = 0; i < r.length; i++) r[i] = c[i] != 0 ? a[i] : b[i];
        return new long[][] {r};
    }
}
