package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.Decimal;
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
 * Softmax, LogSoftmax and ReduceLogSumExp exactly as ml/quant's SoftmaxOp, LogSoftmaxOp and ReduceOp compute them,
 * per slice along their axis (a single axis, or the flattened tail of the opset &lt; 13 form; ReduceLogSumExp: its
 * reduced axes; all are reduced axes of x's own shape): m = max of the slice, e = T_exp(requant(x - m, s_x, s_T)) (the
 * quantizer's exp table, outputs at scale 2^20, saturating or not), S = sum of e over the slice (exact); Softmax y =
 * divRound(e 2^s_y, S); LogSoftmax y = requant(x - m, s_x, s_y) - T_log(requant(S, 20, s_L)); ReduceLogSumExp (one
 * value per slice) y = requant(m, s_x, s_y) + T_log(requant(S, 20, s_L)).
 *
 * <p>Proof, shared part. Advice: m (x's shape with the axes as 1), the table indices c and values e (x's shape), S
 * (m's shape). (1) m = max by {@link WindowMax} over {@link AxisMax#slots}: m - x_j in [0, 2^B) for every cell of the
 * slice and one is 0. (2) e = T(clamp(requant(x - m))) by {@link TableLookup}, the input's value at a point p being
 * x(p) - m(p|m) (the broadcast of m, {@link Broadcast}): nothing new is committed for x - m, which lies in (-2^B, 0].
 * (3) S(r') = sum_j e_j eq(r', slice(j)) at a random r' over m's variables, a degree-2 sumcheck over x's variables
 * ({@link ReduceProof#weights}). Over the integers: x - m &lt;= 0 on every real entry by (1), so u = requant(x - m)
 * &lt;= 0 and c = clamp(u) lies in [lo, 0]: e = T(c) in [0, E] with E = max of T on [lo, 0] (= T(0) = 2^20, exp being
 * increasing), and the slice's maximum has x - m = 0, so e = T(0) there: T(0) &lt;= S &lt;= W E (W the slice length).
 *
 * <p>Softmax. Advice h = floor(S/2) (m's shape): S - 2h = par with par in [0, 2) and h in [0, 2^b) at r'. (4) At a
 * random r over x's variables: e(r) 2^s_y + h(r|m) - rem(r) = sum_j eq(r, j) S(j|m) y_j (the broadcast product, a
 * degree-3 sumcheck or one check), with rem and S - 1 - rem in [0, 2^b) and y's range budget ({@link DivRound}): with
 * 0 &lt;= rem &lt; S (S &gt;= 1 also follows from the two ranges) this is SoftmaxOp's divRound(e 2^s_y, S).
 *
 * <p>LogSoftmax. Advice L = T_log(requant(S, 20, s_L)) (m's shape) by a second {@link TableLookup} on S (|S| &lt; 2^b).
 * (4') At a random r over x's variables, with q = y + L(.|m) and d = x - m(.|m): 2^k q + rem - 2^(k-1) = d with rem in
 * [0, 2^k) (k = s_x - s_y &gt; 0), or q = 2^-k d; y's range budget; so q = requant(x - m, s_x, s_y) and y = q - L.
 *
 * <p>ReduceLogSumExp. The same log lookup L on S; (4'') at a random r over m's variables (y's: the reduced shape with
 * or without its 1s has m's padded layout), with q = y - L: 2^k q + rem - 2^(k-1) = m with rem in [0, 2^k), or q =
 * 2^-k m; y's range budget; so q = requant(m, s_x, s_y) and y = q + L, ReduceOp's value.
 *
 * <p>Setup bounds every relation below 2^62 (E 2^s_y + W E and W E (2^(B-1) + 1) for the division; 2^k (2^(B-1) +
 * max |T_log|) for LogSoftmax's rescale), so nothing wraps. Soundness error beyond the range checks', the lookups',
 * the claims' and the batched opening's: WindowMax's and TableLookup's, plus (2 vars(m) + 2 vars(x)) / |F_ext| for
 * (3), (3 vars(m) + 6 vars(x)) / |F_ext| for (4), 3 vars(x) / |F_ext| for (4'), 3 vars(m) / |F_ext| for (4'').
 *
 * <p>Parameters: [rank of x, reduced flag per dimension of x, s_y, k (the rescale before the exp table)], LogSoftmax
 * and ReduceLogSumExp then [k_L (the rescale of S before the log table), s_x - s_y]; rules [exp] (LogSoftmax [exp, log]); inputs [x];
 * outputs [y].
 */
final class SoftmaxProof implements OpProof {
    /** Output scales beyond this are rejected (they keep every relation far below 2^62). */
    private static final int MAX_OUT_SCALE = 30;
    /** The scale of e and S (SoftmaxOp.EXP_SCALE): LogSoftmax rescales S from it before the log table. */
    static final int EXP_SCALE = 20;

    /** The shared part: m, its window check, the exp lookup on x - m, e and S. */
    private record Exps(boolean[] red, int[] mShape, int max, int exp, int sum, WindowMax argmax, TableLookup lookup) {}

    /** Softmax's division. */
    private record Division(DivRound.Half half, DivRound div) {}

    /** LogSoftmax's log lookup on S and the rescale of x - m. */
    private record Log(int log, TableLookup lookup, int shift, RangeCheck rem, RangeCheck bound) {}

    private record Decl(Exps exps, int so, Division division, Log log) {}

    /** LogSoftmax and ReduceLogSumExp: the log of the sum. */
    private static boolean isLog(String op) {
        return op.equals("LogSoftmax") || isLse(op);
    }

    /** ReduceLogSumExp: one value per slice, from the maximum rather than from each entry. */
    private static boolean isLse(String op) {
        return op.equals("ReduceLogSumExp");
    }

    /** The output's shape fits the reduction: x's own (Softmax, LogSoftmax) or the reduced one (ReduceLogSumExp). */
    private static boolean outputFits(String op, int[] xs, boolean[] red, int[] ys) {
        return isLse(op) ? ReduceProof.outputShapeFits(xs, red, ys) : Arrays.equals(xs, ys);
    }

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        boolean log = isLog(q.op);
        if (q.inputs.size() != 1 || q.outputs.size() != 1 || q.tables.size() != (log ? 2 : 1)) throw CircuitCompiler.unsupported(q, "one input, one output and " + (log ? 2 : 1) + " tables expected");
        int x = c.tensor(q, 0), y = c.output(q, 0);
        int[] xs = c.tensors.get(x).shape;
        boolean[] red = isLse(q.op) ? reducedFlags(xs, q.ints("reduced")) : reducedAxes(xs, q.ints("axisPlan"));
        if (red == null) throw CircuitCompiler.unsupported(q, "softmax axis plan " + Arrays.toString(q.ints(isLse(q.op) ? "reduced" : "axisPlan")) + " not over axes of the input");
        if (!Arrays.equals(xs, q.inShapes[0]) || !outputFits(q.op, xs, red, c.tensors.get(y).shape)) throw CircuitCompiler.unsupported(q, "input or output of another shape than the node's");
        for (TableRule rule : q.tables) {
            try {
                Circuit.functionTable(rule);
            } catch (IllegalArgumentException e) {
                throw CircuitCompiler.unsupported(q, e.getMessage());
            }
        }
        TableRule rule = q.tables.get(0);
        if (rule.sOut() != EXP_SCALE) throw CircuitCompiler.unsupported(q, "exp table at scale 2^" + rule.sOut());
        int k = q.inScales[0] - rule.sIn(), so = q.outScales[0];
        long[] p = new long[(log ? 5 : 3) + xs.length];
        p[0] = xs.length;
        for (int i = 0; i < xs.length; i++) p[1 + i] = red[i] ? 1 : 0;
        p[1 + xs.length] = so;
        p[2 + xs.length] = k;
        if (log) {
            p[3 + xs.length] = EXP_SCALE - q.tables.get(1).sIn();
            p[4 + xs.length] = q.inScales[0] - so;
        }
        String why = bounds(xs, red, q.tables, p, c.rangeBits);
        if (why != null) throw CircuitCompiler.unsupported(q, why);
        return new NodeSpec(q.op, q.name, new int[] {x}, new int[] {y}, p, q.tables);
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

    /** A reduction's flags (ReduceOp's "reduced", one 0/1 per dimension of x), or null if malformed. */
    private static boolean[] reducedFlags(int[] xs, long[] flags) {
        if (flags == null || flags.length != xs.length || xs.length == 0) return null;
        boolean[] red = new boolean[xs.length];
        for (int i = 0; i < red.length; i++) {
            if ((flags[i] & ~1L) != 0) return null;
            red[i] = flags[i] == 1;
        }
        return red;
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

    /** The largest |T_log| on the indices requant(S, 20, s_L) reaches for S in [T_exp(0), maxS]. */
    private static long maxLog(TableRule exp, TableRule log, long maxS) {
        long lo = Math.max(log.lo(), FixedPoint.requant(exp.entry(0), EXP_SCALE, log.sIn()));
        long hi = Math.min(log.hi(), FixedPoint.requant(maxS, EXP_SCALE, log.sIn()));
        long m = 0;
        for (long i = lo; i <= hi; i++) m = Math.max(m, Math.abs(log.entry(i)));
        return m;
    }

    private static double pow2(long e) {
        return FixedPoint.scalb(1.0, (int) e);
    }

    /** Null when every relation stays below 2^62 and the slice fits a window, else why not (p: the node's parameters). */
    private static String bounds(int[] xs, boolean[] red, List<TableRule> rules, long[] p, int rangeBits) {
        long w = AxisMax.window(xs, red);
        if (w > WindowMax.MAX_WINDOW) return "softmax over " + w + " cells (at most " + WindowMax.MAX_WINDOW + ")";
        int at = 1 + xs.length;
        long so = p[at], k = p[at + 1];
        if (so < 0 || so > MAX_OUT_SCALE) return "softmax output scale 2^" + so;
        if (Math.abs(k) > 64 || TableLookup.unsupported((int) k) != null) return TableLookup.unsupported((int) Math.max(-64, Math.min(64, k)));
        TableRule rule = rules.get(0);
        if (rule.lo() > 0 || rule.hi() < 0) return "exp table not covering 0";
        long e = maxExp(rule);
        if (e < 1 || rule.entry(0) < 1) return "exp table with negative or no positive values";
        double maxS = (double) w * e;
        // the exp lookup's clamp relation: 2^k |u| with |u| < 2^(B + up + 2) + 2^15
        double m = pow2(Math.max(k, 0) + rangeBits + Math.max(0, -k) + 3);
        if (rules.size() == 1) {
            m = Math.max(m, Math.max(pow2(so) * e + maxS, maxS * (pow2(rangeBits - 1) + 1)));
        } else {
            long kl = p[at + 2], shift = p[at + 3];
            if (Math.abs(kl) > 64 || TableLookup.unsupported((int) kl) != null) return TableLookup.unsupported((int) Math.max(-64, Math.min(64, kl)));
            if (Math.abs(shift) > 40) return "rescale by 2^" + shift;
            double lg = maxLog(rule, rules.get(1), (long) maxS);
            // the log lookup's clamp relation on S (|S| < 2^b); 2^k (|y| + |L| + 1) against |x - m| 2^up
            m = Math.max(m, pow2(Math.max(kl, 0) + bits((long) maxS) + Math.max(0, -kl) + 3));
            m = Math.max(m, Math.max(pow2(Math.max(shift, 0)) * (pow2(rangeBits - 1) + lg + 2), pow2(rangeBits + Math.max(0, -shift))));
        }
        return m >= 0x1p62 ? "softmax bound 2^" + Decimal.fixed(Math.log(m) / Math.log(2), 1) + " exceeds 2^62" : null;
    }

    private static int bits(long v) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(v));
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        boolean log = isLog(n.op);
        if (n.in.length != 1 || n.out.length != 1 || n.rules.size() != (log ? 2 : 1) || n.p.length < 1) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] xs = d.tensor(n.in[0]).shape;
        if (n.p[0] != xs.length || n.p.length != (log ? 5 : 3) + xs.length) throw new IllegalArgumentException(n.where() + ": malformed");
        boolean[] red = reducedFlags(xs, Arrays.copyOfRange(n.p, 1, 1 + xs.length));
        if (red == null) throw new IllegalArgumentException(n.where() + ": malformed reduced flag");
        if (!outputFits(n.op, xs, red, d.tensor(n.out[0]).shape)) throw new IllegalArgumentException(n.where() + ": malformed");
        for (TableRule rule : n.rules) Circuit.functionTable(rule); // full domain, else malformed
        TableRule rule = n.rules.get(0);
        if (rule.sOut() != EXP_SCALE || bounds(xs, red, n.rules, n.p, d.circuit().rangeBits) != null) throw new IllegalArgumentException(n.where() + ": softmax parameters out of range");
        int so = (int) n.p[1 + xs.length], k = (int) n.p[2 + xs.length];
        int[] ms = Shapes.reducedShape(xs, red, true);
        long maxS = AxisMax.window(xs, red) * maxExp(rule);
        int max = d.aux("max", ms);
        WindowMax argmax = WindowMax.declare(d, "max.", n.in[0], max, AxisMax.slots(xs, red), false);
        int exp = d.aux("exp", xs);
        // x - m lies in (-2^B, 0]: one bit more than an activation's input
        TableLookup lookup = TableLookup.declare(d, "exp.", xs, exp, rule, k, d.circuit().rangeBits, false);
        Exps exps = new Exps(red, ms, max, exp, d.aux("sum", ms), argmax, lookup);
        if (log) {
            int lg = d.aux("log", ms), shift = (int) n.p[4 + xs.length];
            TableLookup logLookup = TableLookup.declare(d, "log.", ms, lg, n.rules.get(1), (int) n.p[3 + xs.length], bits(maxS), false);
            Vec y = d.tensor(n.out[0]);
            RangeCheck rem = shift > 0 ? d.range("rem", y.shape, shift) : null;
            RangeCheck bound = y.isPublic() ? null : d.range("bound", y.shape, d.circuit().rangeBits);
            return new Decl(exps, so, null, new Log(lg, logLookup, shift, rem, bound));
        }
        return new Decl(exps, so, new Division(DivRound.Half.declare(d, ms, bits(maxS)), DivRound.declare(d, "", n.out[0], maxS)), null);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        long[] x = w.values(n.in[0]);
        int[] map = Shapes.reduceIndex(w.vec(n.in[0]).shape, dc.exps.red);
        long[] m = new long[Padding.size(dc.exps.mShape)];
        Arrays.fill(m, Long.MIN_VALUE);
        for (int j = 0; j < x.length; j++) m[map[j]] = Math.max(m[map[j]], x[j]);
        witness(n, decl, w, m, c -> c);
    }

    /**
     * Prover: every advice vector of the node from the slice maxima m, the exp table indices passed through
     * {@code indices} (the identity; a test seam lets a cheating prover change m or c consistently); returns the
     * output those values imply (the executor's y in an honest run).
     */
    static long[] witness(NodeSpec n, Object decl, Witness w, long[] m, UnaryOperator<long[]> indices) {
        Decl dc = (Decl) decl;
        Exps ex = dc.exps;
        long[] x = w.values(n.in[0]);
        int[] map = Shapes.reduceIndex(w.vec(n.in[0]).shape, ex.red);
        int nm = m.length;
        w.set(ex.max, m);
        ex.argmax.witness(w);
        long[] shifted = new long[x.length];
        for (int j = 0; j < x.length; j++) shifted[j] = x[j] - m[map[j]];
        long[] honest = ex.lookup.witness(w, shifted, n.where()), c = indices.apply(honest);
        if (c != honest) w.set(ex.lookup.c, c);
        FunctionTable table = Circuit.functionTable(n.rules.get(0));
        long[] e = new long[x.length], sum = new long[nm];
        for (int j = 0; j < x.length; j++) {
            e[j] = Goldilocks.toSigned(table.apply(c[j]));
            sum[map[j]] += e[j];
        }
        w.set(ex.exp, e);
        w.set(ex.sum, sum);
        long[] y = new long[x.length];
        if (dc.log != null) {
            Log lg = dc.log;
            long[] li = lg.lookup.witness(w, sum, n.where());
            FunctionTable logTable = Circuit.functionTable(n.rules.get(1));
            long[] l = new long[nm];
            for (int i = 0; i < nm; i++) l[i] = Goldilocks.toSigned(logTable.apply(li[i]));
            w.set(lg.log, l);
            // the rescaled value d and the sign of L: LogSoftmax per entry d = x - m, y = q - L; ReduceLogSumExp per
            // slice d = m, y = q + L
            boolean lse = isLse(n.op);
            long[] d = lse ? m : shifted, yo = lse ? new long[nm] : y, lj = new long[d.length];
            for (int j = 0; j < d.length; j++) {
                lj[j] = lse ? -l[j] : l[map[j]];
                long q = lg.shift >= 0 ? FixedPoint.rescale(d[j], lg.shift) : d[j] << -lg.shift;
                yo[j] = q - lj[j];
            }
            long[] yv = w.values(n.out[0]);
            if (lg.rem != null) {
                long h = Rescale.half(lg.shift);
                long[] r = new long[d.length];
                for (int j = 0; j < d.length; j++) r[j] = d[j] + h - ((yv[j] + lj[j]) << lg.shift);
                w.range(lg.rem, r);
            }
            if (lg.bound != null) w.budget(lg.bound, yv);
            return yo;
        }
        Division dv = dc.division;
        dv.half.witness(w, sum);
        long[] v = new long[x.length], s = new long[x.length];
        for (int j = 0; j < x.length; j++) {
            v[j] = e[j] << dc.so;
            s[j] = sum[map[j]];
            y[j] = s[j] > 0 ? FixedPoint.divRound(v[j], s[j]) : 0;
        }
        dv.div.witness(w, v, s);
        return y;
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Exps ex = dc.exps;
        Vec x = s.circuit.vec(n.in[0]);
        int[] xs = x.shape, ms = ex.mShape;
        // (1) m = the slice's maximum
        ex.argmax.run(s);
        // (2) e = T(clamp(requant(x - m))), x - m evaluated from x and the broadcast m
        TableLookup.Input shifted = (side, pt) -> side.open(n.in[0], pt).sub(broadcastAt(side, ex.max, ms, xs, pt));
        ex.lookup.run(s, shifted);
        // (3) S = sum of e over the slice, at r' over m's variables
        GoldilocksExt2[] rm = s.challenges("softmax.sum", Padding.vars(ms));
        Val sr = s.open(ex.sum, rm);
        ExtVec[] tables = s instanceof ProverCtx p ? new ExtVec[] {ExtVec.ofBase(p.padded(ex.exp)), ReduceProof.weights(xs, ms, ex.red, rm)} : null;
        Sumchecks.Result sc = PoolProof.sumcheck(s, "sum of the exponentials", () -> Sumchecks.run(s, SumOfProducts.product(2), tables, x.vars, sr));
        Val et = s.open(ex.exp, sc.point(), sc.eval(0));
        s.check(et.mul(ReduceProof.weightAt(xs, ex.red, rm, sc.point())), sc.value(), "sum disagrees with the exponentials");
        GoldilocksExt2[] r;
        GoldilocksExt2 ind;
        if (dc.log != null) {
            // (4') y + L = requant(x - m, s_x, s_y) at r over x's variables, or (4'') y - L = requant(m, s_x, s_y) at
            // r over m's; L = T_log(requant(S))
            Log lg = dc.log;
            lg.lookup.run(s, (side, pt) -> side.open(ex.sum, pt));
            boolean lse = isLse(n.op);
            int[] ds = lse ? ms : xs;
            String what = lse ? "log-sum-exp" : "log-softmax";
            r = s.challenges("softmax.point", Padding.vars(ds));
            ind = Padding.realIndicator(ds, r);
            Val yr = s.open(n.out[0], r);
            if (lg.bound != null) s.checkBudget(s.range(lg.bound, r), yr, ind, what + " outside the range budget");
            Val q = lse ? yr.sub(s.open(lg.log, r)) : yr.add(broadcastAt(s, lg.log, ms, xs, r));
            Val d = lse ? s.open(ex.max, r) : shifted.at(s, r);
            if (lg.shift > 0) {
                s.check(q.mulBase(1L << lg.shift).add(s.range(lg.rem, r)).sub(ind.mulBase(Rescale.half(lg.shift))), d, what + " is not the rescaled " + (lse ? "max plus" : "x - max less") + " the log of the sum");
            } else {
                s.check(q, d.mulBase(1L << -lg.shift), what + " is not " + (lse ? "the max plus" : "x - max less") + " the log of the sum");
            }
            return;
        }
        // h = floor(S/2) at r'
        Division dv = dc.division;
        dv.half.at(s, rm, sr, "sum");
        // (4) e 2^s_y + h - rem = S y entry-wise (S, h broadcast along the axes), at r over x's variables
        r = s.challenges("softmax.point", x.vars);
        ind = Padding.realIndicator(xs, r);
        Val rem = dv.div.remAt(s, r, broadcastAt(s, ex.sum, ms, xs, r), ind, s.open(n.out[0], r));
        Val claim = s.open(ex.exp, r).mulBase(1L << dc.so).add(broadcastAt(s, dv.half.half(), ms, xs, r)).sub(rem);
        Broadcast.product(s, ex.sum, n.out[0], xs, r, claim, "softmax is not the rounded exponential over the sum");
    }

    /** v broadcast from shape {@code vs} to {@code xs} at p: v(p|v) times the real-entry indicator of the broadcast dims. */
    private static Val broadcastAt(Side s, int v, int[] vs, int[] xs, GoldilocksExt2[] p) {
        return s.open(v, Broadcast.subPoint(xs, vs, p)).mul(Broadcast.factor(xs, vs, p));
    }
}
