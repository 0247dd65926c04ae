package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Mle;
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
 * The zero-knowledge linear and quadratic constraint tests: completeness (entry, extension and evaluation terms, a
 * constraint across two tableaux, products); soundness (a false constraint, a wrong product z, a wrong X', each
 * rejected although the prover runs the protocol faithfully); zero knowledge (the simulator's proofs of arbitrary,
 * even false, constraints accepted; freshness; the coefficient shares: left out, the data tableau's q reveals its part
 * of a cross-tableau constraint, shown by a test that fails to hide).
 */
class LigeroConstraintsTest {
    private static final LigeroConstraints ZKC = new LigeroConstraints(new HidingLigeroPcs(HidingLigeroParams.DEFAULT));

    private static Transcript transcript() {
        return new Transcript("zkml4j.pcs.constraints-test");
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    private static GoldilocksExt2 ext(SplittableRandom rnd) {
        return GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
    }

    /** A statement over a data table (2^n) and a pad table (2^6): pads, one product, constraints that hold. */
    static final class Statement {
        final List<long[]> tables = new ArrayList<>();
        final List<LinearConstraint> linear = new ArrayList<>();
        final List<Product> products = new ArrayList<>();
        final GoldilocksExt2[] point;

        Statement(int n, SplittableRandom rnd, Blinding blinding) {
            long[] data = new long[1 << n], pads = new long[64];
            for (int i = 0; i < data.length; i++) data[i] = Goldilocks.reduce64(rnd.nextLong());
            for (int i = 0; i < 8; i++) pads[i] = Goldilocks.reduce64(rnd.nextLong());
            tables.add(data);
            tables.add(pads);
            ExtVar p0 = new ExtVar(1, 0, 1), p1 = new ExtVar(1, 2, 3);
            point = new GoldilocksExt2[n];
            for (int i = 0; i < n; i++) point[i] = ext(rnd);
            GoldilocksExt2 y = Mle.evaluate(data, point), c = ext(rnd);
            // data(point) - p0 = y - p0v: a masked evaluation claim across the two tableaux
            linear.add(LinearConstraint.builder().eval(0, point, GoldilocksExt2.ONE).ext(p0, GoldilocksExt2.ONE.neg()).equalTo(y.sub(p0.read(tables))));
            // c data[3] + p1 + 2 data[5] = value
            linear.add(LinearConstraint.builder().entry(0, 3, c).ext(p1, GoldilocksExt2.ONE).entry(0, 5, GoldilocksExt2.ofBase(2))
                    .equalTo(c.mulBase(data[3]).add(p1.read(tables)).add(GoldilocksExt2.ofBase(Goldilocks.add(data[5], data[5])))));
            Product prod = new Product(p0, p1, new ExtVar(1, 8, 9), new ExtVar(1, 10, 11), new ExtVar(1, 12, 13), new ExtVar(1, 14, 15), new ExtVar(1, 16, 17));
            prod.assign(tables, blinding);
            products.add(prod);
            // the product's z in a linear constraint: z - p0 p1 = 0 as known value
            linear.add(LinearConstraint.builder().ext(prod.z(), GoldilocksExt2.ONE).equalTo(p0.read(tables).mul(p1.read(tables))));
        }

        ConstraintProof prove(List<HidingLigeroProverData> data) {
            return ZKC.prove(data, linear, products, transcript());
        }

        void verify(List<HidingLigeroProverData> data, ConstraintProof p) {
            List<LigeroCommitment> cs = new ArrayList<>();
            for (HidingLigeroProverData d : data) cs.add(d.commitment());
            ConstraintProof decoded = ConstraintProof.fromBytes(p.toBytes(), ZKC.pcs().params(), cs, products.size());
            ZKC.verify(cs, linear, products, decoded, transcript());
        }
    }

    private static String rejection(Runnable r) {
        return HidingLigeroSoundnessTest.rejection(r);
    }

    @Property(tries = 8)
    void trueConstraintsAreAccepted(@ForAll @IntRange(min = 3, max = 12) int n, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Blinding b = Blinding.from(new SplittableRandom(seed + 1));
        Statement st = new Statement(n, rnd, b);
        List<HidingLigeroProverData> data = ZKC.commit(st.tables, b);
        st.verify(data, st.prove(data));
    }

    @Test
    void aFalseLinearConstraintIsRejected() {
        SplittableRandom rnd = new SplittableRandom(1);
        Blinding b = Blinding.from(new SplittableRandom(2));
        for (int which = 0; which < 3; which++) {
            Statement st = new Statement(10, rnd, b);
            LinearConstraint c = st.linear.get(which);
            st.linear.set(which, withRhs(c, c.rhs.add(GoldilocksExt2.ONE)));
            List<HidingLigeroProverData> data = ZKC.commit(st.tables, b);
            ConstraintProof p = st.prove(data);
            assertTrue(rejection(() -> st.verify(data, p)).contains("coefficients C - 1"), "constraint " + which);
        }
    }

    static LinearConstraint withRhs(LinearConstraint c, GoldilocksExt2 rhs) {
        LinearConstraint.Builder b = LinearConstraint.builder();
        for (HidingLigeroPcs.Term t : c.terms) {
            if (t.point != null) b.eval(t.vector, t.point, t.weight);
            else b.entry(t.vector, t.index, t.weight);
        }
        return b.equalTo(rhs);
    }

    /**
     * A false constraint of entry terms only (on both tableaux), with the prover adding gamma^(j+1) (the lie) to the
     * data tableau's q coefficient C - 1 so that the coefficient check passes: the opened columns then disagree with
     * q, and only the entry terms' column check (eta^(C-1-col) times the opened entry) can see it.
     */
    @Property(tries = 10)
    void aFalseEntryConstraintWithTheCoefficientAdjustedIsRejectedByTheColumns(@ForAll @IntRange(min = 3, max = 12) int n, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Blinding b = Blinding.from(new SplittableRandom(seed + 1));
        Statement st = new Statement(n, rnd, b);
        int which = 1; // c data[3] + p1 + 2 data[5] = value: entry terms only
        st.linear.set(which, withRhs(st.linear.get(which), st.linear.get(which).rhs.add(GoldilocksExt2.ONE)));
        HidingLigeroPcs.ProverTamper cheat = new HidingLigeroPcs.ProverTamper() {
            @Override
            public void q(int vector, GoldilocksExt2[] gpow, long[] q0, long[] q1) {
                if (vector != 0) return;
                int c = 1 << ZKC.pcs().params().logCols(n);
                GoldilocksExt2 v = GoldilocksExt2.of(q0[c - 1], q1[c - 1]).add(gpow[which]);
                q0[c - 1] = v.c0;
                q1[c - 1] = v.c1;
            }
        };
        List<HidingLigeroProverData> data = ZKC.commit(st.tables, b);
        ConstraintProof p = ZKC.prove(data, st.linear, st.products, transcript(), cheat);
        String why = rejection(() -> st.verify(data, p));
        assertTrue(why.contains("commitment 0") && why.contains("evaluation check"), why);
    }

    @Test
    void aWrongProductIsRejected() {
        // z != x y committed, every linear constraint on z restated to match it: only the product test stands in the way
        SplittableRandom rnd = new SplittableRandom(3);
        Blinding b = Blinding.from(new SplittableRandom(4));
        Statement st = new Statement(8, rnd, b);
        Product p = st.products.get(0);
        GoldilocksExt2 wrong = p.z().read(st.tables).add(GoldilocksExt2.ONE);
        p.z().write(st.tables, wrong);
        st.linear.set(2, withRhs(st.linear.get(2), wrong));
        List<HidingLigeroProverData> data = ZKC.commit(st.tables, b);
        ConstraintProof proof = st.prove(data);
        assertTrue(rejection(() -> st.verify(data, proof)).contains("coefficients C - 1"));
        // and the same statement with the honest z passes (the test is not rejecting for another reason)
        Statement ok = new Statement(8, new SplittableRandom(3), Blinding.from(new SplittableRandom(4)));
        List<HidingLigeroProverData> okData = ZKC.commit(ok.tables, b);
        ok.verify(okData, ok.prove(okData));
    }

    @Test
    void aChangedProductValueIsRejected() {
        SplittableRandom rnd = new SplittableRandom(5);
        Blinding b = Blinding.from(new SplittableRandom(6));
        Statement st = new Statement(8, rnd, b);
        List<HidingLigeroProverData> data = ZKC.commit(st.tables, b);
        ConstraintProof p = st.prove(data);
        ConstraintProof bad = new ConstraintProof(new GoldilocksExt2[] {p.xs[0].add(GoldilocksExt2.ONE)}, p.ys, p.opening);
        assertThrows(VerificationException.class, () -> st.verify(data, bad));
    }

    @Test
    void aStatementBelowTheTargetIsRefused() {
        int[] many = new int[1024];
        java.util.Arrays.fill(many, 20);
        double one = LigeroConstraintParams.soundnessBits(HidingLigeroParams.DEFAULT, new int[] {20}, 1, 0);
        assertEquals(one - 10, LigeroConstraintParams.soundnessBits(HidingLigeroParams.DEFAULT, many, 1, 0), 0.01, "union over 2^10 tableaux");
        assertThrows(IllegalArgumentException.class, () -> LigeroConstraintParams.require(HidingLigeroParams.DEFAULT, many, ones(many.length), 1, 0, IllegalArgumentException::new));
        assertTrue(LigeroConstraintParams.soundnessBits(HidingLigeroParams.DEFAULT, new int[] {21, 6}, 1000, 10) >= HidingLigeroParams.TARGET_BITS);
    }

    // ------------------------------------------------------------------ zero knowledge

    @Property(tries = 20)
    void simulatedProofsOfAnyConstraintsAreAccepted(@ForAll @IntRange(min = 3, max = 10) int n, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Statement st = new Statement(n, rnd, Blinding.from(new SplittableRandom(seed)));
        // false constraints too: the simulator knows no witness, so truth cannot matter to it
        st.linear.set(0, withRhs(st.linear.get(0), ext(rnd)));
        LigeroConstraints.Simulated sim = ZKC.simulate(new int[] {n, 6}, st.linear, st.products, rnd);
        ZKC.check(sim.commitments(), st.linear, st.products, sim.proof(), sim.challenges());
        ConstraintProof decoded = ConstraintProof.fromBytes(sim.proof().toBytes(), ZKC.pcs().params(), sim.commitments(), 1);
        ZKC.check(sim.commitments(), st.linear, st.products, decoded, sim.challenges());
        // the programmed challenges matter: a different gamma rejects
        LigeroConstraints.Simulated other = ZKC.simulate(new int[] {n, 6}, st.linear, st.products, rnd);
        assertThrows(VerificationException.class, () -> ZKC.check(sim.commitments(), st.linear, st.products, sim.proof(), other.challenges()));
    }

    @Test
    void twoProofsOfOneStatementShareNoSentValue() {
        Statement st = new Statement(8, new SplittableRandom(7), Blinding.fresh());
        Set<GoldilocksExt2> seen = new HashSet<>();
        for (int run = 0; run < 2; run++) {
            List<HidingLigeroProverData> data = ZKC.commit(st.tables, Blinding.fresh());
            ConstraintProof p = st.prove(data);
            List<GoldilocksExt2> sent = new ArrayList<>(List.of(p.productValues()));
            for (HidingLigeroProof.Part part : p.opening.parts) {
                for (int i = 0; i < part.u0.length; i++) sent.add(GoldilocksExt2.of(part.u0[i], part.u1[i]));
                for (int i = 0; i < part.q0.length; i++) sent.add(GoldilocksExt2.of(part.q0[i], part.q1[i]));
            }
            for (GoldilocksExt2 v : sent) assertTrue(v.isZero() || seen.add(v) || run == 0, "a value repeats across proofs: " + v);
        }
    }

    /**
     * The coefficient shares hide a cross-tableau constraint's split: the data tableau's q coefficient C - 1 is
     * gamma (data(point)) + share. With the shares left out (each tableau committed with coefficient zero, as an
     * evaluation opening does), that coefficient is gamma data(point), a function of the witness: the check below
     * identifies the witness, and fails to once the shares are in.
     */
    @Test
    void withoutCoefficientSharesTheDataTableauRevealsItsPart() {
        Blinding b = Blinding.from(new SplittableRandom(9));
        Statement st = new Statement(8, new SplittableRandom(8), b);
        GoldilocksExt2 y = Mle.evaluate(st.tables.get(0), st.point);
        List<HidingLigeroProverData> shared = ZKC.commit(st.tables, b);
        assertFalse(revealsDataPart(st, shared, y), "with shares the coefficient is uniform");
        List<HidingLigeroProverData> unshared = List.of(ZKC.pcs().commit(st.tables.get(0), b), ZKC.pcs().commit(st.tables.get(1), b));
        assertTrue(revealsDataPart(st, unshared, y), "without shares the data tableau's coefficient is gamma^1 data(point) + terms of the other constraints");
    }

    /** Recomputes, from the proof and the witness, what the data tableau's coefficient C - 1 is without a share. */
    private static boolean revealsDataPart(Statement st, List<HidingLigeroProverData> data, GoldilocksExt2 y) {
        ConstraintProof p = st.prove(data);
        List<LigeroCommitment> cs = List.of(data.get(0).commitment(), data.get(1).commitment());
        LigeroConstraints.Challenges ch = ZKC.replay(cs, st.linear, st.products, p, transcript());
        GoldilocksExt2 g = ch.linear.gamma;
        int c = 1 << ZKC.pcs().params().logCols(8);
        long[] w = st.tables.get(0);
        GoldilocksExt2 c1 = st.linear.get(1).terms.get(0).weight;
        // constraint 0: gamma y; constraint 1: gamma^2 (c data[3] + 2 data[5]); the products' constraints touch only pads
        GoldilocksExt2 part = g.mul(y).add(g.square().mul(c1.mulBase(w[3]).add(GoldilocksExt2.ofBase(Goldilocks.add(w[5], w[5])))));
        HidingLigeroProof.Part d = p.opening.parts[0];
        return GoldilocksExt2.of(d.q0[c - 1], d.q1[c - 1]).equals(part);
    }
}
