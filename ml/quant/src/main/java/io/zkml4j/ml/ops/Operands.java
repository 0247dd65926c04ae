package io.zkml4j.ml.ops;

import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * Operand scales of products: a runtime operand of a product is rescaled down so that the
 * accumulator scale s_a + s_b stays at most {@link #MAX_ACC_SCALE} (only tensors of tiny range have
 * scales that high; rescaling them loses nothing measurable against the other terms of the sum).
 */
final class Operands {
    private Operands() {}

    static final int MAX_ACC_SCALE = 48;

    /** Chooses the scale input i is used at, given its partner's scale; returns it. */
    static int cap(QuantContext ctx, int i, int partner) {
        int s = ctx.q().inScales[i];
        int use = Math.min(s, MAX_ACC_SCALE - partner);
        if (use != s) ctx.q().put("use" + i, use);
        return use;
    }

    /** The scale input i is used at. */
    static int scale(QNode q, int i) {
        return (int) q.i("use" + i, q.inScales[i]);
    }

    /** Input i at its use scale. */
    static long[] get(QNode q, long[] x, int i) {
        return FixedPoint.requant(x, q.inScales[i], scale(q, i));
    }
}
