package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX DequantizeLinear: y = (x - zp) * scale; integer form: exact (x - zp) times the scale at weight precision, one rescale. */
public final class DequantizeLinearOp implements Op {
    @Override public String type() { return "DequantizeLinear"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        long[] x = T.l(in[0]);
        double[] sc = T.d(in[1]);
        long[] zp = Args.present(in, 2) ? T.l(in[2]) : new long[sc.length];
        int[] s = in[0].shape();
        int ax = QuantizeLinearOp.axis(node, s.length, sc.length);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int p = QuantizeLinearOp.param(i, s, ax, sc.length);
            y[i] = (x[i] - zp[p]) * sc[p];
        }
        return new Tensor[] {T.f(s, y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        if (!ctx.isConst(1)) throw new ModelException("DequantizeLinear needs a constant scale at " + ctx.where());
        ctx.useAll();
        ctx.q().put("axis", QuantizeLinearOp.axis(ctx.node(), ctx.inShape(0).length, ctx.constant(1).size()));
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int ax = (int) q.i("axis");
        long[] x = FixedPoint.requant(in[0], q.inScales[0], 0);
        long[] sc = in[1];
        long[] zp = in.length > 2 ? in[2] : null;
        int[] shape = q.inShapes[0];
        long[] y = new long[x.length];
        FixedPoint.checkProduct(FixedPoint.maxAbs(x) + 65536, FixedPoint.maxAbs(sc), 1, q.describe());
        for (int i = 0; i < x.length; i++) {
            int k = QuantizeLinearOp.param(i, shape, ax, sc.length);
            y[i] = (x[i] - (zp == null ? 0 : zp[k])) * sc[k];
        }
        return new long[][] {FixedPoint.requant(y, q.inScales[1], q.outScales[0])};
    }
}
