package io.zkml4j.lookup;

import static io.zkml4j.lookup.ExtKernels.cross0;
import static io.zkml4j.lookup.ExtKernels.cross1;
import static io.zkml4j.lookup.ExtKernels.karatsuba;
import static io.zkml4j.lookup.ExtKernels.mul0;
import static io.zkml4j.lookup.ExtKernels.mul1;
import static io.zkml4j.lookup.ExtKernels.weighted;
import static io.zkml4j.field.Goldilocks.add;
import static io.zkml4j.field.Goldilocks.dot2Add;
import static io.zkml4j.field.Goldilocks.sub;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.transcript.Transcript;
import java.util.Arrays;

/**
 * Prover of one GKR layer of a {@link FractionTree}: the sumcheck of
 * sum_x eq(r, x) [p0 q1 + p1 q0 + lambda q0 q1](x) = P_d(r) + lambda Q_d(r), where p_b(x), q_b(x) are the children
 * 2x + b in layer d + 1. The summand is eq times a quadratic FORM in (p0, p1, q0, q1), so with eq factored out
 * (Gruen) each round needs the inner sum h at 0 and its leading coefficient only (h(1) follows from the running
 * claim); in the first round h(0) and h(1) are sums of the PARENT layer's entries, already computed.
 *
 * <p>The messages and transcript operations are exactly those of {@code io.zkml4j.sumcheck} (shape and claim absorbed,
 * then per round g(0..3) absorbed before its challenge), so {@link io.zkml4j.sumcheck.SumcheckVerifier} checks them;
 * every completeness test runs that verifier.
 */
final class GkrLayerProver {
    private GkrLayerProver() {}

    /** Sumcheck messages, the point r' (d coordinates) and the values (p0, p1, q0, q1) at r'. */
    static final class Result {
        final GoldilocksExt2[][] rounds;
        final GoldilocksExt2[] point;
        final GoldilocksExt2[] values;

        Result(GoldilocksExt2[][] rounds, GoldilocksExt2[] point, GoldilocksExt2[] values) {
            this.rounds = rounds;
            this.point = point;
            this.values = values;
        }
    }

    // accumulator blocks (9 words each: Karatsuba partial sums of a weighted extension sum)
    private static final int A0 = 0, B0 = 9, A1 = 18, B1 = 27, AINF = 36, BINF = 45, ACC = 54;

    static Result prove(FractionTree tree, int d, GoldilocksExt2[] r, GoldilocksExt2 lambda, GoldilocksExt2 claim, Transcript t) {
        if (d < 1 || d >= tree.depth || r.length != d) throw new IllegalArgumentException("layer " + d + " of a tree of depth " + tree.depth);
        t.absorbFields("sumcheck.shape", new long[] {d, LogUpGkr.LAYER_DEGREE});
        t.absorbExt("sumcheck.claim", claim);
        GoldilocksExt2[][] rounds = new GoldilocksExt2[d][];
        GoldilocksExt2[] point = new GoldilocksExt2[d];
        ExtVec w = Eq.table(Arrays.copyOfRange(r, 1, d)); // weight of pair i in round 0: eq(r_1..r_{d-1}, i)
        GoldilocksExt2 prefix = GoldilocksExt2.ONE; // prod_{l < j} eq(r_l, c_l)
        GoldilocksExt2 running = claim;

        // round 0: pairs of children (4i, 4i+2) and (4i+1, 4i+3); h(0), h(1) from the parent layer
        int half = 1 << (d - 1);
        long[] acc = round0(tree, d, w, half);
        GoldilocksExt2[] h = combine(acc, lambda, true);
        GoldilocksExt2[] g = roundPoly(prefix, r[0], h[0], h[1], h[2]);
        GoldilocksExt2 c = absorbRound(t, g);
        rounds[0] = g;
        point[0] = c;
        running = evaluate(prefix, r[0], h, c);
        prefix = prefix.mul(Eq.factor(r[0], c));
        long[][] tab = foldChildren(tree, d, half, c);

        int len = half;
        for (int j = 1; j < d; j++) {
            sumAdjacentInPlace(w, len);
            GoldilocksExt2 inv = invertOrNull(prefix, r[j]);
            acc = roundTables(tab, len, w, inv == null);
            h = combine(acc, lambda, inv == null);
            if (inv != null) {
                // (1 - r_j) h(0) + r_j h(1) = running / prefix
                GoldilocksExt2 target = running.mul(inv);
                h[1] = target.sub(GoldilocksExt2.ONE.sub(r[j]).mul(h[0])).mul(r[j].inv());
            }
            g = roundPoly(prefix, r[j], h[0], h[1], h[2]);
            c = absorbRound(t, g);
            rounds[j] = g;
            point[j] = c;
            running = evaluate(prefix, r[j], h, c);
            prefix = prefix.mul(Eq.factor(r[j], c));
            foldInPlace(tab, len, c);
            len >>>= 1;
        }
        GoldilocksExt2[] values = new GoldilocksExt2[4];
        for (int k = 0; k < 4; k++) values[k] = GoldilocksExt2.of(tab[2 * k][0], tab[2 * k + 1][0]);
        return new Result(rounds, point, values);
    }

    /** 1 / prefix when both prefix and r_j are non-zero (so h(1) can be derived from the claim), else null. */
    private static GoldilocksExt2 invertOrNull(GoldilocksExt2 prefix, GoldilocksExt2 rj) {
        if (prefix.isZero() || rj.isZero()) return null;
        return prefix.inv();
    }

    private static long[] round0(FractionTree tree, int d, ExtVec wv, int half) {
        long[] cp0 = tree.p0[d + 1], cp1 = tree.p1[d + 1], cq0 = tree.q0[d + 1], cq1 = tree.q1[d + 1];
        long[] pp0 = tree.p0[d], pp1 = tree.p1[d], pq0 = tree.q0[d], pq1 = tree.q1[d];
        long[] w0 = wv.c0, w1 = wv.c1;
        long[] acc = new long[ACC];
        for (int i = 0; i < half; i++) {
            long x = w0[i], y = w1[i], xy = add(x, y);
            int e = 2 * i, o = e + 1;
            weighted(acc, A0, x, y, xy, pp0[e], pp1[e]);
            weighted(acc, B0, x, y, xy, pq0[e], pq1[e]);
            weighted(acc, A1, x, y, xy, pp0[o], pp1[o]);
            weighted(acc, B1, x, y, xy, pq0[o], pq1[o]);
            int c = 4 * i; // children of x = 2i are c, c+1; of x = 2i+1 are c+2, c+3
            long a0 = sub(cp0[c + 2], cp0[c]), a1 = sub(cp1[c + 2], cp1[c]); // delta p0
            long b0 = sub(cp0[c + 3], cp0[c + 1]), b1 = sub(cp1[c + 3], cp1[c + 1]); // delta p1
            long e0 = sub(cq0[c + 2], cq0[c]), e1 = sub(cq1[c + 2], cq1[c]); // delta q0
            long f0 = sub(cq0[c + 3], cq0[c + 1]), f1 = sub(cq1[c + 3], cq1[c + 1]); // delta q1
            weighted(acc, AINF, x, y, xy, cross0(a0, a1, f0, f1, b0, b1, e0, e1), cross1(a0, a1, f0, f1, b0, b1, e0, e1));
            weighted(acc, BINF, x, y, xy, mul0(e0, e1, f0, f1), mul1(e0, e1, f0, f1));
        }
        return acc;
    }

    /** Round j >= 1 over the folded tables tab = {p0.c0, p0.c1, p1.c0, p1.c1, q0.c0, q0.c1, q1.c0, q1.c1}. */
    private static long[] roundTables(long[][] tab, int len, ExtVec wv, boolean withOne) {
        long[] a0s = tab[0], a1s = tab[1], b0s = tab[2], b1s = tab[3], e0s = tab[4], e1s = tab[5], f0s = tab[6], f1s = tab[7];
        long[] w0 = wv.c0, w1 = wv.c1;
        long[] acc = new long[ACC];
        for (int i = 0, half = len >>> 1; i < half; i++) {
            long x = w0[i], y = w1[i], xy = add(x, y);
            int e = 2 * i, o = e + 1;
            long a0 = a0s[e], a1 = a1s[e], b0 = b0s[e], b1 = b1s[e], e0 = e0s[e], e1 = e1s[e], f0 = f0s[e], f1 = f1s[e];
            weighted(acc, A0, x, y, xy, cross0(a0, a1, f0, f1, b0, b1, e0, e1), cross1(a0, a1, f0, f1, b0, b1, e0, e1));
            weighted(acc, B0, x, y, xy, mul0(e0, e1, f0, f1), mul1(e0, e1, f0, f1));
            long oa0 = a0s[o], oa1 = a1s[o], ob0 = b0s[o], ob1 = b1s[o], oe0 = e0s[o], oe1 = e1s[o], of0 = f0s[o], of1 = f1s[o];
            if (withOne) {
                weighted(acc, A1, x, y, xy, cross0(oa0, oa1, of0, of1, ob0, ob1, oe0, oe1), cross1(oa0, oa1, of0, of1, ob0, ob1, oe0, oe1));
                weighted(acc, B1, x, y, xy, mul0(oe0, oe1, of0, of1), mul1(oe0, oe1, of0, of1));
            }
            a0 = sub(oa0, a0);
            a1 = sub(oa1, a1);
            b0 = sub(ob0, b0);
            b1 = sub(ob1, b1);
            e0 = sub(oe0, e0);
            e1 = sub(oe1, e1);
            f0 = sub(of0, f0);
            f1 = sub(of1, f1);
            weighted(acc, AINF, x, y, xy, cross0(a0, a1, f0, f1, b0, b1, e0, e1), cross1(a0, a1, f0, f1, b0, b1, e0, e1));
            weighted(acc, BINF, x, y, xy, mul0(e0, e1, f0, f1), mul1(e0, e1, f0, f1));
        }
        return acc;
    }

    /** {h(0), h(1) (if computed), h(inf)} with h = A + lambda B. */
    private static GoldilocksExt2[] combine(long[] acc, GoldilocksExt2 lambda, boolean withOne) {
        GoldilocksExt2 h0 = karatsuba(acc, A0).add(lambda.mul(karatsuba(acc, B0)));
        GoldilocksExt2 h1 = withOne ? karatsuba(acc, A1).add(lambda.mul(karatsuba(acc, B1))) : null;
        GoldilocksExt2 hInf = karatsuba(acc, AINF).add(lambda.mul(karatsuba(acc, BINF)));
        return new GoldilocksExt2[] {h0, h1, hInf};
    }

    /** g(s) = prefix eq(r_j, s) h(s) at s = 0..3, h the quadratic with h(0), h(1) and leading coefficient hInf. */
    private static GoldilocksExt2[] roundPoly(GoldilocksExt2 prefix, GoldilocksExt2 rj, GoldilocksExt2 h0, GoldilocksExt2 h1, GoldilocksExt2 hInf) {
        GoldilocksExt2 lin = h1.sub(h0).sub(hInf);
        GoldilocksExt2[] g = new GoldilocksExt2[LogUpGkr.LAYER_DEGREE + 1];
        for (int s = 0; s <= LogUpGkr.LAYER_DEGREE; s++) {
            GoldilocksExt2 x = GoldilocksExt2.ofBase(s);
            GoldilocksExt2 hs = h0.add(lin.mulBase(s)).add(hInf.mulBase((long) s * s));
            g[s] = prefix.mul(Eq.factor(rj, x)).mul(hs);
        }
        return g;
    }

    /** The round polynomial at the challenge: prefix eq(r_j, c) h(c). */
    private static GoldilocksExt2 evaluate(GoldilocksExt2 prefix, GoldilocksExt2 rj, GoldilocksExt2[] h, GoldilocksExt2 c) {
        GoldilocksExt2 lin = h[1].sub(h[0]).sub(h[2]);
        GoldilocksExt2 hc = h[0].add(c.mul(lin.add(c.mul(h[2]))));
        return prefix.mul(Eq.factor(rj, c)).mul(hc);
    }

    private static GoldilocksExt2 absorbRound(Transcript t, GoldilocksExt2[] g) {
        long[] c0 = new long[g.length], c1 = new long[g.length];
        for (int i = 0; i < g.length; i++) {
            c0[i] = g[i].c0;
            c1[i] = g[i].c1;
        }
        t.absorbExts("sumcheck.round", c0, c1);
        return t.challengeExt("sumcheck.challenge");
    }

    /** The four children tables with the round-0 variable bound to c: 8 coordinate arrays of length half. */
    private static long[][] foldChildren(FractionTree tree, int d, int half, GoldilocksExt2 c) {
        long[][] src = {tree.p0[d + 1], tree.p1[d + 1], tree.q0[d + 1], tree.q1[d + 1]};
        long[][] tab = new long[8][half];
        long c0 = c.c0, c1 = c.c1, wc1 = Goldilocks.mul(GoldilocksExt2.W, c1);
        for (int b = 0; b < 2; b++) { // sibling b: table p_b / q_b reads children 4i + b (x = 2i) and 4i + 2 + b (x = 2i + 1)
            for (int k = 0; k < 2; k++) { // k = 0: numerator p, 1: denominator q
                long[] s0 = src[2 * k], s1 = src[2 * k + 1];
                long[] o0 = tab[4 * k + 2 * b], o1 = tab[4 * k + 2 * b + 1];
                for (int i = 0; i < half; i++) {
                    int lo = 4 * i + b;
                    long l0 = s0[lo], l1 = s1[lo];
                    long d0 = sub(s0[lo + 2], l0), d1 = sub(s1[lo + 2], l1);
                    o0[i] = dot2Add(c0, d0, wc1, d1, l0);
                    o1[i] = dot2Add(c0, d1, c1, d0, l1);
                }
            }
        }
        return tab;
    }

    private static void foldInPlace(long[][] tab, int len, GoldilocksExt2 c) {
        long c0 = c.c0, c1 = c.c1, wc1 = Goldilocks.mul(GoldilocksExt2.W, c1);
        int half = len >>> 1;
        for (int k = 0; k < 8; k += 2) {
            long[] f0 = tab[k], f1 = tab[k + 1];
            for (int i = 0; i < half; i++) {
                long l0 = f0[2 * i], l1 = f1[2 * i];
                long d0 = sub(f0[2 * i + 1], l0), d1 = sub(f1[2 * i + 1], l1);
                f0[i] = dot2Add(c0, d0, wc1, d1, l0);
                f1[i] = dot2Add(c0, d1, c1, d0, l1);
            }
        }
    }

    /** w[i] = w[2i] + w[2i+1] for i < len/2: eq(r_{j+1..}, i) from eq(r_j.., .), since eq(r_j, 0) + eq(r_j, 1) = 1. */
    private static void sumAdjacentInPlace(ExtVec w, int len) {
        long[] w0 = w.c0, w1 = w.c1;
        for (int i = 0, half = len >>> 1; i < half; i++) {
            w0[i] = add(w0[2 * i], w0[2 * i + 1]);
            w1[i] = add(w1[2 * i], w1[2 * i + 1]);
        }
    }
}
