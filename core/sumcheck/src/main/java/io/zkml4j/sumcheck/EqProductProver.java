package io.zkml4j.sumcheck;

import static io.zkml4j.field.Goldilocks.mul;
import static io.zkml4j.field.Goldilocks.add;
import static io.zkml4j.field.Goldilocks.twiceMinus;
import static io.zkml4j.field.Goldilocks.sub;
import static io.zkml4j.field.Goldilocks.mulAdd;
import static io.zkml4j.field.Goldilocks.dot2Add;
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
        GoldilocksExt2[][] rounds = new GoldilocksExt2[n][];
        GoldilocksExt2[] point = new GoldilocksExt2[n];
        GoldilocksExt2 prefix = GoldilocksExt2.ONE;
        GoldilocksExt2 claimed = null;
        // the folded tables {a.c0, a.c1, b.c0, b.c1}, alternating between two buffers so a fold can run on two threads
        long[][] cur = base ? null : new long[][] {aExt.c0, aExt.c1, bExt.c0, bExt.c1};
        long[][] spare = null;
        // base tables are folded twice in one pass, after round 1: round 1 reads round 0's fold from the base tables
        // as it goes, so no extension table of 2^(n-1) entries is ever made (the largest is 2^(n-2): at a 2^27 constant
        // table's padding check 1 GiB of folds instead of 3)
        GoldilocksExt2 c0 = null;
        // the first K rounds (0: none) from the few blocks where both tables are nonzero, then one fold by K challenges
        SparseStart sparse = base ? SparseStart.find(aBase, bBase, n) : null;
        int k0 = sparse == null ? 0 : sparse.rounds;
        for (int k = 0; k < n; k++) {
            int pairs = 1 << (n - k - 1);
            Weights w = new Weights(r, k + 1);
            long[][] tables = cur;
            GoldilocksExt2 first = c0;
            GoldilocksExt2[] h = k < k0 ? sparse.round(aBase, bBase, w, point, k)
                    : (k == 0 && base)
                    ? w.sum(pairs, 18, (from, to, acc) -> baseRound(aBase, bBase, w, from, to, acc))
                    : (k == 1 && base) ? w.sum(pairs, 27, new FoldedRound(aBase, bBase, first, w)::run)
                    : w.sum(pairs, 27, (from, to, acc) -> extRound(tables, w, from, to, acc, 0));
            GoldilocksExt2[] g = SumcheckProver.eqRound(h, prefix, r[k]);
            if (k == 0) {
                claimed = g[0].add(g[1]);
                SumcheckTranscript.beginProver(t, n, 3, claimed, enc);
            }
            GoldilocksExt2 c = SumcheckTranscript.round(t, g, enc);
            rounds[k] = g;
            point[k] = c;
            prefix = prefix.mul(Eq.factor(r[k], c));
            if (k < k0) {
                if (k == k0 - 1) cur = SparseStart.foldAll(aBase, bBase, java.util.Arrays.copyOf(point, k0), n);
            } else if (k == 0 && base) {
                c0 = c;
                if (n == 1) {
                    long[][] dst = {new long[1], new long[1], new long[1], new long[1]};
                    foldBase(aBase, c, dst[0], dst[1], 0, 1, 0);
                    foldBase(bBase, c, dst[2], dst[3], 0, 1, 0);
                    cur = dst;
                }
            } else if (k == 1 && base) {
                long[][] dst = {new long[pairs], new long[pairs], new long[pairs], new long[pairs]};
                GoldilocksExt2 c00 = c0;
                Parallel.forEach(2, pairs >= Parallel.MIN_PAIRS, half -> {
                    int from = half * (pairs / 2), to = half == 0 ? pairs / 2 : pairs;
                    foldBaseTwice(aBase, c00, c, dst[0], dst[1], from, to);
                    foldBaseTwice(bBase, c00, c, dst[2], dst[3], from, to);
                });
                cur = dst;
            } else {
                long[][] src = cur, dst = spare != null && spare[0].length >= pairs ? spare
                        : new long[][] {new long[pairs], new long[pairs], new long[pairs], new long[pairs]};
                Parallel.forEach(2, pairs >= Parallel.MIN_PAIRS, half -> {
                    int from = half * (pairs / 2), to = half == 0 ? pairs / 2 : pairs;
                    foldExt(src[0], src[1], c, dst[0], dst[1], from, to);
                    foldExt(src[2], src[3], c, dst[2], dst[3], from, to);
                });
                // the caller's extension tables are never written; only a buffer of ours becomes the spare
                spare = k == 0 ? null : src;
                cur = dst;
            }
        }
        GoldilocksExt2 fa = GoldilocksExt2.of(cur[0][0], cur[1][0]), fb = GoldilocksExt2.of(cur[2][0], cur[3][0]);
        return new SumcheckProverOutput(new SumcheckProof(rounds), claimed, point, prefix.mul(fa).mul(fb),
                new GoldilocksExt2[] {fa, fb});
    }

    /**
     * The first rounds on base tables a, b of which few aligned blocks hold nonzero entries of both (a padding zero-check:
     * b the indicator of the padded entries, a the table, zero there). Round k sums over the pairs of the tables folded k
     * times, pair j being the fold of the block of 2^(k+1) entries at j 2^(k+1); where a or b is zero throughout that
     * block, its folded pair is zero too and adds nothing to any h(t). So round k needs only the mixed blocks of that
     * level (both tables nonzero in them), each folded from the base tables by eq(c_0..c_{k-1}), and the tables are
     * folded in full once, after the K rounds so done, by eq(c_0..c_{K-1}) in one pass (instead of K folding passes,
     * the first making extension tables of 2^(n-1) entries). The same round messages and final values as the rounds it
     * replaces (exact arithmetic, other grouping of the sums). A padded model's blocks stay unmixed up to the alignment
     * of its tensors' real extents (2^10 entries for a dimension of 3072), apart from a few small tensors.
     */
    static final class SparseStart {
        /** Tables below 2^MIN_VARS entries take the generic rounds (the search is not worth it). */
        static final int MIN_VARS = 12;
        final int rounds;
        /** mixed[k]: the pairs of round k (blocks of 2^(k+1) entries) where both tables are nonzero somewhere. */
        final int[][] mixed;

        private SparseStart(int rounds, int[][] mixed) {
            this.rounds = rounds;
            this.mixed = mixed;
        }

        /**
         * The rounds worth doing so, as many as keep the mixed blocks' entries summed over those rounds within 2^(n-3)
         * (their folding costs that many multiplies per table), or null when fewer than two.
         */
        static SparseStart find(long[] a, long[] b, int n) {
            if (n < MIN_VARS) return null;
            int half = 1 << (n - 1);
            // per block: 1 if a is nonzero in it, 2 if b is; level l + 1 from level l into the other array (both cores)
            byte[][] flags = {new byte[half], new byte[half / 2]};
            long budget = 1L << (n - 3), spent = 0;
            java.util.List<int[]> levels = new java.util.ArrayList<>();
            for (int level = 1, size = half; level <= n; level++, size >>= 1) {
                byte[] src = flags[level & 1], dst = flags[(level - 1) & 1];
                int lev = level, sz = size;
                int[][] parts = new int[2][];
                Parallel.forEach(2, size >= Parallel.MIN_PAIRS, part -> {
                    int from = part == 0 ? 0 : sz / 2, to = part == 0 ? sz / 2 : sz, count = 0;
                    long cap = budget >>> lev; // more mixed blocks than this and the level is over budget anyway
                    int[] mixed = new int[16];
                    for (int i = from; i < to; i++) {
                        byte x = lev == 1
                                ? (byte) (((a[2 * i] | a[2 * i + 1]) != 0 ? 1 : 0) | ((b[2 * i] | b[2 * i + 1]) != 0 ? 2 : 0))
                                : (byte) (src[2 * i] | src[2 * i + 1]);
                        dst[i] = x;
                        if (x == 3) {
                            if (count >= cap) {
                                parts[part] = null;
                                return;
                            }
                            if (count == mixed.length) mixed = java.util.Arrays.copyOf(mixed, 2 * count);
                            mixed[count++] = i;
                        }
                    }
                    parts[part] = java.util.Arrays.copyOf(mixed, count);
                });
                if (parts[0] == null || parts[1] == null) break;
                int count = parts[0].length + parts[1].length;
                spent += (long) count << level;
                if (spent > budget) break;
                int[] m = java.util.Arrays.copyOf(parts[0], count);
                System.arraycopy(parts[1], 0, m, parts[0].length, parts[1].length);
                levels.add(m);
            }
            return levels.size() < 2 ? null : new SparseStart(levels.size(), levels.toArray(new int[0][]));
        }

        /** h(0), h(1), h(2) of round k from its mixed pairs (w: the round's weights), the challenges point[0..k) drawn. */
        GoldilocksExt2[] round(long[] a, long[] b, Weights w, GoldilocksExt2[] point, int k) {
            ExtVec e = Eq.table(java.util.Arrays.copyOf(point, k));
            int mask = (1 << w.lowBits) - 1, half = 1 << k;
            long[] acc = new long[27], v = new long[8];
            for (int j : mixed[k]) {
                int at = j << (k + 1);
                fold(a, at, e, v, 0);
                fold(a, at + half, e, v, 2);
                fold(b, at, e, v, 4);
                fold(b, at + half, e, v, 6);
                GoldilocksExt2 wj = GoldilocksExt2.of(w.lo0[j & mask], w.lo1[j & mask]).mul(GoldilocksExt2.of(w.hi0[j >>> w.lowBits], w.hi1[j >>> w.lowBits]));
                long x = wj.c0, y = wj.c1, xy = add(x, y);
                weightedProduct(acc, 0, x, y, xy, v[0], v[1], v[4], v[5]);
                weightedProduct(acc, 9, x, y, xy, v[2], v[3], v[6], v[7]);
                weightedProduct(acc, 18, x, y, xy, twiceMinus(v[2], v[0]), twiceMinus(v[3], v[1]), twiceMinus(v[6], v[4]), twiceMinus(v[7], v[5]));
            }
            return new GoldilocksExt2[] {ProductProver.karatsubaSum(acc, 0), ProductProver.karatsubaSum(acc, 9), ProductProver.karatsubaSum(acc, 18)};
        }

        /** out[o], out[o + 1] = sum_x e(x) f[at + x] over x &lt; |e| (extension e, base f), in 192-bit sums. */
        private static void fold(long[] f, int at, ExtVec e, long[] out, int o) {
            long[] acc = new long[6], e0 = e.c0, e1 = e.c1;
            for (int x = 0; x < e0.length; x++) {
                long v = f[at + x];
                if (v == 0) continue; // a table is zero on long runs (the padding, or the real entries in the indicator)
                if (v == 1) { // the indicator's ones: sums of the weights, no multiply
                    addTo(acc, 0, e0[x]);
                    addTo(acc, 3, e1[x]);
                    continue;
                }
                accumulate(acc, 0, e0[x], v);
                accumulate(acc, 3, e1[x], v);
            }
            out[o] = reduce192(acc, 0);
            out[o + 1] = reduce192(acc, 3);
        }

        /** acc[at..at+2] += x as a 192-bit sum. */
        private static void addTo(long[] acc, int at, long x) {
            long lo = acc[at], nl = lo + x, c = io.zkml4j.field.Goldilocks.carry(lo, x, nl);
            long hi = acc[at + 1], nh = hi + c;
            acc[at + 2] += io.zkml4j.field.Goldilocks.carry(hi, c, nh);
            acc[at] = nl;
            acc[at + 1] = nh;
        }

        /** {a.c0, a.c1, b.c0, b.c1}: both tables folded by the challenges c (eq(c, .) over the low |c| variables). */
        static long[][] foldAll(long[] a, long[] b, GoldilocksExt2[] c, int n) {
            ExtVec e = Eq.table(c);
            int size = 1 << (n - c.length), block = 1 << c.length;
            long[][] dst = {new long[size], new long[size], new long[size], new long[size]};
            Parallel.forEach(2, size >= 2 && (long) size * block >= Parallel.MIN_PAIRS, part -> {
                long[] v = new long[2];
                for (int i = part * (size / 2), end = part == 0 ? size / 2 : size; i < end; i++) {
                    fold(a, i * block, e, v, 0);
                    dst[0][i] = v[0];
                    dst[1][i] = v[1];
                    fold(b, i * block, e, v, 0);
                    dst[2][i] = v[0];
                    dst[3][i] = v[1];
                }
            });
            return dst;
        }
    }

    /**
     * The weight of pair i in round k, eq(r_{k+1..n-1}, i), kept factored as lo(i mod 2^L) hi(i / 2^L) (two tables of
     * about sqrt(2^(n-k)) entries instead of one of 2^(n-k-1)): a range of pairs is summed per hi block with the lo
     * weights, and each block's sum multiplied by its hi weight once.
     */
    private static final class Weights {
        final int lowBits;
        final long[] lo0, lo1, hi0, hi1;

        Weights(GoldilocksExt2[] r, int from) {
            int vars = r.length - from;
            lowBits = vars / 2;
            ExtVec lo = Eq.table(java.util.Arrays.copyOfRange(r, from, from + lowBits));
            ExtVec hi = Eq.table(java.util.Arrays.copyOfRange(r, from + lowBits, r.length));
            lo0 = lo.c0;
            lo1 = lo.c1;
            hi0 = hi.c0;
            hi1 = hi.c1;
        }

        /** h(0), h(1), h(2) from the blocks' sums, which {@code kernel} adds to acc[0..17] (c0 and c1 of each, 192-bit). */
        GoldilocksExt2[] sum(int pairs, int innerLen, BlockKernel kernel) {
            long[] acc = Parallel.sum(pairs, 18, (from, to, out) -> {
                long[] inner = new long[innerLen];
                for (int i = from; i < to; ) {
                    int block = i >>> lowBits, end = Math.min(to, (block + 1) << lowBits);
                    java.util.Arrays.fill(inner, 0L);
                    if (kernel.run(i, end, inner)) addBlock(inner, innerLen == 27, hi0[block], hi1[block], out);
                    i = end;
                }
            });
            GoldilocksExt2[] h = new GoldilocksExt2[3];
            for (int s = 0; s < 3; s++) h[s] = GoldilocksExt2.of(reduce192(acc, 6 * s), reduce192(acc, 6 * s + 3));
            return h;
        }
    }

    /** Adds pairs [from, to) (one hi block) to the block's accumulators; false when every pair was skipped (all zero). */
    private interface BlockKernel {
        boolean run(int from, int to, long[] inner);
    }

    /** out += hi * (the block's h(t)), as 192-bit sums of c0 and c1 per t; inner: 6 groups (base round) or 3 Karatsuba sums (ext). */
    private static void addBlock(long[] inner, boolean karatsuba, long x, long y, long[] out) {
        for (int s = 0; s < 3; s++) {
            GoldilocksExt2 v = karatsuba ? ProductProver.karatsubaSum(inner, 9 * s)
                    : GoldilocksExt2.of(reduce192(inner, 6 * s), reduce192(inner, 6 * s + 3));
            GoldilocksExt2 p = v.mul(GoldilocksExt2.of(x, y));
            accumulate(out, 6 * s, p.c0, 1L);
            accumulate(out, 6 * s + 3, p.c1, 1L);
        }
    }

    /**
     * Round 0 on base tables, pairs [from, to) of one block: h(t) = sum_i lo_i a(t, i) b(t, i), t = 0, 1, 2, base
     * products then two base-by-ext multiplies. A pair where a or b is zero at both ends adds nothing to any h(t) and
     * is skipped (a padding indicator is mostly zero).
     */
    private static boolean baseRound(long[] a, long[] b, Weights w, int from, int to, long[] acc) {
        long[] w0 = w.lo0, w1 = w.lo1;
        int mask = (1 << w.lowBits) - 1;
        boolean any = false;
        for (int i = from; i < to; i++) {
            long a0 = a[2 * i], a1 = a[2 * i + 1], b0 = b[2 * i], b1 = b[2 * i + 1];
            if ((a0 | a1) == 0 || (b0 | b1) == 0) continue;
            any = true;
            long p0 = mul(a0, b0), p1 = mul(a1, b1), p2 = mul(twiceMinus(a1, a0), twiceMinus(b1, b0));
            long x = w0[i & mask], y = w1[i & mask];
            accumulate(acc, 0, x, p0);
            accumulate(acc, 3, y, p0);
            accumulate(acc, 6, x, p1);
            accumulate(acc, 9, y, p1);
            accumulate(acc, 12, x, p2);
            accumulate(acc, 15, y, p2);
        }
        return any;
    }

    private static long reduce192(long[] acc, int at) {
        return io.zkml4j.field.Goldilocks.reduce192(acc[at], acc[at + 1], acc[at + 2]);
    }

    /**
     * Extension tables {a.c0, a.c1, b.c0, b.c1} (pair j at entries 2 (j - off) and the next), pairs [from, to) of one block: per pair and t, p = a_t b_t by
     * Karatsuba (4 multiplies), then lo * p accumulated as unreduced Karatsuba partial sums (3 multiplies). Pairs
     * with a or b zero at both ends are skipped.
     */
    private static boolean extRound(long[][] tab, Weights w, int from, int to, long[] acc, int off) {
        long[] ax = tab[0], ay = tab[1], bx = tab[2], by = tab[3], w0 = w.lo0, w1 = w.lo1;
        int mask = (1 << w.lowBits) - 1;
        boolean any = false;
        for (int j = from; j < to; j++) {
            int i = 2 * (j - off);
            long pa0 = ax[i], pa1 = ay[i], pb0 = bx[i], pb1 = by[i];
            long qa0 = ax[i + 1], qa1 = ay[i + 1], qb0 = bx[i + 1], qb1 = by[i + 1];
            if ((pa0 | pa1 | qa0 | qa1) == 0 || (pb0 | pb1 | qb0 | qb1) == 0) continue;
            any = true;
            long x = w0[j & mask], y = w1[j & mask], xy = add(x, y);
            weightedProduct(acc, 0, x, y, xy, pa0, pa1, pb0, pb1);
            weightedProduct(acc, 9, x, y, xy, qa0, qa1, qb0, qb1);
            weightedProduct(acc, 18, x, y, xy, twiceMinus(qa0, pa0), twiceMinus(qa1, pa1), twiceMinus(qb0, pb0),
                    twiceMinus(qb1, pb1));
        }
        return any;
    }

    /** (o0, o1)[i - off] = f(c, i) for a base table f, i in [from, to); a zero pair folds to zero without multiplying. */
    private static void foldBase(long[] f, GoldilocksExt2 c, long[] o0, long[] o1, int from, int to, int off) {
        long c0 = c.c0, c1 = c.c1;
        for (int i = from; i < to; i++) {
            long lo = f[2 * i], hi = f[2 * i + 1];
            if ((lo | hi) == 0) {
                o0[i - off] = 0;
                o1[i - off] = 0;
                continue;
            }
            long d = sub(hi, lo);
            o0[i - off] = mulAdd(c0, d, lo);
            o1[i - off] = mul(c1, d);
        }
    }

    /**
     * Round 1 on base tables not yet folded: a block's entries of round 0's fold f(c0, .) are made into a per-thread
     * buffer of one block, then summed as {@link #extRound} sums the folded tables.
     */
    private static final class FoldedRound {
        final long[] a, b;
        final GoldilocksExt2 c0;
        final Weights w;
        final ThreadLocal<long[][]> scratch;

        FoldedRound(long[] a, long[] b, GoldilocksExt2 c0, Weights w) {
            this.a = a;
            this.b = b;
            this.c0 = c0;
            this.w = w;
            int len = 2 << w.lowBits; // a block's pairs, two entries each
            this.scratch = ThreadLocal.withInitial(() -> new long[][] {new long[len], new long[len], new long[len], new long[len]});
        }

        boolean run(int from, int to, long[] acc) {
            long[][] t = scratch.get();
            foldBase(a, c0, t[0], t[1], 2 * from, 2 * to, 2 * from);
            foldBase(b, c0, t[2], t[3], 2 * from, 2 * to, 2 * from);
            return extRound(t, w, from, to, acc, from);
        }
    }

    /** (o0, o1)[i] = f(c0, c1, i), base f folded by c0 then by c1, i in [from, to); four zeros fold to zero. */
    private static void foldBaseTwice(long[] f, GoldilocksExt2 c, GoldilocksExt2 d, long[] o0, long[] o1, int from, int to) {
        long c0 = c.c0, c1 = c.c1, d0 = d.c0, d1 = d.c1, wd1 = mul(GoldilocksExt2.W, d1);
        for (int i = from; i < to; i++) {
            long p = f[4 * i], q = f[4 * i + 1], u = f[4 * i + 2], v = f[4 * i + 3];
            if ((p | q | u | v) == 0) {
                o0[i] = 0;
                o1[i] = 0;
                continue;
            }
            long dl = sub(q, p), dh = sub(v, u);
            long lo0 = mulAdd(c0, dl, p), lo1 = mul(c1, dl), hi0 = mulAdd(c0, dh, u), hi1 = mul(c1, dh);
            long e0 = sub(hi0, lo0), e1 = sub(hi1, lo1);
            o0[i] = dot2Add(d0, e0, wd1, e1, lo0);
            o1[i] = dot2Add(d0, e1, d1, e0, lo1);
        }
    }

    /** (o0, o1)[i] = f(c, i) for an extension table f = (f0, f1), i in [from, to); a zero pair folds to zero. */
    private static void foldExt(long[] f0, long[] f1, GoldilocksExt2 c, long[] o0, long[] o1, int from, int to) {
        long c0 = c.c0, c1 = c.c1, wc1 = mul(GoldilocksExt2.W, c1);
        for (int i = from; i < to; i++) {
            long lo0 = f0[2 * i], lo1 = f1[2 * i], hi0 = f0[2 * i + 1], hi1 = f1[2 * i + 1];
            if ((lo0 | lo1 | hi0 | hi1) == 0) {
                o0[i] = 0;
                o1[i] = 0;
                continue;
            }
            long d0 = sub(hi0, lo0), d1 = sub(hi1, lo1);
            o0[i] = dot2Add(c0, d0, wc1, d1, lo0);
            o1[i] = dot2Add(c0, d1, c1, d0, lo1);
        }
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
