package io.zkml4j.lookup;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.poly.Eq;
import io.zkml4j.transcript.Transcript;

/**
 * LogUp-GKR lookup argument (Haböck, "Multivariate lookups based on logarithmic derivatives", ePrint 2022/1530;
 * Papini-Haböck, "Improving logarithmic derivative lookups using GKR", ePrint 2023/1284).
 *
 * <p><b>What it proves.</b> Given looked-up vectors a_{s,c} (segments s < S of 2^n rows, columns c < C), a table T of
 * 2^k rows defined by a rule ({@link Table}) and multiplicities m (2^k field elements), all fixed (committed/bound in
 * the transcript) before the challenges are drawn:
 * <pre>  sum_{s, i} 1 / (alpha - a_s(i)) = sum_j m_j / (alpha - t(j)),   a(i) = a_0(i) + sum_{c>=1} beta_c a_c(i)</pre>
 * at random alpha, beta_c in GoldilocksExt2. The two fractional sums are each computed by a binary tree of fractions
 * (p, q), parent = (p0 q1 + p1 q0, q0 q1) of its children 2x and 2x+1, and proven by GKR: layer by layer, a claim on
 * (P_d(r), Q_d(r)) is batched with lambda and reduced by a d-round sumcheck of
 * eq(r, x) (p0 q1 + p1 q0 + lambda q0 q1)(x) to the children at (0, r') and (1, r'), which a random mu merges into one
 * claim at (mu, r') on layer d + 1. No inverse is committed. The verifier checks the roots' cross product
 * P_lookup Q_table = P_table Q_lookup with both Q != 0, evaluates the table columns at the final table point itself
 * from the rule, and outputs {@link LookupClaims}: the looked-up columns' MLEs at one point and the multiplicities'
 * MLE at another, which the caller must prove (PCS openings, or claims handed to the producing layer).
 * Sibling fractions are adjacent indices (x_0 is the sibling bit), so a contiguous slice of the rows is a subtree.
 *
 * <p><b>Why that shows membership.</b> With distinct table rows, the identity of rational functions in
 * (X, beta_1..beta_{C-1}) holds iff every looked-up tuple is a row of T: a tuple outside T appears c times with
 * 1 <= c <= N = S 2^n < p, so its pole 1/(X - a) has coefficient c mod p != 0 on the left and none on the right,
 * whatever field elements m_j the prover commits (Haböck 2022/1530, Lemma 5; the condition is N < p, here
 * N <= 2^30). Honest multiplicities are integer counts <= N < p, so they never wrap mod p. The multiplicities are
 * advice and constrained by the same identity: a wrong m_j (off by one, or a permuted multiset such as [5,5,5,5,5]
 * for [1..5]) changes the right-hand side's coefficient of 1/(X - t_j) and is rejected likewise.
 *
 * <p><b>Soundness error</b> (for the reduction to the output claims, in the random oracle model, |F| = p^2 ~ 2^128):
 * <ul>
 *   <li>LogUp: the numerator of the difference of both sides, after clearing denominators, has total degree
 *       < N + 2^k, so a false statement survives random (alpha, beta) with probability <= (N + 2^k) / |F|
 *       (a vanishing denominator makes the honest root Q zero, which the verifier rejects: no extra term).</li>
 *   <li>GKR, per tree of depth D: layer d >= 1 costs 3d/|F| (sumcheck, degree 3, d rounds) + 1/|F| (lambda) +
 *       1/|F| (mu), layer 0 costs 1/|F| (mu): G(D) = (3 D (D - 1) / 2 + 2 D - 1) / |F|.</li>
 * </ul>
 * Total: (N + 2^k + G(n + s) + G(k)) / |F|, see {@link #soundnessError}; for 2^20 lookups into 2^16 rows about
 * 2^-107.9. Fiat-Shamir binds: the caller's commitments (passed as {@code bindings}, absorbed first), the table rule,
 * the shape, then alpha/beta; every layer's values before its mu and every sumcheck round before its challenge.
 */
public final class LogUpGkr {
    private LogUpGkr() {}

    /** Degree of every GKR layer sumcheck round: eq (1) times a quadratic form in (p0, p1, q0, q1). */
    public static final int LAYER_DEGREE = 3;

    static final String MU = "logup.gkr.mu";
    static final String LAMBDA = "logup.gkr.lambda";
    static final String EVALS = "logup.gkr.evals";

    /** Largest table: 2^30 rows of multiplicities (an int-indexed vector). */
    static final int MAX_TABLE_VARS = 30;

    /**
     * Rejects rules this argument cannot prove: at least 2 rows (k >= 1, so the table side's tree has a layer to send)
     * and at least one column (alpha). Prover, decoder and verifier call it first, so a degenerate custom
     * {@link Table} fails the same way everywhere, with a message naming it.
     */
    static Table checkTable(Table table) {
        int k = table.numVars(), cols = table.numColumns();
        if (k < 1 || k > MAX_TABLE_VARS || cols < 1) {
            throw new IllegalArgumentException("lookup table " + table.description() + " has 2^" + k + " rows and " + cols
                    + " columns; LogUp-GKR needs 2^1..2^" + MAX_TABLE_VARS + " rows and at least one column");
        }
        return table;
    }

    /** Depth of the fraction tree of side 0 (looked-up values) or 1 (table). */
    static int depth(int side, Table table, LookupShape shape) {
        return side == 0 ? shape.totalVars() : table.numVars();
    }

    /** Number of values layer d of a side carries: 4 for inner layers, the leaf data (both points) for the last. */
    static int numEvals(int side, int d, Table table, LookupShape shape) {
        if (d < depth(side, table, shape) - 1) return 4;
        return side == 0 ? 2 * shape.numSegments() * table.numColumns() : 2;
    }

    /**
     * The Fiat-Shamir prologue shared by prover and verifier: the bindings (commitments that fix the looked-up vectors
     * and the multiplicities), then the table rule and the shape, and only then the challenges alpha, beta_1..beta_{C-1}.
     * {@code challengesFirst} is a test seam that draws them before the bindings (the bug the binding test catches).
     */
    static GoldilocksExt2[] begin(Transcript t, Table table, LookupShape shape, PcsCommitment[] bindings, boolean challengesFirst) {
        if (!challengesFirst) absorbBindings(t, bindings);
        table.absorbInto(t);
        t.absorbFields("logup.shape", new long[] {shape.numVars(), shape.numSegments(), table.numColumns(), table.numVars()});
        GoldilocksExt2[] ch = new GoldilocksExt2[table.numColumns()];
        ch[0] = t.challengeExt("logup.alpha");
        for (int c = 1; c < ch.length; c++) ch[c] = t.challengeExt("logup.beta");
        if (challengesFirst) absorbBindings(t, bindings);
        return ch;
    }

    private static void absorbBindings(Transcript t, PcsCommitment[] bindings) {
        t.absorbField("logup.bindings", bindings.length);
        for (PcsCommitment c : bindings) c.absorbInto(t);
    }

    static void absorbEvals(Transcript t, GoldilocksExt2[] evals) {
        long[] c0 = new long[evals.length], c1 = new long[evals.length];
        for (int i = 0; i < evals.length; i++) {
            c0[i] = evals[i].c0;
            c1[i] = evals[i].c1;
        }
        t.absorbExts(EVALS, c0, c1);
    }

    /** alpha - (v_0 + sum_{c>=1} beta_c v_c): the denominator of a looked-up or table tuple. */
    static GoldilocksExt2 denominator(GoldilocksExt2[] ch, GoldilocksExt2[] tuple, int offset) {
        GoldilocksExt2 acc = tuple[offset];
        for (int c = 1; c < ch.length; c++) acc = acc.add(ch[c].mul(tuple[offset + c]));
        return ch[0].sub(acc);
    }

    /**
     * Verifier's leaf fraction (p, q) of the looked-up side at the point (b, rPrime), from the columns' values there
     * (data[j*C + c] = a_{j,c}(b, rPrime_low)): p = sum_{j<S} eq(rPrime_high, j) (padding segments have numerator 0),
     * q = alpha - sum_{j<S} eq(rPrime_high, j) comb(a_j) (padding rows are zero tuples, fraction 0 / alpha).
     */
    static GoldilocksExt2[] lookupLeaf(GoldilocksExt2[] ch, LookupShape shape, GoldilocksExt2[] data, GoldilocksExt2[] rPrime) {
        GoldilocksExt2[] w = lookupLeafWeights(ch, shape, rPrime);
        GoldilocksExt2 comb = GoldilocksExt2.ZERO;
        for (int i = 0; i < data.length; i++) comb = comb.add(w[i + 1].mul(data[i]));
        return new GoldilocksExt2[] {w[0], ch[0].sub(comb)};
    }

    /**
     * The public part of {@link #lookupLeaf}: p, then the weights k_i with q = alpha - sum_i k_i data[i]
     * (k_{j*C + c} = eq(rPrime_high, j) beta_c, beta_0 = 1), so a verifier holding the data symbolically stays affine.
     */
    static GoldilocksExt2[] lookupLeafWeights(GoldilocksExt2[] ch, LookupShape shape, GoldilocksExt2[] rPrime) {
        int n = shape.numVars(), s = shape.segmentVars(), cols = ch.length;
        GoldilocksExt2[] high = java.util.Arrays.copyOfRange(rPrime, n - 1, n - 1 + s);
        GoldilocksExt2[] w = new GoldilocksExt2[1 + shape.numSegments() * cols];
        w[0] = GoldilocksExt2.ZERO;
        for (int j = 0; j < shape.numSegments(); j++) {
            GoldilocksExt2 e = Eq.evalAtIndex(high, j);
            w[0] = w[0].add(e);
            w[1 + j * cols] = e;
            for (int c = 1; c < cols; c++) w[1 + j * cols + c] = e.mul(ch[c]);
        }
        return w;
    }

    /** Verifier's leaf fraction of the table side at (b, rPrime): (m(b, rPrime), alpha - comb(t(b, rPrime))) with t from the rule. */
    static GoldilocksExt2[] tableLeaf(GoldilocksExt2[] ch, Table table, GoldilocksExt2 m, int b, GoldilocksExt2[] rPrime) {
        return new GoldilocksExt2[] {m, tableLeafDenominator(ch, table, b, rPrime)};
    }

    /** The table side's leaf denominator alpha - comb(t(b, rPrime)): public, the table is a rule. */
    static GoldilocksExt2 tableLeafDenominator(GoldilocksExt2[] ch, Table table, int b, GoldilocksExt2[] rPrime) {
        GoldilocksExt2[] point = new GoldilocksExt2[rPrime.length + 1];
        point[0] = b == 0 ? GoldilocksExt2.ZERO : GoldilocksExt2.ONE;
        System.arraycopy(rPrime, 0, point, 1, rPrime.length);
        GoldilocksExt2[] t = new GoldilocksExt2[ch.length];
        for (int c = 0; c < ch.length; c++) t[c] = table.evaluate(c, point);
        return denominator(ch, t, 0);
    }

    /** log2 of 1 / (the soundness error above): -log2((N + 2^k + G(n+s) + G(k)) / p^2). */
    public static double soundnessBits(Table table, LookupShape shape) {
        double n = (double) shape.numSegments() * Math.pow(2, shape.numVars());
        double err = n + Math.pow(2, table.numVars()) + gkrTerms(shape.totalVars()) + gkrTerms(table.numVars());
        double log2Field = 2 * (64 + Math.log1p(-Math.pow(2, -32)) / Math.log(2)); // |F| = p^2, p = 2^64 - 2^32 + 1
        return log2Field - Math.log(err) / Math.log(2);
    }

    /** G(D) * |F|: 3 D (D - 1) / 2 + 2 D - 1 Schwartz-Zippel terms for a tree of depth D. */
    static double gkrTerms(int depth) {
        return 1.5 * depth * (depth - 1) + 2.0 * depth - 1;
    }
}
