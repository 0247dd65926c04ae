package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;

/**
 * The rescale that ends every product: q = requant(acc, k) with acc exact. k &gt; 0: q = floor((acc + 2^(k-1)) / 2^k),
 * proven by acc = 2^k q + rem - 2^(k-1) with rem in [0, 2^k) (a range check: this is what makes rounding exact);
 * k &lt; 0: q = 2^-k acc exactly; k = 0: q = acc. A committed q is also kept in the range budget,
 * q + 2^(B-1) in [0, 2^B), so no later relation can wrap mod p (public outputs are range checked by the verifier), or
 * in a narrower bound when the shift is so large that the budget would let 2^k q wrap ({@link #outBits}).
 * The accumulator is never committed: {@link #accAt} gives its value at a point from q's and the remainder's.
 */
final class Rescale {
    final int out;
    final int shift;
    final int rangeBits;
    final RangeCheck rem;
    final RangeCheck bound;

    private Rescale(int out, int shift, int rangeBits, RangeCheck rem, RangeCheck bound) {
        this.out = out;
        this.shift = shift;
        this.rangeBits = rangeBits;
        this.rem = rem;
        this.bound = bound;
    }

    static Rescale declare(Circuit.Declarer d, String what, int out, int shift) {
        return declare(d, what, out, shift, true);
    }

    /**
     * As {@link #declare(Circuit.Declarer, String, int, int)}; with {@code bounded} false a committed q gets no
     * range-budget check: for a caller whose own checks bound q (HardSigmoid's clamp of its scaled input, whose range
     * check makes q a small integer), so that q may exceed the budget.
     */
    static Rescale declare(Circuit.Declarer d, String what, int out, int shift, boolean bounded) {
        Vec o = d.tensor(out);
        int b = d.circuit().rangeBits, bits = outBits(shift, b);
        if (bits < 2) throw new IllegalArgumentException(d.node.where() + ": rescale by 2^" + shift + " leaves no room below 2^62");
        RangeCheck rem = shift > 0 ? d.range(what + ".rem", o.shape, shift) : null;
        // a narrower bound than the budget is checked on a public q too: the verifier's own check is the budget's
        RangeCheck bound = (o.isPublic() && bits == b) || !bounded ? null : d.range(what + ".bound", o.shape, bits);
        return new Rescale(out, shift, b, rem, bound);
    }

    /**
     * The bits of q's bound, |q| &lt; 2^(bits-1): the budget B, or fewer when 2^(B-1+shift) would reach 2^62 (a product
     * of two tensors at very fine scales, such as 2^-40, whose quotient is small), so that 2^shift q + rem stays below
     * 2^62 and relation acc = 2^shift q + rem - h holds over the integers. Both sides derive it from the key.
     */
    static int outBits(int shift, int rangeBits) {
        return Math.min(rangeBits, 61 - Math.max(shift, 0));
    }

    static long half(int k) {
        return k > 0 ? 1L << (k - 1) : 0;
    }

    /** Prover: the quantities of the checks from the exact accumulator and q (row-major). */
    void witness(Witness w, long[] acc) {
        long[] q = w.values(out);
        if (rem != null) {
            long h = half(shift);
            long[] r = new long[q.length];
            for (int i = 0; i < q.length; i++) r[i] = acc[i] + h - (q[i] << shift);
            w.range(rem, r);
        }
        if (bound != null) {
            long off = 1L << (bound.bits - 1);
            long[] v = new long[q.length];
            for (int i = 0; i < q.length; i++) v[i] = q[i] + off;
            w.range(bound, v);
        }
    }

    /** The accumulator's value at r (q's variables), from q(r) and the remainder's limbs; checks q's bound at r. */
    Val accAt(Side s, GoldilocksExt2[] r) {
        return accFrom(s, r, s.open(out, r));
    }

    /** As {@link #accAt}, for a caller that has already opened q at r ({@code q} = q(r)). */
    Val accFrom(Side s, GoldilocksExt2[] r, Val q) {
        Vec o = s.circuit.vec(out);
        GoldilocksExt2 ind = null;
        if (bound != null) {
            ind = Padding.realIndicator(o.shape, r);
            s.check(s.range(bound, r), q.add(ind.mulBase(1L << (bound.bits - 1))), "rescaled output outside the range budget");
        }
        if (shift == 0) return q;
        if (shift < 0) return q.mulBase(Goldilocks.inv(1L << -shift));
        if (ind == null) ind = Padding.realIndicator(o.shape, r);
        return q.mulBase(1L << shift).add(s.range(rem, r)).sub(ind.mulBase(half(shift)));
    }
}
