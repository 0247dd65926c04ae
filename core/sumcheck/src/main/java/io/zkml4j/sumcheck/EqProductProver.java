package io.zkml4j.sumcheck;

import static io.zkml4j.field.Goldilocks.mul;
import static io.zkml4j.field.Goldilocks.add;
import static io.zkml4j.field.Goldilocks.twiceMinus;
import static io.zkml4j.sumcheck.ProductProver.accumulate;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;

/**
 * Fast path for claim = sum_x eq(r, x) a(x) b(x) (degree 3): eq is kept factored as in
 * {@link SumcheckProver#proveEq}, the inner h(t) = sum_i eq(r_{k+1..}, i) a(t, i) b(t, i) is summed at
 * t = 0, 1, 2 with Karatsuba products, and base tables stay in base arithmetic for the first round.
 * Produces the same proof as the generic eq-weighted path.
 */
final class EqProductProver {
    private EqProductProver() {}

    /** enc: the encrypted sumcheck's masking of the messages, null to send them in the clear. */
    static SumcheckProverOutput prove(GoldilocksExt2[] r, long[] aBase, long[] bBase, ExtVec aExt, ExtVec bExt, Transcript t,
            SumcheckTranscript.Encryption enc) {
        boolean base = aBase != null;
        int la = base ? aBase.length : aExt.length(), lb = base ? bBase.length : bExt.length();
        if (la != lb) throw new IllegalArgumentException("tables differ in length: " + la + " vs " + lb);
        int n = Mle.numVars(la);
        if (r.length != n) throw new IllegalArgumentException("eq point has " + r.length + " coordinates, tables " + n + " variables");
        if (n == 0) {
            GoldilocksExt2 fa = base ? GoldilocksExt2.ofBase(aBase[0]) : aExt.get(0);
            GoldilocksExt2 fb = base ? GoldilocksExt2.ofBase(bBase[0]) : bExt.get(0);
            GoldilocksExt2 v = fa.mul(fb);
            SumcheckTranscript.beginProver(t, 0, 3, v, enc);
            return new SumcheckProverOutput(new SumcheckProof(new GoldilocksExt2[0][]), v, new GoldilocksExt2[0], v,
                    new GoldilocksExt2[] {fa, fb});
        }
        ExtVec[] suffix = SumcheckProver.suffixEqTables(r);
        GoldilocksExt2[][] rounds = new GoldilocksExt2[n][];
        GoldilocksExt2[] point = new GoldilocksExt2[n];
        GoldilocksExt2 prefix = GoldilocksExt2.ONE;
        GoldilocksExt2 claimed = null;
        ExtVec av = aExt, bv = bExt;
        for (int k = 0; k < n; k++) {
            int len = 1 << (n - k);
            GoldilocksExt2[] h = (k == 0 && base) ? baseRound(aBase, bBase, suffix[0]) : extRound(av, bv, len, suffix[k]);
            GoldilocksExt2[] g = SumcheckProver.eqRound(h, prefix, r[k]);
            if (k == 0) {
                claimed = g[0].add(g[1]);
                SumcheckTranscript.beginProver(t, n, 3, claimed, enc);
            }
            GoldilocksExt2 c = SumcheckTranscript.round(t, g, enc);
            rounds[k] = g;
            point[k] = c;
            prefix = prefix.mul(Eq.factor(r[k], c));
            if (k == 0) {
                av = base ? Mle.fold(aBase, c) : Mle.fold(aExt, c);
                bv = base ? Mle.fold(bBase, c) : Mle.fold(bExt, c);
            } else {
                Mle.foldInPlace(av, len, c);
                Mle.foldInPlace(bv, len, c);
            }
        }
        GoldilocksExt2 fa = av.get(0), fb = bv.get(0);
        return new SumcheckProverOutput(new SumcheckProof(rounds), claimed, point, prefix.mul(fa).mul(fb),
                new GoldilocksExt2[] {fa, fb});
    }

    /** h(t) = sum_i w_i a(t, i) b(t, i), t = 0, 1, 2, for base tables: base products, then two base-by-ext multiplies. */
    private static GoldilocksExt2[] baseRound(long[] a, long[] b, ExtVec wv) {
        long[] w0 = wv.c0, w1 = wv.c1;
        long[] acc = new long[18]; // (c0, c1) of h(0), h(1), h(2), each an unreduced 192-bit sum
        int half = a.length >>> 1;
        for (int i = 0; i < half; i++) {
            long a0 = a[2 * i], a1 = a[2 * i + 1], b0 = b[2 * i], b1 = b[2 * i + 1];
            long p0 = mul(a0, b0), p1 = mul(a1, b1), p2 = mul(twiceMinus(a1, a0), twiceMinus(b1, b0));
            long x = w0[i], y = w1[i];
            accumulate(acc, 0, x, p0);
            accumulate(acc, 3, y, p0);
            accumulate(acc, 6, x, p1);
            accumulate(acc, 9, y, p1);
            accumulate(acc, 12, x, p2);
            accumulate(acc, 15, y, p2);
        }
        GoldilocksExt2[] h = new GoldilocksExt2[3];
        for (int s = 0; s < 3; s++) {
            h[s] = GoldilocksExt2.of(reduce192(acc, 6 * s), reduce192(acc, 6 * s + 3));
        }
        return h;
    }

    private static long reduce192(long[] acc, int at) {
        return io.zkml4j.field.Goldilocks.reduce192(acc[at], acc[at + 1], acc[at + 2]);
    }

    /**
     * h(t) for extension tables: per pair and t, p = a_t b_t by Karatsuba (4 multiplies), then w * p accumulated as
     * unreduced Karatsuba partial sums (3 multiplies), combined once per round.
     */
    private static GoldilocksExt2[] extRound(ExtVec av, ExtVec bv, int len, ExtVec wv) {
        long[] ax = av.c0, ay = av.c1, bx = bv.c0, by = bv.c1, w0 = wv.c0, w1 = wv.c1;
        long[] acc = new long[27]; // per t: (u, v, s) accumulators of 3 words
        for (int i = 0; i < len; i += 2) {
            long x = w0[i >>> 1], y = w1[i >>> 1], xy = add(x, y);
            long pa0 = ax[i], pa1 = ay[i], pb0 = bx[i], pb1 = by[i];
            long qa0 = ax[i + 1], qa1 = ay[i + 1], qb0 = bx[i + 1], qb1 = by[i + 1];
            weightedProduct(acc, 0, x, y, xy, pa0, pa1, pb0, pb1);
            weightedProduct(acc, 9, x, y, xy, qa0, qa1, qb0, qb1);
            weightedProduct(acc, 18, x, y, xy, twiceMinus(qa0, pa0), twiceMinus(qa1, pa1), twiceMinus(qb0, pb0),
                    twiceMinus(qb1, pb1));
        }
        return new GoldilocksExt2[] {ProductProver.karatsubaSum(acc, 0), ProductProver.karatsubaSum(acc, 9),
            ProductProver.karatsubaSum(acc, 18)};
    }

    /** acc[at..at+8] += Karatsuba partial sums of w * (a * b), w = x + y X, xy = x + y. */
    private static void weightedProduct(long[] acc, int at, long x, long y, long xy, long a0, long a1, long b0, long b1) {
        long m0 = mul(a0, b0), m1 = mul(a1, b1);
        long p0 = add(m0, mul(GoldilocksExt2.W, m1));
        long p1 = io.zkml4j.field.Goldilocks.sub(io.zkml4j.field.Goldilocks.sub(mul(add(a0, a1), add(b0, b1)), m0), m1);
        accumulate(acc, at, x, p0);
        accumulate(acc, at + 3, y, p1);
        accumulate(acc, at + 6, xy, add(p0, p1));
    }
}
