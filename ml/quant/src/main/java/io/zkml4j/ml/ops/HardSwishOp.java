package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX HardSwish: x * clamp(x/6 + 1/2, 0, 1), from the clamp of (x + 3*2^s) in [0, 6*2^s], a product and one division by the constant 6. */
public final class HardSwishOp implements Op {
    @Override public String type() { return "HardSwish"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.unary(in[0], x -> x * Math.max(0, Math.min(1, x / 6 + 0.5)))};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.setOutScale(0, ctx.use(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int s = q.inScales[0];
        long three = 3L << s;
        FixedPoint.checkProduct(FixedPoint.maxAbs(in[0]), 2 * FixedPoint.maxAbs(in[0]) + three, 1, q.describe());
        return new long[][] {Elementwise.unary(in[0], x -> FixedPoint.divRound(x * FixedPoint.clamp(x + three, 0, 2 * three), 6L << s))};
    }
}
