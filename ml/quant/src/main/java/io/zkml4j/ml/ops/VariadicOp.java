package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Shared form of Max, Min, Sum, Mean over any number of broadcast inputs: every input brought exactly
 * to the largest scale, folded pairwise, then (Mean) divided by the count with {@link FixedPoint#divRound}
 * and rescaled to the output scale.
 */
abstract class VariadicOp implements Op {
    protected abstract double f(double a, double b);

    protected abstract long g(long a, long b);

    protected boolean mean() {
        return false;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        DoubleBinaryOperator op = this::f;
        Tensor acc = in[0];
        for (int i = 1; i < in.length; i++) acc = Elementwise.binary(acc, in[i], null, op, node.describe());
        if (mean()) acc = Elementwise.unary(acc, x -> x / in.length);
        return new Tensor[] {acc};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.useAll();
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int sm = Integer.MIN_VALUE;
        for (int s : q.inScales) sm = Math.max(sm, s);
        sm = Math.min(sm, q.outScales[0] + AddOp.GUARD);
        LongBinaryOperator op = this::g;
        long[] acc = FixedPoint.requant(in[0], q.inScales[0], sm);
        int[] shape = q.inShapes[0];
        for (int i = 1; i < in.length; i++) {
            int[] next = Shapes.broadcast(shape, q.inShapes[i], q.describe());
            acc = Elementwise.binary(acc, shape, FixedPoint.requant(in[i], q.inScales[i], sm), q.inShapes[i], next, op);
            shape = next;
        }
        if (mean()) {
            long n = in.length;
            long[] r = new long[acc.length];
            for (int i = 0; i < r.length; i++) r[i] = FixedPoint.divRound(acc[i], n);
            acc = r;
        }
        return new long[][] {FixedPoint.requant(acc, sm, q.outScales[0])};
    }
}
