package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX Add: both operands are brought exactly to the larger scale, added, then rescaled to the output scale. */
public final class AddOp implements Op {
    @Override public String type() { return "Add"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.binary(in[0], in[1], null, Double::sum, node.describe())};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.useAll();
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        return new long[][] {addScaled(q, in[0], in[1], 1)};
    }

    /** Extra fractional bits kept while adding, beyond the output scale. */
    static final int GUARD = 4;

    /** s_m, the scale both operands of an Add or Sub are brought to (the prover proves the same). */
    public static int sumScale(QNode q) {
        return Math.min(Math.max(q.inScales[0], q.inScales[1]), q.outScales[0] + GUARD);
    }

    /**
     * a + sign*b at the output scale; shared with Sub. Both operands are brought to
     * s_m = min(max(s_a, s_b), s_out + GUARD) (exactly when growing, by rescale when shrinking), added exactly, then rescaled.
     */
    static long[] addScaled(QNode q, long[] a, long[] b, int sign) {
        int sm = sumScale(q);
        long[] x = FixedPoint.requant(a, q.inScales[0], sm);
        long[] y = FixedPoint.requant(b, q.inScales[1], sm);
        long[] r = Elementwise.arith(sign > 0 ? Elementwise.Arith.ADD : Elementwise.Arith.SUB, x, q.inShapes[0], y, q.inShapes[1], q.outShapes[0]);
        return FixedPoint.requantInPlace(r, sm, q.outScales[0]);
    }
}
