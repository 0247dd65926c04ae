package io.zkml4j.lookup;

import static io.zkml4j.field.Goldilocks.add;
import static io.zkml4j.field.Goldilocks.dot2Add;
import static io.zkml4j.field.Goldilocks.mul;
import static io.zkml4j.field.Goldilocks.mulAdd;
import static io.zkml4j.field.Goldilocks.sub;
import static io.zkml4j.lookup.ExtKernels.accumulate;
import static io.zkml4j.lookup.ExtKernels.cross0;
import static io.zkml4j.lookup.ExtKernels.cross1;
import static io.zkml4j.lookup.ExtKernels.karatsuba;
import static io.zkml4j.lookup.ExtKernels.mul0;
import static io.zkml4j.lookup.ExtKernels.mul1;
import static io.zkml4j.lookup.ExtKernels.weighted;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumcheckTranscript;
import io.zkml4j.transcript.Transcript;
import java.util.Arrays;

/**
 * Prover of one GKR layer of a {@link FractionTree}: the sumcheck of
 * sum_x eq(r, x) [p0 q1 + p1 q0 + lambda q0 q1](x) = P_d(r) + lambda Q_d(r), where p_b(x), q_b(x) are the children
 * 2x + b in layer d + 1. The summand is eq times a quadratic form F in (p0, p1, q0, q1), so with eq factored out
 * (Gruen) each round needs the inner sum h at 0 and its leading coefficient F(delta) only; h(1) follows from the
 * running claim, and in the first round h(0) is a sum over the PARENT layer, already computed.
 *
 * <p>Above unit-numerator leaves (p0 = p1 = 1) F = q0 + q1 + lambda q0 q1 needs two tables instead of four; with a
 * constant c1 coordinate (single-column lookups) the first round's differences are base-field elements.
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

    // accumulator blocks (9 words each: Karatsuba partial sums of a weighted extension sum); h = A + lambda B
    private static final int A0 = 0, B0 = 9, A1 = 18, B1 = 27, AINF = 36, BINF = 45, ACC = 54;

    static Result prove(FractionTree tree, int d, GoldilocksExt2[] r, GoldilocksExt2 lambda, GoldilocksExt2 claim, Transcript t) {
        return prove(tree, d, r, lambda, claim, t, null);
    }

    /**
     * {@link #prove(FractionTree, int, GoldilocksExt2[], GoldilocksExt2, GoldilocksExt2, Transcript)} with every round
     * message masked by {@code enc} (null: in the clear); {@link Result#rounds} then holds the masked messages, as sent.
     */
    static Result prove(FractionTree tree, int d, GoldilocksExt2[] r, GoldilocksExt2 lambda, GoldilocksExt2 claim, Transcript t, SumcheckTranscript.Encryption enc) {
        if (d < 1 || d >= tree.depth || r.length != d) throw new IllegalArgumentException("layer " + d + " of a tree of depth " + tree.depth);
        boolean unit = tree.unitLeaves && d == tree.depth - 1;
        SumcheckTranscript.beginProver(t, d, LogUpGkr.LAYER_DEGREE, claim, enc);
        GoldilocksExt2[][] rounds = new GoldilocksExt2[d][];
        GoldilocksExt2[] point = new GoldilocksExt2[d];
        ExtVec w = Eq.table(Arrays.copyOfRange(r, 1, d)); // weight of pair i in round 0: eq(r_1..r_{d-1}, i)
        GoldilocksExt2 prefix = GoldilocksExt2.ONE; // prod_{l < j} eq(r_l, c_l)
        GoldilocksExt2 running = claim;
        long[][] tab = null; // folded tables: unit {q0.c0, q0.c1, q1.c0, q1.c1}, else {p0, p1, q0, q1} as (c0, c1) pairs
        long[][] spare = null; // the other buffer of the ping-pong fold
        int len = 1 << d;
        for (int j = 0; j < d; j++) {
            boolean withOne = prefix.isZero() || r[j].isZero(); // then h(1) cannot be derived from the claim
            long[] acc;
            if (j == 0) acc = unit ? unitRound0(tree, d, w, withOne) : round0(tree, d, w, withOne);
            else acc = unit ? unitRound(tab, len, w, withOne) : round(tab, len, w, withOne);
            GoldilocksExt2 h0 = karatsuba(acc, A0).add(lambda.mul(karatsuba(acc, B0)));
            GoldilocksExt2 hInf = karatsuba(acc, AINF).add(lambda.mul(karatsuba(acc, BINF)));
            GoldilocksExt2 h1;
            if (withOne) {
                h1 = karatsuba(acc, A1).add(lambda.mul(karatsuba(acc, B1)));
            } else { // prefix ((1 - r_j) h(0) + r_j h(1)) = running claim
                h1 = running.mul(prefix.inv()).sub(GoldilocksExt2.ONE.sub(r[j]).mul(h0)).mul(r[j].inv());
            }
            GoldilocksExt2[] g = roundPoly(prefix, r[j], h0, h1, hInf);
            GoldilocksExt2[][] sent = {g};
            GoldilocksExt2 c = SumcheckTranscript.round(t, g, enc == null ? null : m -> sent[0] = enc.round(m));
            rounds[j] = sent[0];
            point[j] = c;
            GoldilocksExt2 lin = h1.sub(h0).sub(hInf);
            running = prefix.mul(Eq.factor(r[j], c)).mul(h0.add(c.mul(lin.add(c.mul(hInf)))));
            prefix = prefix.mul(Eq.factor(r[j], c));
            if (j == 0) {
                tab = unit ? unitFoldChildren(tree, d, c) : foldChildren(tree, d, c);
                spare = new long[tab.length][Math.max(1, len >>> 2)];
            } else {
                fold(tab, spare, len, c);
                long[][] s = tab;
                tab = spare;
                spare = s;
            }
            len >>>= 1;
            if (j + 1 < d) sumAdjacentInPlace(w, len);
        }
        GoldilocksExt2[] values = new GoldilocksExt2[4];
        if (unit) {
            values[0] = values[1] = GoldilocksExt2.ONE;
            values[2] = GoldilocksExt2.of(tab[0][0], tab[1][0]);
            values[3] = GoldilocksExt2.of(tab[2][0], tab[3][0]);
        } else {
            for (int k = 0; k < 4; k++) values[k] = GoldilocksExt2.of(tab[2 * k][0], tab[2 * k + 1][0]);
        }
        return new Result(rounds, point, values);
    }

    // ---- general layers: four tables ----

    /** Round 0: h(0) (and h(1)) from the parent layer; the leading coefficient from the children's differences. */
    private static long[] round0(FractionTree tree, int d, ExtVec wv, boolean withOne) {
        long[] cp0 = tree.p0[d + 1], cp1 = tree.p1[d + 1], cq0 = tree.q0[d + 1], cq1 = tree.q1[d + 1];
        long[] pp0 = tree.p0[d], pp1 = tree.p1[d], pq0 = tree.q0[d], pq1 = tree.q1[d];
        long[] w0 = wv.c0, w1 = wv.c1;
        return Par.sum(1 << (d - 1), ACC, (from, to, acc) -> {
            for (int i = from; i < to; i++) {
                long x = w0[i], y = w1[i], xy = add(x, y);
                int e = 2 * i, o = e + 1;
                weighted(acc, A0, x, y, xy, pp0[e], pp1[e]);
                weighted(acc, B0, x, y, xy, pq0[e], pq1[e]);
                if (withOne) {
                    weighted(acc, A1, x, y, xy, pp0[o], pp1[o]);
                    weighted(acc, B1, x, y, xy, pq0[o], pq1[o]);
                }
                int c = 4 * i; // children of x = 2i are c, c+1; of x = 2i+1 are c+2, c+3
                long a0 = sub(cp0[c + 2], cp0[c]), a1 = sub(cp1[c + 2], cp1[c]); // delta p0
                long b0 = sub(cp0[c + 3], cp0[c + 1]), b1 = sub(cp1[c + 3], cp1[c + 1]); // delta p1
                long e0 = sub(cq0[c + 2], cq0[c]), e1 = sub(cq1[c + 2], cq1[c]); // delta q0
                long f0 = sub(cq0[c + 3], cq0[c + 1]), f1 = sub(cq1[c + 3], cq1[c + 1]); // delta q1
                weighted(acc, AINF, x, y, xy, cross0(a0, a1, f0, f1, b0, b1, e0, e1), cross1(a0, a1, f0, f1, b0, b1, e0, e1));
                weighted(acc, BINF, x, y, xy, mul0(e0, e1, f0, f1), mul1(e0, e1, f0, f1));
            }
        });
    }

    /** Round j >= 1 over tab = {p0.c0, p0.c1, p1.c0, p1.c1, q0.c0, q0.c1, q1.c0, q1.c1}. */
    private static long[] round(long[][] tab, int len, ExtVec wv, boolean withOne) {
        long[] a0s = tab[0], a1s = tab[1], b0s = tab[2], b1s = tab[3], e0s = tab[4], e1s = tab[5], f0s = tab[6], f1s = tab[7];
        long[] w0 = wv.c0, w1 = wv.c1;
        return Par.sum(len >>> 1, ACC, (from, to, acc) -> {
            for (int i = from; i < to; i++) {
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
        });
    }

    /** The four children tables with the round-0 variable bound to c: 8 coordinate arrays of length 2^(d-1). */
    private static long[][] foldChildren(FractionTree tree, int d, GoldilocksExt2 c) {
        long[][] src = {tree.p0[d + 1], tree.p1[d + 1], tree.q0[d + 1], tree.q1[d + 1]};
        int half = 1 << (d - 1);
        long[][] tab = new long[8][half];
        long c0 = c.c0, c1 = c.c1, wc1 = mul(GoldilocksExt2.W, c1);
        Par.forRange(half, (from, to) -> {
            for (int b = 0; b < 2; b++) { // table p_b / q_b reads children 4i + b (x = 2i) and 4i + 2 + b (x = 2i + 1)
                for (int k = 0; k < 2; k++) { // k = 0: numerator p, 1: denominator q
                    long[] s0 = src[2 * k], s1 = src[2 * k + 1];
                    long[] o0 = tab[4 * k + 2 * b], o1 = tab[4 * k + 2 * b + 1];
                    for (int i = from; i < to; i++) {
                        int lo = 4 * i + b;
                        long l0 = s0[lo], l1 = s1[lo];
                        long d0 = sub(s0[lo + 2], l0), d1 = sub(s1[lo + 2], l1);
                        o0[i] = dot2Add(c0, d0, wc1, d1, l0);
                        o1[i] = dot2Add(c0, d1, c1, d0, l1);
                    }
                }
            }
        });
        return tab;
    }

    // ---- the layer above unit-numerator leaves: two tables, F = q0 + q1 + lambda q0 q1 ----

    private static long[] unitRound0(FractionTree tree, int d, ExtVec wv, boolean withOne) {
        long[] cq0 = tree.q0[d + 1], cq1 = tree.q1[d + 1];
        long[] pp0 = tree.p0[d], pp1 = tree.p1[d], pq0 = tree.q0[d], pq1 = tree.q1[d];
        long[] w0 = wv.c0, w1 = wv.c1;
        boolean constQ1 = tree.constLeafQ1;
        return Par.sum(1 << (d - 1), ACC, (from, to, acc) -> {
            for (int i = from; i < to; i++) {
                long x = w0[i], y = w1[i], xy = add(x, y);
                int e = 2 * i, o = e + 1;
                weighted(acc, A0, x, y, xy, pp0[e], pp1[e]);
                weighted(acc, B0, x, y, xy, pq0[e], pq1[e]);
                if (withOne) {
                    weighted(acc, A1, x, y, xy, pp0[o], pp1[o]);
                    weighted(acc, B1, x, y, xy, pq0[o], pq1[o]);
                }
                int c = 4 * i;
                long e0 = sub(cq0[c + 2], cq0[c]), f0 = sub(cq0[c + 3], cq0[c + 1]);
                if (constQ1) { // base differences: one base product weighted by w
                    long v = mul(e0, f0);
                    accumulate(acc, BINF, x, v); // Karatsuba partial sums of w * (v + 0 X)
                    accumulate(acc, BINF + 6, xy, v);
                } else {
                    long e1 = sub(cq1[c + 2], cq1[c]), f1 = sub(cq1[c + 3], cq1[c + 1]);
                    weighted(acc, BINF, x, y, xy, mul0(e0, e1, f0, f1), mul1(e0, e1, f0, f1));
                }
            }
        });
    }

    /** Round j >= 1 over tab = {q0.c0, q0.c1, q1.c0, q1.c1}. */
    private static long[] unitRound(long[][] tab, int len, ExtVec wv, boolean withOne) {
        long[] e0s = tab[0], e1s = tab[1], f0s = tab[2], f1s = tab[3];
        long[] w0 = wv.c0, w1 = wv.c1;
        return Par.sum(len >>> 1, ACC, (from, to, acc) -> {
            for (int i = from; i < to; i++) {
                long x = w0[i], y = w1[i], xy = add(x, y);
                int e = 2 * i, o = e + 1;
                long e0 = e0s[e], e1 = e1s[e], f0 = f0s[e], f1 = f1s[e];
                weighted(acc, A0, x, y, xy, add(e0, f0), add(e1, f1));
                weighted(acc, B0, x, y, xy, mul0(e0, e1, f0, f1), mul1(e0, e1, f0, f1));
                long oe0 = e0s[o], oe1 = e1s[o], of0 = f0s[o], of1 = f1s[o];
                if (withOne) {
                    weighted(acc, A1, x, y, xy, add(oe0, of0), add(oe1, of1));
                    weighted(acc, B1, x, y, xy, mul0(oe0, oe1, of0, of1), mul1(oe0, oe1, of0, of1));
                }
                e0 = sub(oe0, e0);
                e1 = sub(oe1, e1);
                f0 = sub(of0, f0);
                f1 = sub(of1, f1);
                weighted(acc, BINF, x, y, xy, mul0(e0, e1, f0, f1), mul1(e0, e1, f0, f1));
            }
        });
    }

    private static long[][] unitFoldChildren(FractionTree tree, int d, GoldilocksExt2 c) {
        long[] s0 = tree.q0[d + 1], s1 = tree.q1[d + 1];
        int half = 1 << (d - 1);
        long[][] tab = new long[4][half];
        long c0 = c.c0, c1 = c.c1, wc1 = mul(GoldilocksExt2.W, c1);
        boolean constQ1 = tree.constLeafQ1;
        Par.forRange(half, (from, to) -> {
            for (int b = 0; b < 2; b++) {
                long[] o0 = tab[2 * b], o1 = tab[2 * b + 1];
                for (int i = from; i < to; i++) {
                    int lo = 4 * i + b;
                    long l0 = s0[lo], l1 = s1[lo];
                    long d0 = sub(s0[lo + 2], l0);
                    if (constQ1) { // difference in the base field: c * d0
                        o0[i] = mulAdd(c0, d0, l0);
                        o1[i] = mulAdd(c1, d0, l1);
                    } else {
                        long d1 = sub(s1[lo + 2], l1);
                        o0[i] = dot2Add(c0, d0, wc1, d1, l0);
                        o1[i] = dot2Add(c0, d1, c1, d0, l1);
                    }
                }
            }
        });
        return tab;
    }

    // ---- shared ----

    /** g(s) = prefix eq(r_j, s) h(s) at s = 0..3, h the quadratic with h(0), h(1) and leading coefficient hInf. */
    private static GoldilocksExt2[] roundPoly(GoldilocksExt2 prefix, GoldilocksExt2 rj, GoldilocksExt2 h0, GoldilocksExt2 h1, GoldilocksExt2 hInf) {
        GoldilocksExt2 lin = h1.sub(h0).sub(hInf);
        GoldilocksExt2[] g = new GoldilocksExt2[LogUpGkr.LAYER_DEGREE + 1];
        for (int s = 0; s <= LogUpGkr.LAYER_DEGREE; s++) {
            GoldilocksExt2 hs = h0.add(lin.mulBase(s)).add(hInf.mulBase((long) s * s));
            g[s] = prefix.mul(Eq.factor(rj, GoldilocksExt2.ofBase(s))).mul(hs);
        }
        return g;
    }

    /** dst[k][i] = src[k][2i] + c (src[k][2i+1] - src[k][2i]) for i < len/2, each (c0, c1) pair of tables an extension table. */
    private static void fold(long[][] src, long[][] dst, int len, GoldilocksExt2 c) {
        long c0 = c.c0, c1 = c.c1, wc1 = Goldilocks.mul(GoldilocksExt2.W, c1);
        Par.forRange(len >>> 1, (from, to) -> {
            for (int k = 0; k < src.length; k += 2) {
                long[] f0 = src[k], f1 = src[k + 1], o0 = dst[k], o1 = dst[k + 1];
                for (int i = from; i < to; i++) {
                    long l0 = f0[2 * i], l1 = f1[2 * i];
                    long d0 = sub(f0[2 * i + 1], l0), d1 = sub(f1[2 * i + 1], l1);
                    o0[i] = dot2Add(c0, d0, wc1, d1, l0);
                    o1[i] = dot2Add(c0, d1, c1, d0, l1);
                }
            }
        });
    }

    /** w[i] = w[2i] + w[2i+1] for i < len: eq(r_{j+1..}, i) from eq(r_j.., .), since eq(r_j, 0) + eq(r_j, 1) = 1. */
    private static void sumAdjacentInPlace(ExtVec w, int len) {
        long[] w0 = w.c0, w1 = w.c1;
        for (int i = 0, half = len >>> 1; i < half; i++) {
            w0[i] = add(w0[2 * i], w0[2 * i + 1]);
            w1[i] = add(w1[2 * i], w1[2 * i + 1]);
        }
    }
}
