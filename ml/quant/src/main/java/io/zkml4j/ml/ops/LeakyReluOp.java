package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX LeakyRelu: x for x >= 0, else rescale(x * alpha_q, s_alpha) with alpha quantized at 16 bits (sign by range check). */
public final class LeakyReluOp implements Op {
    @Override public String type() { return "LeakyRelu"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        double a = node.attrFloat("alpha", 0.01f);
        return new Tensor[] {Elementwise.unary(in[0], x -> x >= 0 ? x : a * x)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        double a = ctx.node().attrFloat("alpha", 0.01f);
        int sa = ctx.policy().weightScale(Math.abs(a));
        ctx.q().put("alpha", FixedPoint.quantize(a, sa), sa);
        ctx.setOutScale(0, ctx.use(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long[] p = q.ints("alpha");
        long a = p[0];
        int sa = (int) p[1];
        FixedPoint.checkProduct(FixedPoint.maxAbs(in[0]), Math.abs(a), 1, q.describe());
        return new long[][] {Elementwise.unary(in[0], x -> x >= 0 ? x : FixedPoint.rescale(x * a, sa))};
    }
}
