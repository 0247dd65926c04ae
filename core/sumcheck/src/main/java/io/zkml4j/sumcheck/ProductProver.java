package io.zkml4j.sumcheck;

import static io.zkml4j.field.Goldilocks.add;
import static io.zkml4j.field.Goldilocks.mul;
import static io.zkml4j.field.Goldilocks.sub;

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

        // Round 0, base field: g(0) = sum a0 b0, g(1) = sum a1 b1, g(2) = sum (2a1 - a0)(2b1 - b0).
        long s0 = 0, s1 = 0, s2 = 0;
        int half = a.length >>> 1;
        for (int i = 0; i < half; i++) {
            long a0 = a[2 * i], a1 = a[2 * i + 1], b0 = b[2 * i], b1 = b[2 * i + 1];
            s0 = add(s0, mul(a0, b0));
            s1 = add(s1, mul(a1, b1));
            s2 = add(s2, mul(add(a1, sub(a1, a0)), add(b1, sub(b1, b0))));
        }
        GoldilocksExt2 claimed = GoldilocksExt2.ofBase(add(s0, s1));
        SumcheckTranscript.begin(t, n, 2, claimed);
        GoldilocksExt2[] g = {GoldilocksExt2.ofBase(s0), GoldilocksExt2.ofBase(s1), GoldilocksExt2.ofBase(s2)};
        GoldilocksExt2 c = SumcheckTranscript.round(t, g);
        rounds[0] = g;
        point[0] = c;
        GoldilocksExt2 claim = Univariate.evaluate(g, c);
        ExtVec av = Mle.fold(a, c), bv = Mle.fold(b, c);

        long[] ax = av.c0, ay = av.c1, bx = bv.c0, by = bv.c1;
        for (int k = 1; k < n; k++) {
            int len = 1 << (n - k);
            // Karatsuba partial sums for g(0) (u, v, w) and g(2) (u2, v2, w2)
            long u = 0, v = 0, w = 0, u2 = 0, v2 = 0, w2 = 0;
            for (int i = 0; i < len; i += 2) {
                long p0 = ax[i], p1 = ay[i], q0 = bx[i], q1 = by[i];
                u = add(u, mul(p0, q0));
                v = add(v, mul(p1, q1));
                w = add(w, mul(add(p0, p1), add(q0, q1)));
                long r0 = ax[i + 1], r1 = ay[i + 1], z0 = bx[i + 1], z1 = by[i + 1];
                long e0 = add(r0, sub(r0, p0)), e1 = add(r1, sub(r1, p1)); // 2*hi - lo
                long f0 = add(z0, sub(z0, q0)), f1 = add(z1, sub(z1, q1));
                u2 = add(u2, mul(e0, f0));
                v2 = add(v2, mul(e1, f1));
                w2 = add(w2, mul(add(e0, e1), add(f0, f1)));
            }
            GoldilocksExt2 g0 = karatsubaSum(u, v, w), g2 = karatsubaSum(u2, v2, w2);
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

    /** (u + 7v) + (w - u - v) X from Karatsuba partial sums u = sum x0y0, v = sum x1y1, w = sum (x0+x1)(y0+y1). */
    static GoldilocksExt2 karatsubaSum(long u, long v, long w) {
        return GoldilocksExt2.of(add(u, mul(GoldilocksExt2.W, v)), sub(sub(w, u), v));
    }
}
