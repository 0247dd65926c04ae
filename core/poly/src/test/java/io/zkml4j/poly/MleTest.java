package io.zkml4j.poly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MleTest {
    static long rndField(SplittableRandom r) {
        return Goldilocks.reduce64(r.nextLong());
    }

    static GoldilocksExt2 rndExt(SplittableRandom r) {
        return GoldilocksExt2.of(rndField(r), rndField(r));
    }

    static GoldilocksExt2[] rndPoint(SplittableRandom r, int n) {
        GoldilocksExt2[] p = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) p[i] = rndExt(r);
        return p;
    }

    static long[] rndTable(SplittableRandom r, int n) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) t[i] = rndField(r);
        return t;
    }

    /** f(point) from the definition: sum_x f[x] * prod_k eq factor, independent of folding and of Eq.table. */
    static GoldilocksExt2 naive(long[] f, GoldilocksExt2[] point) {
        GoldilocksExt2 acc = GoldilocksExt2.ZERO;
        for (int x = 0; x < f.length; x++) {
            GoldilocksExt2 w = GoldilocksExt2.ONE;
            for (int k = 0; k < point.length; k++) {
                w = w.mul(((x >> k) & 1) == 1 ? point[k] : GoldilocksExt2.ONE.sub(point[k]));
            }
            acc = acc.add(w.mulBase(f[x]));
        }
        return acc;
    }

    @Property(tries = 40)
    void evaluationAgreesAcrossMethods(@ForAll long seed, @ForAll @IntRange(min = 0, max = 9) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] f = rndTable(r, n);
        GoldilocksExt2[] p = rndPoint(r, n);
        GoldilocksExt2 expect = naive(f, p);
        assertEquals(expect, Mle.evaluate(f, p));
        assertEquals(expect, Mle.evaluate(ExtVec.ofBase(f), p));
        ExtVec eq = Eq.table(p);
        assertEquals(expect, Mle.evaluateWithEq(f, eq));
        assertEquals(expect, Mle.evaluateWithEq(ExtVec.ofBase(f), eq));
    }

    @Property(tries = 30)
    void extensionTableEvaluation(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] lo = rndTable(r, n), hi = rndTable(r, n);
        ExtVec f = new ExtVec(lo, hi);
        GoldilocksExt2[] p = rndPoint(r, n);
        // f = lo + X*hi, so f(p) = lo(p) + X*hi(p)
        GoldilocksExt2 x = GoldilocksExt2.of(0, 1);
        GoldilocksExt2 expect = naive(lo, p).add(x.mul(naive(hi, p)));
        assertEquals(expect, Mle.evaluate(f, p));
        assertEquals(expect, Mle.evaluateWithEq(f, Eq.table(p)));
    }

    @Property(tries = 30)
    void eqTableProperties(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        GoldilocksExt2[] p = rndPoint(r, n);
        ExtVec eq = Eq.table(p);
        assertEquals(1 << n, eq.length());
        assertEquals(GoldilocksExt2.ONE, eq.sum());
        int idx = r.nextInt(1 << n);
        assertEquals(Eq.evalAtIndex(p, idx), eq.get(idx));
        GoldilocksExt2[] bits = new GoldilocksExt2[n];
        for (int k = 0; k < n; k++) bits[k] = GoldilocksExt2.ofBase((idx >> k) & 1);
        assertEquals(eq.get(idx), Eq.eval(p, bits));
        GoldilocksExt2 s = rndExt(r);
        assertEquals(eq.get(idx).mul(s), Eq.table(p, s).get(idx));
        // eq(p, q) = sum_x eq(p, x) eq(q, x)
        GoldilocksExt2[] q = rndPoint(r, n);
        assertEquals(Eq.eval(p, q), Mle.dot(eq, Eq.table(q)));
    }

    @Property(tries = 30)
    void baseFieldPathsAgree(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] f = rndTable(r, n);
        long[] p = new long[n];
        GoldilocksExt2[] pe = new GoldilocksExt2[n];
        for (int k = 0; k < n; k++) {
            p[k] = rndField(r);
            pe[k] = GoldilocksExt2.ofBase(p[k]);
        }
        assertEquals(GoldilocksExt2.ofBase(Mle.evaluateBase(f, p)), Mle.evaluate(f, pe));
        long[] eqb = Eq.tableBase(p);
        ExtVec eqe = Eq.table(pe);
        assertArrayEquals(eqe.c0, eqb);
        assertArrayEquals(new long[1 << n], eqe.c1);
    }

    @Property(tries = 30)
    void foldsAgree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] f = rndTable(r, n);
        GoldilocksExt2 c = rndExt(r);
        ExtVec a = Mle.fold(f, c);
        ExtVec b = Mle.fold(ExtVec.ofBase(f), c);
        assertEquals(a, b);
        ExtVec inPlace = ExtVec.ofBase(f);
        assertEquals(f.length / 2, Mle.foldInPlace(inPlace, f.length, c));
        assertEquals(a, inPlace.copyOf(f.length / 2));
        long cb = rndField(r);
        assertEquals(ExtVec.ofBase(Mle.fold(f, cb)), Mle.fold(f, GoldilocksExt2.ofBase(cb)));
        // at a boolean challenge a fold selects the even or odd half
        assertEquals(f[1], Mle.fold(f, 1L)[0]);
        assertEquals(f[0], Mle.fold(f, 0L)[0]);
    }

    @Test
    void evaluationAtHypercubePointIsTableEntry() {
        SplittableRandom r = new SplittableRandom(7);
        long[] f = rndTable(r, 5);
        for (int idx = 0; idx < 32; idx++) {
            GoldilocksExt2[] pt = new GoldilocksExt2[5];
            for (int k = 0; k < 5; k++) pt[k] = GoldilocksExt2.ofBase((idx >> k) & 1);
            assertEquals(GoldilocksExt2.ofBase(f[idx]), Mle.evaluate(f, pt));
        }
    }

    @Test
    void padding() {
        assertEquals(1, Mle.nextPowerOfTwo(0));
        assertEquals(1, Mle.nextPowerOfTwo(1));
        assertEquals(2, Mle.nextPowerOfTwo(2));
        assertEquals(4, Mle.nextPowerOfTwo(3));
        assertEquals(1 << 20, Mle.nextPowerOfTwo((1 << 19) + 1));
        assertEquals(3, Mle.log2Ceil(5));
        assertArrayEquals(new long[] {1, 2, 3, 0}, Mle.padToPowerOfTwo(new long[] {1, 2, 3}));
        assertArrayEquals(new long[] {0}, Mle.padToPowerOfTwo(new long[0]));
        // 3x3 -> 4x4, row-major, last dimension lowest
        long[] m = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(new long[] {1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0}, Mle.padShape(m, new int[] {3, 3}));
        // 2x3x1 -> 2x4x1
        assertArrayEquals(new long[] {1, 2, 3, 0, 4, 5, 6, 0}, Mle.padShape(new long[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3, 1}));
        assertThrows(IllegalArgumentException.class, () -> Mle.padShape(m, new int[] {2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Mle.numVars(12));
        assertEquals(4, Mle.numVars(16));
        assertThrows(IllegalArgumentException.class, () -> Mle.fold(new long[3], 1L));
        assertThrows(IllegalArgumentException.class, () -> Mle.evaluate(new long[4], new GoldilocksExt2[1]));
    }
}
