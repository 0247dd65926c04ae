package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * An element-wise operator whose integer form is exact at the input's own scale (negation, absolute
 * value, ReLU, sign tests, floor/ceil/round by remainder): out = g(x, s) with the output at scale s.
 */
public abstract class ExactUnaryOp implements Op {
    /** Float semantics. */
    protected abstract double f(double x);

    /** Integer semantics for x at scale s; the result is at the same scale. */
    protected abstract long g(long x, int s);

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.unary(in[0], this::f)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.setOutScale(0, ctx.use(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int s = q.inScales[0];
        long[] x = in[0];
        long[] r = new long[x.length];
        for (int i = 0; i < x.length; i++) r[i] = g(x[i], s);
        return new long[][] {r};
    }
}
