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
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ClaimReductionTest {
    /** A true claim on a random slot of 2^m entries of table t (2^n entries). */
    static SlotClaim trueClaim(SplittableRandom r, long[] t, int n, int m) {
        return claimOn(t, n, Fixtures.point(r, m), r.nextLong(1L << (n - m)));
    }

    static SlotClaim claimOn(long[] t, int n, GoldilocksExt2[] z, long slot) {
        GoldilocksExt2[] full = new SlotClaim(z, slot, GoldilocksExt2.ZERO).fullPoint(n);
        return new SlotClaim(z, slot, Mle.evaluate(t, full));
    }

    /** Claims of assorted sizes: the whole table (m = n), single entries (m = 0), and random sizes in between. */
    static List<SlotClaim> claims(SplittableRandom r, long[] t, int n, int count) {
        List<SlotClaim> cs = new ArrayList<>();
        cs.add(trueClaim(r, t, n, n));
        cs.add(trueClaim(r, t, n, 0));
        while (cs.size() < count) cs.add(trueClaim(r, t, n, r.nextInt(n + 1)));
        return cs;
    }

    static final class Instance {
        final int n;
        final long[] table;
        final List<SlotClaim> claims;
        final ClaimReduction.Output out;
        final GoldilocksExt2 proverAfter;

        Instance(long seed, int n, int count) {
            SplittableRandom r = new SplittableRandom(seed);
            this.n = n;
            table = Fixtures.base(r, n);
            claims = claims(r, table, n, count);
            Transcript t = new Transcript(DOMAIN);
            out = ClaimReduction.prove(table, claims, t);
            proverAfter = t.challengeExt("after");
        }

        GoldilocksExt2[] verify(List<SlotClaim> cs, SumcheckProof proof, GoldilocksExt2 value) {
            return ClaimReduction.verify(n, cs, proof, value, new Transcript(DOMAIN));
        }
    }

    static void assertRejected(Runnable r, String what) {
        assertThrows(VerificationException.class, r::run, what + " was accepted");
    }

    @Property(tries = 40)
    void honestReductionVerifiesAndTheReducedClaimIsTrue(@ForAll long seed, @ForAll @IntRange(min = 0, max = 10) int n,
            @ForAll @IntRange(min = 2, max = 9) int count) {
        Instance in = new Instance(seed, n, count);
        Transcript vt = new Transcript(DOMAIN);
        GoldilocksExt2[] s = ClaimReduction.verify(n, in.claims, in.out.proof(), in.out.value(), vt);
        assertArrayEquals(in.out.point(), s);
        assertEquals(Mle.evaluate(in.table, s), in.out.value(), "the output claim is f(s)");
        assertEquals(in.proverAfter, vt.challengeExt("after"), "prover and verifier transcripts end in the same state");
    }

    /** Above Parallel.MIN_PAIRS (two-thread rounds) with many claims on small slots, some sharing a slot. */
    @Test
    void largerTableManySlotClaims() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 15;
        long[] t = Fixtures.base(r, n);
        List<SlotClaim> cs = new ArrayList<>();
        for (int k = 0; k < 40; k++) cs.add(trueClaim(r, t, n, 6 + r.nextInt(4)));
        cs.add(claimOn(t, n, Fixtures.point(r, 6), cs.get(0).slot() % (1L << (n - 6))));
        ClaimReduction.Output out = ClaimReduction.prove(t, cs, new Transcript(DOMAIN));
        GoldilocksExt2[] s = ClaimReduction.verify(n, cs, out.proof(), out.value(), new Transcript(DOMAIN));
        assertEquals(Mle.evaluate(t, s), out.value());
    }

    @Test
    void proverRefusesFalseOrMisfitClaims() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 6;
        long[] t = Fixtures.base(r, n);
        List<SlotClaim> cs = claims(r, t, n, 4);
        List<SlotClaim> wrong = new ArrayList<>(cs);
        wrong.set(2, new SlotClaim(cs.get(2).point(), cs.get(2).slot(), plusOne(cs.get(2).value())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClaimReduction.prove(t, wrong, new Transcript(DOMAIN)));
        assertTrue(e.getMessage().contains("claim 2"), e.getMessage());
        List<SlotClaim> beyond = List.of(new SlotClaim(Fixtures.point(r, 3), 8, GoldilocksExt2.ZERO)); // 2^(6-3) = 8 slots: 0..7
        assertThrows(IllegalArgumentException.class, () -> ClaimReduction.prove(t, beyond, new Transcript(DOMAIN)));
        List<SlotClaim> tooLong = List.of(new SlotClaim(Fixtures.point(r, 7), 0, GoldilocksExt2.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ClaimReduction.prove(t, tooLong, new Transcript(DOMAIN)));
        assertThrows(IllegalArgumentException.class, () -> ClaimReduction.prove(t, List.of(), new Transcript(DOMAIN)));
        assertThrows(IllegalArgumentException.class, () -> new SlotClaim(Fixtures.point(r, 2), -1, GoldilocksExt2.ZERO));
    }

    @Property(tries = 15)
    void wrongValueInAnyClaimIsRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
        Instance in = new Instance(seed, n, 4);
        for (int k = 0; k < in.claims.size(); k++) {
            List<SlotClaim> cs = new ArrayList<>(in.claims);
            SlotClaim c = cs.get(k);
            cs.set(k, new SlotClaim(c.point(), c.slot(), plusOne(c.value())));
            assertRejected(() -> in.verify(cs, in.out.proof(), in.out.value()), "claim " + k + " with a wrong value");
        }
    }

    @Property(tries = 15)
    void claimMovedToAnotherSlotOrPointIsRejected(@ForAll long seed, @ForAll @IntRange(min = 3, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = Fixtures.base(r, n);
        List<SlotClaim> cs = new ArrayList<>(List.of(trueClaim(r, t, n, n - 2), trueClaim(r, t, n, n)));
        ClaimReduction.Output out = ClaimReduction.prove(t, cs, new Transcript(DOMAIN));
        SlotClaim c = cs.get(0);
        List<SlotClaim> moved = new ArrayList<>(cs);
        moved.set(0, new SlotClaim(c.point(), c.slot() ^ 1, c.value())); // same value, the neighbouring slot
        assertRejected(() -> ClaimReduction.verify(n, moved, out.proof(), out.value(), new Transcript(DOMAIN)), "claim on another slot");
        GoldilocksExt2[] z = c.point();
        z[0] = plusOne(z[0]);
        moved.set(0, new SlotClaim(z, c.slot(), c.value()));
        assertRejected(() -> ClaimReduction.verify(n, moved, out.proof(), out.value(), new Transcript(DOMAIN)), "claim at another point");
        // the same entries claimed as a slot of a different size
        moved.set(0, new SlotClaim(java.util.Arrays.copyOf(c.point(), n - 3), c.slot() << 1, c.value()));
        assertRejected(() -> ClaimReduction.verify(n, moved, out.proof(), out.value(), new Transcript(DOMAIN)), "claim of another size");
        // a table of a different size
        assertRejected(() -> ClaimReduction.verify(n + 1, cs, out.proof(), out.value(), new Transcript(DOMAIN)), "another n");
        // a slot beyond the table is refused, not wrapped
        moved.set(0, new SlotClaim(c.point(), c.slot() + 4, c.value()));
        assertRejected(() -> ClaimReduction.verify(n, moved, out.proof(), out.value(), new Transcript(DOMAIN)), "slot beyond the table");
    }

    @Property(tries = 15)
    void tamperedRoundIsRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
        Instance in = new Instance(seed, n, 3);
        GoldilocksExt2[][] rounds = in.out.proof().rounds();
        for (int i = 0; i < rounds.length; i++) {
            for (int j = 0; j < rounds[i].length; j++) {
                GoldilocksExt2[][] bad = in.out.proof().rounds();
                bad[i][j] = plusOne(bad[i][j]);
                SumcheckProof p = new SumcheckProof(bad);
                assertRejected(() -> in.verify(in.claims, p, in.out.value()), "round " + i + " value " + j + " changed");
            }
        }
        GoldilocksExt2[][] fewer = java.util.Arrays.copyOf(rounds, rounds.length - 1);
        assertRejected(() -> in.verify(in.claims, new SumcheckProof(fewer), in.out.value()), "a dropped round");
    }

    /** The final value is the prover's last message: any other value than f(s) fails v g(s) = reduced claim. */
    @Property(tries = 10)
    void wrongFinalValueIsRejected(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int n) {
        Instance in = new Instance(seed, n, 3);
        assertRejected(() -> in.verify(in.claims, in.out.proof(), plusOne(in.out.value())), "f(s) + 1");
        assertRejected(() -> in.verify(in.claims, in.out.proof(), GoldilocksExt2.ZERO), "f(s) = 0");
    }

    @Property(tries = 5)
    void byteFlipsOfTheSerializedProofAreRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int n) {
        Instance in = new Instance(seed, n, 3);
        byte[] bytes = in.out.proof().toBytes();
        assertArrayEquals(bytes, SumcheckProof.fromBytes(bytes, n, ClaimReduction.DEGREE).toBytes(), "canonical round trip");
        in.verify(in.claims, SumcheckProof.fromBytes(bytes, n, ClaimReduction.DEGREE), in.out.value());
        for (int i = 0; i < bytes.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] b = bytes.clone();
                b[i] ^= (byte) (1 << bit);
                int at = i;
                assertThrows(RuntimeException.class, () -> in.verify(in.claims, SumcheckProof.fromBytes(b, n, ClaimReduction.DEGREE), in.out.value()),
                        "bit " + bit + " of byte " + at + " flipped");
                try {
                    in.verify(in.claims, SumcheckProof.fromBytes(b, n, ClaimReduction.DEGREE), in.out.value());
                } catch (VerificationException | ProofFormatException expected) {
                    // the two ways a flipped proof may fail
                }
            }
        }
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(longer, n, ClaimReduction.DEGREE));
    }

    @Test
    void alphaDependsOnEveryPartOfEveryClaim() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 6;
        long[] t = Fixtures.base(r, n);
        List<SlotClaim> cs = new ArrayList<>(List.of(trueClaim(r, t, n, 3), trueClaim(r, t, n, 0), trueClaim(r, t, n, 6)));
        GoldilocksExt2 alpha = ClaimReduction.absorbStatement(new Transcript(DOMAIN), n, cs, -1);
        for (int k = 0; k < cs.size(); k++) {
            SlotClaim c = cs.get(k);
            List<UnaryOperator<SlotClaim>> edits = new ArrayList<>();
            edits.add(x -> new SlotClaim(x.point(), x.slot(), plusOne(x.value())));
            if (c.numVars() > 0) {
                edits.add(x -> {
                    GoldilocksExt2[] z = x.point();
                    z[z.length - 1] = plusOne(z[z.length - 1]);
                    return new SlotClaim(z, x.slot(), x.value());
                });
                edits.add(x -> new SlotClaim(java.util.Arrays.copyOf(x.point(), x.numVars() - 1), x.slot(), x.value()));
            }
            if (c.numVars() < n) edits.add(x -> new SlotClaim(x.point(), x.slot() ^ 1, x.value()));
            for (UnaryOperator<SlotClaim> edit : edits) {
                List<SlotClaim> changed = new ArrayList<>(cs);
                changed.set(k, edit.apply(c));
                assertNotEquals(alpha, ClaimReduction.absorbStatement(new Transcript(DOMAIN), n, changed, -1), "claim " + k + " edited");
            }
        }
        assertNotEquals(alpha, ClaimReduction.absorbStatement(new Transcript(DOMAIN), n + 1, cs, -1), "n");
        assertNotEquals(alpha, ClaimReduction.absorbStatement(new Transcript(DOMAIN), n, cs.subList(0, 2), -1), "a claim dropped");
    }

    /**
     * Why claim 1 must be absorbed: if it is not, alpha is fixed before its value, so a prover can state FALSE values
     * for claims 0 and 1 whose errors cancel in v_0 + alpha v_1, run the honest sumcheck and be accepted. The same
     * forgery is rejected by the real protocol.
     */
    @Test
    void omittingAClaimFromTheTranscriptLetsAForgeryThrough() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 7;
        long[] t = Fixtures.base(r, n);
        SlotClaim c0 = trueClaim(r, t, n, 4), c1 = trueClaim(r, t, n, 5);
        GoldilocksExt2 delta = GoldilocksExt2.of(12345, 678);
        SlotClaim f0 = new SlotClaim(c0.point(), c0.slot(), c0.value().add(delta));
        // claim 0 is fixed (and absorbed) first; alpha does not depend on claim 1, which is chosen afterwards
        GoldilocksExt2 alpha = ClaimReduction.absorbStatement(new Transcript(DOMAIN), n, List.of(f0, c1), 1);
        SlotClaim f1 = new SlotClaim(c1.point(), c1.slot(), c1.value().sub(delta.mul(alpha.inv())));
        List<SlotClaim> forged = List.of(f0, f1);
        ClaimReduction.Output out = ClaimReduction.prove(t, forged, new Transcript(DOMAIN), 1);
        ClaimReduction.verify(n, forged, out.proof(), out.value(), new Transcript(DOMAIN), 1); // the weakened verifier accepts
        assertNotEquals(Mle.evaluate(t, f0.fullPoint(n)), f0.value(), "claim 0 is false");

        assertThrows(IllegalArgumentException.class, () -> ClaimReduction.prove(t, forged, new Transcript(DOMAIN)), "honest prover refuses");
        // The best the forger can send to the real verifier: the weakened transcript's proof, or the honest proof of the true claims.
        assertRejected(() -> ClaimReduction.verify(n, forged, out.proof(), out.value(), new Transcript(DOMAIN)), "forgery, real verifier");
        ClaimReduction.Output honest = ClaimReduction.prove(t, List.of(c0, c1), new Transcript(DOMAIN));
        assertRejected(() -> ClaimReduction.verify(n, forged, honest.proof(), honest.value(), new Transcript(DOMAIN)), "honest proof, forged claims");
    }
}
