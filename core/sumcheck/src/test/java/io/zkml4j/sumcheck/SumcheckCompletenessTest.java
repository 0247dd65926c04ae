package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.DOMAIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Honest proofs of every shape verify, agree with the independent reference prover, and round-trip through bytes. */
class SumcheckCompletenessTest {

    /** Verifies out against the claimed sum through bytes, checks the final claim, and returns the reduced claim. */
    static SumcheckClaim verifyThroughBytes(int n, int degree, SumcheckProverOutput out) {
        byte[] bytes = out.proof().toBytes();
        SumcheckProof decoded = SumcheckProof.fromBytes(bytes, n, degree);
        assertArrayEquals(bytes, decoded.toBytes());
        SumcheckClaim c = SumcheckVerifier.verify(n, degree, out.claimedSum(), decoded, new Transcript(DOMAIN));
        assertArrayEquals(out.point(), c.point());
        assertEquals(out.finalClaim(), c.value());
        return c;
    }

    @Property(tries = 40)
    void productFastPath(@ForAll long seed, @ForAll @IntRange(min = 0, max = 12) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = Fixtures.base(r, n), b = Fixtures.base(r, n);
        SumcheckProverOutput out = SumcheckProver.proveProduct(a, b, new Transcript(DOMAIN));
        GoldilocksExt2 expected = GoldilocksExt2.ZERO;
        for (int i = 0; i < a.length; i++) expected = expected.add(GoldilocksExt2.ofBase(a[i]).mulBase(b[i]));
        assertEquals(expected, out.claimedSum());
        SumcheckClaim c = verifyThroughBytes(n, 2, out);
        GoldilocksExt2[] evals = {Mle.evaluate(a, c.point()), Mle.evaluate(b, c.point())};
        assertArrayEquals(evals, out.finalEvals());
        SumcheckVerifier.checkFinal(c, SumOfProducts.product(2), evals);

        // same proof as the generic path and the reference prover
        ExtVec[] tables = {ExtVec.ofBase(a), ExtVec.ofBase(b)};
        SumcheckProverOutput gen = SumcheckProver.prove(SumOfProducts.product(2), tables, new Transcript(DOMAIN));
        assertArrayEquals(out.proof().toBytes(), gen.proof().toBytes());
        assertArrayEquals(out.finalEvals(), gen.finalEvals());
        SumcheckProverOutput ref = ReferenceProver.proveHonest(SumOfProducts.product(2), tables, new Transcript(DOMAIN));
        assertArrayEquals(out.proof().toBytes(), ref.proof().toBytes());
    }

    /** Base a times extension b: the same proof as the generic path, below and above the two-thread split. */
    @Property(tries = 30)
    void mixedProductFastPath(@ForAll long seed, @ForAll @IntRange(min = 0, max = 14) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = Fixtures.base(r, n);
        ExtVec b = Fixtures.extTable(r, n);
        SumcheckProverOutput out = SumcheckProver.proveProduct(a, b, new Transcript(DOMAIN));
        assertEquals(Mle.dot(a, b), out.claimedSum());
        SumcheckClaim c = verifyThroughBytes(n, 2, out);
        GoldilocksExt2[] evals = {Mle.evaluate(a, c.point()), Mle.evaluate(b, c.point())};
        assertArrayEquals(evals, out.finalEvals());
        SumcheckProverOutput gen = SumcheckProver.prove(SumOfProducts.product(2), new ExtVec[] {ExtVec.ofBase(a), b.copy()},
                new Transcript(DOMAIN));
        assertArrayEquals(gen.proof().toBytes(), out.proof().toBytes());
        assertArrayEquals(gen.finalEvals(), out.finalEvals());
    }

    /**
     * Tables whose tail is zeros (a committed table's unused end): the fast path sums and folds only up to the last
     * nonzero entry, and must give the generic path's proof byte for byte, at every live length (odd, even, 0, 1, all)
     * and above the two-thread split.
     */
    @Property(tries = 60)
    void productsWithAZeroTail(@ForAll long seed, @ForAll @IntRange(min = 1, max = 15) int n, @ForAll boolean mixed) {
        SplittableRandom r = new SplittableRandom(seed);
        int size = 1 << n, live = r.nextInt(size + 1);
        long[] a = Fixtures.base(r, n);
        ExtVec b = mixed ? Fixtures.extTable(r, n) : ExtVec.ofBase(Fixtures.base(r, n));
        ProductZeroTailBoundaryTest.zeroTail(a, b, live);
        if (live > 0 && r.nextBoolean()) a[live - 1] = 0; // the last live entry nonzero in b only
        SumcheckProverOutput out = mixed ? SumcheckProver.proveProduct(a, b, new Transcript(DOMAIN))
                : SumcheckProver.proveProduct(a, b.c0.clone(), new Transcript(DOMAIN));
        SumcheckProverOutput gen = SumcheckProver.prove(SumOfProducts.product(2), new ExtVec[] {ExtVec.ofBase(a), b.copy()}, new Transcript(DOMAIN));
        assertArrayEquals(gen.proof().toBytes(), out.proof().toBytes());
        assertArrayEquals(gen.finalEvals(), out.finalEvals());
        SumcheckClaim c = verifyThroughBytes(n, 2, out);
        assertArrayEquals(new GoldilocksExt2[] {Mle.evaluate(a, c.point()), Mle.evaluate(b, c.point())}, out.finalEvals());
    }

    /** Large enough for the two-thread split (Parallel.MIN_PAIRS): same proof as the generic path. */
    @org.junit.jupiter.api.Test
    void productFastPathAboveParallelThreshold() {
        SplittableRandom r = new SplittableRandom(99);
        int n = 15;
        long[] a = Fixtures.base(r, n), b = Fixtures.base(r, n);
        SumcheckProverOutput out = SumcheckProver.proveProduct(a, b, new Transcript(DOMAIN));
        SumcheckProverOutput gen = SumcheckProver.prove(SumOfProducts.product(2),
                new ExtVec[] {ExtVec.ofBase(a), ExtVec.ofBase(b)}, new Transcript(DOMAIN));
        assertArrayEquals(gen.proof().toBytes(), out.proof().toBytes());
        assertArrayEquals(gen.finalEvals(), out.finalEvals());
        SumcheckClaim c = verifyThroughBytes(n, 2, out);
        SumcheckVerifier.checkFinal(c, SumOfProducts.product(2), new GoldilocksExt2[] {Mle.evaluate(a, c.point()), Mle.evaluate(b, c.point())});
    }

    @Property(tries = 40)
    void genericTerms(@ForAll long seed, @ForAll @IntRange(min = 0, max = 10) int n,
            @ForAll @IntRange(min = 1, max = 4) int degree) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = 1 + r.nextInt(4);
        SumOfProducts expr = Fixtures.expr(r, m, degree);
        ExtVec[] tables = new ExtVec[m];
        for (int j = 0; j < m; j++) tables[j] = r.nextBoolean() ? Fixtures.extTable(r, n) : ExtVec.ofBase(Fixtures.base(r, n));
        ExtVec[] copies = new ExtVec[m];
        for (int j = 0; j < m; j++) copies[j] = tables[j].copy();
        SumcheckProverOutput out = SumcheckProver.prove(expr, tables, new Transcript(DOMAIN));
        for (int j = 0; j < m; j++) assertEquals(copies[j], tables[j], "prover must not modify its input tables");
        assertEquals(ReferenceProver.sum(expr, tables), out.claimedSum());
        SumcheckClaim c = verifyThroughBytes(n, degree, out);
        GoldilocksExt2[] evals = new GoldilocksExt2[m];
        for (int j = 0; j < m; j++) evals[j] = Mle.evaluate(tables[j], c.point());
        assertArrayEquals(evals, out.finalEvals());
        SumcheckVerifier.checkFinal(c, expr, evals);
        SumcheckProverOutput ref = ReferenceProver.proveHonest(expr, tables, new Transcript(DOMAIN));
        assertArrayEquals(ref.proof().toBytes(), out.proof().toBytes());
    }

    @Property(tries = 40)
    void eqWeightedGeneric(@ForAll long seed, @ForAll @IntRange(min = 0, max = 10) int n,
            @ForAll @IntRange(min = 1, max = 3) int degree) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = 1 + r.nextInt(4);
        SumOfProducts expr = Fixtures.expr(r, m, degree);
        ExtVec[] tables = new ExtVec[m];
        for (int j = 0; j < m; j++) tables[j] = Fixtures.extTable(r, n);
        GoldilocksExt2[] pt = Fixtures.point(r, n);
        SumcheckProverOutput out = SumcheckProver.proveEq(pt, expr, tables, new Transcript(DOMAIN));
        SumOfProducts withEq = ReferenceProver.withEq(expr);
        ExtVec[] withEqTables = ReferenceProver.withEq(pt, tables);
        assertEquals(ReferenceProver.sum(withEq, withEqTables), out.claimedSum());
        SumcheckClaim c = verifyThroughBytes(n, degree + 1, out);
        GoldilocksExt2[] evals = new GoldilocksExt2[m];
        for (int j = 0; j < m; j++) evals[j] = Mle.evaluate(tables[j], c.point());
        assertArrayEquals(evals, out.finalEvals());
        SumcheckVerifier.checkFinalEq(c, pt, expr, evals);
        // Gruen's factored eq gives the same round polynomials as folding an explicit eq table
        SumcheckProverOutput ref = ReferenceProver.proveHonest(withEq, withEqTables, new Transcript(DOMAIN));
        assertArrayEquals(ref.proof().toBytes(), out.proof().toBytes());
    }

    @Property(tries = 40)
    void eqProductFastPath(@ForAll long seed, @ForAll @IntRange(min = 0, max = 12) int n, @ForAll boolean baseTables) {
        SplittableRandom r = new SplittableRandom(seed);
        GoldilocksExt2[] pt = Fixtures.point(r, n);
        SumcheckProverOutput out;
        ExtVec a, b;
        if (baseTables) {
            long[] ab = Fixtures.base(r, n), bb = Fixtures.base(r, n);
            out = SumcheckProver.proveEqProduct(pt, ab, bb, new Transcript(DOMAIN));
            a = ExtVec.ofBase(ab);
            b = ExtVec.ofBase(bb);
        } else {
            a = Fixtures.extTable(r, n);
            b = Fixtures.extTable(r, n);
            out = SumcheckProver.proveEqProduct(pt, a, b, new Transcript(DOMAIN));
        }
        // claim = sum eq*a*b = (a.b)(pt) style check against a direct sum
        ExtVec eq = Eq.table(pt);
        GoldilocksExt2 direct = GoldilocksExt2.ZERO;
        for (int i = 0; i < a.length(); i++) direct = direct.add(eq.get(i).mul(a.get(i)).mul(b.get(i)));
        assertEquals(direct, out.claimedSum());
        SumcheckClaim c = verifyThroughBytes(n, 3, out);
        GoldilocksExt2[] evals = {Mle.evaluate(a, c.point()), Mle.evaluate(b, c.point())};
        assertArrayEquals(evals, out.finalEvals());
        SumcheckVerifier.checkFinalEq(c, pt, SumOfProducts.product(2), evals);
        SumcheckProverOutput gen = SumcheckProver.proveEq(pt, SumOfProducts.product(2), new ExtVec[] {a, b}, new Transcript(DOMAIN));
        assertArrayEquals(gen.proof().toBytes(), out.proof().toBytes());
    }

    /**
     * The fast path on tables large enough to run on two threads, mostly zero in aligned runs (as a padding indicator
     * is): the skipped zero pairs, the split weights and the halves' merge give the generic path's proof.
     */
    @Property(tries = 6)
    void eqProductFastPathSparseAndParallel(@ForAll long seed, @ForAll @IntRange(min = 13, max = 15) int n, @ForAll boolean baseTables) {
        SplittableRandom r = new SplittableRandom(seed);
        GoldilocksExt2[] pt = Fixtures.point(r, n);
        long[][] t = {Fixtures.base(r, n), Fixtures.base(r, n), Fixtures.base(r, n), Fixtures.base(r, n)};
        for (long[] col : t) {
            for (int run = 0; run < 6; run++) { // zero runs of 2^1 .. 2^10 aligned entries, and single entries
                int len = 1 << (1 + r.nextInt(10)), at = r.nextInt(col.length / len) * len;
                java.util.Arrays.fill(col, at, at + len, 0L);
                col[r.nextInt(col.length)] = 0;
            }
        }
        java.util.Arrays.fill(t[2], 0, t[2].length / 2, 0L); // b mostly zero: whole blocks of pairs skipped
        java.util.Arrays.fill(t[3], 0, t[3].length / 2, 0L);
        long[][] before = {t[0].clone(), t[3].clone()};
        ExtVec a = baseTables ? ExtVec.ofBase(t[0]) : new ExtVec(t[0], t[1]);
        ExtVec b = baseTables ? ExtVec.ofBase(t[2]) : new ExtVec(t[2], t[3]);
        SumcheckProverOutput out = baseTables ? SumcheckProver.proveEqProduct(pt, t[0], t[2], new Transcript(DOMAIN))
                : SumcheckProver.proveEqProduct(pt, a, b, new Transcript(DOMAIN));
        SumcheckProverOutput gen = SumcheckProver.proveEq(pt, SumOfProducts.product(2), new ExtVec[] {a, b}, new Transcript(DOMAIN));
        assertArrayEquals(gen.proof().toBytes(), out.proof().toBytes());
        assertArrayEquals(gen.finalEvals(), out.finalEvals());
        assertArrayEquals(before[0], t[0]); // the caller's tables are left as they were
        assertArrayEquals(before[1], t[3]);
    }

    /**
     * The fast path's sparse start (EqProductProver.SparseStart) on tables shaped as a padding zero-check sees them: a
     * holds values on the real prefix of each aligned chunk, b is 1 on the rest; with {@code dishonest} a few padded
     * entries of a are nonzero too (rounds with nonzero messages). Same proof and final values as the generic path.
     */
    @Property(tries = 8)
    void eqProductSparseStartOnPaddedTables(@ForAll long seed, @ForAll @IntRange(min = 12, max = 15) int n, @ForAll boolean dishonest) {
        SplittableRandom r = new SplittableRandom(seed);
        GoldilocksExt2[] pt = Fixtures.point(r, n);
        long[] a = new long[1 << n], b = new long[1 << n];
        for (int at = 0; at < a.length; ) {
            int m = Math.min(n - 1, 6 + r.nextInt(5)), len = 1 << m;
            int real = r.nextBoolean() ? (1 + r.nextInt(4)) * (len / 4) : 1 + r.nextInt(len); // aligned or any extent
            long[] vals = Fixtures.base(r, m);
            for (int i = 0; i < len && at + i < a.length; i++) {
                if (i < real) a[at + i] = vals[i] == 0 ? 1 : vals[i];
                else b[at + i] = 1;
            }
            at += len;
        }
        if (dishonest) for (int k = 0; k < 3; k++) a[r.nextInt(a.length)] = 5; // wherever it lands: a mixed block or not
        EqProductProver.SparseStart s = EqProductProver.SparseStart.find(a, b, n);
        assertTrue(s != null && s.rounds >= 2, "the sparse start applies to such tables");
        SumcheckProverOutput out = SumcheckProver.proveEqProduct(pt, a, b, new Transcript(DOMAIN));
        SumcheckProverOutput gen = SumcheckProver.proveEq(pt, SumOfProducts.product(2), new ExtVec[] {ExtVec.ofBase(a), ExtVec.ofBase(b)}, new Transcript(DOMAIN));
        assertEquals(gen.claimedSum(), out.claimedSum());
        assertArrayEquals(gen.proof().toBytes(), out.proof().toBytes());
        assertArrayEquals(gen.finalEvals(), out.finalEvals());
        assertEquals(gen.finalClaim(), out.finalClaim());
    }

    /** The LogUp-GKR layer shape: eq * (p0 q1 + p1 q0) + lambda * eq * q0 q1. */
    @Property(tries = 20)
    void logUpGkrShape(@ForAll long seed, @ForAll @IntRange(min = 0, max = 10) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        GoldilocksExt2 lambda = Fixtures.ext(r);
        SumOfProducts expr = SumOfProducts.builder(4)
                .term(GoldilocksExt2.ONE, 0, 3).term(GoldilocksExt2.ONE, 1, 2).term(lambda, 2, 3).build();
        ExtVec[] t = {Fixtures.extTable(r, n), Fixtures.extTable(r, n), Fixtures.extTable(r, n), Fixtures.extTable(r, n)};
        GoldilocksExt2[] pt = Fixtures.point(r, n);
        SumcheckProverOutput out = SumcheckProver.proveEq(pt, expr, t, new Transcript(DOMAIN));
        SumcheckClaim c = verifyThroughBytes(n, 3, out);
        SumcheckVerifier.checkFinalEq(c, pt, expr, out.finalEvals());
    }
}
