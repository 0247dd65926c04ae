package io.zkml4j.sumcheck;

import static io.zkml4j.field.Goldilocks.mul;
import static io.zkml4j.field.Mul128.unsignedHigh;
import static io.zkml4j.poly.FieldKernels.add;
import static io.zkml4j.poly.FieldKernels.carry;
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
        ExtVec av = Mle.fold(a, c), bv = Mle.fold(b, c);

        long[] ax = av.c0, ay = av.c1, bx = bv.c0, by = bv.c1;
        long[] acc = new long[18];
        for (int k = 1; k < n; k++) {
            int len = 1 << (n - k);
            // Karatsuba partial sums for g(0) and g(2): u = sum x0 y0, v = sum x1 y1, w = sum (x0 + x1)(y0 + y1)
            java.util.Arrays.fill(acc, 0);
            for (int i = 0; i < len; i += 2) {
                long p0 = ax[i], p1 = ay[i], q0 = bx[i], q1 = by[i];
                accumulate(acc, 0, p0, q0);
                accumulate(acc, 3, p1, q1);
                accumulate(acc, 6, add(p0, p1), add(q0, q1));
                long e0 = twiceMinus(ax[i + 1], p0), e1 = twiceMinus(ay[i + 1], p1);
                long f0 = twiceMinus(bx[i + 1], q0), f1 = twiceMinus(by[i + 1], q1);
                accumulate(acc, 9, e0, f0);
                accumulate(acc, 12, e1, f1);
                accumulate(acc, 15, add(e0, e1), add(f0, f1));
            }
            GoldilocksExt2 g0 = karatsubaSum(acc, 0), g2 = karatsubaSum(acc, 9);
            g = new GoldilocksExt2[] {g0, claim.sub(g0), g2};
            c = SumcheckTranscript.round(t, g);
            rounds[k] = g;
            point[k] = c;
            claim = Univariate.evaluate(g, c);
            Mle.foldInPlace(av, len, c);
            Mle.foldInPlace(bv, len, c);
        }
        GoldilocksExt2 fa = av.get(0), fb = bv.get(0);
        return new SumcheckProverOutput(new SumcheckProof(rounds), claimed, point, fa.mul(fb), new GoldilocksExt2[] {fa, fb});
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
