package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.DOMAIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The product fast path after its zero-tail change (it sums and folds only up to the tables' last nonzero entry):
 * at every live length of small tables, and at the lengths around the parallel split, with the last live entry
 * nonzero in a only, in b only (in the extension case: in b's first or second coordinate only) or in both, the
 * proof is byte for byte the generic path's. A mutant of the live length, of the per-round live pairs or of the
 * zeroing of the alternating buffers gives a wrong round polynomial (a completeness failure) at one of them.
 */
class ProductZeroTailBoundaryTest {

    /** Which entries of the last live position are zeroed (the rest of the tail is zero in both tables). */
    private static final int BOTH = 0, A_ZERO = 1, B_ZERO = 2, ONLY_C1 = 3, ONLY_C0 = 4;

    @Test
    void everyLiveLengthOfSmallTablesGivesTheGenericProof() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 0; n <= 7; n++) {
            for (int live = 0; live <= 1 << n; live++) {
                for (int variant = BOTH; variant <= ONLY_C0; variant++) {
                    check(r, n, live, variant, false);
                    check(r, n, live, variant, true);
                }
            }
        }
    }

    @Test
    void liveLengthsAroundTheParallelSplitGiveTheGenericProof() {
        SplittableRandom r = new SplittableRandom(8);
        int p = 2 * Parallel.MIN_PAIRS; // entries of MIN_PAIRS pairs
        int[][] cases = {{14, p - 1}, {14, p}, {14, p + 1}, {14, p + 2}, {14, p + 3}, {14, 2 * p - 1},
            {15, 2 * p - 1}, {15, 2 * p}, {15, 2 * p + 1}, {15, 2 * p + 3}, {15, 4 * p - 1}, {15, 4 * p}};
        for (int[] c : cases) {
            check(r, c[0], c[1], BOTH, false);
            check(r, c[0], c[1], A_ZERO, true);
        }
    }

    /** A table whose only nonzero entries are two isolated ones, far apart: the live length is the later one's. */
    @Test
    void sparseTablesWithAnIsolatedLastEntryGiveTheGenericProof() {
        for (int n = 1; n <= 9; n++) {
            int size = 1 << n;
            for (int last = 0; last < size; last++) {
                long[] a = new long[size], b = new long[size];
                a[0] = 3;
                b[0] = 5;
                a[last] = 11 + last;
                b[last] = 13 + last;
                same(n, a, ExtVec.ofBase(b), false);
                ExtVec e = new ExtVec(b.clone(), new long[size]);
                e.c1[last] = 17;
                e.c0[last] = 0;
                same(n, a, e, true);
            }
        }
    }

    /** Zeroes a and b from entry {@code live} on. */
    static void zeroTail(long[] a, ExtVec b, int live) {
        java.util.Arrays.fill(a, live, a.length, 0);
        java.util.Arrays.fill(b.c0, live, a.length, 0);
        java.util.Arrays.fill(b.c1, live, a.length, 0);
    }

    private static void check(SplittableRandom r, int n, int live, int variant, boolean mixed) {
        if (!mixed && variant > B_ZERO) return;
        long[] a = Fixtures.base(r, n);
        ExtVec b = mixed ? Fixtures.extTable(r, n) : ExtVec.ofBase(Fixtures.base(r, n));
        zeroTail(a, b, live);
        if (live > 0) {
            int l = live - 1;
            switch (variant) {
                case A_ZERO -> a[l] = 0;
                case B_ZERO -> { b.c0[l] = 0; b.c1[l] = 0; }
                case ONLY_C1 -> { a[l] = 0; b.c0[l] = 0; }
                case ONLY_C0 -> { a[l] = 0; b.c1[l] = 0; }
                default -> { }
            }
            if (a[l] == 0 && b.c0[l] == 0 && b.c1[l] == 0) b.c0[l] = 1; // keep the live length exact
            if (variant != A_ZERO && variant != ONLY_C1 && variant != ONLY_C0 && a[l] == 0) a[l] = 1;
        }
        assertEquals(live, ProductProver.liveLength(a, mixed ? null : b.c0, mixed ? b : null), "n " + n + " live " + live);
        same(n, a, b, mixed);
    }

    private static void same(int n, long[] a, ExtVec b, boolean mixed) {
        String at = "n " + n + ", live " + ProductProver.liveLength(a, mixed ? null : b.c0, mixed ? b : null) + (mixed ? ", extension b" : "");
        SumcheckProverOutput out = mixed ? SumcheckProver.proveProduct(a.clone(), b.copy(), new Transcript(DOMAIN))
                : SumcheckProver.proveProduct(a.clone(), b.c0.clone(), new Transcript(DOMAIN));
        SumcheckProverOutput gen = SumcheckProver.prove(SumOfProducts.product(2), new ExtVec[] {ExtVec.ofBase(a), b.copy()},
                new Transcript(DOMAIN));
        assertEquals(gen.claimedSum(), out.claimedSum(), at);
        assertArrayEquals(gen.proof().toBytes(), out.proof().toBytes(), at);
        assertArrayEquals(gen.point(), out.point(), at);
        assertArrayEquals(gen.finalEvals(), out.finalEvals(), at);
        assertEquals(gen.finalClaim(), out.finalClaim(), at);
        GoldilocksExt2[] evals = {Mle.evaluate(a, out.point()), Mle.evaluate(b, out.point())};
        assertArrayEquals(evals, out.finalEvals(), at);
    }

    @Test
    void tablesOfDifferentLengthsAreRefused() {
        SplittableRandom r = new SplittableRandom(9);
        long[] a = Fixtures.base(r, 3);
        assertEquals("tables differ in length: 8 vs 4",
                assertThrows(IllegalArgumentException.class, () -> ProductProver.prove(a, Fixtures.base(r, 2), new Transcript(DOMAIN), null)).getMessage());
        assertEquals("tables differ in length: 8 vs 16",
                assertThrows(IllegalArgumentException.class, () -> ProductProver.prove(a, Fixtures.extTable(r, 4), new Transcript(DOMAIN))).getMessage());
    }
}
