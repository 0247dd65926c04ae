package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX Softsign: x/(1+|x|) as one exact rounded division, out = divRound(x * 2^s_out, 2^s_in + |x|).
 * Not a table: softsign has slope 1 at 0 yet reaches its limit only like 1/x, so no 16-bit table
 * domain resolves both ends (a table lost 1% on inputs of magnitude ~300).
 */
public final class SoftsignOp implements Op {
    @Override public String type() { return "Softsign"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.unary(in[0], x -> x / (1 + Math.abs(x)))};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.use(0);
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int sIn = q.inScales[0];
        int sOut = q.outScales[0];
        long one = 1L << sIn;
        FixedPoint.checkProduct(FixedPoint.maxAbs(in[0]), 1L << sOut, 1, q.describe());
        return new long[][] {Elementwise.unary(in[0], x -> FixedPoint.divRound(x << sOut, one + Math.abs(x)))};
    }
}
