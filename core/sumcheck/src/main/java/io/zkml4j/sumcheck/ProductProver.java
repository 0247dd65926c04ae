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
 * The second table may instead be an extension table (base x extension products in round 1, two base
 * multiplies each), as in a claim reduction's sum of f(x) g(x) with f committed and g built from the claims.
 */
final class ProductProver {
    private ProductProver() {}

    /** enc: the encrypted sumcheck's masking of the messages, null to send them in the clear. */
    static SumcheckProverOutput prove(long[] a, long[] b, Transcript t, SumcheckTranscript.Encryption enc) {
        if (a.length != b.length) throw new IllegalArgumentException("tables differ in length: " + a.length + " vs " + b.length);
        return prove(a, b, null, t, enc);
    }

    /** sum_x a(x) b(x) with a base and b an extension table. */
    static SumcheckProverOutput prove(long[] a, ExtVec b, Transcript t) {
        return prove(a, b, t, null);
    }

    /** {@link #prove(long[], ExtVec, Transcript)} with every round message masked by {@code enc} (null: in the clear). */
    static SumcheckProverOutput prove(long[] a, ExtVec b, Transcript t, SumcheckTranscript.Encryption enc) {
        if (a.length != b.length()) throw new IllegalArgumentException("tables differ in length: " + a.length + " vs " + b.length());
        return prove(a, null, b, t, enc);
    }

    /** Exactly one of bBase, bExt is non-null. */
    private static SumcheckProverOutput prove(long[] a, long[] bBase, ExtVec bExt, Transcript t, SumcheckTranscript.Encryption enc) {
        int n = Mle.numVars(a.length);
        if (n == 0) {
            GoldilocksExt2 fb = bExt != null ? bExt.get(0) : GoldilocksExt2.ofBase(bBase[0]);
            GoldilocksExt2 v = fb.mul(GoldilocksExt2.ofBase(a[0]));
            SumcheckTranscript.beginProver(t, 0, 2, v, enc);
            return new SumcheckProverOutput(new SumcheckProof(new GoldilocksExt2[0][]), v, new GoldilocksExt2[0], v,
                    new GoldilocksExt2[] {GoldilocksExt2.ofBase(a[0]), fb});
        }
        GoldilocksExt2[][] rounds = new GoldilocksExt2[n][];
        GoldilocksExt2[] point = new GoldilocksExt2[n];

        // Round 0, base (or base x extension): g(0) = sum a0 b0, g(1) = sum a1 b1, g(2) = sum (2a1 - a0)(2b1 - b0),
        // each summed unreduced in 192 bits (lo, hi, top) per coordinate and reduced once.
        int half = a.length >>> 1;
        // Only the pairs up to the last nonzero entry are summed and folded: a committed table's unused tail is zeros,
        // and a pair of zeros adds nothing to any round (the round's g(1) is derived from the running claim).
        int units = (liveLength(a, bBase, bExt) + 1) >>> 1;
        GoldilocksExt2[] g;
        if (bExt == null) {
            long[] acc0 = Parallel.sum(units, 9, (from, to, acc) -> baseSums(a, bBase, from, to, acc));
            g = new GoldilocksExt2[3];
            for (int s = 0; s < 3; s++) g[s] = GoldilocksExt2.ofBase(reduce192(acc0[3 * s], acc0[3 * s + 1], acc0[3 * s + 2]));
        } else {
            long[] acc0 = Parallel.sum(units, 18, (from, to, acc) -> mixedSums(a, bExt, from, to, acc));
            g = new GoldilocksExt2[3];
            for (int s = 0; s < 3; s++) {
                g[s] = GoldilocksExt2.of(reduce192(acc0[6 * s], acc0[6 * s + 1], acc0[6 * s + 2]),
                        reduce192(acc0[6 * s + 3], acc0[6 * s + 4], acc0[6 * s + 5]));
            }
        }
        GoldilocksExt2 claimed = g[0].add(g[1]);
        SumcheckTranscript.beginProver(t, n, 2, claimed, enc);
        GoldilocksExt2 c = SumcheckTranscript.round(t, g, enc);
        rounds[0] = g;
        point[0] = c;
        GoldilocksExt2 claim = Univariate.evaluate(g, c);

        // Rounds 1..n-1: each pass folds the tables with the previous challenge and, in the same pass, sums the
        // round's products over the freshly folded pairs (one sweep over memory per round instead of two).
        // Folded tables alternate between two buffers (never in place), so a round can be split across threads.
        int m = half; // folded length
        long[][] cur = n == 1 ? null : new long[][] {new long[m], new long[m], new long[m], new long[m]};
        long[][] spare = n == 1 ? null : new long[][] {new long[m / 2], new long[m / 2], new long[m / 2], new long[m / 2]};
        for (int k = 1; k < n; k++) {
            long[] acc;
            final GoldilocksExt2 ck = c;
            units = (units + 1) >>> 1; // the live pairs of this round: the previous round's live pairs, folded
            long[][] written;
            if (k == 1) {
                long[][] dst = cur;
                acc = Parallel.sum(units, 18, (from, to, ac) -> foldFirstAndSum(a, bBase, bExt, ck, dst, 2 * from, 2 * to, ac));
                written = dst;
            } else {
                long[][] src = cur, dst = spare;
                acc = Parallel.sum(units, 18, (from, to, ac) -> foldExtAndSum(src, dst, ck, 4 * from, 4 * to, ac));
                spare = cur;
                cur = dst;
                written = dst;
            }
            // the next round reads up to 4 ceil(units / 2) entries of what this one wrote (2 units): zero the (at most
            // two) beyond it, which may hold an earlier round's values (the buffers alternate)
            for (long[] col : written) java.util.Arrays.fill(col, Math.min(2 * units, col.length), Math.min(2 * units + 2, col.length), 0L);
            GoldilocksExt2 g0 = karatsubaSum(acc, 0), g2 = karatsubaSum(acc, 9);
            g = new GoldilocksExt2[] {g0, claim.sub(g0), g2};
            c = SumcheckTranscript.round(t, g, enc);
            rounds[k] = g;
            point[k] = c;
            claim = Univariate.evaluate(g, c);
            m >>>= 1;
        }
        ExtVec av, bv;
        if (n == 1) {
            av = Mle.fold(a, c);
            bv = bExt != null ? Mle.fold(bExt, c) : Mle.fold(bBase, c);
        } else {
            av = new ExtVec(cur[0], cur[1]);
            bv = new ExtVec(cur[2], cur[3]);
            Mle.foldInPlace(av, 2, c);
            Mle.foldInPlace(bv, 2, c);
        }
        GoldilocksExt2 fa = av.get(0), fb = bv.get(0);
        return new SumcheckProverOutput(new SumcheckProof(rounds), claimed, point, fa.mul(fb), new GoldilocksExt2[] {fa, fb});
    }

    /** 1 + the last index where a or b is nonzero (0 when both are zero). */
    static int liveLength(long[] a, long[] bBase, ExtVec bExt) {
        int i = a.length;
        while (i > 0 && a[i - 1] == 0 && (bExt == null ? bBase[i - 1] == 0 : bExt.c0[i - 1] == 0 && bExt.c1[i - 1] == 0)) i--;
        return i;
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

    /** Round-0 sums for base a, extension b: the same three products as baseSums, each coordinate of b separately (6 accumulators). */
    private static void mixedSums(long[] a, ExtVec b, int from, int to, long[] acc) {
        long[] x = b.c0, y = b.c1;
        for (int i = from; i < to; i++) {
            long a0 = a[2 * i], a1 = a[2 * i + 1];
            accumulate(acc, 0, a0, x[2 * i]);
            accumulate(acc, 3, a0, y[2 * i]);
            accumulate(acc, 6, a1, x[2 * i + 1]);
            accumulate(acc, 9, a1, y[2 * i + 1]);
            long e = twiceMinus(a1, a0);
            accumulate(acc, 12, e, twiceMinus(x[2 * i + 1], x[2 * i]));
            accumulate(acc, 15, e, twiceMinus(y[2 * i + 1], y[2 * i]));
        }
    }

    /**
     * Folds base table a and table b (base bBase or extension bExt) with c into dst = {a.c0, a.c1, b.c0, b.c1} for
     * folded indices [from, to) (even bounds), summing the next round's products over the folded pairs.
     */
    private static void foldFirstAndSum(long[] a, long[] bBase, ExtVec bExt, GoldilocksExt2 c, long[][] dst, int from, int to, long[] acc) {
        long c0 = c.c0, c1 = c.c1, wc1 = mul(GoldilocksExt2.W, c1);
        long[] ax = dst[0], ay = dst[1], bx = dst[2], by = dst[3];
        for (int i = from; i < to; i += 2) {
            foldBase(a, i, c0, c1, ax, ay);
            foldBase(a, i + 1, c0, c1, ax, ay);
            if (bExt == null) {
                foldBase(bBase, i, c0, c1, bx, by);
                foldBase(bBase, i + 1, c0, c1, bx, by);
            } else {
                foldExt(bExt.c0, bExt.c1, 2 * i, i, c0, c1, wc1, bx, by);
                foldExt(bExt.c0, bExt.c1, 2 * i + 2, i + 1, c0, c1, wc1, bx, by);
            }
            pairProducts(acc, ax[i], ay[i], ax[i + 1], ay[i + 1], bx[i], by[i], bx[i + 1], by[i + 1]);
        }
    }

    /** Folds source entries [from, to) (multiples of 4) of src into dst with c, summing the products over the folded pairs. */
    private static void foldExtAndSum(long[][] src, long[][] dst, GoldilocksExt2 c, int from, int to, long[] acc) {
        long c0 = c.c0, c1 = c.c1, wc1 = mul(GoldilocksExt2.W, c1);
        long[] ax = src[0], ay = src[1], bx = src[2], by = src[3];
        long[] ox = dst[0], oy = dst[1], px = dst[2], py = dst[3];
        for (int j = from; j < to; j += 4) {
            int o = j >>> 1;
            foldExt(ax, ay, j, o, c0, c1, wc1, ox, oy);
            foldExt(ax, ay, j + 2, o + 1, c0, c1, wc1, ox, oy);
            foldExt(bx, by, j, o, c0, c1, wc1, px, py);
            foldExt(bx, by, j + 2, o + 1, c0, c1, wc1, px, py);
            pairProducts(acc, ox[o], oy[o], ox[o + 1], oy[o + 1], px[o], py[o], px[o + 1], py[o + 1]);
        }
    }

    /** (ox[i], oy[i]) = x[2i] + c (x[2i+1] - x[2i]) for a base table x and an extension challenge c. */
    private static void foldBase(long[] x, int i, long c0, long c1, long[] ox, long[] oy) {
        long lo = x[2 * i], d = sub(x[2 * i + 1], lo);
        ox[i] = mulAdd(c0, d, lo);
        oy[i] = mul(c1, d);
    }

    /** (ox[o], oy[o]) = v[j] + c (v[j+1] - v[j]) for the extension table v = (x, y); wc1 = W c1. */
    private static void foldExt(long[] x, long[] y, int j, int o, long c0, long c1, long wc1, long[] ox, long[] oy) {
        long lo0 = x[j], lo1 = y[j], d0 = sub(x[j + 1], lo0), d1 = sub(y[j + 1], lo1);
        ox[o] = dot2Add(c0, d0, wc1, d1, lo0);
        oy[o] = dot2Add(c0, d1, c1, d0, lo1);
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
