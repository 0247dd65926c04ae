package io.zkml4j.sumcheck;

import static io.zkml4j.field.Goldilocks.add;
import static io.zkml4j.field.Goldilocks.mul;
import static io.zkml4j.field.Goldilocks.sub;

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

    static SumcheckProverOutput prove(GoldilocksExt2[] r, long[] aBase, long[] bBase, ExtVec aExt, ExtVec bExt, Transcript t) {
        boolean base = aBase != null;
        int la = base ? aBase.length : aExt.length(), lb = base ? bBase.length : bExt.length();
        if (la != lb) throw new IllegalArgumentException("tables differ in length: " + la + " vs " + lb);
        int n = Mle.numVars(la);
        if (r.length != n) throw new IllegalArgumentException("eq point has " + r.length + " coordinates, tables " + n + " variables");
        if (n == 0) {
            GoldilocksExt2 fa = base ? GoldilocksExt2.ofBase(aBase[0]) : aExt.get(0);
            GoldilocksExt2 fb = base ? GoldilocksExt2.ofBase(bBase[0]) : bExt.get(0);
            GoldilocksExt2 v = fa.mul(fb);
            SumcheckTranscript.begin(t, 0, 3, v);
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
                SumcheckTranscript.begin(t, n, 3, claimed);
            }
            GoldilocksExt2 c = SumcheckTranscript.round(t, g);
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
        long h00 = 0, h01 = 0, h10 = 0, h11 = 0, h20 = 0, h21 = 0;
        int half = a.length >>> 1;
        for (int i = 0; i < half; i++) {
            long a0 = a[2 * i], a1 = a[2 * i + 1], b0 = b[2 * i], b1 = b[2 * i + 1];
            long p0 = mul(a0, b0), p1 = mul(a1, b1), p2 = mul(add(a1, sub(a1, a0)), add(b1, sub(b1, b0)));
            long x = w0[i], y = w1[i];
            h00 = add(h00, mul(x, p0));
            h01 = add(h01, mul(y, p0));
            h10 = add(h10, mul(x, p1));
            h11 = add(h11, mul(y, p1));
            h20 = add(h20, mul(x, p2));
            h21 = add(h21, mul(y, p2));
        }
        return new GoldilocksExt2[] {GoldilocksExt2.of(h00, h01), GoldilocksExt2.of(h10, h11), GoldilocksExt2.of(h20, h21)};
    }

    /**
     * h(t) for extension tables: per pair and t, p = a_t b_t by Karatsuba (4 multiplies), then w * p accumulated as
     * Karatsuba partial sums (3 multiplies), combined once per round.
     */
    private static GoldilocksExt2[] extRound(ExtVec av, ExtVec bv, int len, ExtVec wv) {
        long[] ax = av.c0, ay = av.c1, bx = bv.c0, by = bv.c1, w0 = wv.c0, w1 = wv.c1;
        long u0 = 0, v0 = 0, s0 = 0, u1 = 0, v1 = 0, s1 = 0, u2 = 0, v2 = 0, s2 = 0;
        for (int i = 0; i < len; i += 2) {
            long x = w0[i >>> 1], y = w1[i >>> 1], xy = add(x, y);
            long pa0 = ax[i], pa1 = ay[i], pb0 = bx[i], pb1 = by[i];
            long qa0 = ax[i + 1], qa1 = ay[i + 1], qb0 = bx[i + 1], qb1 = by[i + 1];
            // t = 0
            long m0 = mul(pa0, pb0), m1 = mul(pa1, pb1);
            long p0 = add(m0, mul(GoldilocksExt2.W, m1)), p1 = sub(sub(mul(add(pa0, pa1), add(pb0, pb1)), m0), m1);
            u0 = add(u0, mul(x, p0));
            v0 = add(v0, mul(y, p1));
            s0 = add(s0, mul(xy, add(p0, p1)));
            // t = 1
            m0 = mul(qa0, qb0);
            m1 = mul(qa1, qb1);
            p0 = add(m0, mul(GoldilocksExt2.W, m1));
            p1 = sub(sub(mul(add(qa0, qa1), add(qb0, qb1)), m0), m1);
            u1 = add(u1, mul(x, p0));
            v1 = add(v1, mul(y, p1));
            s1 = add(s1, mul(xy, add(p0, p1)));
            // t = 2: 2*hi - lo
            long ea0 = add(qa0, sub(qa0, pa0)), ea1 = add(qa1, sub(qa1, pa1));
            long eb0 = add(qb0, sub(qb0, pb0)), eb1 = add(qb1, sub(qb1, pb1));
            m0 = mul(ea0, eb0);
            m1 = mul(ea1, eb1);
            p0 = add(m0, mul(GoldilocksExt2.W, m1));
            p1 = sub(sub(mul(add(ea0, ea1), add(eb0, eb1)), m0), m1);
            u2 = add(u2, mul(x, p0));
            v2 = add(v2, mul(y, p1));
            s2 = add(s2, mul(xy, add(p0, p1)));
        }
        return new GoldilocksExt2[] {ProductProver.karatsubaSum(u0, v0, s0), ProductProver.karatsubaSum(u1, v1, s1),
            ProductProver.karatsubaSum(u2, v2, s2)};
    }
}
