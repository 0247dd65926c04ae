package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.DOMAIN;
import static io.zkml4j.sumcheck.Fixtures.plusOne;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Cheating provers and tampered proofs must be rejected. Cheaters run through {@link ReferenceProver} with a
 * faithful transcript (their tampered messages are what gets absorbed), so each test exercises the check it
 * names rather than a transcript mismatch.
 */
class SumcheckSoundnessTest {
    static final SumOfProducts PRODUCT = SumOfProducts.product(2);

    static ExtVec[] tables(SplittableRandom r, int n) {
        return new ExtVec[] {ExtVec.ofBase(Fixtures.base(r, n)), ExtVec.ofBase(Fixtures.base(r, n))};
    }

    /** Runs the verifier and the final check; true iff everything accepts. */
    static boolean accepts(int n, int degree, GoldilocksExt2 claim, SumcheckProof proof, SumOfProducts expr, GoldilocksExt2[] evals) {
        try {
            SumcheckClaim c = SumcheckVerifier.verify(n, degree, claim, proof, new Transcript(DOMAIN));
            SumcheckVerifier.checkFinal(c, expr, evals);
            return true;
        } catch (VerificationException e) {
            return false;
        }
    }

    @Property(tries = 20)
    void wrongClaimedSumIsRejected(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        ExtVec[] t = tables(r, n);
        SumcheckProverOutput out = SumcheckProver.prove(PRODUCT, t, new Transcript(DOMAIN));
        assertTrue(accepts(n, 2, out.claimedSum(), out.proof(), PRODUCT, out.finalEvals()));
        assertTrue(!accepts(n, 2, plusOne(out.claimedSum()), out.proof(), PRODUCT, out.finalEvals()));
    }

    @Property(tries = 20)
    void perturbedRoundValueIsRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        ExtVec[] t = tables(r, n);
        int bad = r.nextInt(n);
        GoldilocksExt2 sum = ReferenceProver.sum(PRODUCT, t);
        SumcheckProverOutput out = ReferenceProver.prove(PRODUCT, t, sum, new Transcript(DOMAIN), (k, g, c) -> {
            if (k == bad) g[0] = plusOne(g[0]);
            return g;
        });
        VerificationException e = assertThrows(VerificationException.class,
                () -> SumcheckVerifier.verify(n, 2, sum, out.proof(), new Transcript(DOMAIN)));
        assertTrue(e.getMessage().contains("round " + bad), e.getMessage());
    }

    /**
     * The strongest cheater for a false claim that keeps every round check satisfied (it shifts g(1) to match the
     * running claim, otherwise honest): it must be caught by the final evaluation check.
     */
    @Property(tries = 20)
    void roundConsistentCheaterFailsFinalCheck(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        ExtVec[] t = tables(r, n);
        GoldilocksExt2 falseSum = plusOne(ReferenceProver.sum(PRODUCT, t));
        SumcheckProverOutput out = ReferenceProver.prove(PRODUCT, t, falseSum, new Transcript(DOMAIN), (k, g, c) -> {
            g[1] = c.sub(g[0]);
            return g;
        });
        SumcheckClaim c = SumcheckVerifier.verify(n, 2, falseSum, out.proof(), new Transcript(DOMAIN)); // rounds pass
        assertThrows(VerificationException.class, () -> SumcheckVerifier.checkFinal(c, PRODUCT, out.finalEvals()));
    }

    @Property(tries = 20)
    void wrongFinalEvaluationIsRejected(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = Fixtures.base(r, n), b = Fixtures.base(r, n);
        SumcheckProverOutput out = SumcheckProver.proveProduct(a, b, new Transcript(DOMAIN));
        SumcheckClaim c = SumcheckVerifier.verify(n, 2, out.claimedSum(), out.proof(), new Transcript(DOMAIN));
        SumcheckVerifier.checkFinal(c, PRODUCT, out.finalEvals());
        for (int j = 0; j < 2; j++) {
            GoldilocksExt2[] evals = out.finalEvals();
            evals[j] = plusOne(evals[j]);
            assertThrows(VerificationException.class, () -> SumcheckVerifier.checkFinal(c, PRODUCT, evals));
        }
        // eq-weighted: a wrong eq point is also caught (the verifier computes eq itself)
        GoldilocksExt2[] pt = Fixtures.point(r, n);
        SumcheckProverOutput eo = SumcheckProver.proveEqProduct(pt, a, b, new Transcript(DOMAIN));
        SumcheckClaim ec = SumcheckVerifier.verify(n, 3, eo.claimedSum(), eo.proof(), new Transcript(DOMAIN));
        SumcheckVerifier.checkFinalEq(ec, pt, PRODUCT, eo.finalEvals());
        GoldilocksExt2[] evals = eo.finalEvals();
        evals[1] = plusOne(evals[1]);
        assertThrows(VerificationException.class, () -> SumcheckVerifier.checkFinalEq(ec, pt, PRODUCT, evals));
        if (n > 0) {
            GoldilocksExt2[] other = pt.clone();
            other[r.nextInt(n)] = Fixtures.ext(r);
            assertThrows(VerificationException.class, () -> SumcheckVerifier.checkFinalEq(ec, other, PRODUCT, eo.finalEvals()));
        }
    }

    /** A degree-3 round polynomial (one more value) for a degree-2 claim: rejected in object and byte form. */
    @Property(tries = 20)
    void tooHighDegreeIsRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        ExtVec[] t = tables(r, n);
        // an honest degree-3 proof of the same sum: a * b * 1
        SumOfProducts cubic = SumOfProducts.builder(3).term(GoldilocksExt2.ONE, 0, 1, 2).build();
        ExtVec one = ExtVec.ofBase(fill(1 << n, 1));
        SumcheckProverOutput out = SumcheckProver.prove(cubic, new ExtVec[] {t[0], t[1], one}, new Transcript(DOMAIN));
        SumcheckVerifier.verify(n, 3, out.claimedSum(), out.proof(), new Transcript(DOMAIN));
        VerificationException e = assertThrows(VerificationException.class,
                () -> SumcheckVerifier.verify(n, 2, out.claimedSum(), out.proof(), new Transcript(DOMAIN)));
        assertTrue(e.getMessage().contains("values, expected 3"), e.getMessage());
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(out.proof().toBytes(), n, 2));
        // a single round of higher degree, the rest well-formed
        SumcheckProverOutput honest = SumcheckProver.prove(PRODUCT, t, new Transcript(DOMAIN));
        GoldilocksExt2[][] rounds = honest.proof().rounds();
        int k = r.nextInt(n);
        GoldilocksExt2[] g = rounds[k];
        rounds[k] = Arrays.copyOf(g, 4);
        rounds[k][3] = Univariate.evaluate(g, GoldilocksExt2.ofBase(3)); // same polynomial, one value more
        assertThrows(VerificationException.class,
                () -> SumcheckVerifier.verify(n, 2, honest.claimedSum(), new SumcheckProof(rounds), new Transcript(DOMAIN)));
    }

    @Property(tries = 20)
    void missingOrExtraRoundIsRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = Fixtures.base(r, n), b = Fixtures.base(r, n);
        SumcheckProverOutput out = SumcheckProver.proveProduct(a, b, new Transcript(DOMAIN));
        GoldilocksExt2[][] rounds = out.proof().rounds();
        SumcheckProof missing = new SumcheckProof(Arrays.copyOf(rounds, n - 1));
        GoldilocksExt2[][] plus = Arrays.copyOf(rounds, n + 1);
        plus[n] = rounds[n - 1].clone();
        SumcheckProof extra = new SumcheckProof(plus);
        GoldilocksExt2 s = out.claimedSum();
        assertThrows(VerificationException.class, () -> SumcheckVerifier.verify(n, 2, s, missing, new Transcript(DOMAIN)));
        assertThrows(VerificationException.class, () -> SumcheckVerifier.verify(n, 2, s, extra, new Transcript(DOMAIN)));
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(missing.toBytes(), n, 2));
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(extra.toBytes(), n, 2));
        // a proof for n-1 variables, decoded with its own shape, still fails for an n-variable claim
        assertThrows(VerificationException.class,
                () -> SumcheckVerifier.verify(n, 2, s, SumcheckProof.fromBytes(missing.toBytes(), n - 1, 2), new Transcript(DOMAIN)));
    }

    /** Every single-byte change anywhere in the encoded proof is rejected (by the decoder, a round check or the final check). */
    @Test
    void everyByteFlipIsRejected() {
        SplittableRandom r = new SplittableRandom(42);
        int n = 5;
        long[] a = Fixtures.base(r, n), b = Fixtures.base(r, n);
        SumcheckProverOutput out = SumcheckProver.proveProduct(a, b, new Transcript(DOMAIN));
        byte[] bytes = out.proof().toBytes();
        assertEquals(1 + 4 + 4 + n * 3 * 16, bytes.length);
        assertTrue(acceptsBytes(bytes, n, out));
        for (int pos = 0; pos < bytes.length; pos++) {
            for (int delta : new int[] {1, 0x80, 1 + r.nextInt(255)}) {
                byte[] bad = bytes.clone();
                bad[pos] ^= (byte) delta;
                assertTrue(!acceptsBytes(bad, n, out), "flip at byte " + pos + " accepted");
            }
        }
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(trailing, n, 2));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(truncated, n, 2));
        byte[] nonCanonical = bytes.clone();
        Arrays.fill(nonCanonical, 9, 17, (byte) 0xFF); // first value's c0 = 2^64 - 1 >= p
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(nonCanonical, n, 2));
    }

    static boolean acceptsBytes(byte[] bytes, int n, SumcheckProverOutput out) {
        SumcheckProof p;
        try {
            p = SumcheckProof.fromBytes(bytes, n, 2);
        } catch (ProofFormatException e) {
            return false;
        }
        return accepts(n, 2, out.claimedSum(), p, PRODUCT, out.finalEvals());
    }

    /** A verifier that skips absorbing one round message draws different challenges, so the honest proof fails. */
    @Property(tries = 20)
    void omittedAbsorptionBreaksVerification(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = Fixtures.base(r, n), b = Fixtures.base(r, n);
        SumcheckProverOutput out = SumcheckProver.proveProduct(a, b, new Transcript(DOMAIN));
        int skip = r.nextInt(n);
        boolean accepted;
        try {
            SumcheckClaim c = SumcheckVerifier.verify(n, 2, out.claimedSum(), out.proof(), new Transcript(DOMAIN), skip);
            SumcheckVerifier.checkFinal(c, PRODUCT, out.finalEvals());
            accepted = true;
        } catch (VerificationException e) {
            accepted = false;
        }
        assertTrue(!accepted, "honest proof accepted by a verifier whose transcript skipped round " + skip);
    }

    /** The claimed sum and the shape are absorbed before the first challenge: changing either changes every challenge. */
    @Test
    void claimAndShapeAreBoundBeforeTheFirstChallenge() {
        SplittableRandom r = new SplittableRandom(3);
        GoldilocksExt2[] g = {Fixtures.ext(r), Fixtures.ext(r), Fixtures.ext(r)};
        GoldilocksExt2 claim = g[0].add(g[1]);
        GoldilocksExt2 base = firstChallenge(4, 2, claim, g);
        assertEquals(base, firstChallenge(4, 2, claim, g));
        assertNotEquals(base, firstChallenge(4, 2, plusOne(claim), g));
        assertNotEquals(base, firstChallenge(5, 2, claim, g));
        assertNotEquals(base, firstChallenge(4, 3, claim, g));
        GoldilocksExt2[] g2 = g.clone();
        g2[2] = plusOne(g2[2]);
        assertNotEquals(base, firstChallenge(4, 2, claim, g2));
    }

    static GoldilocksExt2 firstChallenge(int n, int d, GoldilocksExt2 claim, GoldilocksExt2[] g) {
        Transcript t = new Transcript(DOMAIN);
        SumcheckTranscript.begin(t, n, d, claim);
        return SumcheckTranscript.round(t, g);
    }

    /** The verifier's challenges are those of the shared transcript sequence (no randomness from elsewhere). */
    @Test
    void verifierPointComesFromTranscript() {
        SplittableRandom r = new SplittableRandom(5);
        long[] a = Fixtures.base(r, 3), b = Fixtures.base(r, 3);
        SumcheckProverOutput out = SumcheckProver.proveProduct(a, b, new Transcript(DOMAIN));
        SumcheckClaim c1 = SumcheckVerifier.verify(3, 2, out.claimedSum(), out.proof(), new Transcript(DOMAIN));
        assertArrayEquals(out.point(), c1.point());
        Transcript other = new Transcript(DOMAIN);
        other.absorbBytes("statement", new byte[] {1});
        assertThrows(VerificationException.class, () -> {
            SumcheckClaim c = SumcheckVerifier.verify(3, 2, out.claimedSum(), out.proof(), other);
            SumcheckVerifier.checkFinal(c, PRODUCT, out.finalEvals());
        });
    }

    @Test
    void badShapeParametersAreRejected() {
        SumcheckProof empty = new SumcheckProof(new GoldilocksExt2[0][]);
        assertThrows(IllegalArgumentException.class, () -> SumcheckVerifier.verify(0, 0, GoldilocksExt2.ZERO, empty, new Transcript(DOMAIN)));
        assertThrows(IllegalArgumentException.class, () -> SumcheckVerifier.verify(-1, 2, GoldilocksExt2.ZERO, empty, new Transcript(DOMAIN)));
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0}, 0, 2));
        // zero variables: the claim must equal the reduced claim itself
        SumcheckClaim c = SumcheckVerifier.verify(0, 2, GoldilocksExt2.ofBase(6), empty, new Transcript(DOMAIN));
        SumcheckVerifier.checkFinal(c, PRODUCT, new GoldilocksExt2[] {GoldilocksExt2.ofBase(2), GoldilocksExt2.ofBase(3)});
        assertThrows(VerificationException.class, () -> SumcheckVerifier.checkFinal(c, PRODUCT,
                new GoldilocksExt2[] {GoldilocksExt2.ofBase(2), GoldilocksExt2.ofBase(4)}));
    }

    static long[] fill(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }
}
