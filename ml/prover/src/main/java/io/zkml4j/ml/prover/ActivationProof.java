package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;
import java.util.List;

/**
 * An element-wise function by table lookup (every UnaryLookupOp: Sigmoid, Tanh, Erf, Gelu, Exp, ...; Pow by a table,
 * through {@link PowProof}):
 * u = requant(x, s_x, s_T) (a rescale by 2^k with rounding when k &gt; 0, an exact 2^up x otherwise),
 * c = clamp(u, lo, hi) when the rule saturates (else c = u, which must lie in the domain), z = T(c).
 *
 * <p>Proof: (c, z) is looked up in the rule's table (the circuit's LogUp), so c is in [lo, hi] and z = T(c). When the
 * rule saturates, u = c + dp - dn with dp, dn in [0, 2^D) (range checks) and dp (hi - c) = dn (c - lo) = 0 on every
 * entry (one zero-check, the two batched by a random beta): dp &gt; 0 forces c = hi (so u &gt; hi), dn &gt; 0 forces c = lo,
 * both zero means u = c in the domain; that is c = clamp(u). Finally x relates to u at the zero-check's point:
 * 2^k u + rem - 2^(k-1) = x with rem in [0, 2^k) (k &gt; 0), u = 2^up x (up &gt; 0), or u = x.
 *
 * <p>Range budget. Table outputs are committed, so they must satisfy |z| &lt; 2^(B-1) like every tensor. A table all
 * of whose entries do needs nothing more. A table with entries beyond the budget (x^p for p &lt; 0 and log near 0,
 * whose entries are capped at 2^52, or a large exponential) gets a bound on a committed z: z + 2^(B-1) in [0, 2^B)
 * (a range check, related to z at the same point), so a run reaching such an entry is not provable (the honest
 * prover stops with the value named) while every other entry proves as before; a public z is bounded by the verifier.
 * Both sides decide this from the rule alone ({@link #exceedsBudget}).
 *
 * <p>Parameters: [k] (negative: -up); rules [T]; inputs [x]; outputs [z].
 */
final class ActivationProof implements OpProof {
    private record Decl(int c, int copy, RangeCheck rem, RangeCheck over, RangeCheck under, RangeCheck bound) {}

    /** Largest exact up-shift before a lookup. */
    static final int MAX_UP = 20;

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1) throw CircuitCompiler.unsupported(q, "one input and one table expected");
        return compile(q, c, 0);
    }

    /**
     * The spec of a node computing {@code UnaryLookupOp.lookup(q, 0, in[input], q.inScales[input])}, its only table
     * applied to one of its inputs (the others unused by the integer forward): a UnaryLookupOp (input 0), or Pow by a
     * table (PowOp modes 2 and 3: x^p of input 0, base^x of input 1).
     */
    static NodeSpec compile(QNode q, CircuitCompiler c, int input) {
        if (q.tables.size() != 1 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one input and one table expected");
        TableRule rule = q.tables.get(0);
        if (q.outScales[0] != rule.sOut()) throw CircuitCompiler.unsupported(q, "output scale differs from the table's");
        try {
            Circuit.functionTable(rule);
        } catch (IllegalArgumentException e) {
            throw CircuitCompiler.unsupported(q, e.getMessage());
        }
        int k = q.inScales[input] - rule.sIn();
        if (k > 56 || -k > MAX_UP) throw CircuitCompiler.unsupported(q, "requantization by 2^" + k + " before the table");
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, input)}, new int[] {c.output(q, 0)}, new long[] {k}, List.of(rule));
    }

    private static final java.util.Map<TableRule, Long> MAX_ENTRY = new java.util.concurrent.ConcurrentHashMap<>();

    /** Whether some entry of the rule's table has |T(i)| &gt;= 2^(B-1) (from the circuit's cached table). */
    static boolean exceedsBudget(TableRule rule, int rangeBits) {
        Long m = MAX_ENTRY.get(rule);
        if (m == null) {
            io.zkml4j.lookup.FunctionTable t = Circuit.functionTable(rule);
            long max = 0;
            for (long i = rule.lo(); i <= rule.hi(); i++) max = Math.max(max, Math.abs(Goldilocks.toSigned(t.apply(i))));
            if (MAX_ENTRY.size() >= 64) MAX_ENTRY.clear(); // rules come from untrusted keys too: keep the cache bounded
            MAX_ENTRY.put(rule, m = max);
        }
        return m >= (1L << (rangeBits - 1));
    }

    private static int diffBits(Circuit circuit, int k) {
        return circuit.rangeBits + Math.max(0, -k) + 1;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        Vec x = d.tensor(n.in[0]), z = d.tensor(n.out[0]);
        if (n.in.length != 1 || n.out.length != 1 || n.rules.size() != 1 || !Arrays.equals(x.shape, z.shape) || z.kind != Vec.Kind.ADVICE && z.kind != Vec.Kind.OUTPUT) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        int k = n.param(0);
        if (k > 56 || -k > MAX_UP) throw new IllegalArgumentException(n.where() + ": requantization out of range");
        TableRule rule = n.rules.get(0);
        Circuit.functionTable(rule); // full domain, else malformed
        int c = d.aux("index", x.shape);
        // a public output is not in the advice table: look up a committed copy, checked equal to it at the end point
        int copy = z.kind == Vec.Kind.OUTPUT ? d.aux("output", z.shape) : -1;
        d.lookup(rule, c, copy >= 0 ? copy : n.out[0]);
        RangeCheck rem = k > 0 ? d.range("rem", x.shape, k) : null;
        RangeCheck over = null, under = null;
        if (rule.saturate()) {
            over = d.range("over", x.shape, diffBits(d.circuit(), k));
            under = d.range("under", x.shape, diffBits(d.circuit(), k));
        }
        // a table with values beyond the budget (x^p or log near 0): a committed output is range-checked into it
        RangeCheck bound = z.kind == Vec.Kind.ADVICE && exceedsBudget(rule, d.circuit().rangeBits) ? d.range("bound", z.shape, d.circuit().rangeBits) : null;
        return new Decl(c, copy, rem, over, under, bound);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        TableRule rule = n.rules.get(0);
        int k = n.param(0);
        long[] x = w.values(n.in[0]);
        long[] u = new long[x.length], c = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            u[i] = k >= 0 ? FixedPoint.rescale(x[i], k) : x[i] << -k;
            long ci = u[i];
            if (ci < rule.lo() || ci > rule.hi()) {
                if (!rule.saturate()) {
                    throw new ModelException(n.where() + ": table input " + ci + " outside the domain [" + rule.lo() + ", " + rule.hi() + "] (value out of calibrated range)");
                }
                ci = FixedPoint.clamp(ci, rule.lo(), rule.hi());
            }
            c[i] = ci;
        }
        w.set(dc.c, c);
        if (dc.copy >= 0) w.set(dc.copy, w.values(n.out[0]));
        if (dc.bound != null) w.range(dc.bound, DivRound.shifted(w.values(n.out[0]), w.circuit.rangeBits));
        if (dc.rem != null) {
            long[] rem = new long[x.length];
            long h = Rescale.half(k);
            for (int i = 0; i < x.length; i++) rem[i] = x[i] + h - (u[i] << k);
            w.range(dc.rem, rem);
        }
        if (dc.over != null) {
            long[] dp = new long[x.length], dn = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                dp[i] = Math.max(u[i] - c[i], 0);
                dn[i] = Math.max(c[i] - u[i], 0);
            }
            w.range(dc.over, dp);
            w.range(dc.under, dn);
        }
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        TableRule rule = n.rules.get(0);
        Vec x = s.circuit.vec(n.in[0]);
        int k = n.param(0);
        GoldilocksExt2[] pt;
        GoldilocksExt2 u;
        if (dc.over != null) {
            GoldilocksExt2[] r = s.challenges("activation.zerocheck", x.vars);
            GoldilocksExt2 beta = s.challenges("activation.beta", 1)[0];
            long hi = Goldilocks.fromSigned(rule.hi()), lo = Goldilocks.fromSigned(rule.lo());
            SumOfProducts expr = SumOfProducts.builder(3)
                    .term(GoldilocksExt2.ofBase(hi), 0).term(GoldilocksExt2.ONE.neg(), 0, 1)
                    .term(beta, 2, 1).term(beta.mulBase(lo).neg(), 2).build();
            ExtVec[] tables = null;
            if (s instanceof ProverCtx p) {
                tables = new ExtVec[] {ExtVec.ofBase(Padding.pad(p.w.quantities.get(dc.over), x.shape)), ExtVec.ofBase(p.padded(dc.c)),
                        ExtVec.ofBase(Padding.pad(p.w.quantities.get(dc.under), x.shape))};
            }
            Sumchecks.Result sc = Sumchecks.runEq(s, r, expr, tables, GoldilocksExt2.ZERO);
            pt = sc.point();
            GoldilocksExt2 cv = s.open(dc.c, pt), dp = s.range(dc.over, pt), dn = s.range(dc.under, pt);
            s.check(Eq.eval(r, pt).mul(expr.evaluate(new GoldilocksExt2[] {dp, cv, dn})).equals(sc.value()), "clamp of the table input is not consistent");
            u = cv.add(dp).sub(dn);
        } else {
            pt = s.challenges("activation.point", x.vars);
            u = s.open(dc.c, pt);
        }
        GoldilocksExt2 xv = s.open(n.in[0], pt);
        if (dc.copy >= 0) s.check(s.open(dc.copy, pt).equals(s.open(n.out[0], pt)), "looked-up output differs from the public output");
        if (dc.bound != null) {
            GoldilocksExt2 ind = Padding.realIndicator(x.shape, pt);
            s.check(s.range(dc.bound, pt).equals(s.open(n.out[0], pt).add(ind.mulBase(1L << (s.circuit.rangeBits - 1)))), "table output outside the range budget");
        }
        if (k > 0) {
            GoldilocksExt2 ind = Padding.realIndicator(x.shape, pt);
            s.check(u.mulBase(1L << k).add(s.range(dc.rem, pt)).sub(ind.mulBase(Rescale.half(k))).equals(xv), "table input is not the rescaled input");
        } else {
            s.check(u.equals(xv.mulBase(1L << -k)), "table input is not the input");
        }
    }
}
