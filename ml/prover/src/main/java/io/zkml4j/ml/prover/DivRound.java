package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;

/**
 * The rounded division y = divRound(v, d) = floor((v + floor(d/2)) / d) for a divisor d &gt;= 1 per entry (ml/quant's
 * FixedPoint.divRound), shared by the proofs that divide: v + floor(d/2) = d y + rem with 0 &lt;= rem &lt; d. The remainder
 * is never committed: rem in [0, 2^b) and slack = d - 1 - rem in [0, 2^b) are two range checks (2^b &gt;= max d), so
 * rem &lt; d exactly; a committed y is kept in the range budget (y + 2^(B-1) in [0, 2^B)). The caller proves the main
 * relation at a point r with the remainder's value from {@link #remAt}, which checks the slack and the bound at r
 * (identities between multilinear polynomials fixed before r: each holds entry-wise except with probability
 * vars(y) / |F_ext|; padding: d = rem = slack = 0).
 */
final class DivRound {
    final int out;
    final RangeCheck rem;
    final RangeCheck slack;
    final RangeCheck bound;

    private DivRound(int out, RangeCheck rem, RangeCheck slack, RangeCheck bound) {
        this.out = out;
        this.rem = rem;
        this.slack = slack;
        this.bound = bound;
    }

    /** Both sides: the checks of y = divRound(v, d) with every divisor in [1, maxD]. */
    static DivRound declare(Circuit.Declarer d, String prefix, int out, long maxD) {
        Vec y = d.tensor(out);
        int b = Math.max(1, 64 - Long.numberOfLeadingZeros(maxD - 1)); // 2^b >= max d
        return new DivRound(out, d.range(prefix + "rem", y.shape, b), d.range(prefix + "slack", y.shape, b),
                y.isPublic() ? null : d.range(prefix + "bound", y.shape, d.circuit().rangeBits));
    }

    /** Prover: the remainder and slack from the exact dividends v and divisors d (row-major, y's entries). */
    void witness(Witness w, long[] v, long[] d) {
        long[] y = w.values(out);
        long[] rem = new long[y.length], slack = new long[y.length];
        for (int i = 0; i < y.length; i++) {
            rem[i] = v[i] + (d[i] >> 1) - d[i] * y[i];
            slack[i] = d[i] - 1 - rem[i];
        }
        w.range(this.rem, rem);
        w.range(this.slack, slack);
        if (bound != null) w.budget(bound, y);
    }

    /**
     * Both sides: rem(r), after checking slack(r) = d(r) - ind(r) - rem(r) and, for a committed y, y's range budget at
     * r ({@code dR} the divisors' MLE at r, {@code ind} the real-entry indicator's, {@code yR} = y(r)).
     */
    Val remAt(Side s, GoldilocksExt2[] r, Val dR, GoldilocksExt2 ind, Val yR) {
        Val rm = s.range(rem, r);
        s.check(s.range(slack, r), dR.sub(ind).sub(rm), "remainder of the division not below its divisor");
        if (bound != null) s.checkBudget(s.range(bound, r), yR, ind, "quotient outside the range budget");
        return rm;
    }

    /**
     * h = floor(v / 2) for a runtime v &gt;= 0 (a divisor whose half the rounding adds): h is committed, h in [0, 2^bits)
     * and par = v - 2h in [0, 2) are range checks, so over the integers (v, 2h &lt; 2^62) par is v's parity bit and h its
     * floor half. The caller checks par = v - 2h at a point with {@link #at} (an identity of multilinear polynomials:
     * vars / |F_ext|).
     */
    record Half(int half, RangeCheck range, RangeCheck parity) {
        /** Both sides: the half of a v of the given shape, with v &lt; 2^(bits + 1). */
        static Half declare(Circuit.Declarer d, int[] shape, int bits) {
            return new Half(d.aux("half", shape), d.range("halfrange", shape, bits), d.range("parity", shape, 1));
        }

        /** Prover: h and the parity from v (row-major, non-negative). */
        void witness(Witness w, long[] v) {
            long[] h = new long[v.length], par = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                h[i] = v[i] >> 1;
                par[i] = v[i] & 1;
            }
            w.set(half, h);
            w.range(range, h);
            w.range(parity, par);
        }

        /** Both sides: h(r), after checking h's range and v(r) - 2 h(r) = par(r) ({@code of} names v in a failure). */
        Val at(Side s, GoldilocksExt2[] r, Val vR, String of) {
            Val hr = s.open(half, r);
            s.check(s.range(range, r), hr, "half of the " + of + " outside its range");
            s.check(s.range(parity, r), vR.sub(hr.add(hr)), "half of the " + of + " is not floor(" + of + " / 2)");
            return hr;
        }
    }
}
