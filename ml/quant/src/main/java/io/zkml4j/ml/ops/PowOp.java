package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import io.zkml4j.ml.quant.UnaryFunction;

/**
 * ONNX Pow. Constant scalar exponent: 1 is the identity, small positive integers are repeated exact
 * products (each rescaled to the output scale), 0.5 is {@link SqrtOp}'s exact square root, anything
 * else one table lookup of x^p. Constant scalar base with runtime exponent: a lookup of base^x.
 */
public final class PowOp implements Op {
    @Override public String type() { return "Pow"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.binary(in[0], in[1], in[0].dtype().isFloat() ? in[0].dtype() : in[1].dtype(), Math::pow, node.describe())};
    }

    @Override
    public void quantize(QuantContext ctx) {
        QNode q = ctx.q();
        int so = ctx.defaultOutScale(0);
        if (ctx.isConst(1) && ctx.constant(1).size() == 1) {
            double p = ctx.constant(1).getAsDouble(0);
            ctx.use(0);
            if (p == Math.rint(p) && p >= 1 && p <= 8) {
                q.put("mode", 0, (long) p);
            } else if (p == 0.5) {
                q.put("mode", 1);
            } else {
                q.put("mode", 2);
                UnaryLookupOp.addTable(ctx, ctx.inMax(0) * ctx.policy().headroom, UnaryFunction.POW, new double[] {p}, Double.POSITIVE_INFINITY, so);
            }
        } else if (ctx.isConst(0) && ctx.constant(0).size() == 1) {
            double b = ctx.constant(0).getAsDouble(0);
            ctx.use(1);
            q.put("mode", 3);
            UnaryLookupOp.addTable(ctx, ctx.inMax(1) * ctx.policy().headroom, UnaryFunction.EXP_BASE, new double[] {b}, Double.POSITIVE_INFINITY, so);
        } else {
            throw new ModelException("Pow needs a constant scalar base or exponent at " + ctx.where());
        }
        ctx.setOutScale(0, so);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long[] m = q.ints("mode");
        int so = q.outScales[0];
        switch ((int) m[0]) {
            case 0 -> {
                int s = q.inScales[0];
                long[] x = in[0];
                long[] acc = FixedPoint.requant(x, s, so);
                int sAcc = so;
                for (long k = 1; k < m[1]; k++) {
                    FixedPoint.checkProduct(FixedPoint.maxAbs(acc), FixedPoint.maxAbs(x), 1, q.describe());
                    long[] r = new long[x.length];
                    for (int i = 0; i < x.length; i++) r[i] = acc[i] * x[i];
                    acc = FixedPoint.requant(r, sAcc + s, so);
                }
                return new long[][] {acc};
            }
            case 1 -> {
                return new long[][] {SqrtOp.sqrt(q, in[0], q.inScales[0], so)};
            }
            case 2 -> {
                return new long[][] {UnaryLookupOp.lookup(q, 0, in[0], q.inScales[0])};
            }
            default -> {
                return new long[][] {UnaryLookupOp.lookup(q, 0, in[1], q.inScales[1])};
            }
        }
    }
}
