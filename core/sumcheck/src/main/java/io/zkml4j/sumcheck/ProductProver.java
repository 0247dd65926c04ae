package io.zkml4j.sumcheck;

import static io.zkml4j.field.Goldilocks.mul;
import static io.zkml4j.field.Mul128.unsignedHigh;
import static io.zkml4j.poly.FieldKernels.add;
import static io.zkml4j.poly.FieldKernels.carry;
import static io.zkml4j.poly.FieldKernels.dot2Add;
import static io.zkml4j.poly.FieldKernels.mulAdd;
import static io.zkml4j.poly.FieldKernels.reduce192;
import static io.zkml4j.poly.FieldKernels.sub;
import static io.zkml4j.poly.FieldKernels.twiceMinus;

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
        long s0l = 0, s0h = 0, s0t = 0, s1l = 0, s1h = 0, s1t = 0, s2l = 0, s2h = 0, s2t = 0;
        int half = a.length >>> 1;
        for (int i = 0; i < half; i++) {
            long a0 = a[2 * i], a1 = a[2 * i + 1], b0 = b[2 * i], b1 = b[2 * i + 1];
            long a2 = twiceMinus(a1, a0), b2 = twiceMinus(b1, b0);
            long pl = a0 * b0, ph = unsignedHigh(a0, b0), nl = s0l + pl;
            ph += carry(s0l, pl, nl);
            s0l = nl;
            long nh = s0h + ph;
            s0t += carry(s0h, ph, nh);
            s0h = nh;
            pl = a1 * b1;
            ph = unsignedHigh(a1, b1);
            nl = s1l + pl;
            ph += carry(s1l, pl, nl);
            s1l = nl;
            nh = s1h + ph;
            s1t += carry(s1h, ph, nh);
            s1h = nh;
            pl = a2 * b2;
            ph = unsignedHigh(a2, b2);
            nl = s2l + pl;
            ph += carry(s2l, pl, nl);
            s2l = nl;
            nh = s2h + ph;
            s2t += carry(s2h, ph, nh);
            s2h = nh;
        }
        long s0 = reduce192(s0l, s0h, s0t), s1 = reduce192(s1l, s1h, s1t), s2 = reduce192(s2l, s2h, s2t);
        GoldilocksExt2 claimed = GoldilocksExt2.ofBase(add(s0, s1));
        SumcheckTranscript.begin(t, n, 2, claimed);
        GoldilocksExt2[] g = {GoldilocksExt2.ofBase(s0), GoldilocksExt2.ofBase(s1), GoldilocksExt2.ofBase(s2)};
        GoldilocksExt2 c = SumcheckTranscript.round(t, g);
        rounds[0] = g;
        point[0] = c;
        GoldilocksExt2 claim = Univariate.evaluate(g, c);

        // Rounds 1..n-1: each pass folds the tables with the previous challenge and, in the same pass, sums the
        // round's products over the freshly folded pairs (one sweep over memory per round instead of two).
        int m = half; // folded length
        long[] ax = new long[m], ay = new long[m], bx = new long[m], by = new long[m];
        long[] acc = new long[18];
        for (int k = 1; k < n; k++) {
            java.util.Arrays.fill(acc, 0);
            if (k == 1) foldBaseAndSum(a, b, c, ax, ay, bx, by, m, acc);
            else foldExtAndSum(ax, ay, bx, by, c, 2 * m, acc);
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
            av = new ExtVec(ax, ay);
            bv = new ExtVec(bx, by);
            Mle.foldInPlace(av, 2, c);
            Mle.foldInPlace(bv, 2, c);
        }
        GoldilocksExt2 fa = av.get(0), fb = bv.get(0);
        return new SumcheckProverOutput(new SumcheckProof(rounds), claimed, point, fa.mul(fb), new GoldilocksExt2[] {fa, fb});
    }

    /** Folds base tables a, b (length 2m) with c into the extension tables (ax, ay), (bx, by) of length m, summing the products. */
    private static void foldBaseAndSum(long[] a, long[] b, GoldilocksExt2 c, long[] ax, long[] ay, long[] bx, long[] by, int m,
            long[] acc) {
        long c0 = c.c0, c1 = c.c1;
        for (int i = 0; i < m; i += 2) {
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

    /** Folds the first len entries of the extension tables in place with c and sums the products over the folded pairs. */
    private static void foldExtAndSum(long[] ax, long[] ay, long[] bx, long[] by, GoldilocksExt2 c, int len, long[] acc) {
        long c0 = c.c0, c1 = c.c1, wc1 = mul(GoldilocksExt2.W, c1);
        for (int j = 0; j < len; j += 4) {
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
            ax[o] = p0;
            ay[o] = p1;
            ax[o + 1] = r0;
            ay[o + 1] = r1;
            bx[o] = q0;
            by[o] = q1;
            bx[o + 1] = z0;
            by[o + 1] = z1;
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
