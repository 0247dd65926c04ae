package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX Div. Integer types: truncating integer division (exact, with remainder). Constant float
 * divisor: multiplication by the quantized reciprocal. Runtime divisor: round-half-up division with
 * remainder, q = divRound(a * 2^e, b) with e = s_out + s_b - s_a (sign of b folded into a).
 */
public final class DivOp implements Op {
    @Override public String type() { return "Div"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        if (T.isInt(in[0]) && T.isInt(in[1])) {
            long[] a = T.l(in[0]);
            long[] b = T.l(in[1]);
            return new Tensor[] {Elementwise.binary(in[0], in[1], null, (x, y) -> {
                if (y == 0) throw new ModelException("integer division by zero at " + node.describe());
                return (double) ((long) x / (long) y);
            }, node.describe())};
        }
        return new Tensor[] {Elementwise.binary(in[0], in[1], in[0].dtype().isFloat() ? in[0].dtype() : in[1].dtype(), (a, b) -> a / b, node.describe())};
    }

    @Override
    public void quantize(QuantContext ctx) {
        QNode q = ctx.q();
        if (ctx.inIsInt(0) && ctx.inIsInt(1) && ctx.outIsInt(0)) {
            ctx.useAll();
            q.put("mode", 0);
            ctx.setOutScale(0, 0);
            return;
        }
        int sOut = ctx.defaultOutScale(0);
        ctx.use(0);
        if (ctx.isConst(1)) {
            Tensor b = ctx.constant(1);
            double[] r = new double[b.size()];
            double m = 0;
            for (int i = 0; i < r.length; i++) {
                double v = b.getAsDouble(i);
                if (v == 0) throw new ModelException("division by constant zero at " + ctx.where());
                r[i] = 1.0 / v;
                m = Math.max(m, Math.abs(r[i]));
            }
            int s = ctx.policy().weightScale(m);
            long[] v = new long[r.length];
            for (int i = 0; i < r.length; i++) v[i] = FixedPoint.quantize(r[i], s);
            ctx.useDerivedConst(1, ctx.node().inputs().get(1) + ".reciprocal", b.shape(), s, v);
            q.put("mode", 1);
        } else {
            ctx.use(1);
            q.put("mode", 2);
        }
        ctx.setOutScale(0, sOut);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long mode = q.i("mode");
        int[] sa = q.inShapes[0], sb = q.inShapes[1], so = q.outShapes[0];
        if (mode == 0) {
            return new long[][] {Elementwise.binary(in[0], sa, in[1], sb, so, (x, y) -> {
                if (y == 0) throw new ModelException("integer division by zero at " + q.describe());
                return x / y;
            })};
        }
        if (mode == 1) {
            return new long[][] {MulOp.product(q, in[0], sa, q.inScales[0], in[1], sb, q.inScales[1], so, q.outScales[0])};
        }
        return new long[][] {divide(q, in[0], sa, q.inScales[0], in[1], sb, q.inScales[1], so, q.outScales[0])};
    }

    /** round(a / b) at scale sOut for runtime a (scale s_a) and b (scale s_b): divRound(a * 2^e, b) or divRound(a, b * 2^-e). */
    static long[] divide(QNode q, long[] a, int[] sha, int sa, long[] b, int[] shb, int sb, int[] out, int sOut) {
        int e = sOut + sb - sa;
        String where = q.describe();
        if (e >= 0) {
            if (e >= 62) throw new ModelException("fixed-point overflow in division at " + where);
            long bound = FixedPoint.LIMIT >> e;
            return Elementwise.binary(a, sha, b, shb, out, (x, y) -> {
                if (Math.abs(x) >= bound) throw new ModelException("fixed-point overflow in division at " + where + "; value out of calibrated range");
                return Elementwise.divSigned(x << e, y, where);
            });
        }
        int k = -e;
        long bound = k >= 62 ? 0 : FixedPoint.LIMIT >> k;
        return Elementwise.binary(a, sha, b, shb, out, (x, y) -> {
            if (Math.abs(y) >= bound) throw new ModelException("fixed-point overflow in division at " + where + "; value out of calibrated range");
            return Elementwise.divSigned(x, y << k, where);
        });
    }
}
