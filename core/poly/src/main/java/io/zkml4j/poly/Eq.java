package io.zkml4j.poly;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;

/**
 * The multilinear equality polynomial eq(r, x) = prod_k (r_k x_k + (1 - r_k)(1 - x_k)), which is 1 at x = r
 * on the hypercube and 0 elsewhere; f(r) = sum_x eq(r, x) f(x) for every multilinear f.
 *
 * <p>Tables follow the core convention: entry i is eq(r, bits of i) with x_0 the lowest bit, so the table
 * can be dotted directly with a multilinear table.
 */
public final class Eq {
    private Eq() {}

    /** The 2^n table of eq(r, .) for an extension point r of length n. */
    public static ExtVec table(GoldilocksExt2[] r) {
        return table(r, GoldilocksExt2.ONE);
    }

    /**
     * scale * eq(r, .) as a 2^n table, built one variable at a time: after step k the first 2^(k+1) entries
     * hold scale * eq(r_0..r_k, .), and each step splits entry i into i*(1 - r_k) and (i + 2^k)*r_k with a
     * single extension multiply per new entry (2^n multiplies in all).
     */
    public static ExtVec table(GoldilocksExt2[] r, GoldilocksExt2 scale) {
        int n = r.length;
        if (n > 30) throw new IllegalArgumentException("eq table of " + n + " variables is too large");
        int size = 1 << n;
        long[] t0 = new long[size], t1 = new long[size];
        t0[0] = scale.c0;
        t1[0] = scale.c1;
        for (int k = 0; k < n; k++) {
            int half = 1 << k;
            long r0 = r[k].c0, r1 = r[k].c1, wr1 = Goldilocks.mul(GoldilocksExt2.W, r1);
            for (int i = 0; i < half; i++) {
                long a0 = t0[i], a1 = t1[i];
                long h0 = Goldilocks.dot2Add(a0, r0, a1, wr1, 0); // (a * r).c0 = a0 r0 + W a1 r1
                long h1 = Goldilocks.dot2Add(a0, r1, a1, r0, 0);
                t0[i + half] = h0;
                t1[i + half] = h1;
                t0[i] = Goldilocks.sub(a0, h0);
                t1[i] = Goldilocks.sub(a1, h1);
            }
        }
        return new ExtVec(t0, t1);
    }

    /** The 2^n table of eq(r, .) for a base-field point r. */
    public static long[] tableBase(long[] r) {
        int n = r.length;
        if (n > 30) throw new IllegalArgumentException("eq table of " + n + " variables is too large");
        long[] t = new long[1 << n];
        t[0] = Goldilocks.ONE;
        for (int k = 0; k < n; k++) {
            int half = 1 << k;
            for (int i = 0; i < half; i++) {
                long h = Goldilocks.mul(t[i], r[k]);
                t[i + half] = h;
                t[i] = Goldilocks.sub(t[i], h);
            }
        }
        return t;
    }

    /** eq(r, x) for two points of equal length, in O(n). */
    public static GoldilocksExt2 eval(GoldilocksExt2[] r, GoldilocksExt2[] x) {
        if (r.length != x.length) throw new IllegalArgumentException("eq of points of lengths " + r.length + " and " + x.length);
        GoldilocksExt2 acc = GoldilocksExt2.ONE;
        for (int k = 0; k < r.length; k++) acc = acc.mul(factor(r[k], x[k]));
        return acc;
    }

    /** eq(r, x) for x the hypercube point with bits of index (x_0 = lowest bit). */
    public static GoldilocksExt2 evalAtIndex(GoldilocksExt2[] r, int index) {
        GoldilocksExt2 acc = GoldilocksExt2.ONE;
        for (int k = 0; k < r.length; k++) {
            acc = acc.mul(((index >>> k) & 1) == 1 ? r[k] : GoldilocksExt2.ONE.sub(r[k]));
        }
        return acc;
    }

    /** r x + (1 - r)(1 - x) = 1 - r - x + 2 r x. */
    public static GoldilocksExt2 factor(GoldilocksExt2 r, GoldilocksExt2 x) {
        GoldilocksExt2 rx = r.mul(x);
        return GoldilocksExt2.ONE.sub(r).sub(x).add(rx).add(rx);
    }
}
