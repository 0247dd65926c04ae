package io.zkml4j.lookup;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;

/**
 * Range check: every entry of a vector v of 2^n canonical field elements lies in [0, 2^bits), 1 <= bits <= 63, by
 * {@link LogUpGkr} lookups into {@link RangeTable}s.
 *
 * <p><b>bits <= 16:</b> v itself is looked up in [0, 2^bits).
 *
 * <p><b>bits > 16:</b> v is split into L = ceil(bits / 16) limbs of 16 bits, v = sum_i limb_i 2^(16 i), the top limb
 * holding r = bits - 16 (L - 1) bits. The limbs are ADVICE: the caller commits them (and the multiplicities) and passes
 * the commitments as bindings. One lookup into [0, 2^16) covers the segments limb_0 .. limb_{L-1} and, when r < 16, a
 * virtual segment 2^(16 - r) limb_{L-1}, whose claim the verifier derives from the top limb's claim itself (so the top
 * limb is < 2^r: limb < 2^16 and 2^(16-r) limb < 2^16 as integers, with no wrap since 2^32 < p). Then
 * sum_i limb_i 2^(16 i) < 2^bits <= 2^63 < p is an integer, and equals v iff v is in range.
 *
 * <p><b>What the caller must prove</b> about the returned {@link Claims}, at the single point rho = {@link Claims#point()}:
 * <ul>
 *   <li>v(rho) = {@link Claims#value()} (= sum_i 2^(16 i) limb_i(rho), computed by the verifier): a PCS opening of v,
 *       or an input claim of the layer that produced v. This is the recomposition check: v - sum_i 2^(16 i) limb_i is
 *       multilinear and fixed before rho, so a wrong decomposition passes with probability <= n / |F|;</li>
 *   <li>limb_i(rho) = {@link Claims#limb(int)} for each limb (PCS openings of the committed limbs), if bits > 16;</li>
 *   <li>the multiplicities' claim {@link Claims#multiplicityClaim(int)}.</li>
 * </ul>
 * Binding order: v itself must be fixed before rho is drawn, either committed and its commitment passed among the
 * {@code bindings} (or absorbed earlier into the same transcript), or produced by an earlier, already bound layer.
 * A v the prover may still choose after seeing rho defeats the recomposition check.
 *
 * <p>Soundness error: that of {@link LogUpGkr} for the shape {@link #shape} plus n / |F| for the recomposition.
 */
public final class RangeCheck {
    private RangeCheck() {}

    public static final int LIMB_BITS = 16;
    public static final int MAX_BITS = 63;

    /** Number of 16-bit limbs for a range of {@code bits} (0 when the value is looked up directly). */
    public static int numLimbs(int bits) {
        checkBits(bits);
        return bits <= LIMB_BITS ? 0 : (bits + LIMB_BITS - 1) / LIMB_BITS;
    }

    /** The table the check looks up in. */
    public static RangeTable table(int bits) {
        return new RangeTable(Math.min(checkBits(bits), LIMB_BITS));
    }

    /** The lookup's shape for a vector of 2^numVars entries. */
    public static LookupShape shape(int numVars, int bits) {
        int limbs = numLimbs(bits);
        return new LookupShape(numVars, limbs == 0 ? 1 : limbs + (topBits(bits) < LIMB_BITS ? 1 : 0));
    }

    private static int topBits(int bits) {
        return bits - LIMB_BITS * (numLimbs(bits) - 1);
    }

    private static int checkBits(int bits) {
        if (bits < 1 || bits > MAX_BITS) throw new IllegalArgumentException("range check of " + bits + " bits (supported: 1.." + MAX_BITS + ")");
        return bits;
    }

    /** Prover-only: the limbs (advice to commit; empty for bits <= 16) and the lookup witness. */
    public static final class Witness {
        private final int bits;
        private final long[][] limbs;
        private final LookupWitness lookup;

        private Witness(int bits, long[][] limbs, LookupWitness lookup) {
            this.bits = bits;
            this.limbs = limbs;
            this.lookup = lookup;
        }

        public int bits() {
            return bits;
        }

        /** limbs()[i] is limb i (2^n entries in [0, 2^16)); the caller commits each one. Empty when bits <= 16. */
        public long[][] limbs() {
            return limbs;
        }

        /** The multiplicities to commit. */
        public long[] multiplicities() {
            return lookup.multiplicities();
        }

        public LookupWitness lookup() {
            return lookup;
        }
    }

    /** Decomposes the values; throws {@link ValueNotInTableException} naming the first entry outside [0, 2^bits). */
    public static Witness witness(long[] values, int bits) {
        checkBits(bits);
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            if (!Goldilocks.isCanonical(v)) throw new IllegalArgumentException("range check: entry " + i + " is not a canonical field element");
            if (v < 0 || (bits < 63 && v >= 1L << bits)) {
                throw new ValueNotInTableException("range check: entry " + i + " = " + Goldilocks.toString(v) + " is outside [0, 2^" + bits + ")");
            }
        }
        int limbs = numLimbs(bits);
        if (limbs == 0) return new Witness(bits, new long[0][], LookupWitness.of(table(bits), values));
        long[][] l = new long[limbs][values.length];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < limbs; k++) l[k][i] = (values[i] >>> (LIMB_BITS * k)) & 0xFFFF;
        }
        return new Witness(bits, l, LookupWitness.of(table(bits), segments(l, bits)));
    }

    /** For tests: a witness from arbitrary limbs (no check that they decompose anything). */
    static Witness fromLimbs(long[][] limbs, int bits, long[] multiplicities) {
        return new Witness(bits, limbs, LookupWitness.unchecked(table(bits), segments(limbs, bits), multiplicities));
    }

    /** For tests: a witness whose lookup segments are given directly (e.g. a lying shifted-top segment). */
    static Witness fromLookup(int bits, long[][] limbs, LookupWitness lookup) {
        return new Witness(bits, limbs, lookup);
    }

    private static long[][][] segments(long[][] limbs, int bits) {
        int top = topBits(bits), n = limbs.length;
        long[][][] seg = new long[n + (top < LIMB_BITS ? 1 : 0)][1][];
        for (int k = 0; k < n; k++) seg[k][0] = limbs[k];
        if (top < LIMB_BITS) {
            long[] shifted = new long[limbs[n - 1].length];
            long scale = 1L << (LIMB_BITS - top);
            for (int i = 0; i < shifted.length; i++) shifted[i] = Goldilocks.mul(limbs[n - 1][i], scale);
            seg[n][0] = shifted;
        }
        return seg;
    }

    /** The proof and the claims the caller must prove (identical to the verifier's). */
    public static final class ProverOutput {
        private final LookupProof proof;
        private final Claims claims;

        ProverOutput(LookupProof proof, Claims claims) {
            this.proof = proof;
            this.claims = claims;
        }

        public LookupProof proof() {
            return proof;
        }

        public Claims claims() {
            return claims;
        }
    }

    /** Proves the range check; {@code bindings} (commitments of the limbs and multiplicities) are absorbed before alpha. */
    public static ProverOutput prove(Witness w, Transcript t, PcsCommitment... bindings) {
        absorbStatement(t, w.bits);
        LookupProverOutput out = LookupProver.prove(w.lookup, t, bindings);
        return new ProverOutput(out.proof(), reduce(w.bits, out.claims()));
    }

    /** Verifies; returns the claims the caller must still prove (see the class comment). */
    public static Claims verify(int numVars, int bits, LookupProof proof, Transcript t, PcsCommitment... bindings) {
        absorbStatement(t, bits);
        LookupClaims c = LookupVerifier.verify(table(bits), shape(numVars, bits), proof, t, bindings);
        return reduce(bits, c);
    }

    private static void absorbStatement(Transcript t, int bits) {
        t.absorbField("rangecheck.bits", checkBits(bits));
    }

    /** Checks the virtual shifted-top segment and recomposes the value claim. */
    private static Claims reduce(int bits, LookupClaims c) {
        int limbs = numLimbs(bits);
        if (limbs == 0) return new Claims(c, new GoldilocksExt2[0], c.value(0, 0));
        GoldilocksExt2[] l = new GoldilocksExt2[limbs];
        GoldilocksExt2 value = GoldilocksExt2.ZERO;
        for (int k = 0; k < limbs; k++) {
            l[k] = c.value(k, 0);
            value = value.add(l[k].mulBase(1L << (LIMB_BITS * k)));
        }
        int top = topBits(bits);
        if (top < LIMB_BITS && !c.value(limbs, 0).equals(l[limbs - 1].mulBase(1L << (LIMB_BITS - top)))) {
            throw new VerificationException("range check: the shifted top limb is not 2^" + (LIMB_BITS - top) + " times the top limb");
        }
        return new Claims(c, l, value);
    }

    /** The claims a verified range check reduces to, all at {@link #point()} except the multiplicities'. */
    public static final class Claims {
        private final LookupClaims lookup;
        private final GoldilocksExt2[] limbs;
        private final GoldilocksExt2 value;

        Claims(LookupClaims lookup, GoldilocksExt2[] limbs, GoldilocksExt2 value) {
            this.lookup = lookup;
            this.limbs = limbs;
            this.value = value;
        }

        public GoldilocksExt2[] point() {
            return lookup.valuesPoint();
        }

        /** v(point) must equal this (for bits > 16: sum_i 2^(16 i) limb_i(point)). */
        public GoldilocksExt2 value() {
            return value;
        }

        public int numLimbs() {
            return limbs.length;
        }

        /** limb_i(point) must equal this. */
        public GoldilocksExt2 limb(int i) {
            return limbs[i];
        }

        public EvalClaim valueClaim(int vectorIndex) {
            return new EvalClaim(vectorIndex, point(), value);
        }

        public EvalClaim limbClaim(int limb, int vectorIndex) {
            return new EvalClaim(vectorIndex, point(), limbs[limb]);
        }

        public EvalClaim multiplicityClaim(int vectorIndex) {
            return lookup.multiplicityClaim(vectorIndex);
        }

        public LookupClaims lookup() {
            return lookup;
        }
    }
}
