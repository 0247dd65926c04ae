package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.lookup.FunctionTable;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * z = T(c) entry-wise for an input x whose value at a point the caller supplies ({@link Input}: a tensor, or a
 * linear function of committed vectors such as Softmax's x - max), shared by {@link ActivationProof} and
 * {@link SoftmaxProof}: u = requant(x, s_x, s_T) (a rescale by 2^k with rounding when k &gt; 0, an exact 2^up x
 * otherwise), c = clamp(u, lo, hi) when the rule saturates (else c = u, which must lie in the domain), z = T(c).
 *
 * <p>Proof: (c, z) is looked up in the rule's table (the circuit's LogUp), so c is in [lo, hi] and z = T(c). When the
 * rule saturates, u = c + dp - dn with dp, dn in [0, 2^D) (range checks) and dp (hi - c) = dn (c - lo) = 0 on every
 * entry (one zero-check, the two batched by a random beta): dp &gt; 0 forces c = hi (so u &gt; hi), dn &gt; 0 forces c = lo,
 * both zero means u = c in the domain; that is c = clamp(u). Finally x relates to u at the zero-check's point:
 * 2^k u + rem - 2^(k-1) = x with rem in [0, 2^k) (k &gt; 0), u = 2^up x (up &gt; 0), or u = x. With |x| &lt; 2^X (X the
 * caller's bound), D = X + up + 2 covers |u - c|, and every relation stays below 2^62 (k &lt;= 56 and |u| &lt; 2^D + 2^15).
 *
 * <p>Range budget. When z is a tensor (the caller asks for its budget) it must satisfy |z| &lt; 2^(B-1) like every
 * tensor. A table all of whose entries do needs nothing more. A table with entries beyond the budget gets a bound on a
 * committed z: z + 2^(B-1) in [0, 2^B) (a range check, related to z at the lookup's point), so a run reaching such an
 * entry is not provable (the honest prover stops with the value named) while every other entry proves as before; a
 * public z is bounded by the verifier. Both sides decide this from the rule alone ({@link #exceedsBudget}).
 *
 * <p>Soundness error beyond the lookup's, the range checks' and the claims': (3 vars + 1) / |F_ext| for the
 * zero-check, beta and the identities at its point.
 */
final class TableLookup {
    /** The input's value at a point of its variables (opened, or derived from openings). */
    interface Input {
        Val at(Side s, GoldilocksExt2[] point);
    }

    /** Largest exact up-shift before a lookup. */
    static final int MAX_UP = 20;

    final TableRule rule;
    final int k;
    final int[] shape;
    final int c, z, copy;
    final RangeCheck rem, over, under, bound;

    private TableLookup(TableRule rule, int k, int[] shape, int c, int z, int copy, RangeCheck rem, RangeCheck over, RangeCheck under, RangeCheck bound) {
        this.rule = rule;
        this.k = k;
        this.shape = shape;
        this.c = c;
        this.z = z;
        this.copy = copy;
        this.rem = rem;
        this.over = over;
        this.under = under;
        this.bound = bound;
    }

    /** Setup and key reading: why a rescale by 2^k before the table is not provable, or null. */
    static String unsupported(int k) {
        return k > 56 || -k > MAX_UP ? "requantization by 2^" + k + " before the table" : null;
    }

    private static final Map<TableRule, Long> MAX_ENTRY = new ConcurrentHashMap<>();

    /** Whether some entry of the rule's table has |T(i)| &gt;= 2^(B-1) (from the circuit's cached table). */
    static boolean exceedsBudget(TableRule rule, int rangeBits) {
        Long m = MAX_ENTRY.get(rule);
        if (m == null) {
            FunctionTable t = Circuit.functionTable(rule);
            long max = 0;
            for (long i = rule.lo(); i <= rule.hi(); i++) max = Math.max(max, Math.abs(Goldilocks.toSigned(t.apply(i))));
            if (MAX_ENTRY.size() >= 64) MAX_ENTRY.clear(); // rules come from untrusted keys too: keep the cache bounded
            MAX_ENTRY.put(rule, m = max);
        }
        return m >= (1L << (rangeBits - 1));
    }

    /**
     * Both sides: the lookup of z (a vector of {@code shape}: committed, or public and then looked up through a
     * committed copy) from an input of that shape with |x| &lt; 2^inputBits, requantized by 2^k. With {@code budget}
     * (z is a tensor) a committed z is kept in the range budget when the table has entries beyond it; without, the
     * caller bounds z itself (an intermediate such as Softmax's exponentials).
     */
    static TableLookup declare(Circuit.Declarer d, String prefix, int[] shape, int z, TableRule rule, int k, int inputBits, boolean budget) {
        if (unsupported(k) != null) throw new IllegalArgumentException(d.node.where() + ": requantization out of range");
        Circuit.functionTable(rule); // full domain, else malformed
        int c = d.aux(prefix + "index", shape);
        // a public output is not in the advice table: look up a committed copy, checked equal to it at the end point
        int copy = d.tensor(z).isPublic() ? d.aux(prefix + "output", shape) : -1;
        d.lookup(rule, c, copy >= 0 ? copy : z);
        RangeCheck rem = k > 0 ? d.range(prefix + "rem", shape, k) : null;
        RangeCheck over = null, under = null;
        if (rule.saturate()) {
            int bits = inputBits + Math.max(0, -k) + 2;
            over = d.range(prefix + "over", shape, bits);
            under = d.range(prefix + "under", shape, bits);
        }
        // a table with values beyond the budget (x^p or log near 0): a committed output is range-checked into it
        int rangeBits = d.circuit().rangeBits;
        RangeCheck bound = budget && d.tensor(z).committedPerProof() && exceedsBudget(rule, rangeBits) ? d.range(prefix + "bound", shape, rangeBits) : null;
        return new TableLookup(rule, k, shape, c, z, copy, rem, over, under, bound);
    }

    /** Prover: the table indices and checks from the input's values (row-major); returns the indices c. */
    long[] witness(Witness w, long[] x, String where) {
        long[] u = new long[x.length], ci = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            u[i] = k >= 0 ? FixedPoint.rescale(x[i], k) : x[i] << -k;
            long v = u[i];
            if (v < rule.lo() || v > rule.hi()) {
                if (!rule.saturate()) {
                    throw new ModelException(where + ": table input " + v + " outside the domain [" + rule.lo() + ", " + rule.hi() + "] (value out of calibrated range)");
                }
                v = FixedPoint.clamp(v, rule.lo(), rule.hi());
            }
            ci[i] = v;
        }
        w.set(c, ci);
        if (copy >= 0) w.set(copy, w.values(z));
        if (bound != null) w.budget(bound, w.values(z));
        if (rem != null) {
            long[] r = new long[x.length];
            long h = Rescale.half(k);
            for (int i = 0; i < x.length; i++) r[i] = x[i] + h - (u[i] << k);
            w.range(rem, r);
        }
        if (over != null) {
            long[] dp = new long[x.length], dn = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                dp[i] = Math.max(u[i] - ci[i], 0);
                dn[i] = Math.max(ci[i] - u[i], 0);
            }
            w.range(over, dp);
            w.range(under, dn);
        }
        return ci;
    }

    /** Both sides: the clamp's zero-check (saturating rules) and the requantization of the input at a random point. */
    void run(Side s, Input input) {
        int vars = Padding.vars(shape);
        GoldilocksExt2[] pt;
        Val u;
        if (over != null) {
            GoldilocksExt2[] r = s.challenges("activation.zerocheck", vars);
            GoldilocksExt2 beta = s.challenges("activation.beta", 1)[0];
            long hi = Goldilocks.fromSigned(rule.hi()), lo = Goldilocks.fromSigned(rule.lo());
            SumOfProducts expr = SumOfProducts.builder(3)
                    .term(GoldilocksExt2.ofBase(hi), 0).term(GoldilocksExt2.ONE.neg(), 0, 1)
                    .term(beta, 2, 1).term(beta.mulBase(lo).neg(), 2).build();
            ExtVec[] tables = null;
            if (s instanceof ProverCtx p) {
                tables = new ExtVec[] {ExtVec.ofBase(Padding.pad(p.w.quantities.get(over), shape)), ExtVec.ofBase(p.padded(c)),
                        ExtVec.ofBase(Padding.pad(p.w.quantities.get(under), shape))};
            }
            Sumchecks.Result sc = Sumchecks.runEq(s, r, expr, tables, Val.ZERO);
            pt = sc.point();
            Val cv = s.open(c, pt), dp = s.range(over, pt), dn = s.range(under, pt);
            s.check(Val.evaluate(expr, dp, cv, dn).mul(Eq.eval(r, pt)), sc.value(), "clamp of the table input is not consistent");
            u = cv.add(dp).sub(dn);
        } else {
            pt = s.challenges("activation.point", vars);
            u = s.open(c, pt);
        }
        Val xv = input.at(s, pt);
        if (copy >= 0) s.check(s.open(copy, pt), s.open(z, pt), "looked-up output differs from the public output");
        if (bound != null) {
            GoldilocksExt2 ind = Padding.realIndicator(shape, pt);
            Val limbs = s.range(bound, pt); // before z's opening: the order the transcript has always had
            s.checkBudget(limbs, s.open(z, pt), ind, "table output outside the range budget");
        }
        if (k > 0) {
            GoldilocksExt2 ind = Padding.realIndicator(shape, pt);
            s.check(u.mulBase(1L << k).add(s.range(rem, pt)).sub(ind.mulBase(Rescale.half(k))), xv, "table input is not the rescaled input");
        } else {
            s.check(u, xv.mulBase(1L << -k), "table input is not the input");
        }
    }
}
