package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.base;
import static io.zkml4j.sumcheck.Fixtures.ext;
import static io.zkml4j.sumcheck.Fixtures.point;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.pcs.Blinding;
import io.zkml4j.pcs.ConstraintProof;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.HidingLigeroProverData;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.pcs.LigeroConstraints;
import io.zkml4j.pcs.LinearConstraint;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Cheating provers, guards and layout checks of the encrypted sumcheck ({@link EncryptedSumcheck}, {@link Sym}) that the
 * mutation run (docs/mutation.md, "zero-knowledge core") found without a test.
 */
class EncryptedSumcheckMutationTest {
    private static final LigeroConstraints ZKC = new LigeroConstraints(new HidingLigeroPcs(HidingLigeroParams.DEFAULT));

    private static Transcript transcript() {
        return new Transcript("zkml4j.sumcheck.encrypted-mutation-test");
    }

    private static GoldilocksExt2 sum(long[] a, long[] b, GoldilocksExt2[] tau) {
        GoldilocksExt2 h = GoldilocksExt2.ZERO;
        for (int x = 0; x < a.length; x++) {
            GoldilocksExt2 ab = GoldilocksExt2.ofBase(Goldilocks.mul(a[x], b[x]));
            h = h.add(tau == null ? ab : ab.mul(Eq.evalAtIndex(tau, x)));
        }
        return h;
    }

    private static String rejection(org.junit.jupiter.api.function.Executable r) {
        return assertThrows(VerificationException.class, r).getMessage();
    }

    /** An honest eq-weighted proof over random tables of 2^n entries, verified. */
    private record Honest(long[] a, long[] b, GoldilocksExt2[] tau, GoldilocksExt2 h, EncryptedSumcheck.Proof p) {
        static Honest of(int n, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            long[] a = base(rnd, n), b = base(rnd, n);
            GoldilocksExt2[] tau = point(rnd, n);
            GoldilocksExt2 h = sum(a, b, tau);
            EncryptedSumcheck.Proof p = EncryptedSumcheck.prove(ZKC, a, b, tau, h, Blinding.from(new SplittableRandom(seed + 1)), transcript());
            EncryptedSumcheck.verify(ZKC, n, tau, h, p, transcript());
            return new Honest(a, b, tau, h, p);
        }
    }

    // ------------------------------------------------------------------ the commitments are bound before the first challenge

    /**
     * A prover that fixes its pads after the sumcheck's challenges: it sends random masked round values, reads every
     * challenge, then chooses the decrypted rounds (a valid sumcheck transcript of a false H ending at a(rho) b(rho)) and
     * sets each pad to decrypted minus sent, and only then commits the tables and proves the constraints, which all
     * hold. It plays the transcript of a verifier that absorbs the commitments at the end (in the constraint proof's
     * statement) rather than before the first message: only that absorption stops it.
     */
    @Test
    void padsChosenAfterTheChallengesAreRejectedBecauseTheCommitmentsAreBoundFirst() {
        int n = 4;
        SplittableRandom rnd = new SplittableRandom(31);
        long[] a = base(rnd, n), b = base(rnd, n);
        GoldilocksExt2 h = sum(a, b, null).add(GoldilocksExt2.ONE); // false
        EncryptedSumcheck.Layout l = new EncryptedSumcheck.Layout(n, false);
        Transcript t = transcript();
        t.absorbBytes("esc.label", "zkml4j.encrypted-sumcheck/v1".getBytes(StandardCharsets.UTF_8));
        t.absorbFields("esc.shape", new long[] {n, l.degree, 0});
        t.absorbExt("esc.claim", h);
        SumcheckTranscript.beginEncrypted(t, n, l.degree);
        GoldilocksExt2[][] sent = new GoldilocksExt2[n][l.degree + 1];
        GoldilocksExt2[] rho = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= l.degree; k++) sent[i][k] = ext(rnd);
            SumcheckTranscript.absorbRound(t, sent[i]);
            rho[i] = t.challengeExt("sumcheck.challenge");
        }
        // the decrypted rounds: g_i(0) + g_i(1) = claim, the last one through a(rho) b(rho) at rho_(n-1)
        GoldilocksExt2 fa = Mle.evaluate(a, rho), fb = Mle.evaluate(b, rho), claim = h;
        GoldilocksExt2[][] m = new GoldilocksExt2[n][];
        for (int i = 0; i < n; i++) {
            GoldilocksExt2 g0 = ext(rnd), g2 = ext(rnd);
            if (i == n - 1) {
                GoldilocksExt2[] w = Univariate.weights(2, rho[i]);
                g2 = fa.mul(fb).sub(w[0].mul(g0)).sub(w[1].mul(claim.sub(g0))).mul(w[2].inv());
            }
            m[i] = new GoldilocksExt2[] {g0, claim.sub(g0), g2};
            claim = Univariate.evaluate(m[i], rho[i]);
        }
        assertEquals(fa.mul(fb), claim);
        long[] data = java.util.Arrays.copyOf(a, 2 * a.length), pads = new long[1 << l.logSize];
        System.arraycopy(b, 0, data, a.length, b.length);
        List<long[]> tables = List.of(data, pads);
        for (int i = 0; i < n; i++) for (int k = 0; k <= l.degree; k++) Sym.variable(EncryptedSumcheck.PADS, l.roundPad(i, k)).write(tables, m[i][k].sub(sent[i][k]));
        GoldilocksExt2 ea = ext(rnd), eb = ext(rnd);
        l.product.x().write(tables, fa.sub(ea));
        l.product.y().write(tables, fb.sub(eb));
        Blinding blinding = Blinding.from(new SplittableRandom(32));
        l.product.assign(tables, blinding);
        List<HidingLigeroProverData> committed = ZKC.commit(tables, blinding);
        List<LigeroCommitment> cs = List.of(committed.get(0).commitment(), committed.get(1).commitment());
        t.absorbExts("esc.finals", new long[] {ea.c0, eb.c0}, new long[] {ea.c1, eb.c1});
        List<LinearConstraint> constraints = EncryptedSumcheck.constraints(l, null, h, sent, rho, ea, eb);
        ConstraintProof cp = ZKC.prove(committed, constraints, List.of(l.product), t);
        EncryptedSumcheck.Proof proof = new EncryptedSumcheck.Proof(cs, sent, ea, eb, cp);
        rejection(() -> EncryptedSumcheck.verify(ZKC, n, null, h, proof, transcript()));
    }

    /**
     * An honest proof for (tau, H) presented for tau' with eq(tau', rho) = eq(tau, rho) (two coordinates moved after
     * seeing rho): every constraint is the same, so only tau's absorption before the first challenge (rho then moves)
     * stops it. H is the sum for tau, not for tau'.
     */
    @Test
    void anEqPointChosenAfterTheChallengesIsRejectedBecauseTauIsBound() {
        int n = 4;
        Honest honest = Honest.of(n, 33);
        long[] a = honest.a(), b = honest.b();
        GoldilocksExt2[] tau = honest.tau();
        GoldilocksExt2 h = honest.h();
        EncryptedSumcheck.Proof p = honest.p();
        GoldilocksExt2[] rho = EncryptedSumcheck.replay(ZKC, n, tau, h, p, transcript()).point;
        GoldilocksExt2[] moved = tau.clone();
        moved[0] = tau[0].add(GoldilocksExt2.ONE);
        // f_j(t) = (1 - rho_j) + t (2 rho_j - 1): f_1(t') f_0(tau_0 + 1) = f_1(tau_1) f_0(tau_0)
        GoldilocksExt2 f00 = factor(rho[0], tau[0]), f01 = factor(rho[0], moved[0]), f1 = factor(rho[1], tau[1]);
        GoldilocksExt2 want = f1.mul(f00).mul(f01.inv());
        moved[1] = want.sub(GoldilocksExt2.ONE.sub(rho[1])).mul(rho[1].add(rho[1]).sub(GoldilocksExt2.ONE).inv());
        assertEquals(Eq.eval(tau, rho), Eq.eval(moved, rho));
        assertNotEquals(h, sum(a, b, moved));
        rejection(() -> EncryptedSumcheck.verify(ZKC, n, moved, h, p, transcript()));
    }

    private static GoldilocksExt2 factor(GoldilocksExt2 r, GoldilocksExt2 t) {
        return GoldilocksExt2.ONE.sub(r).add(t.mul(r.add(r).sub(GoldilocksExt2.ONE)));
    }

    // ------------------------------------------------------------------ guards

    @Test
    void aProofOfAnotherShapeIsRefusedByName() {
        int n = 3;
        Honest honest = Honest.of(n, 35);
        GoldilocksExt2[] tau = honest.tau();
        GoldilocksExt2 h = honest.h();
        EncryptedSumcheck.Proof p = honest.p();
        assertEquals("encrypted sumcheck: eq point of 2 coordinates for 3 variables",
                rejection(() -> EncryptedSumcheck.verify(ZKC, n, java.util.Arrays.copyOf(tau, 2), h, p, transcript())));
        List<LigeroCommitment> swapped = List.of(p.commitments.get(1), p.commitments.get(0));
        for (List<LigeroCommitment> cs : List.of(List.of(p.commitments.get(0)), swapped, List.of(p.commitments.get(0), p.commitments.get(0)),
                List.of(p.commitments.get(0), p.commitments.get(1), p.commitments.get(1)))) {
            EncryptedSumcheck.Proof bad = new EncryptedSumcheck.Proof(cs, p.rounds, p.ea, p.eb, p.constraints);
            assertEquals("encrypted sumcheck: commitment shapes", rejection(() -> EncryptedSumcheck.verify(ZKC, n, tau, h, bad, transcript())));
        }
        EncryptedSumcheck.Proof shortProof = new EncryptedSumcheck.Proof(p.commitments, java.util.Arrays.copyOf(p.rounds, 2), p.ea, p.eb, p.constraints);
        assertEquals("encrypted sumcheck: 2 rounds, expected 3", rejection(() -> EncryptedSumcheck.verify(ZKC, n, tau, h, shortProof, transcript())));
        GoldilocksExt2[][] rounds = p.rounds.clone();
        rounds[2] = java.util.Arrays.copyOf(rounds[2], 3);
        EncryptedSumcheck.Proof shortRound = new EncryptedSumcheck.Proof(p.commitments, rounds, p.ea, p.eb, p.constraints);
        assertEquals("encrypted sumcheck: a round of 3 values, expected 4", rejection(() -> EncryptedSumcheck.verify(ZKC, n, tau, h, shortRound, transcript())));
        // the encoding: version, commitment shapes, trailing bytes
        byte[] bytes = p.toBytes();
        byte[] v2 = bytes.clone();
        v2[0] = 2;
        assertEquals("encrypted sumcheck: unknown version", assertThrows(ProofFormatException.class, () -> EncryptedSumcheck.Proof.fromBytes(v2, ZKC, n, true)).getMessage());
        assertEquals("encrypted sumcheck: commitment shapes", assertThrows(ProofFormatException.class, () -> EncryptedSumcheck.Proof.fromBytes(bytes, ZKC, n + 1, true)).getMessage());
        // read as a plain product: the data commitment fits, the pad table (2^6 entries for the eq layout) does not (2^5)
        assertEquals("encrypted sumcheck: commitment shapes", assertThrows(ProofFormatException.class, () -> EncryptedSumcheck.Proof.fromBytes(bytes, ZKC, n, false)).getMessage());
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(ProofFormatException.class, () -> EncryptedSumcheck.Proof.fromBytes(longer, ZKC, n, true));
        assertArrayEquals(bytes, EncryptedSumcheck.Proof.fromBytes(bytes, ZKC, n, true).toBytes());
    }

    @Test
    void theProverRefusesTablesAndPointsOfTheWrongShape() {
        SplittableRandom rnd = new SplittableRandom(37);
        long[] a = base(rnd, 3), b = base(rnd, 3);
        GoldilocksExt2 h = sum(a, b, null);
        String shape = "tables of 2^n entries, equal lengths";
        assertEquals(shape, assertThrows(IllegalArgumentException.class,
                () -> EncryptedSumcheck.prove(ZKC, a, java.util.Arrays.copyOf(b, 4), null, h, Blinding.fresh(), transcript())).getMessage());
        assertEquals(shape, assertThrows(IllegalArgumentException.class,
                () -> EncryptedSumcheck.prove(ZKC, java.util.Arrays.copyOf(a, 6), java.util.Arrays.copyOf(b, 6), null, h, Blinding.fresh(), transcript())).getMessage());
        for (int k : new int[] {2, 4}) {
            GoldilocksExt2[] tau = point(rnd, k);
            assertEquals("eq point of " + k + " coordinates for 3 variables",
                    assertThrows(IllegalArgumentException.class, () -> EncryptedSumcheck.prove(ZKC, a, b, tau, h, Blinding.fresh(), transcript())).getMessage());
        }
    }

    @Test
    void theLayoutCoversOneTo29VariablesAndDeclaresOnlyThePadProduct() {
        for (int n : new int[] {0, 30}) assertThrows(IllegalArgumentException.class, () -> new EncryptedSumcheck.Layout(n, true));
        for (int n : new int[] {1, 3, 29}) { // n = 3, plain: 32 entries exactly
            for (boolean eq : new boolean[] {false, true}) {
                EncryptedSumcheck.Layout l = new EncryptedSumcheck.Layout(n, eq);
                int degree = eq ? 3 : 2, pads = n * (degree + 1) + 2;
                assertEquals(pads, l.pads);
                assertEquals(pads - 2, l.padA);
                assertEquals(pads - 1, l.padB);
                // z, alpha, beta, rho1, rho2 right after the pads, each its own variable
                int[] at = {l.product.z().index0(), l.product.alpha().index0(), l.product.beta().index0(), l.product.rho1().index0(), l.product.rho2().index0()};
                for (int k = 0; k < 5; k++) assertEquals(2 * (pads + k), at[k]);
                assertEquals(2 * l.padA, l.product.x().index0());
                assertEquals(2 * l.padB, l.product.y().index0());
                assertEquals(l.productVar, l.product(l.padA, l.padB));
                assertEquals(l.productVar, l.product(l.padB, l.padA));
                assertThrows(IllegalStateException.class, () -> l.product(l.padA, l.padA));
                assertThrows(IllegalStateException.class, () -> l.product(l.padB, l.padB));
                assertThrows(IllegalStateException.class, () -> l.product(0, l.padB));
                assertThrows(IllegalStateException.class, () -> l.product(l.padA, 0));
                int entries = 2 * (pads + io.zkml4j.pcs.Product.WITNESS_VARS);
                assertTrue(1 << l.logSize >= entries && (l.logSize == 1 || 1 << (l.logSize - 1) < entries), "smallest power of two");
            }
        }
        assertEquals(Sym.variable(EncryptedSumcheck.PADS, 5), EncryptedSumcheck.pad(5));
    }

    // ------------------------------------------------------------------ Sym

    @Test
    void symbolicValuesAreAffineFormsOverThePads() {
        GoldilocksExt2 c = GoldilocksExt2.of(3, 4), e = GoldilocksExt2.of(5, 6), f = GoldilocksExt2.of(7, 8);
        Sym k = Sym.known(c), x = Sym.received(e, 1), y = Sym.received(f, 2);
        assertTrue(k.isKnown());
        assertFalse(x.isKnown());
        assertEquals(c, k.constant());
        assertEquals(e, x.constant());
        // known times a form scales it, in either order, without a pad product
        java.util.function.IntBinaryOperator none = (i, j) -> {
            throw new AssertionError("no pad product for a known factor");
        };
        for (Sym prod : new Sym[] {k.mul(x, none), x.mul(k, none)}) {
            assertEquals(e.mul(c), prod.constant());
            assertFalse(prod.isKnown());
        }
        assertTrue(k.mul(k, none).isKnown());
        assertEquals(c.square(), k.mul(k, none).constant());
        // (e + V1)(f + V2) = ef + f V1 + e V2 + V_(1,2): the constraint "= 0" has four entry pairs on those variables
        Sym xy = x.mul(y, (i, j) -> 9);
        assertEquals(e.mul(f), xy.constant());
        assertEquals(6, xy.isZero(1).numTerms());
        assertEquals(e.mul(f).neg(), xy.isZero(1).rhs);
        assertEquals(0, x.sub(x).isZero(1).numTerms());
        assertTrue(x.sub(x).isKnown());
    }
}
