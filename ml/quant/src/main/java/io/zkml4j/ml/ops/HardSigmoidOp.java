package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX HardSigmoid: clamp(alpha*x + beta, 0, 1) with alpha at 16 bits, computed at scale s_in + s_alpha, then rescaled. */
public final class HardSigmoidOp implements Op {
    @Override public String type() { return "HardSigmoid"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        double a = node.attrFloat("alpha", 0.2f);
        double b = node.attrFloat("beta", 0.5f);
        return new Tensor[] {Elementwise.unary(in[0], x -> Math.max(0, Math.min(1, a * x + b)))};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int s = ctx.use(0);
        double a = ctx.node().attrFloat("alpha", 0.2f);
        double b = ctx.node().attrFloat("beta", 0.5f);
        int sa = ctx.policy().weightScale(Math.abs(a));
        ctx.q().put("alpha", FixedPoint.quantize(a, sa), sa, FixedPoint.quantize(b, s + sa));
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long[] p = q.ints("alpha");
        int sAcc = q.inScales[0] + (int) p[1];
        long one = 1L << sAcc;
        FixedPoint.checkProduct(FixedPoint.maxAbs(in[0]), Math.abs(p[0]), 1, q.describe());
        int so = q.outScales[0];
        return new long[][] {Elementwise.unary(in[0], x -> FixedPoint.requant(FixedPoint.clamp(x * p[0] + p[2], 0, one), sAcc, so))};
    }
}
