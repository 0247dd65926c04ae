package io.zkml4j.sumcheck;

import static io.zkml4j.field.Goldilocks.mul;
import static io.zkml4j.field.Mul128.unsignedHigh;
import static io.zkml4j.field.Goldilocks.add;
import static io.zkml4j.field.Goldilocks.carry;
import static io.zkml4j.field.Goldilocks.dot2Add;
import static io.zkml4j.field.Goldilocks.mulAdd;
import static io.zkml4j.field.Goldilocks.reduce192;
import static io.zkml4j.field.Goldilocks.sub;
import static io.zkml4j.field.Goldilocks.twiceMinus;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;

/**
 * Fast path for claim = sum_x a(x) b(x) with base-field tables (degree 2): round 1 runs on base
 * arithmetic, later rounds on extension tables with Karatsuba products whose reductions are deferred to
 * the end of the round (sum of x*y = (sum x0y0 + 7 sum x1y1, sum (x0+x1)(y0+y1) - sum x0y0 - sum x1y1)).
 * g(1) is not summed: it is the running claim minus g(0). Produces the same proof as the generic path.
 */
final class ProductProver {
    private ProductProver() {}

    static SumcheckProverOutput prove(long[] a, long[] b, Transcript t) {
        if (a.length != b.length) throw new IllegalArgumentException("tables differ in length: " + a.length + " vs " + b.length);
        int n = Mle.numVars(a.length);
        if (n == 0) {
            GoldilocksExt2 v = GoldilocksExt2.ofBase(mul(a[0], b[0]));
            SumcheckTranscript.begin(t, 0, 2, v);
            return new SumcheckProverOutput(new SumcheckProof(new GoldilocksExt2[0][]), v, new GoldilocksExt2[0], v,
                    new GoldilocksExt2[] {GoldilocksExt2.ofBase(a[0]), GoldilocksExt2.ofBase(b[0])});
        }
        GoldilocksExt2[][] rounds = new GoldilocksExt2[n][];
        GoldilocksExt2[] point = new GoldilocksExt2[n];

        // Round 0, base field: g(0) = sum a0 b0, g(1) = sum a1 b1, g(2) = sum (2a1 - a0)(2b1 - b0),
        // each summed unreduced in 192 bits (lo, hi, top) and reduced once.
        int half = a.length >>> 1;
        long[] acc0 = Parallel.sum(half, 9, (from, to, acc) -> baseSums(a, b, from, to, acc));
        long s0 = reduce192(acc0[0], acc0[1], acc0[2]), s1 = reduce192(acc0[3], acc0[4], acc0[5]);
        long s2 = reduce192(acc0[6], acc0[7], acc0[8]);
        GoldilocksExt2 claimed = GoldilocksExt2.ofBase(add(s0, s1));
        SumcheckTranscript.begin(t, n, 2, claimed);
        GoldilocksExt2[] g = {GoldilocksExt2.ofBase(s0), GoldilocksExt2.ofBase(s1), GoldilocksExt2.ofBase(s2)};
        GoldilocksExt2 c = SumcheckTranscript.round(t, g);
        rounds[0] = g;
        point[0] = c;
        GoldilocksExt2 claim = Univariate.evaluate(g, c);

        // Rounds 1..n-1: each pass folds the tables with the previous challenge and, in the same pass, sums the
        // round's products over the freshly folded pairs (one sweep over memory per round instead of two).
        // Folded tables alternate between two buffers (never in place), so a round can be split across threads.
        int m = half; // folded length
        long[][] cur = {new long[m], new long[m], new long[m], new long[m]};
        long[][] spare = {new long[m / 2], new long[m / 2], new long[m / 2], new long[m / 2]};
        for (int k = 1; k < n; k++) {
            long[] acc;
            final GoldilocksExt2 ck = c;
            if (k == 1) {
                long[][] dst = cur;
                acc = Parallel.sum(m / 2, 18, (from, to, ac) -> foldBaseAndSum(a, b, ck, dst, 2 * from, 2 * to, ac));
            } else {
                long[][] src = cur, dst = spare;
                acc = Parallel.sum(m / 2, 18, (from, to, ac) -> foldExtAndSum(src, dst, ck, 4 * from, 4 * to, ac));
                spare = cur;
                cur = dst;
            }
            GoldilocksExt2 g0 = karatsubaSum(acc, 0), g2 = karatsubaSum(acc, 9);
            g = new GoldilocksExt2[] {g0, claim.sub(g0), g2};
            c = SumcheckTranscript.round(t, g);
            rounds[k] = g;
            point[k] = c;
            claim = Univariate.evaluate(g, c);
            m >>>= 1;
        }
        ExtVec av, bv;
        if (n == 1) {
            av = Mle.fold(a, c);
            bv = Mle.fold(b, c);
        } else {
            av = new ExtVec(cur[0], cur[1]);
            bv = new ExtVec(cur[2], cur[3]);
            Mle.foldInPlace(av, 2, c);
            Mle.foldInPlace(bv, 2, c);
        }
        GoldilocksExt2 fa = av.get(0), fb = bv.get(0);
        return new SumcheckProverOutput(new SumcheckProof(rounds), claimed, point, fa.mul(fb), new GoldilocksExt2[] {fa, fb});
    }

    /** Round-0 sums over pairs [from, to): acc[0..2] += a0 b0, acc[3..5] += a1 b1, acc[6..8] += (2a1 - a0)(2b1 - b0). */
    private static void baseSums(long[] a, long[] b, int from, int to, long[] acc) {
        for (int i = from; i < to; i++) {
            long a0 = a[2 * i], a1 = a[2 * i + 1], b0 = b[2 * i], b1 = b[2 * i + 1];
            accumulate(acc, 0, a0, b0);
            accumulate(acc, 3, a1, b1);
            accumulate(acc, 6, twiceMinus(a1, a0), twiceMinus(b1, b0));
        }
    }

    /**
     * Folds base tables a, b with c into dst = {a.c0, a.c1, b.c0, b.c1} for folded indices [from, to) (even bounds),
     * summing the next round's products over the folded pairs.
     */
    private static void foldBaseAndSum(long[] a, long[] b, GoldilocksExt2 c, long[][] dst, int from, int to, long[] acc) {
        long c0 = c.c0, c1 = c.c1;
        long[] ax = dst[0], ay = dst[1], bx = dst[2], by = dst[3];
        for (int i = from; i < to; i += 2) {
            long d = sub(a[2 * i + 1], a[2 * i]);
            long p0 = mulAdd(c0, d, a[2 * i]), p1 = mul(c1, d);
            d = sub(a[2 * i + 3], a[2 * i + 2]);
            long r0 = mulAdd(c0, d, a[2 * i + 2]), r1 = mul(c1, d);
            d = sub(b[2 * i + 1], b[2 * i]);
            long q0 = mulAdd(c0, d, b[2 * i]), q1 = mul(c1, d);
            d = sub(b[2 * i + 3], b[2 * i + 2]);
            long z0 = mulAdd(c0, d, b[2 * i + 2]), z1 = mul(c1, d);
            ax[i] = p0;
            ay[i] = p1;
            ax[i + 1] = r0;
            ay[i + 1] = r1;
            bx[i] = q0;
            by[i] = q1;
            bx[i + 1] = z0;
            by[i + 1] = z1;
            pairProducts(acc, p0, p1, r0, r1, q0, q1, z0, z1);
        }
    }

    /** Folds source entries [from, to) (multiples of 4) of src into dst with c, summing the products over the folded pairs. */
    private static void foldExtAndSum(long[][] src, long[][] dst, GoldilocksExt2 c, int from, int to, long[] acc) {
        long c0 = c.c0, c1 = c.c1, wc1 = mul(GoldilocksExt2.W, c1);
        long[] ax = src[0], ay = src[1], bx = src[2], by = src[3];
        long[] ox = dst[0], oy = dst[1], px = dst[2], py = dst[3];
        for (int j = from; j < to; j += 4) {
            int o = j >>> 1;
            long lo0 = ax[j], lo1 = ay[j], d0 = sub(ax[j + 1], lo0), d1 = sub(ay[j + 1], lo1);
            long p0 = dot2Add(c0, d0, wc1, d1, lo0), p1 = dot2Add(c0, d1, c1, d0, lo1);
            lo0 = ax[j + 2];
            lo1 = ay[j + 2];
            d0 = sub(ax[j + 3], lo0);
            d1 = sub(ay[j + 3], lo1);
            long r0 = dot2Add(c0, d0, wc1, d1, lo0), r1 = dot2Add(c0, d1, c1, d0, lo1);
            lo0 = bx[j];
            lo1 = by[j];
            d0 = sub(bx[j + 1], lo0);
            d1 = sub(by[j + 1], lo1);
            long q0 = dot2Add(c0, d0, wc1, d1, lo0), q1 = dot2Add(c0, d1, c1, d0, lo1);
            lo0 = bx[j + 2];
            lo1 = by[j + 2];
            d0 = sub(bx[j + 3], lo0);
            d1 = sub(by[j + 3], lo1);
            long z0 = dot2Add(c0, d0, wc1, d1, lo0), z1 = dot2Add(c0, d1, c1, d0, lo1);
            ox[o] = p0;
            oy[o] = p1;
            ox[o + 1] = r0;
            oy[o + 1] = r1;
            px[o] = q0;
            py[o] = q1;
            px[o + 1] = z0;
            py[o + 1] = z1;
            pairProducts(acc, p0, p1, r0, r1, q0, q1, z0, z1);
        }
    }

    /** Karatsuba partial sums of a(t) b(t) at t = 0 (acc[0..8]) and t = 2 (acc[9..17]) for one pair: a = (p, r), b = (q, z). */
    private static void pairProducts(long[] acc, long p0, long p1, long r0, long r1, long q0, long q1, long z0, long z1) {
        accumulate(acc, 0, p0, q0);
        accumulate(acc, 3, p1, q1);
        accumulate(acc, 6, add(p0, p1), add(q0, q1));
        long e0 = twiceMinus(r0, p0), e1 = twiceMinus(r1, p1);
        long f0 = twiceMinus(z0, q0), f1 = twiceMinus(z1, q1);
        accumulate(acc, 9, e0, f0);
        accumulate(acc, 12, e1, f1);
        accumulate(acc, 15, add(e0, e1), add(f0, f1));
    }

    /** acc[at..at+2] += x*y as an unreduced 192-bit sum (lo, hi, top). */
    static void accumulate(long[] acc, int at, long x, long y) {
        long pl = x * y, ph = unsignedHigh(x, y);
        long lo = acc[at], nl = lo + pl;
        ph += carry(lo, pl, nl); // ph <= p - 2 for canonical inputs: no overflow
        acc[at] = nl;
        long hi = acc[at + 1], nh = hi + ph;
        acc[at + 2] += carry(hi, ph, nh);
        acc[at + 1] = nh;
    }

    /** The Karatsuba combination of three 192-bit accumulators at acc[at], acc[at+3], acc[at+6]. */
    static GoldilocksExt2 karatsubaSum(long[] acc, int at) {
        return karatsubaSum(reduce192(acc[at], acc[at + 1], acc[at + 2]), reduce192(acc[at + 3], acc[at + 4], acc[at + 5]),
                reduce192(acc[at + 6], acc[at + 7], acc[at + 8]));
    }

    /** (u + 7v) + (w - u - v) X from Karatsuba partial sums u = sum x0y0, v = sum x1y1, w = sum (x0+x1)(y0+y1). */
    static GoldilocksExt2 karatsubaSum(long u, long v, long w) {
        return GoldilocksExt2.of(add(u, mul(GoldilocksExt2.W, v)), sub(sub(w, u), v));
    }
}
