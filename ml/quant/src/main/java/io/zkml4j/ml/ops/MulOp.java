package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX Mul: the exact product (scale s_a + s_b), rescaled to the output scale. */
public final class MulOp implements Op {
    @Override public String type() { return "Mul"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.binary(in[0], in[1], null, (a, b) -> a * b, node.describe())};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.useAll();
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        return new long[][] {product(q, in[0], q.inShapes[0], q.inScales[0], in[1], q.inShapes[1], q.inScales[1], q.outShapes[0], q.outScales[0])};
    }

    /** Broadcast product of a (scale sa) and b (scale sb), rescaled to scale sOut. */
    static long[] product(QNode q, long[] a, int[] sha, int sa, long[] b, int[] shb, int sb, int[] out, int sOut) {
        FixedPoint.checkProduct(FixedPoint.maxAbs(a), FixedPoint.maxAbs(b), 1, q.describe());
        long[] r = Elementwise.arith(Elementwise.Arith.MUL, a, sha, b, shb, out);
        return FixedPoint.requantInPlace(r, sa + sb, sOut);
    }
}
