package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;
import java.util.List;

/**
 * Sqrt (and Pow by 0.5, through {@link PowProof}) exactly as ml/quant's SqrtOp computes it: with e = 2 s_out - s_in,
 * w = 2^e v (e &gt;= 0) or w = rescale(v, -e) (e &lt; 0), and y = FixedPoint.sqrtRound(w) = floor((t + 1) / 2) for
 * t = isqrt(4w), the square root rounded half up; a negative v is an error of the executor.
 *
 * <p>Proof. Neither t nor the brackets are committed: t = 2y + b - 1 with b = t + 1 - 2y in [0, 2) (a 1-bit range
 * check), and L = 4w - t^2, U = 2t - L = (t + 1)^2 - 1 - 4w both in [0, 2^(bt+1)) (range checks; 2^bt &gt; isqrt(4 w_max),
 * w_max from the range budget). A committed y is range-checked in [0, 2^yb) with yb &lt;= B - 1 (so it stays in the
 * budget; a public y is bounded by the verifier). The one non-linear relation, t^2 + L = 4w entry-wise, is a zero-check:
 * sum_i eq(r, i) (t(i)^2 - 4 w(i) + L(i)) = 0 at a random r, a degree-3 sumcheck ending at a point pt, where t(pt) =
 * 2y(pt) + b(pt) - ind(pt) (t is multilinear in y and b), w(pt) and L(pt) come from openings and limbs, and the linear
 * relations U = 2t - L, (e &lt; 0) the rescale of v to w and v &gt;= 0 are checked at pt too.
 *
 * <p>Over the integers: y is an integer with |y| &lt; 2^(B-1) (its range check, or the verifier's bound on a public y)
 * and b is 0 or 1, so t = 2y + b - 1 is an integer with |t| &lt; 2^B; U + L = 2t (both sides far below p) makes
 * 0 &lt;= t &lt; 2^(bt+1) &lt;= 2^31; with 4w &lt; 2^60 (checked at setup) and L &lt; 2^31 the zero-checked t^2 + L = 4w is
 * an integer identity. t^2 &lt;= t^2 + L = 4w &lt;= t^2 + 2t &lt; (t + 1)^2 makes t = isqrt(4w) (and w &gt;= 0, so v &gt;= 0 when e &gt;= 0;
 * when e &lt; 0 a range check v in [0, 2^(B-1)) rules out the negative v that rescale to w = 0; a caller whose v is
 * not in the range budget, {@link NormReduceProof}'s sum of squares, gives v's bound 2^vb instead and v is range-checked
 * in [0, 2^vb) whatever e, setup keeping 4w below 2^60 for such v, and for e &lt; 0 the committed w is range-checked in
 * [0, 2^bits(w_max)) instead of the budget); and 2y = t + 1 - b with
 * b in {0, 1} is y = floor((t + 1) / 2): SqrtOp's value. For e &lt; 0, w is committed and proven = rescale(v, -e) by a
 * {@link Rescale} (remainder and budget range checks).
 *
 * <p>Soundness error beyond the range checks', the claims' and the batched opening's: at most (vars + 3 vars + 5 vars) /
 * |F_ext| (the zero-check's point, its degree-3 sumcheck, up to six linear relations at pt: U, b, y's range, for e &lt; 0
 * the rescale, v's sign and (a caller's bound) w's range), |F_ext| = p^2 ~ 2^128.
 *
 * <p>Parameters: [e]; inputs [v]; outputs [y].
 */
final class SqrtProof implements OpProof {
    private record Decl(int e, int w, Rescale scaled, RangeCheck scaledRange, RangeCheck nonneg, RangeCheck low, RangeCheck high, RangeCheck round, RangeCheck out) {}

    /** Largest e = 2 s_out - s_in of a rescale before the root. */
    private static final int MAX_DOWN = 56;

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.outputs.size() != 1 || q.inputs.isEmpty()) throw CircuitCompiler.unsupported(q, "one input and one output expected");
        return compile(q, c, 2L * q.outScales[0] - q.inScales[0]);
    }

    /** The spec of y = sqrtRound(w) for SqrtOp.sqrt(q, in[0], s_in, s_out) with e = 2 s_out - s_in. */
    static NodeSpec compile(QNode q, CircuitCompiler c, long e) {
        int v = c.tensor(q, 0), y = c.output(q, 0);
        if (!Arrays.equals(c.tensors.get(v).shape, c.tensors.get(y).shape)) throw CircuitCompiler.unsupported(q, "output shape differs from the input's");
        String why = bounds(e, c.rangeBits - 1);
        if (why != null) throw CircuitCompiler.unsupported(q, why);
        return new NodeSpec(q.op, q.name, new int[] {v}, new int[] {y}, new long[] {e}, List.of());
    }

    /** Null when 4w stays below 2^60 for every v in [0, 2^vb) (e &gt;= 0: vb + 2 + e &lt;= 60) and the rescale is in range. */
    static String bounds(long e, int vb) {
        if (e > 58 - vb) return "square root of a value shifted by 2^" + e + " (4 x 2^e beyond 2^60)";
        if (-e > MAX_DOWN) return "rescale by 2^" + (-e) + " before the square root";
        return null;
    }

    /** The largest w for v &lt; 2^vb. */
    private static long maxW(int e, int vb) {
        long v = (1L << vb) - 1;
        return e >= 0 ? v << e : FixedPoint.rescale(v, -e);
    }

    private static int bitLength(long v) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(v));
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        return declare(n, d, 0);
    }

    /**
     * As {@link #declare(NodeSpec, Circuit.Declarer)} for a v bounded by 2^vb instead of the range budget (vb &gt; 0: v
     * is then range-checked in [0, 2^vb) whatever e; 0: v is a tensor in the budget, vb = B - 1).
     */
    static Object declare(NodeSpec n, Circuit.Declarer d, int vb) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length != 1) throw new IllegalArgumentException(n.where() + ": malformed");
        Vec v = d.tensor(n.in[0]), y = d.tensor(n.out[0]);
        if (!Arrays.equals(v.shape, y.shape)) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        int b = d.circuit().rangeBits, vBits = vb > 0 ? vb : b - 1;
        if (bounds(n.p[0], vBits) != null) throw new IllegalArgumentException(n.where() + ": scale change out of range");
        int e = (int) n.p[0];
        int w = -1;
        Rescale scaled = null;
        RangeCheck scaledRange = null;
        RangeCheck nonneg = null;
        if (e < 0) {
            w = d.aux("scaled", v.shape);
            // a v beyond the budget may rescale beyond it too: w is then range-checked in [0, 2^bits(maxW)) instead
            scaled = Rescale.declare(d, "scaled", w, -e, vb == 0);
            if (vb > 0) scaledRange = d.range("scaled.range", v.shape, bitLength(maxW(e, vBits)));
        }
        if (e < 0 || vb > 0) nonneg = d.range("nonneg", v.shape, vBits);
        long tMax = FixedPoint.isqrt(4 * maxW(e, vBits));
        int bt = bitLength(tMax);
        RangeCheck low = d.range("low", v.shape, bt + 1), high = d.range("high", v.shape, bt + 1), round = d.range("round", v.shape, 1);
        RangeCheck out = y.isPublic() ? null : d.range("root", y.shape, Math.min(bitLength((tMax + 1) >> 1), b - 1));
        return new Decl(e, w, scaled, scaledRange, nonneg, low, high, round, out);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness wt) {
        Decl dc = (Decl) decl;
        long[] v = wt.values(n.in[0]), y = wt.values(n.out[0]);
        int len = v.length;
        long[] w = new long[len];
        for (int i = 0; i < len; i++) w[i] = dc.e >= 0 ? v[i] << dc.e : FixedPoint.rescale(v[i], -dc.e);
        if (dc.w >= 0) {
            wt.set(dc.w, w);
            dc.scaled.witness(wt, v);
            if (dc.scaledRange != null) wt.range(dc.scaledRange, w);
        }
        if (dc.nonneg != null) wt.range(dc.nonneg, v);
        long[] lo = new long[len], hi = new long[len], rd = new long[len];
        for (int i = 0; i < len; i++) {
            long t = FixedPoint.isqrt(4 * Math.max(w[i], 0)); // w >= 0 in every run (SqrtOp rejects v < 0)
            rd[i] = t + 1 - 2 * y[i]; // b in {0, 1}: t = 2y + b - 1
            lo[i] = 4 * w[i] - t * t;
            hi[i] = 2 * t - lo[i];
        }
        wt.range(dc.low, lo);
        wt.range(dc.high, hi);
        wt.range(dc.round, rd);
        if (dc.out != null) wt.range(dc.out, y);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Vec v = s.circuit.vec(n.in[0]);
        int wv = dc.w >= 0 ? dc.w : n.in[0];
        long four = dc.e >= 0 ? 1L << (dc.e + 2) : 4; // 4w = four * (v or the committed w)
        GoldilocksExt2[] r = s.challenges("sqrt.zerocheck", v.vars);
        // t^2 - four W + L, tables [t, W, L]
        SumOfProducts expr = SumOfProducts.builder(3).term(GoldilocksExt2.ONE, 0, 0).term(GoldilocksExt2.ofBase(Goldilocks.neg(four)), 1)
                .term(GoldilocksExt2.ONE, 2).build();
        ExtVec[] tables;
        if (s instanceof ProverCtx p) {
            long[] y = p.values(n.out[0]), rd = p.w.quantities.get(dc.round), t = new long[y.length];
            for (int i = 0; i < t.length; i++) t[i] = 2 * y[i] + rd[i] - 1;
            tables = new ExtVec[] {ExtVec.ofBase(Padding.pad(t, v.shape)), ExtVec.ofBase(p.padded(wv)), ExtVec.ofBase(Padding.pad(p.w.quantities.get(dc.low), v.shape))};
        } else {
            tables = null;
        }
        Sumchecks.Result sc = PoolProof.sumcheck(s, "square root", () -> Sumchecks.runEq(s, r, expr, tables, Val.ZERO));
        GoldilocksExt2[] pt = sc.point();
        GoldilocksExt2 ind = Padding.realIndicator(v.shape, pt);
        Val yv = s.open(n.out[0], pt), bv = s.range(dc.round, pt);
        Val tv = yv.add(yv).add(bv).sub(ind);
        Val w = s.open(wv, pt, sc.eval(1)), lo = s.range(dc.low, pt);
        s.check(Val.evaluate(expr, tv, w, lo).mul(Eq.eval(r, pt)), sc.value(), "root squared plus its remainder is not 4 times the input");
        s.check(s.range(dc.high, pt), tv.add(tv).sub(lo), "input not below the next square");
        if (dc.out != null) s.check(s.range(dc.out, pt), yv, "square root outside its range");
        Val x = dc.scaled != null ? s.open(n.in[0], pt) : w;
        if (dc.scaled != null) s.check(dc.scaled.accFrom(s, pt, w), x, "input is not rescaled correctly before the square root");
        if (dc.scaledRange != null) s.check(s.range(dc.scaledRange, pt), w, "rescaled input outside its range");
        if (dc.nonneg != null) s.check(s.range(dc.nonneg, pt), x, "square root of a negative input");
    }
}
