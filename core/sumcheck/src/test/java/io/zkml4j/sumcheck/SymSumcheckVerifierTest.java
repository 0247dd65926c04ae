package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.plusOne;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * {@link SymSumcheckVerifier} under {@link ZeroPads} decides exactly as {@link SumcheckVerifier} (with the final
 * check), on honest proofs and on the cheats of {@link SumcheckSoundnessTest}: same acceptance, same point and value,
 * same rejection. A claim is given to the symbolic verifier either public or as a received value (both bind alike).
 * The last test deletes one deferred check and shows this agreement test catching it.
 */
class SymSumcheckVerifierTest {
    /** A statement with its proof: sum_x [eq(r, x)] expr(f(x)) = claim, and the final values f(point). */
    record Case(int n, int degree, SumOfProducts expr, GoldilocksExt2[] r, GoldilocksExt2 claim, SumcheckProof proof, GoldilocksExt2[] finals) {
        Case withClaim(GoldilocksExt2 c) {
            return new Case(n, degree, expr, r, c, proof, finals);
        }

        Case withProof(GoldilocksExt2[][] rounds) {
            return new Case(n, degree, expr, r, claim, new SumcheckProof(rounds), finals);
        }

        Case withFinals(GoldilocksExt2[] f) {
            return new Case(n, degree, expr, r, claim, proof, f);
        }
    }

    /** What a verifier decided: the reduced point and value if it accepted, else the rejection's message. */
    record Decision(GoldilocksExt2[] point, GoldilocksExt2 value, String rejected) {
        static Decision of(Supplier<Decision> run) {
            try {
                return run.get();
            } catch (VerificationException | IllegalArgumentException e) {
                return new Decision(null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        void assertSame(Decision o) {
            assertEquals(rejected, o.rejected);
            assertArrayEquals(point, o.point);
            assertEquals(value, o.value);
        }
    }

    static Transcript transcript() {
        return new Transcript(Fixtures.DOMAIN);
    }

    static Decision concrete(Case c) {
        return Decision.of(() -> {
            SumcheckClaim s = SumcheckVerifier.verify(c.n, c.degree, c.claim, c.proof, transcript());
            if (c.r == null) SumcheckVerifier.checkFinal(s, c.expr, c.finals);
            else SumcheckVerifier.checkFinalEq(s, c.r, c.expr, c.finals);
            return new Decision(s.point(), s.value(), null);
        });
    }

    /** The symbolic run: the claim public or received, the rounds, then the final values received as the prover sends them. */
    static Decision symbolic(Case c, boolean receivedClaim, SymSink sink) {
        return Decision.of(() -> {
            Sym claim = receivedClaim ? sink.receive(c.claim) : Sym.known(c.claim);
            SymClaim s = SymSumcheckVerifier.verify(c.n, c.degree, claim, c.proof, transcript(), sink);
            Sym[] finals = Arrays.stream(c.finals).map(sink::receive).toArray(Sym[]::new);
            if (c.r == null) SymSumcheckVerifier.checkFinal(s, c.expr, finals, sink);
            else SymSumcheckVerifier.checkFinalEq(s, c.r, c.expr, finals, sink);
            return new Decision(s.point(), s.value().constant(), null);
        });
    }

    /** Asserts agreement (both claim forms) and returns the decision. */
    static Decision agree(Case c) {
        Decision d = concrete(c);
        for (boolean received : new boolean[] {false, true}) d.assertSame(symbolic(c, received, new ZeroPads()));
        return d;
    }

    /** An honest instance: 1..3 tables of 2^n, a random expression of degree maxDeg, eq-weighted or not. */
    static Case honest(SplittableRandom r, int n, int maxDeg, boolean eq) {
        int m = 1 + r.nextInt(3);
        SumOfProducts expr = Fixtures.expr(r, m, maxDeg);
        ExtVec[] tables = new ExtVec[m];
        for (int j = 0; j < m; j++) tables[j] = r.nextBoolean() ? ExtVec.ofBase(Fixtures.base(r, n)) : Fixtures.extTable(r, n);
        GoldilocksExt2[] pt = eq ? Fixtures.point(r, n) : null;
        return prove(n, expr, pt, tables, () -> eq ? SumcheckProver.proveEq(pt, expr, tables, transcript()) : SumcheckProver.prove(expr, tables, transcript()));
    }

    static Case prove(int n, SumOfProducts expr, GoldilocksExt2[] pt, ExtVec[] tables, Supplier<SumcheckProverOutput> prover) {
        SumcheckProverOutput out = prover.get();
        return new Case(n, expr.degree() + (pt == null ? 0 : 1), expr, pt, out.claimedSum(), out.proof(), out.finalEvals());
    }

    @Property(tries = 40)
    void honestProofsAreAcceptedAlike(@ForAll long seed, @ForAll @IntRange(min = 0, max = 7) int n, @ForAll @IntRange(min = 1, max = 4) int maxDeg,
            @ForAll boolean eq) {
        Case c = honest(new SplittableRandom(seed), n, maxDeg, eq);
        assertNull(agree(c).rejected());
        // the layout a zero-knowledge proof of this shape needs: one pad per round value and per final value
        ZeroPads z = new ZeroPads();
        symbolic(c, false, z);
        assertEquals(n * (c.degree + 1) + c.expr.numPolys(), z.pads());
        assertEquals(n + 1, z.constraints());
    }

    @Property(tries = 30)
    void cheatsAreRejectedAlike(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int n, @ForAll @IntRange(min = 2, max = 3) int maxDeg,
            @ForAll boolean eq) {
        SplittableRandom r = new SplittableRandom(seed);
        Case c = honest(r, n, maxDeg, eq);
        assertNull(agree(c).rejected());
        // a wrong claim, honest rounds: round 0 fails
        assertRejected(agree(c.withClaim(plusOne(c.claim))), "round 0");
        // a changed round value
        int round = r.nextInt(n), k = r.nextInt(c.degree + 1);
        GoldilocksExt2[][] rounds = c.proof.rounds();
        rounds[round][k] = plusOne(rounds[round][k]);
        assertNotNull(agree(c.withProof(rounds)).rejected());
        // a wrong final value
        GoldilocksExt2[] finals = c.finals.clone();
        int used = c.expr.factors(0)[0]; // a polynomial the summand depends on
        finals[used] = plusOne(finals[used]);
        assertRejected(agree(c.withFinals(finals)), "final");
        // wrong round count, wrong values per round, a missing value
        GoldilocksExt2[][] fewer = Arrays.copyOf(c.proof.rounds(), n - 1), more = Arrays.copyOf(c.proof.rounds(), n + 1);
        more[n] = c.proof.round(0);
        assertRejected(agree(c.withProof(fewer)), "rounds, expected");
        assertRejected(agree(c.withProof(more)), "rounds, expected");
        GoldilocksExt2[][] longer = c.proof.rounds();
        longer[round] = Arrays.copyOf(longer[round], c.degree + 2);
        longer[round][c.degree + 1] = GoldilocksExt2.ZERO;
        assertRejected(agree(c.withProof(longer)), "values, expected");
        GoldilocksExt2[][] missing = c.proof.rounds();
        missing[round][k] = null;
        assertRejected(agree(c.withProof(missing)), "missing value");
    }

    /** SumcheckAdversary's liars keep every round check true; only the final check can catch them, in both verifiers. */
    @Property(tries = 30)
    void consistentLiarsAreRejectedAlike(@ForAll long seed, @ForAll @IntRange(min = 0, max = 6) int n, @ForAll boolean eq) {
        SplittableRandom r = new SplittableRandom(seed);
        ExtVec[] tables = {ExtVec.ofBase(Fixtures.base(r, n)), ExtVec.ofBase(Fixtures.base(r, n))};
        SumOfProducts product = SumOfProducts.product(2);
        GoldilocksExt2[] pt = eq ? Fixtures.point(r, n) : null;
        Supplier<SumcheckProverOutput> prover = () -> eq ? SumcheckProver.proveEqProduct(pt, tables[0], tables[1], transcript())
                : SumcheckProver.prove(product, tables, transcript());
        GoldilocksExt2 lie = Fixtures.ext(r);
        Case wrongSum = SumcheckTranscript.withAdversary(SumcheckAdversary.consistent(lie, -1, null), () -> prove(n, product, pt, tables, prover));
        assertRejected(agree(wrongSum.withClaim(lie)), "final");
        if (n == 0) return;
        int round = r.nextInt(n);
        Case wrongRound = SumcheckTranscript.withAdversary(SumcheckAdversary.consistent(null, round, g -> g[2] = plusOne(g[2])),
                () -> prove(n, product, pt, tables, prover));
        assertRejected(agree(wrongRound), "final");
    }

    /** A sink that knows the pads (the prover's view): each check is decided on the forms' true values; binds nothing (encrypted). */
    static final class KnownPads implements SymSink {
        final List<GoldilocksExt2> values = new ArrayList<>(); // pads as received, then pad products
        private final SplittableRandom rnd;
        private final List<GoldilocksExt2> drawn = new ArrayList<>();
        private int received;

        KnownPads(long seed) {
            rnd = new SplittableRandom(seed);
        }

        /** Pad number k, drawn on first use: the prover's mask and the verifier's sink read the same sequence. */
        GoldilocksExt2 pad(int k) {
            while (drawn.size() <= k) drawn.add(Fixtures.ext(rnd));
            return drawn.get(k);
        }

        public Sym receive(GoldilocksExt2 e) {
            values.add(pad(received++));
            return Sym.received(e, values.size() - 1);
        }

        public void zero(Sym form, String what) {
            if (!form.evaluate(values::get).isZero()) throw new VerificationException(what);
        }

        public int product(int i, int j) {
            values.add(values.get(i).mul(values.get(j)));
            return values.size() - 1;
        }
    }

    /**
     * An encrypted proof (the prover given the mask explicitly, every round value sent as g - p) verifies under the
     * symbolic verifier with a sink that knows the same pads: the transcripts agree (the claim not absorbed), and a
     * consistent liar is still caught by the final check; read with all pads zero, the same proof is rejected.
     */
    @Property(tries = 20)
    void encryptedProofsAreDecidedOnTheirPads(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int n, @ForAll @IntRange(min = 1, max = 3) int maxDeg,
            @ForAll boolean eq, @ForAll boolean lie) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = 1 + r.nextInt(3);
        SumOfProducts expr = Fixtures.expr(r, m, maxDeg);
        ExtVec[] tables = new ExtVec[m];
        for (int j = 0; j < m; j++) tables[j] = Fixtures.extTable(r, n);
        GoldilocksExt2[] pt = eq ? Fixtures.point(r, n) : null;
        KnownPads prover = new KnownPads(seed);
        int[] next = {0};
        List<GoldilocksExt2[]> sent = new ArrayList<>(); // the proof holds the prover's clear rounds; what goes out is this
        SumcheckTranscript.Encryption mask = g -> {
            for (int k = 0; k < g.length; k++) g[k] = g[k].sub(prover.pad(next[0]++));
            sent.add(g.clone());
            return g;
        };
        GoldilocksExt2 target = Fixtures.ext(r);
        Supplier<SumcheckProverOutput> run = () -> SumcheckProver.prove(expr, tables, pt, transcript(), mask);
        SumcheckProverOutput out = lie ? SumcheckTranscript.withAdversary(SumcheckAdversary.consistent(target, -1, null), run) : run.get();
        GoldilocksExt2[] sentFinals = out.finalEvals();
        for (int j = 0; j < m; j++) sentFinals[j] = sentFinals[j].sub(prover.pad(next[0]++));
        GoldilocksExt2 claim = lie ? target : out.claimedSum();
        Case c = new Case(n, expr.degree() + (eq ? 1 : 0), expr, pt, claim, new SumcheckProof(sent.toArray(new GoldilocksExt2[0][])), sentFinals);
        Decision d = symbolic(c, false, new KnownPads(seed));
        if (lie) assertRejected(d, "final");
        else {
            assertNull(d.rejected());
            assertArrayEquals(out.point(), d.point());
        }
        assertNotNull(symbolic(c, false, new ZeroPads()).rejected(), "the masked values alone do not pass");
    }

    @Test
    void anOutOfRangeShapeIsRefusedAlike() {
        Case c = honest(new SplittableRandom(1), 2, 2, false);
        assertRejected(agree(new Case(41, c.degree, c.expr, null, c.claim, c.proof, c.finals)), "IllegalArgumentException: sumcheck over 41");
        assertRejected(agree(new Case(2, 0, c.expr, null, c.claim, c.proof, c.finals)), "degree");
    }

    /**
     * The demonstration that the agreement test can fail: a sink that drops the final check lets the consistent liar
     * through, and the agreement with the concrete verifier (which rejects) breaks.
     */
    @Test
    void aDroppedCheckIsCaughtByTheAgreementTest() {
        SplittableRandom r = new SplittableRandom(7);
        ExtVec[] tables = {ExtVec.ofBase(Fixtures.base(r, 4)), ExtVec.ofBase(Fixtures.base(r, 4))};
        SumOfProducts product = SumOfProducts.product(2);
        GoldilocksExt2 lie = Fixtures.ext(r);
        Case c = SumcheckTranscript.withAdversary(SumcheckAdversary.consistent(lie, -1, null),
                () -> prove(4, product, null, tables, () -> SumcheckProver.prove(product, tables, transcript()))).withClaim(lie);
        ZeroPads inner = new ZeroPads();
        SymSink dropping = new SymSink() {
            public Sym receive(GoldilocksExt2 e) {
                return inner.receive(e);
            }

            public void zero(Sym form, String what) {
                if (!what.equals(SumcheckVerifier.FINAL)) inner.zero(form, what);
            }

            public int product(int i, int j) {
                return inner.product(i, j);
            }

            public void bind(Transcript t, String label, Sym value) {
                inner.bind(t, label, value);
            }
        };
        Decision cheated = symbolic(c, false, dropping);
        assertNull(cheated.rejected(), "the cheat passes once the check is gone");
        assertThrows(AssertionFailedError.class, () -> concrete(c).assertSame(cheated));
        assertRejected(agree(c), "final");
    }

    static void assertRejected(Decision d, String why) {
        assertNotNull(d.rejected(), "accepted, expected a rejection naming " + why);
        if (!d.rejected().contains(why)) throw new AssertionFailedError("rejected for " + d.rejected() + ", expected " + why);
    }
}
