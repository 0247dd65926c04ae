package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;

/**
 * One clamp step, the comparison behind Relu, Clip, HardSigmoid and the slope activations: w = max(v, c) ("lower": v
 * clamped from below) or w = min(v, c) ("upper"), entry-wise, for vectors v, w of one shape and a public constant c,
 * with |v| &lt; 2^(B-1) and |c| &lt;= 2^(B-1) (B = the circuit's range budget).
 *
 * <p>Proof. (1) (w - c)(w - v) = 0 on every real entry: a zero-check, sum_i eq(r, i) (w(i) - c ind(i)) (w(i) - v(i)) = 0
 * at a random r (ind = the indicator of real entries, so the padding, where v = w = 0, contributes nothing), a
 * degree-3 sumcheck ending at a point t. (2) Q = 2w - v - c (lower) or Q = v + c - 2w (upper) lies in [0, 2^B) (a range
 * check; Q's relation to w and v is multilinear, checked at t). From (1), in the field w = c or w = v per entry. Lower:
 * w = v gives Q = v - c, w = c gives Q = c - v; |v - c| &lt; 2^B is an integer far below p, so Q in [0, 2^B) forces
 * v &gt;= c in the first case and v &lt;= c in the second: w = max(v, c) exactly. Upper: symmetrically w = min(v, c).
 * As w is then v or c entry-wise, |w| &lt;= 2^(B-1) with no further bound (w &lt; 2^(B-1) unless w = c = 2^(B-1),
 * which setup excludes by keeping c below the budget where it matters).
 *
 * <p>Wider steps ({@link #declare(Circuit.Declarer, String, int, int, long, boolean, int)}): a range of W bits instead
 * of B, for a v that may leave the budget (HardSigmoid's scaled input). The argument above does not need v bounded
 * beforehand: w = v makes Q = v - c (lower) a field element in [0, 2^W), so v = c + Q is an integer with v &gt;= c; w = c
 * makes Q = c - v in [0, 2^W), so v is an integer &lt;= c. Either way v is an integer within 2^W of c and w = max(v, c)
 * (upper: min), as long as |c| + 2^W stays far below p/2 (W &lt;= 60, |c| &lt; 2^60). Completeness needs
 * |v - c| &lt; 2^W for the honest v, which the caller's W must cover.
 *
 * <p>Soundness error beyond the range check's and the claims': (vars + 3 vars + vars) / |F_ext| (the zero-check's
 * random point, its degree-3 sumcheck, the range relation at t).
 */
record Clamp(int v, int w, long c, boolean lower, RangeCheck range) {
    /** Declares the step's range check, named {@code what}; v and w must have one shape. */
    static Clamp declare(Circuit.Declarer d, String what, int v, int w, long c, boolean lower) {
        int b = d.circuit().rangeBits;
        if (Math.abs(c) > (1L << (b - 1))) throw new IllegalArgumentException(d.node.where() + ": clamp bound " + c + " outside the range budget");
        return declare(d, what, v, w, c, lower, b);
    }

    /** A step whose range check has {@code bits} bits (1..60): |v - c| &lt; 2^bits for the honest v (see the class comment). */
    static Clamp declare(Circuit.Declarer d, String what, int v, int w, long c, boolean lower, int bits) {
        if (!java.util.Arrays.equals(d.tensor(v).shape, d.tensor(w).shape)) throw new IllegalArgumentException(d.node.where() + ": clamp of different shapes");
        if (bits < 1 || bits > 60 || Math.abs(c) >= (1L << 60)) throw new IllegalArgumentException(d.node.where() + ": clamp of " + bits + " bits at bound " + c);
        return new Clamp(v, w, c, lower, d.range(what, d.tensor(w).shape, bits));
    }

    /** The value of the step on one entry (the prover's helpers use it to fill w). */
    long apply(long x) {
        return lower ? Math.max(x, c) : Math.min(x, c);
    }

    /** Prover: the range-checked quantity from v's and w's values (row-major). */
    void witness(Witness wt, long[] vv, long[] wv) {
        long[] q = new long[vv.length];
        for (int i = 0; i < q.length; i++) q[i] = lower ? 2 * wv[i] - vv[i] - c : vv[i] + c - 2 * wv[i];
        wt.range(range, q);
    }

    /** The end of the step: its point t and the openings of v and w there. */
    record End(GoldilocksExt2[] t, Val v, Val w) {}

    /** Both sides: the zero-check and the range relation at its point. */
    End run(Side s, String label) {
        Vec wv = s.circuit.vec(w);
        GoldilocksExt2[] r = s.challenges(label + ".zerocheck", wv.vars);
        long[] a = null, b = null;
        if (s instanceof ProverCtx p) {
            long[] wp = p.padded(w), vp = p.padded(v);
            a = wp.clone();
            b = new long[wp.length];
            long cf = Goldilocks.fromSigned(c);
            // w - c on real entries only: the padding (w = v = 0 there) must not see the constant
            for (int i : Padding.paddedIndices(wv.shape)) a[i] = Goldilocks.sub(wp[i], cf);
            for (int i = 0; i < b.length; i++) b[i] = Goldilocks.sub(wp[i], vp[i]);
        }
        Sumchecks.Result sc = Sumchecks.runEqProduct(s, r, a, b, Val.ZERO);
        GoldilocksExt2[] t = sc.point();
        GoldilocksExt2 ind = Padding.realIndicator(wv.shape, t);
        GoldilocksExt2 cInd = ind.mulBase(Goldilocks.fromSigned(c));
        GoldilocksExt2 wk = sc.eval(1) == null ? null : sc.eval(0).add(cInd); // the prover's folded w - c ind and w - v at t
        Val wOpen = s.open(w, t, wk);
        Val vOpen = s.open(v, t, wk == null ? null : wk.sub(sc.eval(1)));
        s.check(wOpen.sub(cInd).mul(wOpen.sub(vOpen)).mul(Eq.eval(r, t)), sc.value(), label + ": output is neither the bound nor the input");
        Val q = lower ? wOpen.add(wOpen).sub(vOpen).sub(cInd) : vOpen.add(cInd).sub(wOpen).sub(wOpen);
        s.check(s.range(range, t), q, label + ": wrong side of the bound");
        return new End(t, vOpen, wOpen);
    }
}
