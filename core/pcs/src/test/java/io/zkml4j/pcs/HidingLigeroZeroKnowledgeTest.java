package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.hash.Hash;
import io.zkml4j.hash.Hashes;
import io.zkml4j.hash.MerkleTree;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Zero knowledge of {@link HidingLigeroPcs} (PRIVACY.md section 5): (a) a witness-free simulator, given the claims and
 * free to choose the verifier's challenges (programming the random oracle), produces a commitment, opened columns, u
 * and q that the verifier's checks accept, distributed like real proofs; (b) the opened columns of two witnesses with
 * equal claimed values are indistinguishable by a chi-square test, which the same statistic fails for a variant with
 * no hiding coefficients (h = 0); (b') across B openings of one commitment (its budget): the same with the union of
 * the openings' columns, which a variant with h &lt; B t fails, and one opening of a mask set among several simulated;
 * (c) two proofs of one witness share no masked value; (d) the masks are
 * extension-valued, and a variant with base-field masks is shown to reveal which witness was committed.
 */
class HidingLigeroZeroKnowledgeTest {
    private static final String DOMAIN = "zkml4j.pcs.hiding-zk-test";
    /** Toy parameters for the statistics: 2^4 tables as 4 x 4, 4 queries, 4 hiding coefficients (B t for B openings), blowup 2. */
    private static final HidingLigeroPcs TOY = new HidingLigeroPcs(new HidingLigeroParams(1, 4, 4, false, 2));
    /** Hiding 2: with B = 2 openings h = 4 &lt; B t = 8, a deliberately broken budget. */
    private static final HidingLigeroPcs HALF_HIDING = new HidingLigeroPcs(new HidingLigeroParams(1, 4, 2, false, 2));
    /** The same with h = 0: a deliberately broken variant. */
    private static final HidingLigeroPcs NO_HIDING = new HidingLigeroPcs(new HidingLigeroParams(1, 4, 0, false, 2));
    private static final int TOY_VARS = 4;

    private static Transcript transcript() {
        return new Transcript(DOMAIN);
    }

    private static long field(SplittableRandom rnd) {
        return Goldilocks.reduce64(rnd.nextLong());
    }

    private static long[] randomTable(int n, SplittableRandom rnd) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) t[i] = field(rnd);
        return t;
    }

    private static GoldilocksExt2 ext(SplittableRandom rnd) {
        return GoldilocksExt2.of(field(rnd), field(rnd));
    }

    // ------------------------------------------------------------------ (a) the simulator

    record Simulated(LigeroCommitment commitment, HidingLigeroProof proof, HidingLigeroPcs.Challenges challenges) {}

    /** A proof of the claims on one commitment of 2^n entries, made without any table: the simulator of HidingLigeroParams. */
    static Simulated simulate(HidingLigeroPcs pcs, int n, List<EvalClaim> claims, SplittableRandom rnd) {
        GoldilocksExt2 gamma = ext(rnd);
        GoldilocksExt2[] gpow = HidingLigeroPcs.gammaPowers(gamma, claims.size());
        GoldilocksExt2 want = GoldilocksExt2.ZERO;
        for (int j = 0; j < claims.size(); j++) want = want.add(gpow[j].mul(claims.get(j).value));
        HidingLigeroPcs.SimulatedOpening o = pcs.simulateTerms(new int[] {n}, HidingLigeroPcs.claimTerms(claims, gpow), want, gamma, rnd);
        return new Simulated(o.commitments().get(0), o.proof(), o.challenges());
    }

    @Property(tries = 40)
    void simulatedProofsOfAnyClaimsAreAccepted(@ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 0, max = 3) int numClaims,
            @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        HidingLigeroPcs pcs = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);
        List<EvalClaim> claims = new ArrayList<>();
        for (int j = 0; j < numClaims; j++) {
            GoldilocksExt2[] z = new GoldilocksExt2[n];
            for (int i = 0; i < n; i++) z[i] = ext(rnd);
            claims.add(new EvalClaim(0, z, ext(rnd))); // arbitrary values: the simulator knows no table
        }
        Simulated sim = simulate(pcs, n, claims, rnd);
        List<LigeroCommitment> cs = List.of(sim.commitment());
        pcs.check(cs, claims, sim.proof(), sim.challenges());
        HidingLigeroProof decoded = pcs.proofFromBytes(sim.proof().toBytes(), cs, claims); // and it has the real format
        assertArrayEquals(sim.proof().toBytes(), decoded.toBytes());
        pcs.check(cs, claims, decoded, sim.challenges());
    }

    @Test
    void simulatedAndRealProofsAreDistributedAlike() {
        SplittableRandom rnd = new SplittableRandom(2026);
        long[] table = randomTable(TOY_VARS, rnd);
        GoldilocksExt2[] z = new GoldilocksExt2[TOY_VARS];
        for (int i = 0; i < TOY_VARS; i++) z[i] = ext(rnd);
        List<EvalClaim> claims = List.of(new EvalClaim(0, z, Mle.evaluate(table, z)));
        int runs = 1500;
        // coordinates of the view: a data entry, the derived Dlo and m entries, a u and a q coefficient
        List<ToIntFunction<HidingLigeroProof>> stats = List.of(
                p -> bucket(p.parts[0].columns[0]),
                p -> bucket(p.parts[0].columns[4 + HidingLigeroPcs.DLO1]),
                p -> bucket(p.parts[0].columns[4 + HidingLigeroPcs.M0]),
                p -> bucket(p.parts[0].u1[0]),
                p -> bucket(p.parts[0].q0[0]));
        int[][] real = new int[stats.size()][8], sim = new int[stats.size()][8];
        for (int k = 0; k < runs; k++) {
            HidingLigeroProverData d = TOY.commit(table, Blinding.from(new SplittableRandom(rnd.nextLong())));
            HidingLigeroProof p = TOY.open(List.of(d), claims, transcript());
            HidingLigeroProof s = simulate(TOY, TOY_VARS, claims, rnd).proof();
            for (int c = 0; c < stats.size(); c++) {
                real[c][stats.get(c).applyAsInt(p)]++;
                sim[c][stats.get(c).applyAsInt(s)]++;
            }
        }
        for (int c = 0; c < stats.size(); c++) {
            double chi = chiSquare(real[c], sim[c]);
            assertTrue(chi < CHI2_DF8_999, "coordinate " + c + ": chi-square " + chi + " real " + Arrays.toString(real[c]) + " simulated " + Arrays.toString(sim[c]));
        }
    }

    // ------------------------------------------------------------------ (b) two witnesses, one claim

    /** 99.9% quantile of chi-square with 8 degrees of freedom (9 bins). */
    private static final double CHI2_DF8_999 = 26.12;

    private static int bucket(long v) {
        return (int) (v >>> 61);
    }

    /** Two-sample chi-square statistic for equal sample sizes. */
    private static double chiSquare(int[] a, int[] b) {
        double chi = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] + b[i] > 0) chi += (double) (a[i] - b[i]) * (a[i] - b[i]) / (a[i] + b[i]);
        }
        return chi;
    }

    /**
     * The distinguisher "was it witness A?": the first opened column's entry of row 0 minus what A's row 0 gives at that
     * column's point (bin 0: exactly A's value; bins 1..8: the top bits of the difference).
     */
    private static int[] guessA(HidingLigeroPcs pcs, long[] a, long[] witness, List<EvalClaim> claims, SplittableRandom rnd, int runs) {
        HidingLigeroPcs.Shape s = new HidingLigeroPcs.Shape(pcs.params(), TOY_VARS);
        int[] hist = new int[9];
        for (int k = 0; k < runs; k++) {
            HidingLigeroProverData d = pcs.commit(witness, Blinding.from(new SplittableRandom(rnd.nextLong())));
            HidingLigeroProof p = pcs.open(List.of(d), claims, transcript());
            HidingLigeroPcs.Challenges ch = pcs.replay(List.of(d.commitment()), claims, p, transcript());
            long eta = HidingLigeroPcs.point(s, ch.queries[0][0]);
            long ref = HidingLigeroPcs.horner(Arrays.copyOf(a, s.cols), new long[s.cols], eta).c0;
            long diff = Goldilocks.sub(p.parts[0].columns[0], ref);
            hist[diff == 0 ? 0 : 1 + bucket(diff)]++;
        }
        return hist;
    }

    @Test
    void openedColumnsOfTwoWitnessesWithEqualClaimsAreIndistinguishableAndNotWithoutHiding() {
        SplittableRandom rnd = new SplittableRandom(77);
        long[][] ab = equalAtAPoint(rnd);
        long[] a = ab[0], b = ab[1];
        GoldilocksExt2[] z = point(ab[2]);
        List<EvalClaim> claims = List.of(new EvalClaim(0, z, Mle.evaluate(a, z)));
        int runs = 1500;

        double hiding = chiSquare(guessA(TOY, a, a, claims, rnd, runs), guessA(TOY, a, b, claims, rnd, runs));
        assertTrue(hiding < CHI2_DF8_999, "hiding scheme: chi-square " + hiding + " (witnesses told apart)");

        int[] brokenA = guessA(NO_HIDING, a, a, claims, rnd, runs), brokenB = guessA(NO_HIDING, a, b, claims, rnd, runs);
        double broken = chiSquare(brokenA, brokenB);
        assertTrue(broken > 100 * CHI2_DF8_999, "h = 0 must be told apart by the same test: chi-square " + broken);
        assertEquals(runs, brokenA[0], "without hiding coefficients an opened entry is exactly witness A's");
    }

    // ------------------------------------------------------------------ (b') B openings of one commitment

    /** 99.9% quantile of chi-square with 9 degrees of freedom (10 bins). */
    private static final double CHI2_DF9_999 = 27.88;

    /**
     * The distinguisher across B openings of one commitment: row 0's entries at the union of the columns all openings
     * opened; once there are C + h0 distinct points (h0 = 4: the polynomial's degree if only B t / 2 hiding coefficients
     * were there), interpolate through the first C + h0 and compare the value at 0, row 0's entry 0, with witness A's
     * (bin 0: exactly A's; bins 1..8: the top bits of the difference; bin 9: too few distinct columns).
     */
    private static int[] guessAcrossOpenings(HidingLigeroPcs pcs, int openings, long[] a, long[] witness, List<EvalClaim> claims, SplittableRandom rnd, int runs) {
        HidingLigeroPcs.Shape s = new HidingLigeroPcs.Shape(pcs.params(), TOY_VARS, openings);
        int need = s.cols + 4;
        int[] hist = new int[10];
        for (int k = 0; k < runs; k++) {
            HidingLigeroProverData d = pcs.commit(witness, Blinding.from(new SplittableRandom(rnd.nextLong())), openings);
            java.util.TreeMap<Integer, Long> row0 = new java.util.TreeMap<>();
            for (int b = 0; b < openings; b++) {
                HidingLigeroProof p = pcs.open(List.of(d), claims, transcript());
                int[] qs = pcs.replay(List.of(d.commitment()), claims, p, transcript()).queries[0];
                for (int j = 0; j < qs.length; j++) row0.put(qs[j], p.parts[0].columns[j * s.columnLen()]);
            }
            if (row0.size() < need) {
                hist[9]++;
                continue;
            }
            long[] xs = new long[need], ys = new long[need];
            int i = 0;
            for (java.util.Map.Entry<Integer, Long> e : row0.entrySet()) {
                if (i == need) break;
                xs[i] = HidingLigeroPcs.point(s, e.getKey());
                ys[i++] = e.getValue();
            }
            long diff = Goldilocks.sub(lagrangeAtZero(xs, ys), a[0]);
            hist[diff == 0 ? 0 : 1 + bucket(diff)]++;
        }
        return hist;
    }

    /** The value at 0 of the polynomial of degree &lt; xs.length through (xs, ys). */
    private static long lagrangeAtZero(long[] xs, long[] ys) {
        long v = 0;
        for (int i = 0; i < xs.length; i++) {
            long num = 1, den = 1;
            for (int j = 0; j < xs.length; j++) {
                if (j == i) continue;
                num = Goldilocks.mul(num, Goldilocks.neg(xs[j]));
                den = Goldilocks.mul(den, Goldilocks.sub(xs[i], xs[j]));
            }
            v = Goldilocks.add(v, Goldilocks.mul(ys[i], Goldilocks.mul(num, Goldilocks.inv(den))));
        }
        return v;
    }

    @Test
    void theOpenedColumnsOfBOpeningsOfTwoWitnessesAreIndistinguishableAndNotWithHidingBelowBt() {
        SplittableRandom rnd = new SplittableRandom(78);
        long[][] ab = equalAtAPoint(rnd);
        long[] a = ab[0], b = ab[1];
        List<EvalClaim> claims = List.of(new EvalClaim(0, point(ab[2]), Mle.evaluate(a, point(ab[2]))));
        int runs = 1500, openings = 2;
        // h = B t = 8 hiding coefficients for the union of two openings' 4 columns each
        int[] hidA = guessAcrossOpenings(TOY, openings, a, a, claims, rnd, runs), hidB = guessAcrossOpenings(TOY, openings, a, b, claims, rnd, runs);
        double hiding = chiSquare(hidA, hidB);
        assertTrue(hiding < CHI2_DF9_999, "B t hiding coefficients: chi-square " + hiding + " A " + Arrays.toString(hidA) + " B " + Arrays.toString(hidB));
        assertTrue(hidA[9] < runs / 2, "the distinguisher applies in most runs: " + Arrays.toString(hidA));
        // h = B t / 2 = 4: enough for one opening, not for two
        int[] brokenA = guessAcrossOpenings(HALF_HIDING, openings, a, a, claims, rnd, runs), brokenB = guessAcrossOpenings(HALF_HIDING, openings, a, b, claims, rnd, runs);
        double broken = chiSquare(brokenA, brokenB);
        assertTrue(broken > 10 * CHI2_DF9_999, "h < B t must be told apart by the same test: chi-square " + broken + " A " + Arrays.toString(brokenA) + " B "
                + Arrays.toString(brokenB));
        assertEquals(runs - brokenA[9], brokenA[0], "with h < B t every run with enough columns recovers witness A's entry");
    }

    /** Two 2^4 tables A != B with MLE(A)(z) = MLE(B)(z), and z's coordinates (base field), as {A, B, z}. */
    private static long[][] equalAtAPoint(SplittableRandom rnd) {
        long[] a = new long[1 << TOY_VARS], b = new long[1 << TOY_VARS], z = new long[TOY_VARS];
        for (int i = 0; i < TOY_VARS; i++) z[i] = field(rnd);
        for (int i = 0; i < a.length; i++) {
            a[i] = field(rnd);
            b[i] = field(rnd);
        }
        int last = b.length - 1; // B agrees with A at z once its last entry is adjusted (eq(z, last) != 0)
        b[last] = 0;
        long[] aMinusB = new long[a.length];
        for (int i = 0; i < a.length; i++) aMinusB[i] = Goldilocks.sub(a[i], b[i]);
        long gap = Mle.evaluate(aMinusB, point(z)).c0; // = MLE(A)(z) - MLE(B with last 0)(z)
        b[last] = Goldilocks.mul(gap, Goldilocks.inv(Eq.evalAtIndex(point(z), last).c0));
        assertEquals(Mle.evaluate(a, point(z)), Mle.evaluate(b, point(z)));
        assertNotEquals(a[0], b[0]);
        return new long[][] {a, b, z};
    }

    private static GoldilocksExt2[] point(long[] z) {
        GoldilocksExt2[] p = new GoldilocksExt2[z.length];
        for (int i = 0; i < z.length; i++) p[i] = GoldilocksExt2.ofBase(z[i]);
        return p;
    }

    @Test
    void simulatedAndRealOpeningsOfOneMaskSetOfSeveralAreDistributedAlike() {
        SplittableRandom rnd = new SplittableRandom(2027);
        long[] table = randomTable(TOY_VARS, rnd);
        GoldilocksExt2[] z = new GoldilocksExt2[TOY_VARS];
        for (int i = 0; i < TOY_VARS; i++) z[i] = ext(rnd);
        List<EvalClaim> claims = List.of(new EvalClaim(0, z, Mle.evaluate(table, z)));
        int runs = 1500, openings = 3, set = 1, rows = 4;
        HidingLigeroPcs.Shape s = new HidingLigeroPcs.Shape(TOY.params(), TOY_VARS, openings);
        // a data entry, this set's Dhi, derived Dlo and m entries, the top bits of the set path's first digest (the
        // other sets' subtree: a digest of their entries, random bytes in the simulation), a u and a q coefficient
        List<ToIntFunction<HidingLigeroProof>> stats = List.of(
                p -> bucket(p.parts[0].columns[0]),
                p -> bucket(p.parts[0].columns[s.mask(HidingLigeroPcs.DHI0)]),
                p -> bucket(p.parts[0].columns[s.mask(HidingLigeroPcs.DLO1)]),
                p -> bucket(p.parts[0].columns[s.mask(HidingLigeroPcs.M0)]),
                p -> (p.parts[0].setPaths[0] & 0xff) >>> 5,
                p -> bucket(p.parts[0].u1[0]),
                p -> bucket(p.parts[0].q0[0]));
        assertEquals(rows, s.rows);
        int[][] real = new int[stats.size()][8], sim = new int[stats.size()][8];
        GoldilocksExt2[] gpow = new GoldilocksExt2[1];
        for (int k = 0; k < runs; k++) {
            HidingLigeroProverData d = TOY.commit(table, Blinding.from(new SplittableRandom(rnd.nextLong())), openings);
            d.select(set);
            HidingLigeroProof p = TOY.open(List.of(d), claims, transcript());
            GoldilocksExt2 gamma = ext(rnd);
            gpow[0] = gamma;
            HidingLigeroProof q = TOY.simulateTerms(new int[] {TOY_VARS}, new int[] {openings}, new int[] {set}, HidingLigeroPcs.claimTerms(claims, gpow),
                    gamma.mul(claims.get(0).value), gamma, rnd).proof();
            for (int c = 0; c < stats.size(); c++) {
                real[c][stats.get(c).applyAsInt(p)]++;
                sim[c][stats.get(c).applyAsInt(q)]++;
            }
        }
        for (int c = 0; c < stats.size(); c++) {
            double chi = chiSquare(real[c], sim[c]);
            assertTrue(chi < CHI2_DF8_999, "coordinate " + c + ": chi-square " + chi + " real " + Arrays.toString(real[c]) + " simulated " + Arrays.toString(sim[c]));
        }
    }

    // ------------------------------------------------------------------ (c) freshness

    private static Set<Long> maskedValues(HidingLigeroProof p) {
        Set<Long> v = new HashSet<>();
        for (HidingLigeroProof.Part part : p.parts) {
            for (long[] a : new long[][] {part.q0, part.q1, part.u0, part.u1, part.salts, part.columns}) for (long x : a) v.add(x);
        }
        return v;
    }

    @Test
    void twoProofsOfOneWitnessShareNoMaskedValue() {
        SplittableRandom rnd = new SplittableRandom(5);
        HidingLigeroPcs pcs = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);
        int n = 10;
        long[] table = randomTable(n, rnd);
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) z[i] = ext(rnd);
        List<EvalClaim> claims = List.of(new EvalClaim(0, z, Mle.evaluate(table, z)));
        HidingLigeroProverData d1 = pcs.commit(table, Blinding.fresh()), d2 = pcs.commit(table, Blinding.fresh());
        assertFalse(Arrays.equals(d1.commitment().root(), d2.commitment().root()), "equal data must not give linkable commitments");
        HidingLigeroProof p1 = pcs.open(List.of(d1), claims, transcript()), p2 = pcs.open(List.of(d2), claims, transcript());
        Set<Long> shared = maskedValues(p1);
        shared.retainAll(maskedValues(p2));
        assertTrue(shared.isEmpty(), "values in both proofs: " + shared);
    }

    // ------------------------------------------------------------------ (d) masks in the extension

    @Test
    void masksAreExtensionValued() {
        SplittableRandom rnd = new SplittableRandom(9);
        HidingLigeroPcs pcs = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);
        long[] table = new long[1 << 6];
        HidingLigeroProverData d = pcs.commit(table, Blinding.from(new SplittableRandom(rnd.nextLong())));
        int c = 1 << d.logCols;
        for (int row : new int[] {HidingLigeroPcs.DLO1, HidingLigeroPcs.DHI1, HidingLigeroPcs.M1}) {
            long nonzero = Arrays.stream(d.masks[row]).filter(x -> x != 0).count();
            assertTrue(nonzero >= d.masks[row].length - (row == HidingLigeroPcs.DLO1 ? 1 : 0), "mask row " + row + " has a zero c1 part");
        }
        assertEquals(0, d.masks[HidingLigeroPcs.DLO0][c - 1]);
        assertEquals(0, d.masks[HidingLigeroPcs.DLO1][c - 1]);
        assertEquals(pcs.params().hiding, d.hidingCoeffs.length >> d.logRows, "h hiding coefficients per row");
        assertTrue(pcs.params().hiding >= pcs.params().numQueries);
    }

    /**
     * q's coefficient 0 minus what witness A gives there, c1 part: zero means "the table is A". With base-field masks the
     * c1 half of q is unmasked and this identifies A every time; with the real masks it never does.
     */
    private static int identifiedAsA(HidingLigeroPcs pcs, long[] a, long[] witness, List<EvalClaim> claims, Consumer<long[][]> maskTamper,
            SplittableRandom rnd, int runs) {
        int n = Integer.numberOfTrailingZeros(a.length), lc = pcs.params().logCols(n), c = 1 << lc;
        int hits = 0;
        for (int k = 0; k < runs; k++) {
            HidingLigeroProverData d = pcs.commit(witness, Blinding.from(new SplittableRandom(rnd.nextLong())), maskTamper);
            HidingLigeroProof p = pcs.open(List.of(d), claims, transcript());
            GoldilocksExt2 gamma = pcs.replay(List.of(d.commitment()), claims, p, transcript()).gamma;
            GoldilocksExt2[] gpow = HidingLigeroPcs.gammaPowers(gamma, claims.size());
            GoldilocksExt2 expected = GoldilocksExt2.ZERO;
            for (int j = 0; j < claims.size(); j++) {
                GoldilocksExt2[] z = claims.get(j).point();
                ExtVec eqL = Eq.table(Arrays.copyOfRange(z, lc, n));
                GoldilocksExt2 col0 = GoldilocksExt2.ZERO;
                for (int i = 0; i < eqL.c0.length; i++) col0 = col0.add(GoldilocksExt2.of(eqL.c0[i], eqL.c1[i]).mulBase(a[i * c]));
                GoldilocksExt2 eqRLast = Eq.evalAtIndex(Arrays.copyOf(z, lc), c - 1);
                expected = expected.add(gpow[j].mul(col0).mul(eqRLast));
            }
            if (GoldilocksExt2.of(p.parts[0].q0[0], p.parts[0].q1[0]).sub(expected).c1 == 0) hits++;
        }
        return hits;
    }

    @Test
    void baseFieldMasksRevealTheWitnessAndExtensionMasksDoNot() {
        SplittableRandom rnd = new SplittableRandom(31);
        HidingLigeroPcs pcs = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);
        int n = 6;
        long[] a = randomTable(n, rnd), b = a.clone();
        b[0] = Goldilocks.add(b[0], 1);
        b[1] = Goldilocks.sub(b[1], 1); // B agrees with A at any point whose coordinate 0 is 1/2... so claim there
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        z[0] = GoldilocksExt2.ofBase(Goldilocks.inv(2));
        for (int i = 1; i < n; i++) z[i] = ext(rnd);
        assertEquals(Mle.evaluate(a, z), Mle.evaluate(b, z));
        List<EvalClaim> claims = List.of(new EvalClaim(0, z, Mle.evaluate(a, z)));
        Consumer<long[][]> baseFieldMasks = m -> {
            Arrays.fill(m[HidingLigeroPcs.DLO1], 0);
            Arrays.fill(m[HidingLigeroPcs.DHI1], 0);
            Arrays.fill(m[HidingLigeroPcs.M1], 0);
        };
        int runs = 25;
        assertEquals(runs, identifiedAsA(pcs, a, a, claims, baseFieldMasks, rnd, runs), "base-field masks: A identified every time");
        assertEquals(0, identifiedAsA(pcs, a, b, claims, baseFieldMasks, rnd, runs), "base-field masks: B never taken for A");
        assertEquals(0, identifiedAsA(pcs, a, a, claims, null, rnd, runs), "extension masks: nothing identifies A");
        assertEquals(0, identifiedAsA(pcs, a, b, claims, null, rnd, runs));
    }
}
