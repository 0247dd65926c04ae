package io.zkml4j.sumcheck;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;

/**
 * Sumcheck prover (Lund-Fortnow-Karloff-Nisan) for claim = sum_{x in {0,1}^n} F(x) with F a sum of products
 * of multilinear tables, optionally weighted by eq(r, x). Variables are bound lowest first (x_0 first), so
 * every round reads adjacent pairs (f[2i], f[2i+1]); a contiguous slice of the tables proves every round but
 * the last log(slices) locally, which is what a distributed prover will exploit.
 *
 * <p>Soundness error of the resulting proof: n * d / p^2 (see {@link SumcheckVerifier}); d = the round degree.
 *
 * <p>Input tables are never modified: the first round folds into fresh arrays, later rounds fold those in place.
 */
public final class SumcheckProver {
    private SumcheckProver() {}

    /** Generic: claim = sum_x expr(f_0(x), ..., f_{m-1}(x)); round degree expr.degree(). */
    public static SumcheckProverOutput prove(SumOfProducts expr, ExtVec[] tables, Transcript t) {
        return run(expr, tables, null, t, null);
    }

    /**
     * claim = sum_x eq(r, x) * expr(f(x)); round degree expr.degree() + 1. eq stays factored: round k sums
     * expr over pairs weighted by eq(r_{k+1..}, .) and multiplies the bound prefix and eq(r_k, X) in afterwards
     * (Gruen's trick), so no eq table is folded.
     */
    public static SumcheckProverOutput proveEq(GoldilocksExt2[] r, SumOfProducts expr, ExtVec[] tables, Transcript t) {
        if (r == null) throw new IllegalArgumentException("eq point is null");
        return run(expr, tables, r, t, null);
    }

    /** The generic path ({@link #prove}, or {@link #proveEq} when r is not null) with every round message masked by {@code enc}. */
    public static SumcheckProverOutput prove(SumOfProducts expr, ExtVec[] tables, GoldilocksExt2[] r, Transcript t, SumcheckTranscript.Encryption enc) {
        return run(expr, tables, r, t, enc);
    }

    /** Fast path: claim = sum_x a(x) b(x) over base tables, degree 2; round 1 in base arithmetic. */
    public static SumcheckProverOutput proveProduct(long[] a, long[] b, Transcript t) {
        return ProductProver.prove(a, b, t, null);
    }

    /** {@link #proveProduct(long[], long[], Transcript)} with every round message masked by {@code enc} ({@link EncryptedSumcheck}). */
    public static SumcheckProverOutput proveProduct(long[] a, long[] b, Transcript t, SumcheckTranscript.Encryption enc) {
        return ProductProver.prove(a, b, t, enc);
    }

    /** Fast path: claim = sum_x a(x) b(x) with a base and b an extension table, degree 2; round 1 in base x extension arithmetic. */
    public static SumcheckProverOutput proveProduct(long[] a, ExtVec b, Transcript t) {
        return ProductProver.prove(a, b, t);
    }

    /** {@link #proveProduct(long[], ExtVec, Transcript)} with every round message masked by {@code enc}. */
    public static SumcheckProverOutput proveProduct(long[] a, ExtVec b, Transcript t, SumcheckTranscript.Encryption enc) {
        return ProductProver.prove(a, b, t, enc);
    }

    /** Fast path: claim = sum_x eq(r, x) a(x) b(x), degree 3; base tables stay in base arithmetic in round 1. */
    public static SumcheckProverOutput proveEqProduct(GoldilocksExt2[] r, long[] a, long[] b, Transcript t) {
        return EqProductProver.prove(r, a, b, null, null, t, null);
    }

    /** {@link #proveEqProduct(GoldilocksExt2[], long[], long[], Transcript)} with every round message masked by {@code enc}. */
    public static SumcheckProverOutput proveEqProduct(GoldilocksExt2[] r, long[] a, long[] b, Transcript t, SumcheckTranscript.Encryption enc) {
        return EqProductProver.prove(r, a, b, null, null, t, enc);
    }

    /** Fast path: claim = sum_x eq(r, x) a(x) b(x), degree 3, extension tables. */
    public static SumcheckProverOutput proveEqProduct(GoldilocksExt2[] r, ExtVec a, ExtVec b, Transcript t) {
        return EqProductProver.prove(r, null, null, a, b, t, null);
    }

    // ---- generic path ----

    private static SumcheckProverOutput run(SumOfProducts expr, ExtVec[] tables, GoldilocksExt2[] r, Transcript t, SumcheckTranscript.Encryption enc) {
        if (tables.length != expr.numPolys()) {
            throw new IllegalArgumentException("expression over " + expr.numPolys() + " polynomials given " + tables.length + " tables");
        }
        int n = Mle.numVars(tables[0].length());
        for (ExtVec f : tables) {
            if (f.length() != tables[0].length()) {
                throw new IllegalArgumentException("tables differ in length: " + f.length() + " vs " + tables[0].length());
            }
        }
        if (r != null && r.length != n) throw new IllegalArgumentException("eq point has " + r.length + " coordinates, tables " + n + " variables");
        int inner = expr.degree();
        int degree = inner + (r == null ? 0 : 1);
        ExtVec[] suffix = r == null ? null : suffixEqTables(r);
        GoldilocksExt2 prefix = GoldilocksExt2.ONE;
        GoldilocksExt2 claimed = null;
        GoldilocksExt2[][] rounds = new GoldilocksExt2[n][];
        GoldilocksExt2[] point = new GoldilocksExt2[n];
        ExtVec[] cur = tables;
        for (int k = 0; k < n; k++) {
            int len = 1 << (n - k);
            GoldilocksExt2[] h = roundValues(expr, cur, len, r == null ? null : suffix[k], inner + 1);
            GoldilocksExt2[] g = r == null ? h : eqRound(h, prefix, r[k]);
            if (k == 0) {
                claimed = g[0].add(g[1]);
                SumcheckTranscript.beginProver(t, n, degree, claimed, enc);
            }
            GoldilocksExt2 c = SumcheckTranscript.round(t, g, enc);
            rounds[k] = g;
            point[k] = c;
            if (r != null) prefix = prefix.mul(Eq.factor(r[k], c));
            if (k == 0) {
                ExtVec[] next = new ExtVec[cur.length];
                for (int j = 0; j < cur.length; j++) next[j] = Mle.fold(cur[j], c);
                cur = next;
            } else {
                for (ExtVec f : cur) Mle.foldInPlace(f, len, c);
            }
        }
        GoldilocksExt2[] finalEvals = new GoldilocksExt2[cur.length];
        for (int j = 0; j < cur.length; j++) finalEvals[j] = cur[j].get(0);
        GoldilocksExt2 finalClaim = prefix.mul(expr.evaluate(finalEvals));
        if (n == 0) {
            claimed = finalClaim;
            SumcheckTranscript.beginProver(t, n, degree, claimed, enc);
        }
        return new SumcheckProverOutput(new SumcheckProof(rounds), claimed, point, finalClaim, finalEvals);
    }

    /**
     * h(t) = sum_i w_i * sum_k c_k prod_{j in k} f_j(t, i) for t = 0..npts-1, where f_j(t, i) = f_j[2i] + t (f_j[2i+1] - f_j[2i])
     * is table j with x_0 set to t and the other variables to i; w = 1 when weights is null.
     */
    static GoldilocksExt2[] roundValues(SumOfProducts expr, ExtVec[] tables, int len, ExtVec weights, int npts) {
        int half = len >>> 1, nt = tables.length, nk = expr.numTerms();
        long[] v0 = new long[nt * npts], v1 = new long[nt * npts];
        long[] acc0 = new long[nk * npts], acc1 = new long[nk * npts];
        int[][] factors = new int[nk][];
        for (int k = 0; k < nk; k++) factors[k] = expr.factorsUnsafe(k);
        for (int i = 0; i < half; i++) {
            for (int j = 0; j < nt; j++) {
                long[] f0 = tables[j].c0, f1 = tables[j].c1;
                long x0 = f0[2 * i], x1 = f1[2 * i];
                long d0 = Goldilocks.sub(f0[2 * i + 1], x0), d1 = Goldilocks.sub(f1[2 * i + 1], x1);
                int base = j * npts;
                for (int s = 0; s < npts; s++) {
                    v0[base + s] = x0;
                    v1[base + s] = x1;
                    x0 = Goldilocks.add(x0, d0);
                    x1 = Goldilocks.add(x1, d1);
                }
            }
            long w0 = weights == null ? 1 : weights.c0[i], w1 = weights == null ? 0 : weights.c1[i];
            for (int k = 0; k < nk; k++) {
                int[] f = factors[k];
                for (int s = 0; s < npts; s++) {
                    long p0 = v0[f[0] * npts + s], p1 = v1[f[0] * npts + s];
                    for (int m = 1; m < f.length; m++) {
                        long q0 = v0[f[m] * npts + s], q1 = v1[f[m] * npts + s];
                        long t0 = GoldilocksExt2.mul0(p0, p1, q0, q1);
                        p1 = GoldilocksExt2.mul1(p0, p1, q0, q1);
                        p0 = t0;
                    }
                    if (weights != null) {
                        long t0 = GoldilocksExt2.mul0(p0, p1, w0, w1);
                        p1 = GoldilocksExt2.mul1(p0, p1, w0, w1);
                        p0 = t0;
                    }
                    acc0[k * npts + s] = Goldilocks.add(acc0[k * npts + s], p0);
                    acc1[k * npts + s] = Goldilocks.add(acc1[k * npts + s], p1);
                }
            }
        }
        GoldilocksExt2[] out = new GoldilocksExt2[npts];
        for (int s = 0; s < npts; s++) {
            GoldilocksExt2 sum = GoldilocksExt2.ZERO;
            for (int k = 0; k < nk; k++) sum = sum.add(expr.coeff(k).mul(GoldilocksExt2.of(acc0[k * npts + s], acc1[k * npts + s])));
            out[s] = sum;
        }
        return out;
    }

    /**
     * The round polynomial g(X) = prefix * eq(r_k, X) * h(X) at X = 0..deg(h)+1, from h at 0..deg(h):
     * h is extended by one value (Lagrange extrapolation), then multiplied pointwise.
     */
    static GoldilocksExt2[] eqRound(GoldilocksExt2[] h, GoldilocksExt2 prefix, GoldilocksExt2 rk) {
        int d = h.length; // g has degree deg(h) + 1 = d, so d + 1 values
        GoldilocksExt2[] g = new GoldilocksExt2[d + 1];
        for (int s = 0; s <= d; s++) {
            GoldilocksExt2 x = GoldilocksExt2.ofBase(s);
            GoldilocksExt2 hs = s < d ? h[s] : Univariate.evaluate(h, x);
            g[s] = prefix.mul(Eq.factor(rk, x)).mul(hs);
        }
        return g;
    }

    /**
     * suffix[k] = table of eq((r_{k+1}, ..., r_{n-1}), .) with 2^(n-k-1) entries: the weight of pair i in round k.
     * Built from suffix[n-1] = [1] by prepending one variable as the new lowest bit per step (2^n ext multiplies in all).
     */
    static ExtVec[] suffixEqTables(GoldilocksExt2[] r) {
        int n = r.length;
        ExtVec[] s = new ExtVec[n];
        if (n == 0) return s;
        s[n - 1] = ExtVec.of(GoldilocksExt2.ONE);
        for (int k = n - 1; k >= 1; k--) {
            ExtVec prev = s[k];
            int m = prev.length();
            ExtVec next = ExtVec.zeros(2 * m);
            long r0 = r[k].c0, r1 = r[k].c1, wr1 = Goldilocks.mul(GoldilocksExt2.W, r1);
            long[] p0 = prev.c0, p1 = prev.c1, n0 = next.c0, n1 = next.c1;
            for (int i = 0; i < m; i++) {
                long a0 = p0[i], a1 = p1[i];
                long h0 = Goldilocks.dot2Add(a0, r0, a1, wr1, 0), h1 = Goldilocks.dot2Add(a0, r1, a1, r0, 0);
                n0[2 * i + 1] = h0;
                n1[2 * i + 1] = h1;
                n0[2 * i] = Goldilocks.sub(a0, h0);
                n1[2 * i] = Goldilocks.sub(a1, h1);
            }
            s[k - 1] = next;
        }
        return s;
    }
}
