package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Cheating provers and statement guards for the zero-knowledge constraint tests ({@link LigeroConstraints} over
 * {@link HidingLigeroPcs}'s term checks) that the mutation run (docs/mutation.md, "zero-knowledge core") found
 * without a test. Each cheat runs the protocol faithfully except for one choice, made after a challenge it should
 * not have seen or against one check only, so that exactly one check (or one binding of the statement into the
 * transcript) stands in its way.
 */
class ZkConstraintMutationTest {
    private static final LigeroConstraints ZKC = new LigeroConstraints(new HidingLigeroPcs(HidingLigeroParams.DEFAULT));
    private static final int N = 6;
    private static final List<Product> NO_PRODUCTS = List.of();

    private static Transcript transcript() {
        return new Transcript("zkml4j.pcs.constraint-mutation-test");
    }

    private static GoldilocksExt2 ext(SplittableRandom rnd) {
        return GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
    }

    /** A data table of 2^N entries and a pad table of 2^6, with a product of two pads (its witness assigned). */
    private static final class Setup {
        final List<long[]> tables = new ArrayList<>();
        final Product product;
        final Blinding blinding;
        final GoldilocksExt2[] point;

        Setup(long seed) {
            this(seed, N);
        }

        Setup(long seed, int n) {
            SplittableRandom rnd = new SplittableRandom(seed);
            blinding = Blinding.from(new SplittableRandom(seed + 1));
            long[] data = new long[1 << n], pads = new long[64];
            for (int i = 0; i < data.length; i++) data[i] = Goldilocks.reduce64(rnd.nextLong());
            for (int i = 0; i < 8; i++) pads[i] = Goldilocks.reduce64(rnd.nextLong());
            tables.add(data);
            tables.add(pads);
            product = new Product(new ExtVar(1, 0, 1), new ExtVar(1, 2, 3), new ExtVar(1, 8, 9), new ExtVar(1, 10, 11), new ExtVar(1, 12, 13),
                    new ExtVar(1, 14, 15), new ExtVar(1, 62, 63)); // rho2 at the pad table's last entries
            product.assign(tables, blinding);
            point = new GoldilocksExt2[n];
            for (int i = 0; i < n; i++) point[i] = ext(rnd);
        }

        long data(int i) {
            return tables.get(0)[i];
        }

        /** Three true constraints: data(point) = v, c data[3] + pads' p1 = v, z = x y (z's known value). */
        List<LinearConstraint> constraints(GoldilocksExt2 c) {
            List<LinearConstraint> l = new ArrayList<>();
            l.add(LinearConstraint.builder().eval(0, point, GoldilocksExt2.ONE).equalTo(Mle.evaluate(tables.get(0), point)));
            l.add(LinearConstraint.builder().entry(0, 3, c).ext(product.y(), GoldilocksExt2.ONE)
                    .equalTo(c.mulBase(data(3)).add(product.y().read(tables))));
            l.add(LinearConstraint.builder().ext(product.z(), GoldilocksExt2.ONE).equalTo(product.x().read(tables).mul(product.y().read(tables))));
            return l;
        }

        List<HidingLigeroProverData> commit() {
            return ZKC.commit(tables, blinding);
        }
    }

    /** An honest proof of Setup(seed)'s three true constraints and its product. */
    private record Proved(Setup s, List<LinearConstraint> linear, List<HidingLigeroProverData> data, ConstraintProof p) {
        static Proved of(long seed) {
            Setup s = new Setup(seed);
            List<LinearConstraint> linear = s.constraints(GoldilocksExt2.ONE);
            List<HidingLigeroProverData> data = s.commit();
            return new Proved(s, linear, data, ZKC.prove(data, linear, List.of(s.product), transcript()));
        }

        List<LigeroCommitment> cs() {
            return commitments(data);
        }
    }

    private static List<LigeroCommitment> commitments(List<HidingLigeroProverData> data) {
        List<LigeroCommitment> cs = new ArrayList<>();
        for (HidingLigeroProverData d : data) cs.add(d.commitment());
        return cs;
    }

    private static String rejection(Runnable r) {
        return HidingLigeroSoundnessTest.rejection(r);
    }

    private static LinearConstraint withRhs(LinearConstraint c, GoldilocksExt2 rhs) {
        return LigeroConstraintsTest.withRhs(c, rhs);
    }

    /** The batching challenge gamma a proof of {@code linear} draws (seen by the prover through the tamper seam). */
    private static GoldilocksExt2 gammaOf(Setup s, List<LinearConstraint> linear) {
        GoldilocksExt2[] seen = new GoldilocksExt2[1];
        ZKC.prove(s.commit(), linear, List.of(s.product), transcript(), new HidingLigeroPcs.ProverTamper() {
            @Override
            public void q(int vector, GoldilocksExt2[] gpow, long[] q0, long[] q1) {
                seen[0] = gpow[0];
            }
        });
        return seen[0];
    }

    // ------------------------------------------------------------------ the statement is bound before gamma

    /**
     * Two false constraints whose errors cancel under the gamma the true statement draws: constraint 0's rhs moved by
     * gamma d, constraint 1's by -d (weights gamma and gamma^2). The prover computes q from its tables, which no rhs
     * enters, so every column check holds, and the coefficient check holds exactly when the verifier draws that gamma
     * again: only the rhs' absorption into the transcript (before gamma) stops it.
     */
    @Test
    void falseConstraintsChosenAfterGammaToCancelAreRejectedBecauseTheRhsIsBound() {
        Setup s = new Setup(11);
        List<LinearConstraint> honest = s.constraints(GoldilocksExt2.of(5, 7));
        GoldilocksExt2 gamma = gammaOf(s, honest), d = GoldilocksExt2.of(3, 1);
        List<LinearConstraint> cheat = new ArrayList<>(honest);
        cheat.set(0, withRhs(honest.get(0), honest.get(0).rhs.add(gamma.mul(d))));
        cheat.set(1, withRhs(honest.get(1), honest.get(1).rhs.sub(d)));
        List<HidingLigeroProverData> data = new Setup(11).commit();
        ConstraintProof p = ZKC.prove(data, cheat, List.of(s.product), transcript());
        assertTrue(rejection(() -> ZKC.verify(commitments(data), cheat, List.of(s.product), p, transcript())).contains("coefficients C - 1"));
        // the honest statement with the same tables is accepted (the rejection is the cheat's)
        List<HidingLigeroProverData> again = new Setup(11).commit();
        ZKC.verify(commitments(again), honest, List.of(s.product), ZKC.prove(again, honest, List.of(s.product), transcript()), transcript());
    }

    /**
     * The same with coefficients only: constraint 1's coefficient on data[3] moved from c to c + e (false by e data[3]),
     * constraint 0's coefficient on data(point) moved from 1 to 1 + f with gamma f data(point) = -gamma^2 e data[3]
     * (false by f data(point)), every rhs as in the true statement: the batched errors cancel under the gamma the true
     * statement draws; only the coefficients' absorption stops it.
     */
    @Test
    void coefficientsChosenAfterGammaToCancelAreRejectedBecauseTheCoefficientsAreBound() {
        Setup s = new Setup(12);
        GoldilocksExt2 c = GoldilocksExt2.of(5, 7), e = GoldilocksExt2.of(2, 9);
        List<LinearConstraint> honest = s.constraints(c);
        GoldilocksExt2 gamma = gammaOf(s, honest), at = Mle.evaluate(s.tables.get(0), s.point);
        GoldilocksExt2 f = gamma.mul(e).mulBase(s.data(3)).mul(at.inv()).neg();
        List<LinearConstraint> cheat = new ArrayList<>(honest);
        cheat.set(0, LinearConstraint.builder().eval(0, s.point, GoldilocksExt2.ONE.add(f)).equalTo(honest.get(0).rhs));
        cheat.set(1, LinearConstraint.builder().entry(0, 3, c.add(e)).ext(s.product.y(), GoldilocksExt2.ONE).equalTo(honest.get(1).rhs));
        List<HidingLigeroProverData> data = new Setup(12).commit();
        ConstraintProof p = ZKC.prove(data, cheat, List.of(s.product), transcript());
        assertTrue(rejection(() -> ZKC.verify(commitments(data), cheat, List.of(s.product), p, transcript())).contains("coefficients C - 1"));
    }

    // ------------------------------------------------------------------ statement guards

    @Test
    void termsAndProductVariablesAtTheTablesLastEntryAreAcceptedAndOnePastIsRefused() {
        Setup s = new Setup(13, 12); // 2^12 entries: several rows, so the last entry is off row 0
        int last = (1 << 12) - 1;
        List<LinearConstraint> linear = s.constraints(GoldilocksExt2.ONE);
        linear.add(LinearConstraint.builder().entry(0, last, GoldilocksExt2.ONE).equalTo(GoldilocksExt2.ofBase(s.data(last))));
        List<HidingLigeroProverData> data = s.commit();
        ConstraintProof p = ZKC.prove(data, linear, List.of(s.product), transcript());
        ZKC.verify(commitments(data), linear, List.of(s.product), p, transcript()); // rho2 at entries 62, 63 of 64, data[4095]

        List<LinearConstraint> past = new ArrayList<>(linear);
        past.set(past.size() - 1, LinearConstraint.builder().entry(0, last + 1, GoldilocksExt2.ONE).equalTo(GoldilocksExt2.ZERO));
        assertEquals("linear constraint: term index 4096 outside a 2^12 table", rejection(() -> ZKC.verify(commitments(data), past, List.of(s.product), p, transcript())));
        past.set(past.size() - 1, LinearConstraint.builder().entry(2, 0, GoldilocksExt2.ONE).equalTo(GoldilocksExt2.ZERO));
        assertEquals("linear constraint: term on vector 2 of 2", rejection(() -> ZKC.verify(commitments(data), past, List.of(s.product), p, transcript())));
        GoldilocksExt2[] shortPoint = java.util.Arrays.copyOf(s.point, 11), longPoint = java.util.Arrays.copyOf(s.point, 13);
        longPoint[12] = GoldilocksExt2.ONE;
        for (GoldilocksExt2[] pt : new GoldilocksExt2[][] {shortPoint, longPoint}) {
            past.set(past.size() - 1, LinearConstraint.builder().eval(0, pt, GoldilocksExt2.ONE).equalTo(GoldilocksExt2.ZERO));
            assertTrue(rejection(() -> ZKC.verify(commitments(data), past, List.of(s.product), p, transcript())).startsWith("linear constraint: term point "));
        }
        // a product variable one past the pad table, or on a third tableau
        for (ExtVar v : new ExtVar[] {new ExtVar(1, 64, 65), new ExtVar(1, 63, 64), new ExtVar(1, 64, 63), new ExtVar(2, 0, 1)}) {
            Product bad = new Product(s.product.x(), s.product.y(), s.product.z(), s.product.alpha(), s.product.beta(), s.product.rho1(), v);
            assertTrue(rejection(() -> ZKC.verify(commitments(data), linear, List.of(bad), p, transcript())).startsWith("zk constraints: product variable "), v.toString());
        }
    }

    @Test
    void productValuesForAnotherNumberOfProductsAreRefused() {
        Proved h = Proved.of(14);
        Setup s = h.s();
        List<LinearConstraint> linear = h.linear();
        List<HidingLigeroProverData> data = h.data();
        ConstraintProof p = h.p();
        ConstraintProof noX = new ConstraintProof(new GoldilocksExt2[0], p.ys, p.opening);
        ConstraintProof noY = new ConstraintProof(p.xs, new GoldilocksExt2[0], p.opening);
        for (ConstraintProof bad : new ConstraintProof[] {noX, noY}) {
            assertTrue(rejection(() -> ZKC.verify(commitments(data), linear, List.of(s.product), bad, transcript())).startsWith("zk constraints: product values for "));
        }
        assertEquals("zk constraints: no tableau", rejection(() -> ZKC.verify(List.of(), linear, List.of(), p, transcript())));
    }

    @Test
    void aConstraintBuildersArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> LinearConstraint.builder().entry(-1, 0, GoldilocksExt2.ONE));
        assertThrows(IllegalArgumentException.class, () -> LinearConstraint.builder().entry(0, -1, GoldilocksExt2.ONE));
        assertThrows(IllegalArgumentException.class, () -> LinearConstraint.builder().eval(-1, new GoldilocksExt2[] {GoldilocksExt2.ONE}, GoldilocksExt2.ONE));
        assertThrows(IllegalArgumentException.class, () -> LinearConstraint.builder().eval(0, new GoldilocksExt2[] {GoldilocksExt2.ONE, null}, GoldilocksExt2.ONE));
        // a zero coefficient adds no term; an extension variable is two entry terms
        assertEquals(0, LinearConstraint.builder().entry(0, 1, GoldilocksExt2.ZERO).eval(0, new GoldilocksExt2[] {GoldilocksExt2.ONE}, GoldilocksExt2.ZERO).equalTo(GoldilocksExt2.ZERO).numTerms());
        assertEquals(2, LinearConstraint.builder().ext(new ExtVar(0, 2, 3), GoldilocksExt2.ONE).equalTo(GoldilocksExt2.ZERO).numTerms());
    }

    // ------------------------------------------------------------------ more of the statement bound before gamma

    /**
     * A wrong product z = x y + delta (the linear constraint on z restated to it) and X' moved by u after gamma: the
     * first product constraint is then false by -u and the third by e^2 delta - u Y', which cancel under gamma when
     * u (1 + gamma^2 Y') = gamma^2 e^2 delta. The opening does not depend on X' (only the constraints' right sides do),
     * so only X' and Y' being absorbed before gamma stops it.
     */
    @Test
    void aProductValueChosenAfterGammaIsRejectedBecauseTheProductValuesAreBound() {
        Setup s = new Setup(15);
        GoldilocksExt2 delta = GoldilocksExt2.of(4, 1);
        GoldilocksExt2 z = s.product.z().read(s.tables).add(delta);
        s.product.z().write(s.tables, z);
        List<LinearConstraint> linear = new ArrayList<>(s.constraints(GoldilocksExt2.ONE));
        linear.set(2, withRhs(linear.get(2), z));
        GoldilocksExt2[] gamma = new GoldilocksExt2[1];
        List<HidingLigeroProverData> data = s.commit();
        ConstraintProof p = ZKC.prove(data, linear, List.of(s.product), transcript(), new HidingLigeroPcs.ProverTamper() {
            @Override
            public void q(int vector, GoldilocksExt2[] gpow, long[] q0, long[] q1) {
                gamma[0] = gpow[0];
            }
        });
        GoldilocksExt2 x = s.product.x().read(s.tables), alpha = s.product.alpha().read(s.tables);
        GoldilocksExt2 e = p.xs[0].sub(alpha).mul(x.inv()), g2 = gamma[0].square();
        GoldilocksExt2 u = g2.mul(e.square()).mul(delta).mul(GoldilocksExt2.ONE.add(g2.mul(p.ys[0])).inv());
        ConstraintProof cheat = new ConstraintProof(new GoldilocksExt2[] {p.xs[0].add(u)}, p.ys, p.opening);
        List<LigeroCommitment> cs = commitments(data);
        assertTrue(rejection(() -> ZKC.verify(cs, linear, List.of(s.product), cheat, transcript())).contains("coefficients C - 1"));
        assertTrue(rejection(() -> ZKC.verify(cs, linear, List.of(s.product), p, transcript())).contains("coefficients C - 1"));
    }

    /**
     * Two evaluation claims on the data table whose points are chosen after gamma: claim 0 at a point moved in its
     * first coordinate (false by err = W(p') - W(p)), claim 3's first coordinate solved so that it is false by
     * -err / gamma^3 (weights gamma and gamma^4): the errors cancel; only the points' absorption stops it.
     */
    @Test
    void evaluationPointsChosenAfterGammaAreRejectedBecauseThePointsAreBound() {
        Setup s = new Setup(16);
        SplittableRandom rnd = new SplittableRandom(17);
        GoldilocksExt2[] p2 = new GoldilocksExt2[N];
        for (int i = 0; i < N; i++) p2[i] = ext(rnd);
        long[] w = s.tables.get(0);
        List<LinearConstraint> honest = new ArrayList<>(s.constraints(GoldilocksExt2.ONE));
        honest.add(LinearConstraint.builder().eval(0, p2, GoldilocksExt2.ONE).equalTo(Mle.evaluate(w, p2)));
        GoldilocksExt2 gamma = gammaOf(s, honest);
        GoldilocksExt2[] moved = s.point.clone();
        moved[0] = moved[0].add(GoldilocksExt2.ONE);
        GoldilocksExt2 err = Mle.evaluate(w, moved).sub(Mle.evaluate(w, s.point));
        GoldilocksExt2 want = Mle.evaluate(w, p2).sub(err.mul(gamma.square().mul(gamma).inv()));
        GoldilocksExt2[] at0 = p2.clone(), at1 = p2.clone();
        at0[0] = GoldilocksExt2.ZERO;
        at1[0] = GoldilocksExt2.ONE;
        GoldilocksExt2 a = Mle.evaluate(w, at0), b = Mle.evaluate(w, at1);
        GoldilocksExt2[] solved = p2.clone();
        solved[0] = want.sub(a).mul(b.sub(a).inv());
        assertEquals(want, Mle.evaluate(w, solved));
        List<LinearConstraint> cheat = new ArrayList<>(honest);
        cheat.set(0, LinearConstraint.builder().eval(0, moved, GoldilocksExt2.ONE).equalTo(honest.get(0).rhs));
        cheat.set(3, LinearConstraint.builder().eval(0, solved, GoldilocksExt2.ONE).equalTo(honest.get(3).rhs));
        List<HidingLigeroProverData> data = new Setup(16).commit();
        ConstraintProof p = ZKC.prove(data, cheat, List.of(s.product), transcript());
        assertTrue(rejection(() -> ZKC.verify(commitments(data), cheat, List.of(s.product), p, transcript())).contains("coefficients C - 1"));
    }

    // ------------------------------------------------------------------ completeness corners

    @Test
    void twoProductsAndNoProductsProve() {
        Setup s = new Setup(18);
        Product second = new Product(new ExtVar(1, 4, 5), new ExtVar(1, 6, 7), new ExtVar(1, 18, 19), new ExtVar(1, 20, 21), new ExtVar(1, 22, 23),
                new ExtVar(1, 24, 25), new ExtVar(1, 26, 27));
        second.assign(s.tables, s.blinding);
        List<LinearConstraint> linear = s.constraints(GoldilocksExt2.ONE);
        List<HidingLigeroProverData> data = s.commit();
        ConstraintProof p = ZKC.prove(data, linear, List.of(s.product, second), transcript());
        ZKC.verify(commitments(data), linear, List.of(s.product, second), p, transcript());
        // no product: no challenge e, no X', Y'
        Setup t = new Setup(19);
        List<LinearConstraint> plain = t.constraints(GoldilocksExt2.ONE).subList(0, 2);
        List<HidingLigeroProverData> plainData = t.commit();
        ConstraintProof q = ZKC.prove(plainData, plain, NO_PRODUCTS, transcript());
        ZKC.verify(commitments(plainData), plain, NO_PRODUCTS, q, transcript());
    }

    // ------------------------------------------------------------------ every entry point checks the statement

    @Test
    void proveReplayAndCheckEachRefuseAMalformedStatementOrProof() {
        Setup s = new Setup(20);
        List<LinearConstraint> linear = s.constraints(GoldilocksExt2.ONE);
        List<LinearConstraint> bad = new ArrayList<>(linear);
        bad.add(LinearConstraint.builder().entry(2, 0, GoldilocksExt2.ONE).equalTo(GoldilocksExt2.ZERO));
        assertEquals("linear constraint: term on vector 2 of 2",
                assertThrows(IllegalArgumentException.class, () -> ZKC.prove(new Setup(20).commit(), bad, List.of(s.product), transcript())).getMessage());
        List<HidingLigeroProverData> data = s.commit();
        List<LigeroCommitment> cs = commitments(data);
        ConstraintProof p = ZKC.prove(data, linear, List.of(s.product), transcript());
        assertEquals("linear constraint: term on vector 2 of 2", rejection(() -> ZKC.replay(cs, bad, List.of(s.product), p, transcript())));
        LigeroConstraints.Challenges ch = ZKC.replay(cs, linear, List.of(s.product), p, transcript());
        ZKC.check(cs, linear, List.of(s.product), p, ch);
        assertEquals("linear constraint: term on vector 2 of 2", rejection(() -> ZKC.check(cs, bad, List.of(s.product), p, ch)));
        // an opening with one part for two tableaux
        ConstraintProof onePart = new ConstraintProof(p.xs, p.ys, new HidingLigeroProof(new HidingLigeroProof.Part[] {p.opening.parts[0]}));
        assertEquals("hiding ligero: proof has 1 parts for 2 commitments", rejection(() -> ZKC.replay(cs, linear, List.of(s.product), onePart, transcript())));
        assertEquals("hiding ligero: proof has 1 parts for 2 commitments", rejection(() -> ZKC.check(cs, linear, List.of(s.product), onePart, ch)));
    }

    /** Each field of an opening part one entry short: refused by its shape check, by name, before any other check. */
    @Test
    void anOpeningPartOfTheWrongShapeIsRefusedByName() {
        HidingLigeroPcs pcs = ZKC.pcs();
        Setup s = new Setup(21);
        HidingLigeroProverData d = pcs.commit(s.tables.get(0), s.blinding);
        List<EvalClaim> claims = List.of(new EvalClaim(0, s.point, Mle.evaluate(s.tables.get(0), s.point)));
        HidingLigeroProof proof = pcs.open(List.of(d), claims, transcript());
        List<LigeroCommitment> cs = List.of(d.commitment());
        pcs.verify(cs, claims, proof, transcript());
        HidingLigeroProof.Part h = proof.parts[0];
        String[] what = {"evaluation polynomial length", "evaluation polynomial length", "proximity row length", "proximity row length",
            "opened column shape", "opened column shape"};
        for (int f = 0; f < 6; f++) {
            long[][] fields = {h.q0, h.q1, h.u0, h.u1, h.salts, h.columns};
            fields[f] = java.util.Arrays.copyOf(fields[f], fields[f].length - 1);
            HidingLigeroProof bad = new HidingLigeroProof(new HidingLigeroProof.Part[] {
                new HidingLigeroProof.Part(h.index, h.openings, fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], h.siblings)});
            assertEquals("hiding ligero commitment 0: " + what[f], rejection(() -> pcs.verify(cs, claims, bad, transcript())), "field " + f);
        }
        HidingLigeroProof none = new HidingLigeroProof(new HidingLigeroProof.Part[0]);
        assertEquals("hiding ligero: proof has 0 parts for 1 commitments", rejection(() -> pcs.verify(cs, claims, none, transcript())));
    }

    // ------------------------------------------------------------------ the linear test's checks, one coordinate at a time

    /** u changed in one coordinate only (absorbed faithfully): the proximity check of that coordinate alone catches it. */
    @Test
    void aProximityRowChangedInOneCoordinateIsCaughtByThatCoordinatesCheck() {
        for (int coord = 0; coord < 2; coord++) {
            int c = coord;
            Setup s = new Setup(22);
            List<LinearConstraint> linear = s.constraints(GoldilocksExt2.ONE);
            List<HidingLigeroProverData> data = s.commit();
            ConstraintProof p = ZKC.prove(data, linear, List.of(s.product), transcript(), new HidingLigeroPcs.ProverTamper() {
                @Override
                public void u(int vector, long[] u0, long[] u1) {
                    if (vector != 0) return;
                    long[] row = c == 0 ? u0 : u1;
                    row[1] = Goldilocks.add(row[1], 1);
                }
            });
            String why = rejection(() -> ZKC.verify(commitments(data), linear, List.of(s.product), p, transcript()));
            assertTrue(why.startsWith("hiding ligero commitment 0: column ") && why.endsWith("fails the proximity check"), why);
        }
    }

    /**
     * The coefficient shares of zero sit at coefficient C - 1 of each tableau's mask, in both coordinates: the data
     * tableau's q coefficient C - 1 then differs, in each coordinate, from its part of the batched value (which it
     * would reveal without a share).
     */
    @Test
    void bothCoordinatesOfTheDataTableausCoefficientAreMasked() {
        Proved h = Proved.of(23);
        Setup s = h.s();
        List<LinearConstraint> linear = h.linear();
        ConstraintProof p = h.p();
        LigeroConstraints.Challenges ch = ZKC.replay(h.cs(), linear, List.of(s.product), p, transcript());
        GoldilocksExt2 g = ch.linear.gamma;
        // the data tableau's terms: gamma data(point) (constraint 0) and gamma^2 data[3] (constraint 1, coefficient 1)
        GoldilocksExt2 part = g.mul(linear.get(0).rhs).add(g.square().mulBase(s.data(3)));
        int c = 1 << ZKC.pcs().params().logCols(N);
        HidingLigeroProof.Part d = p.opening.parts[0];
        assertTrue(d.q0[c - 1] != part.c0 && d.q1[c - 1] != part.c1);
        // and without the shares (plain hiding commitments) both coordinates are exactly that part
        Setup t = new Setup(23);
        List<HidingLigeroProverData> plain = List.of(ZKC.pcs().commit(t.tables.get(0), t.blinding), ZKC.pcs().commit(t.tables.get(1), t.blinding));
        ConstraintProof q = ZKC.prove(plain, linear, List.of(t.product), transcript());
        GoldilocksExt2 g2 = ZKC.replay(commitments(plain), linear, List.of(t.product), q, transcript()).linear.gamma;
        GoldilocksExt2 part2 = g2.mul(linear.get(0).rhs).add(g2.square().mulBase(t.data(3)));
        assertEquals(part2, GoldilocksExt2.of(q.opening.parts[0].q0[c - 1], q.opening.parts[0].q1[c - 1]));
    }

    // ------------------------------------------------------------------ soundness budget

    @Test
    void theSoundnessBudgetIsItsPartsAndAStatementBelowItIsRefusedByTheVerifier() {
        HidingLigeroParams par = HidingLigeroParams.DEFAULT;
        assertEquals(-Math.log(3 * Math.pow(2, -par.soundnessBits(14, 1)) + 7 * Math.pow(2, -127.99)) / Math.log(2),
                LigeroConstraintParams.soundnessBits(par, new int[] {14, 14, 14}, 2, 1), 1e-9);
        int m = 1 << 27, mq = 1 << 25;
        double err = 2 * Math.pow(2, -par.soundnessBits(6, 1)) + ((double) m + 5.0 * mq) * Math.pow(2, -127.99);
        assertEquals(-Math.log(err) / Math.log(2), LigeroConstraintParams.soundnessBits(par, new int[] {6, 6}, m, mq), 1e-9);
        // SMALL_PROOF gives a 2^13 tableau about 101.1 bits, so three of them fall below the target: the verifier refuses
        // the statement over three tableaux, and accepts it over two
        HidingLigeroParams small = HidingLigeroParams.SMALL_PROOF;
        LigeroConstraints zkc = new LigeroConstraints(new HidingLigeroPcs(small));
        assertTrue(LigeroConstraintParams.soundnessBits(small, tableaux(2), 1, 0) >= HidingLigeroParams.TARGET_BITS);
        assertTrue(LigeroConstraintParams.soundnessBits(small, tableaux(3), 1, 0) < HidingLigeroParams.TARGET_BITS);
        SplittableRandom rnd = new SplittableRandom(24);
        Blinding b = Blinding.from(new SplittableRandom(25));
        List<long[]> tables = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long[] w = new long[1 << 13];
            for (int j = 0; j < w.length; j++) w[j] = Goldilocks.reduce64(rnd.nextLong());
            tables.add(w);
        }
        List<LinearConstraint> one = List.of(LinearConstraint.builder().entry(0, 5, GoldilocksExt2.ONE).equalTo(GoldilocksExt2.ofBase(tables.get(0)[5])));
        List<HidingLigeroProverData> two = zkc.commit(tables.subList(0, 2), b);
        ConstraintProof p = zkc.prove(two, one, NO_PRODUCTS, transcript());
        zkc.verify(commitments(two), one, NO_PRODUCTS, p, transcript());
        List<LigeroCommitment> three = commitments(zkc.commit(tables, b));
        String why = rejection(() -> zkc.verify(three, one, NO_PRODUCTS, p, transcript()));
        assertTrue(why.startsWith("zk constraints: ") && why.contains("bits of soundness for 3 tableaux"), why);
    }

    private static int[] tableaux(int k) {
        int[] n = new int[k];
        java.util.Arrays.fill(n, 13);
        return n;
    }

    /** The hiding scheme as a verifier reads it: commitment and proof decoded through the scheme's readers, verified. */
    @Test
    void theHidingSchemesReadersRoundTripAndDescribeIt() {
        HidingLigeroPcs pcs = ZKC.pcs();
        assertTrue(pcs.hiding());
        assertEquals(pcs.params().soundnessBits(9, 1), pcs.soundnessBits(9));
        assertEquals(pcs.params().toString(), pcs.describe());
        Setup s = new Setup(26, 9);
        HidingLigeroProverData d = pcs.commit(s.tables.get(0), s.blinding);
        List<EvalClaim> claims = List.of(new EvalClaim(0, s.point, Mle.evaluate(s.tables.get(0), s.point)));
        HidingLigeroProof proof = pcs.open(List.of(d), claims, transcript(), s.blinding);
        io.zkml4j.field.codec.FieldWriter w = new io.zkml4j.field.codec.FieldWriter();
        d.commitment().writeTo(w);
        proof.writeTo(w);
        io.zkml4j.field.codec.FieldReader r = new io.zkml4j.field.codec.FieldReader(w.toByteArray());
        LigeroCommitment c = pcs.readCommitment(r);
        assertEquals(d.commitment(), c);
        HidingLigeroProof read = pcs.readProof(r, List.of(c), claims);
        r.finish("test");
        pcs.verify(List.of(c), claims, read, transcript());
    }
    /**
     * Group 16 (docs/mutation.md): a tableau given as a binding commitment (no openings recorded) is refused by the
     * constraint test's own statement check, by its message, before the budget or the opening reads its openings.
     */
    @Test
    void aBindingCommitmentAmongTheTableauxIsRefusedByTheStatementCheck() {
        Proved h = Proved.of(31);
        List<LigeroCommitment> cs = h.cs();
        LigeroCommitment pads = cs.get(1);
        cs.set(1, new LigeroCommitment(pads.numVars(), pads.root()));
        String m = rejection(() -> ZKC.verify(cs, h.linear(), List.of(h.s().product), h.p(), transcript()));
        assertEquals("zk constraints: tableau 1 has a binding commitment (no openings recorded)", m);
    }
}
