package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.lookup.FunctionTable;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.ops.Shapes;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Softmax exactly as ml/quant's SoftmaxOp computes it, per slice along its axis (a single axis, or the flattened tail
 * of the opset &lt; 13 form: both are reduced axes of x's own shape): m = max of the slice, e = T_exp(requant(x - m,
 * s_x, s_T)) (the quantizer's exp table at scale 2^20, saturating or not), S = sum of e over the slice (exact),
 * y = divRound(e 2^s_y, S).
 *
 * <p>Proof. Advice: m (x's shape with the axes as 1), the table indices c and values e (x's shape), S and h =
 * floor(S/2) (m's shape). (1) m = max by {@link WindowMax} over {@link AxisMax#slots}: m - x_j in [0, 2^B) for every
 * cell of the slice and one is 0. (2) e = T(clamp(requant(x - m))) by {@link TableLookup}, the input's value at a
 * point p being x(p) - m(p|m) (the broadcast of m, {@link Broadcast}): nothing new is committed for x - m, which lies
 * in (-2^B, 0]. (3) S(r') = sum_j e_j eq(r', slice(j)) at a random r' over m's variables, a degree-2 sumcheck over x's
 * variables ({@link ReduceProof#weights}); S - 2h = par with par in [0, 2) and h in [0, 2^b) at r'. (4) At a random r
 * over x's variables: e(r) 2^s_y + h(r|m) - rem(r) = sum_j eq(r, j) S(j|m) y_j (the broadcast product, a degree-3
 * sumcheck or one check), with rem and S - 1 - rem in [0, 2^b) and y's range budget ({@link DivRound}).
 *
 * <p>Over the integers: x - m &lt;= 0 on every real entry by (1), so u = requant(x - m) &lt;= 0 and c = clamp(u) lies in
 * [lo, 0]: e = T(c) in [0, E] with E = max of T on [lo, 0] (= T(0) = 2^20, exp being increasing). So 0 &lt;= S &lt;= W E
 * (W the slice length) exactly, h = floor(S/2), and S = rem + slack + 1 &gt;= 1 by the range checks (honestly S &gt;= T(0)
 * since the maximum's own entry has x - m = 0): the division is well defined and (4) with 0 &lt;= rem &lt; S is
 * SoftmaxOp's divRound(e 2^s_y, S). Setup bounds E 2^s_y + W E and W E (2^(B-1) + 1) below 2^62, so nothing wraps.
 *
 * <p>Soundness error beyond the range checks', the lookup's, the claims' and the batched opening's: WindowMax's and
 * TableLookup's, plus (2 vars(m) + 2 vars(x)) / |F_ext| for (3) and (3 vars(x) + 3 vars(x)) / |F_ext| for (4).
 *
 * <p>Parameters: [rank of x, reduced flag per dimension of x, s_y, k (the rescale before the table)]; rules [exp];
 * inputs [x]; outputs [y].
 */
final class SoftmaxProof implements OpProof {
    /** Output scales beyond this are rejected (they keep every relation far below 2^62). */
    private static final int MAX_OUT_SCALE = 30;

    private record Decl(boolean[] red, int[] mShape, int so, int max, int exp, int sum, int half, WindowMax argmax, TableLookup lookup,
            RangeCheck halfRange, RangeCheck parity, DivRound div) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1 || q.outputs.size() != 1 || q.tables.size() != 1) throw CircuitCompiler.unsupported(q, "one input, one output and one table expected");
        int x = c.tensor(q, 0), y = c.output(q, 0);
        int[] xs = c.tensors.get(x).shape;
        if (!Arrays.equals(xs, q.inShapes[0]) || !Arrays.equals(xs, c.tensors.get(y).shape)) throw CircuitCompiler.unsupported(q, "input or output of another shape than the node's");
        boolean[] red = reducedAxes(xs, q.ints("axisPlan"));
        if (red == null) throw CircuitCompiler.unsupported(q, "softmax axis plan " + Arrays.toString(q.ints("axisPlan")) + " not over axes of the input");
        TableRule rule = q.tables.get(0);
        try {
            Circuit.functionTable(rule);
        } catch (IllegalArgumentException e) {
            throw CircuitCompiler.unsupported(q, e.getMessage());
        }
        int k = q.inScales[0] - rule.sIn(), so = q.outScales[0];
        if (TableLookup.unsupported(k) != null) throw CircuitCompiler.unsupported(q, TableLookup.unsupported(k));
        String why = bounds(AxisMax.window(xs, red), rule, so, k, c.rangeBits);
        if (why != null) throw CircuitCompiler.unsupported(q, why);
        long[] p = new long[3 + xs.length];
        p[0] = xs.length;
        for (int i = 0; i < xs.length; i++) p[1 + i] = red[i] ? 1 : 0;
        p[1 + xs.length] = so;
        p[2 + xs.length] = k;
        return new NodeSpec(q.op, q.name, new int[] {x}, new int[] {y}, p, List.of(rule));
    }

    /**
     * The axes of x the plan (outer, len, inner) reduces: one axis a with outer = prod before, len = x[a], inner =
     * prod after; or, with inner = 1, the tail from a (opset &lt; 13). Null if none fits.
     */
    static boolean[] reducedAxes(int[] xs, long[] plan) {
        if (plan == null || plan.length != 3 || xs.length == 0) return null;
        long outer = 1;
        for (int a = 0; a < xs.length; a++) {
            long tail = 1;
            for (int i = a + 1; i < xs.length; i++) tail *= xs[i];
            boolean[] red = new boolean[xs.length];
            if (outer == plan[0] && xs[a] == plan[1] && tail == plan[2]) {
                red[a] = true;
                return red;
            }
            if (outer == plan[0] && plan[2] == 1 && xs[a] * tail == plan[1]) {
                for (int i = a; i < xs.length; i++) red[i] = true;
                return red;
            }
            outer *= xs[a];
        }
        return null;
    }

    /** E: the largest table value on [lo, 0] (the indices x - m &lt;= 0 can reach), or -1 if some is negative. */
    private static long maxExp(TableRule rule) {
        long e = -1;
        for (long i = rule.lo(); i <= Math.min(0, rule.hi()); i++) {
            long v = rule.entry(i);
            if (v < 0) return -1;
            e = Math.max(e, v);
        }
        return e;
    }

    /** Null when every relation stays below 2^62 and the slice fits a window, else why not. */
    private static String bounds(long w, TableRule rule, long so, long k, int rangeBits) {
        if (w > WindowMax.MAX_WINDOW) return "softmax over " + w + " cells (at most " + WindowMax.MAX_WINDOW + ")";
        if (so < 0 || so > MAX_OUT_SCALE) return "softmax output scale 2^" + so;
        if (rule.lo() > 0 || rule.hi() < 0) return "exp table not covering 0";
        long e = maxExp(rule);
        if (e < 1) return "exp table with negative or no positive values";
        double maxS = (double) w * e;
        double m = Math.max(Math.scalb((double) e, (int) so) + maxS, maxS * (Math.scalb(1.0, rangeBits - 1) + 1));
        // the lookup's clamp relation: 2^k |u| with |u| < 2^(B + up + 2) + 2^15
        m = Math.max(m, Math.scalb(1.0, (int) Math.max(k, 0) + rangeBits + (int) Math.max(0, -k) + 3));
        return m >= 0x1p62 ? String.format("softmax bound 2^%.1f exceeds 2^62", Math.log(m) / Math.log(2)) : null;
    }

    private static int bits(long v) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(v));
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.rules.size() != 1 || n.p.length < 1) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] xs = d.tensor(n.in[0]).shape;
        if (n.p[0] != xs.length || n.p.length != 3 + xs.length || !Arrays.equals(xs, d.tensor(n.out[0]).shape)) throw new IllegalArgumentException(n.where() + ": malformed");
        boolean[] red = new boolean[xs.length];
        for (int i = 0; i < red.length; i++) {
            if ((n.p[1 + i] & ~1L) != 0) throw new IllegalArgumentException(n.where() + ": malformed reduced flag");
            red[i] = n.p[1 + i] == 1;
        }
        TableRule rule = n.rules.get(0);
        Circuit.functionTable(rule); // full domain, else malformed
        long so = n.p[1 + xs.length], k = n.p[2 + xs.length];
        if (Math.abs(k) > 64 || TableLookup.unsupported((int) k) != null || bounds(AxisMax.window(xs, red), rule, so, k, d.circuit().rangeBits) != null) {
            throw new IllegalArgumentException(n.where() + ": softmax parameters out of range");
        }
        int[] ms = Shapes.reducedShape(xs, red, true);
        long maxS = AxisMax.window(xs, red) * maxExp(rule);
        int max = d.aux("max", ms);
        WindowMax argmax = WindowMax.declare(d, "max.", n.in[0], max, AxisMax.slots(xs, red), false);
        int exp = d.aux("exp", xs);
        // x - m lies in (-2^B, 0]: one bit more than an activation's input
        TableLookup lookup = TableLookup.declare(d, "exp.", xs, exp, rule, (int) k, d.circuit().rangeBits);
        int sum = d.aux("sum", ms), half = d.aux("half", ms);
        RangeCheck halfRange = d.range("halfrange", ms, bits(maxS)), parity = d.range("parity", ms, 1);
        return new Decl(red, ms, (int) so, max, exp, sum, half, argmax, lookup, halfRange, parity, DivRound.declare(d, "", n.out[0], maxS));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        long[] x = w.values(n.in[0]);
        int[] map = Shapes.reduceIndex(w.vec(n.in[0]).shape, dc.red);
        long[] m = new long[Padding.size(dc.mShape)];
        Arrays.fill(m, Long.MIN_VALUE);
        for (int j = 0; j < x.length; j++) m[map[j]] = Math.max(m[map[j]], x[j]);
        witness(n, decl, w, m, c -> c);
    }

    /**
     * Prover: every advice vector of the node from the slice maxima m, the table indices passed through
     * {@code indices} (the identity; a test seam lets a cheating prover change m or c consistently); returns the
     * output those values imply (the executor's y in an honest run).
     */
    static long[] witness(NodeSpec n, Object decl, Witness w, long[] m, UnaryOperator<long[]> indices) {
        Decl dc = (Decl) decl;
        long[] x = w.values(n.in[0]);
        int[] map = Shapes.reduceIndex(w.vec(n.in[0]).shape, dc.red);
        int nm = m.length;
        w.set(dc.max, m);
        dc.argmax.witness(w);
        long[] shifted = new long[x.length];
        for (int j = 0; j < x.length; j++) shifted[j] = x[j] - m[map[j]];
        long[] honest = dc.lookup.witness(w, shifted, n.where()), c = indices.apply(honest);
        if (c != honest) w.set(dc.lookup.c, c);
        FunctionTable table = Circuit.functionTable(n.rules.get(0));
        long[] e = new long[x.length], sum = new long[nm];
        for (int j = 0; j < x.length; j++) {
            e[j] = Goldilocks.toSigned(table.apply(c[j]));
            sum[map[j]] += e[j];
        }
        w.set(dc.exp, e);
        long[] h = new long[nm], par = new long[nm];
        for (int i = 0; i < nm; i++) {
            h[i] = sum[i] >> 1;
            par[i] = sum[i] & 1;
        }
        w.set(dc.sum, sum);
        w.set(dc.half, h);
        w.range(dc.halfRange, h);
        w.range(dc.parity, par);
        long[] v = new long[x.length], dv = new long[x.length], y = new long[x.length];
        for (int j = 0; j < x.length; j++) {
            v[j] = e[j] << dc.so;
            dv[j] = sum[map[j]];
            y[j] = sum[map[j]] > 0 ? FixedPoint.divRound(v[j], dv[j]) : 0;
        }
        dc.div.witness(w, v, dv);
        return y;
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Vec x = s.circuit.vec(n.in[0]);
        int[] xs = x.shape, ms = dc.mShape;
        // (1) m = the slice's maximum
        dc.argmax.run(s);
        // (2) e = T(clamp(requant(x - m))), x - m evaluated from x and the broadcast m
        dc.lookup.run(s, (side, pt) -> side.open(n.in[0], pt).sub(broadcastAt(side, dc.max, ms, xs, pt)));
        // (3) S = sum of e over the slice, at r' over m's variables; h = floor(S/2) there
        GoldilocksExt2[] rm = s.challenges("softmax.sum", Padding.vars(ms));
        GoldilocksExt2 sr = s.open(dc.sum, rm), hr = s.open(dc.half, rm);
        s.check(s.range(dc.halfRange, rm).equals(hr), "half of the sum outside its range");
        s.check(s.range(dc.parity, rm).equals(sr.sub(hr.add(hr))), "half of the sum is not floor(S / 2)");
        ExtVec[] tables = s instanceof ProverCtx p ? new ExtVec[] {ExtVec.ofBase(p.padded(dc.exp)), ReduceProof.weights(xs, ms, dc.red, rm)} : null;
        Sumchecks.Result sc = PoolProof.sumcheck(s, "sum of the exponentials", () -> Sumchecks.run(s, SumOfProducts.product(2), tables, x.vars, sr));
        GoldilocksExt2 et = s.open(dc.exp, sc.point(), sc.eval(0));
        s.check(et.mul(ReduceProof.weightAt(xs, dc.red, rm, sc.point())).equals(sc.value()), "sum disagrees with the exponentials");
        // (4) e 2^s_y + h - rem = S y entry-wise (S, h broadcast along the axes), at r over x's variables
        GoldilocksExt2[] r = s.challenges("softmax.point", x.vars);
        GoldilocksExt2 ind = Padding.realIndicator(xs, r);
        GoldilocksExt2 rem = dc.div.remAt(s, r, broadcastAt(s, dc.sum, ms, xs, r), ind, s.open(n.out[0], r));
        GoldilocksExt2 claim = s.open(dc.exp, r).mulBase(1L << dc.so).add(broadcastAt(s, dc.half, ms, xs, r)).sub(rem);
        Broadcast.product(s, dc.sum, n.out[0], xs, r, claim, "softmax is not the rounded exponential over the sum");
    }

    /** v broadcast from shape {@code vs} to {@code xs} at p: v(p|v) times the real-entry indicator of the broadcast dims. */
    private static GoldilocksExt2 broadcastAt(Side s, int v, int[] vs, int[] xs, GoldilocksExt2[] p) {
        return s.open(v, Broadcast.subPoint(xs, vs, p)).mul(Broadcast.factor(xs, vs, p));
    }
}
