package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.LookupTable;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import io.zkml4j.ml.quant.QuantPolicy;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.ml.quant.UnaryFunction;

/**
 * An element-wise function computed by one table lookup: the input x (scale s_in) is rescaled to
 * the table scale s_t ({@link FixedPoint#requant}), then out = T(x') with
 * T(i) = round(f(i / 2^s_t) * 2^s_out). The table domain is the 16-bit signed range; s_t is the
 * largest scale whose domain covers the calibrated range with headroom, capped for functions that
 * are flat beyond {@link #flatBeyond} (those saturate: the input is clamped to the domain).
 */
public abstract class UnaryLookupOp implements Op {
    /** How far beyond the calibrated range (with headroom) a flattening function's table reaches. */
    static final double SATURATING_WIDEN = 4;

    protected abstract UnaryFunction fn(Node node);

    /** Function parameters read from the node's attributes. */
    protected double[] params(Node node) {
        return new double[0];
    }

    /**
     * |x| beyond which f is constant to within 2^-24 (then the table saturates), or +inf if f is not
     * flat (inputs outside the table's domain are then an error).
     */
    protected double flatBeyond() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        double[] p = params(node);
        UnaryFunction f = fn(node);
        DType t = in[0].dtype().isFloat() ? in[0].dtype() : DType.FLOAT;
        double[] x = T.d(in[0]);
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = f.apply(x[i], p);
        return new Tensor[] {T.of(t, in[0].shape(), r)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int sIn = ctx.use(0);
        int sOut = ctx.defaultOutScale(0);
        double range = ctx.inMax(0) * ctx.policy().headroom;
        // A function that flattens out (sigmoid, tanh, erf) widens its domain up to SATURATING_WIDEN times toward
        // the flat point, for 2 bits of table resolution: inputs beyond the calibrated range are common for these
        // and then still land in the table; once the domain reaches the flat point every input does (clamped).
        double flat = flatBeyond();
        if (Double.isFinite(flat)) range = Math.min(flat, range * SATURATING_WIDEN);
        addTable(ctx, range, fn(ctx.node()), params(ctx.node()), flat, sOut);
        ctx.setOutScale(0, sOut);
    }

    /**
     * Adds the table for f on inputs of magnitude up to {@code range} (saturating beyond {@code flat})
     * with outputs at scale sOut; returns its rule.
     */
    public static TableRule addTable(QuantContext ctx, double range, UnaryFunction f, double[] p, double flat, int sOut) {
        boolean saturate = range >= flat;
        if (saturate) range = flat;
        int bits = TableRule.MAX_BITS;
        int sT = QuantPolicy.tableScale(range, bits);
        long half = 1L << (bits - 1);
        TableRule rule = new TableRule(f, p, sT, sOut, bits, -half, half - 1, saturate);
        ctx.q().tables.add(rule);
        return rule;
    }

    /** Rescales x (scale sIn) to the input scale of table {@code t} and looks it up. */
    public static long[] lookup(QNode q, int t, long[] x, int sIn) {
        TableRule rule = q.tables.get(t);
        return LookupTable.of(rule).apply(FixedPoint.requant(x, sIn, rule.sIn()), q.describe());
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        return new long[][] {lookup(q, 0, in[0], q.inScales[0])};
    }
}
