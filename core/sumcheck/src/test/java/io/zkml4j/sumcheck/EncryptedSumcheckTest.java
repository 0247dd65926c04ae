package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.base;
import static io.zkml4j.sumcheck.Fixtures.ext;
import static io.zkml4j.sumcheck.Fixtures.plusOne;
import static io.zkml4j.sumcheck.Fixtures.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.Blinding;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.LigeroConstraints;
import io.zkml4j.poly.Eq;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The encrypted sumcheck on sum a b = H and sum eq(tau, .) a b = H: completeness; soundness against a prover that
 * runs the protocol faithfully around one lie (a wrong H, a wrong round polynomial kept consistent to the end, a wrong
 * final claim, a wrong pad product), each rejected; zero knowledge: the witness-free simulator accepted, every sent
 * value masked by its own extension pad, freshness, and a witness distinguisher that fails against the full masking
 * and succeeds once one mask is left out (kept as the demonstration that the zero-knowledge tests can fail).
 */
class EncryptedSumcheckTest {
    private static final LigeroConstraints ZKC = new LigeroConstraints(new HidingLigeroPcs(HidingLigeroParams.DEFAULT));

    private static Transcript transcript() {
        return new Transcript("zkml4j.sumcheck.encrypted-test");
    }

    /** One statement: tables a, b of 2^n, tau (null: plain product) and the honest H. */
    record Instance(int n, long[] a, long[] b, GoldilocksExt2[] tau, GoldilocksExt2 h) {
        static Instance random(int n, boolean eq, SplittableRandom rnd) {
            long[] a = base(rnd, n), b = base(rnd, n);
            GoldilocksExt2[] tau = eq ? point(rnd, n) : null;
            GoldilocksExt2 h = GoldilocksExt2.ZERO;
            for (int x = 0; x < a.length; x++) {
                GoldilocksExt2 ab = GoldilocksExt2.ofBase(Goldilocks.mul(a[x], b[x]));
                h = h.add(eq ? ab.mul(Eq.evalAtIndex(tau, x)) : ab);
            }
            return new Instance(n, a, b, tau, h);
        }

        EncryptedSumcheck.Proof prove(GoldilocksExt2 claimed, EncryptedSumcheck.Tamper tamper) {
            return EncryptedSumcheck.prove(ZKC, a, b, tau, claimed, Blinding.fresh(), transcript(), tamper);
        }

        void verify(GoldilocksExt2 claimed, EncryptedSumcheck.Proof p) {
            EncryptedSumcheck.Proof decoded = EncryptedSumcheck.Proof.fromBytes(p.toBytes(), ZKC, n, tau != null);
            EncryptedSumcheck.verify(ZKC, n, tau, claimed, decoded, transcript());
        }
    }

    @Property(tries = 12)
    void honestProofsAreAccepted(@ForAll @IntRange(min = 1, max = 9) int n, @ForAll boolean eq, @ForAll long seed) {
        Instance in = Instance.random(n, eq, new SplittableRandom(seed));
        in.verify(in.h(), in.prove(in.h(), null));
    }

    // ------------------------------------------------------------------ soundness

    private static void rejected(Instance in, GoldilocksExt2 claimed, EncryptedSumcheck.Proof p) {
        assertThrows(VerificationException.class, () -> in.verify(claimed, p));
    }

    @Property(tries = 6)
    void aWrongSumIsRejected(@ForAll @IntRange(min = 1, max = 7) int n, @ForAll boolean eq, @ForAll long seed) {
        Instance in = Instance.random(n, eq, new SplittableRandom(seed));
        GoldilocksExt2 lie = plusOne(in.h());
        // an honest prover of the wrong statement, and the classic liar keeping every round consistent with it
        rejected(in, lie, in.prove(lie, null));
        EncryptedSumcheck.Proof p = SumcheckTranscript.withAdversary(SumcheckAdversary.consistent(lie, -1, null), () -> in.prove(lie, null));
        rejected(in, lie, p);
    }

    @Property(tries = 6)
    void aWrongRoundPolynomialIsRejected(@ForAll @IntRange(min = 2, max = 7) int n, @ForAll boolean eq, @ForAll long seed) {
        Instance in = Instance.random(n, eq, new SplittableRandom(seed));
        int round = (int) Math.floorMod(seed, (long) n);
        EncryptedSumcheck.Proof p = SumcheckTranscript.withAdversary(SumcheckAdversary.consistent(null, round, g -> g[2] = plusOne(g[2])), () -> in.prove(in.h(), null));
        rejected(in, in.h(), p);
    }

    @Test
    void aWrongFinalClaimIsRejected() {
        for (boolean eq : new boolean[] {false, true}) {
            Instance in = Instance.random(6, eq, new SplittableRandom(11));
            for (int which = 0; which < 2; which++) {
                int w = which;
                rejected(in, in.h(), in.prove(in.h(), new EncryptedSumcheck.Tamper() {
                    @Override
                    public void finals(GoldilocksExt2[] e) {
                        e[w] = plusOne(e[w]);
                    }
                }));
            }
        }
    }

    @Test
    void aWrongPadProductIsRejected() {
        for (boolean eq : new boolean[] {false, true}) {
            Instance in = Instance.random(6, eq, new SplittableRandom(12));
            EncryptedSumcheck.Layout l = new EncryptedSumcheck.Layout(6, eq);
            rejected(in, in.h(), in.prove(in.h(), new EncryptedSumcheck.Tamper() {
                @Override
                public void tables(List<long[]> tables) {
                    l.product.z().write(tables, plusOne(l.product.z().read(tables)));
                }
            }));
        }
    }

    private static EncryptedSumcheck.Proof flipTarget;
    private static Instance flipInstance;

    /** Any byte of an honest proof changed: decoding or verification rejects it (and nothing else is thrown). */
    @Property(tries = 40)
    void anyByteChangedIsRejected(@ForAll long seed) {
        if (flipTarget == null) {
            flipInstance = Instance.random(5, true, new SplittableRandom(16));
            flipTarget = flipInstance.prove(flipInstance.h(), null);
        }
        byte[] bytes = flipTarget.toBytes();
        SplittableRandom rnd = new SplittableRandom(seed);
        int at = rnd.nextInt(bytes.length);
        bytes[at] ^= (byte) (1 + rnd.nextInt(255));
        try {
            EncryptedSumcheck.Proof p = EncryptedSumcheck.Proof.fromBytes(bytes, ZKC, 5, true);
            EncryptedSumcheck.verify(ZKC, 5, flipInstance.tau(), flipInstance.h(), p, transcript());
        } catch (VerificationException | io.zkml4j.field.codec.ProofFormatException e) {
            return;
        }
        throw new AssertionError("byte " + at + " changed and the proof still verifies");
    }

    // ------------------------------------------------------------------ zero knowledge

    @Property(tries = 12)
    void simulatedProofsOfAnySumAreAccepted(@ForAll @IntRange(min = 1, max = 8) int n, @ForAll boolean eq, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        GoldilocksExt2[] tau = eq ? point(rnd, n) : null;
        GoldilocksExt2 h = ext(rnd); // any H: the simulator has no witness
        EncryptedSumcheck.Simulated sim = EncryptedSumcheck.simulate(ZKC, n, tau, h, rnd);
        EncryptedSumcheck.check(ZKC, n, tau, h, sim.proof(), sim.challenges());
        EncryptedSumcheck.Proof decoded = EncryptedSumcheck.Proof.fromBytes(sim.proof().toBytes(), ZKC, n, eq);
        EncryptedSumcheck.check(ZKC, n, tau, h, decoded, sim.challenges());
        // the programmed challenges are what make it pass: under another simulation's, it is rejected
        EncryptedSumcheck.Simulated other = EncryptedSumcheck.simulate(ZKC, n, tau, h, rnd);
        assertThrows(VerificationException.class, () -> EncryptedSumcheck.check(ZKC, n, tau, h, sim.proof(), other.challenges()));
    }

    @Test
    void everySentValueHasItsOwnExtensionPad() {
        for (boolean eq : new boolean[] {false, true}) {
            int n = 7;
            Instance in = Instance.random(n, eq, new SplittableRandom(13));
            EncryptedSumcheck.Layout l = new EncryptedSumcheck.Layout(n, eq);
            EncryptedSumcheck.Proof p = in.prove(in.h(), null);
            List<GoldilocksExt2> sent = p.maskedValues();
            assertEquals(l.pads, sent.size(), "one pad per sent value, no more, no fewer");
            assertEquals(n * (l.degree + 1) + 2, l.pads, "the round values at degree d + 1 points, and a(rho), b(rho)");
            // round 0 of base tables is a base-field message: sent, it must not be (a base-field pad would leave c1 zero)
            for (int k = 0; k <= l.degree; k++) assertTrue(p.maskedValues().get(k).c1 != 0, "round 0 value " + k + " is masked in the extension");
            assertEquals(new HashSet<>(sent).size(), sent.size(), "no two sent values alike");
        }
    }

    @Test
    void twoProofsOfOneStatementShareNoMaskedValue() {
        Instance in = Instance.random(6, true, new SplittableRandom(14));
        Set<GoldilocksExt2> first = new HashSet<>(sentInClear(in.prove(in.h(), null)));
        for (GoldilocksExt2 v : sentInClear(in.prove(in.h(), null))) assertFalse(first.contains(v), "a masked value repeats across proofs");
    }

    private static List<GoldilocksExt2> sentInClear(EncryptedSumcheck.Proof p) {
        List<GoldilocksExt2> v = new ArrayList<>(p.maskedValues());
        v.addAll(List.of(p.constraintProof().productValues()));
        return v;
    }

    /**
     * The witness distinguisher: two witnesses with one public statement (a, b and a', b' with equal sums); does a
     * proof's sent data contain a round-0 message of witness A (functions of the witness alone, before any challenge)?
     * It must not tell them apart.
     */
    private static boolean identifiesWitnessA(EncryptedSumcheck.Tamper tamper) {
        SplittableRandom rnd = new SplittableRandom(15);
        int n = 5;
        Instance a = Instance.random(n, false, rnd);
        // witness B: another a' with the same sum (b fixed, one entry of a' adjusted)
        long[] a2 = base(rnd, n);
        long s = 0;
        for (int x = 1; x < a2.length; x++) s = Goldilocks.add(s, Goldilocks.mul(a2[x], a.b()[x]));
        a2[0] = Goldilocks.mul(Goldilocks.sub(a.h().c0, s), Goldilocks.inv(a.b()[0]));
        Instance b = new Instance(n, a2, a.b(), null, a.h());
        assertTrue(a2[0] != a.a()[0], "two witnesses");
        GoldilocksExt2[] roundZeroA = SumcheckProver.proveProduct(a.a(), a.b(), transcript()).proof().roundUnsafe(0);
        Set<GoldilocksExt2> msgs = Set.of(roundZeroA);
        boolean onA = a.prove(a.h(), tamper).maskedValues().stream().anyMatch(msgs::contains);
        boolean onB = b.prove(b.h(), tamper).maskedValues().stream().anyMatch(msgs::contains);
        b.verify(b.h(), b.prove(b.h(), tamper)); // both witnesses prove the statement
        return onA && !onB;
    }

    @Test
    void theSentValuesDoNotIdentifyTheWitness() {
        assertFalse(identifiesWitnessA(null));
    }

    /** A mask left out (round 0's g(0) sent in the clear): the proofs still verify, and the distinguisher now wins. */
    @Test
    void aMaskLeftOutIsCaughtByTheDistinguisher() {
        EncryptedSumcheck.Tamper clear = new EncryptedSumcheck.Tamper() {
            @Override
            public void pads(long[] padTable) {
                padTable[0] = 0; // pad 0: entries 0 and 1
                padTable[1] = 0;
            }
        };
        assertTrue(identifiesWitnessA(clear), "with one round value unmasked, the proof names its witness");
    }
}
