package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;

/**
 * The padding invariant, enforced once for every committed vector: each entry of the advice table that is not a real
 * entry of an advice vector (the padding of every hidden tensor and auxiliary vector, the rows of a lookup region no
 * member holds, the table's unused tail) is zero. Operators may then read any vector over its whole padded hypercube
 * (a MatMul summing over a padded K, a sum over a padded axis) as if the padding were absent.
 *
 * <p>Zero-check, after every other message and before the opening: draw r (extension, |r| = n table variables), prove
 * sum_x E(x) A(x) = 0 with E = eq(r, .) * pad (pad(x) = 1 off the real entries) by one degree-2 sumcheck, and send
 * A(rho) as a claim on the advice table. The verifier computes E(rho) itself in O(vectors * n) ({@link #maskAt}).
 * Soundness: if A is nonzero somewhere on the padding, sum_x E(x) A(x) is the multilinear extension of pad*A (a nonzero
 * polynomial of degree 1 in each of n variables) at r, zero with probability at most n/|F|; the sumcheck then ends in a
 * false claim except with probability 2n/|F|: 3n/|F| in all (n &lt;= 28: below 2^-121).
 */
final class PaddingCheck {
    private PaddingCheck() {}

    static final String WHAT = "padding: an entry outside every vector's real entries is nonzero";

    /** Both sides; {@code table} is the prover's advice table (null on the verifier's side). */
    static void run(Side s, long[] table) {
        Circuit c = s.circuit;
        if (c.adviceVars < 0) return;
        int n = c.adviceVars;
        GoldilocksExt2[] r = s.challenges("padding.r", n);
        ExtVec mask = table == null ? null : maskTable(c, r);
        Sumchecks.Result sc = PoolProof.sumcheck(s, "padding", () -> Sumchecks.runProduct(s, table, mask, n, GoldilocksExt2.ZERO));
        GoldilocksExt2 a = s.open(c.adviceAll, sc.point(), sc.eval(0));
        s.check(a.mul(maskAt(c, r, sc.point())).equals(sc.value()), WHAT);
    }

    /** eq(r, x) on the padding, 0 on every real entry of an advice vector. */
    static ExtVec maskTable(Circuit c, GoldilocksExt2[] r) {
        ExtVec e = Eq.table(r);
        for (Vec v : c.vecs) {
            if (v.kind != Vec.Kind.ADVICE) continue;
            int base = (int) v.offset;
            int[] shape = v.shape;
            int last = shape.length == 0 ? 1 : shape[shape.length - 1];
            int rows = Padding.size(shape) / last;
            for (int row = 0; row < rows; row++) {
                int at = base + Padding.paddedIndex(row * last, shape);
                java.util.Arrays.fill(e.c0, at, at + last, 0L);
                java.util.Arrays.fill(e.c1, at, at + last, 0L);
            }
        }
        return e;
    }

    /** The multilinear extension of {@link #maskTable} at rho: eq(r, rho) minus, per vector, the sum over its real entries. */
    static GoldilocksExt2 maskAt(Circuit c, GoldilocksExt2[] r, GoldilocksExt2[] rho) {
        GoldilocksExt2 real = GoldilocksExt2.ZERO;
        for (Vec v : c.vecs) {
            if (v.kind != Vec.Kind.ADVICE) continue;
            // the slot's high bits are fixed: eq(r_j, b) eq(rho_j, b) each
            GoldilocksExt2 term = GoldilocksExt2.ONE;
            long slot = v.offset >>> v.vars;
            for (int j = v.vars; j < c.adviceVars; j++) term = term.mul(bitWeight(r[j], rho[j], ((slot >>> (j - v.vars)) & 1) == 1));
            int at = 0;
            for (int d = v.shape.length - 1; d >= 0; d--) {
                int k = Padding.log2Ceil(v.shape[d]);
                term = term.mul(pairPrefix(v.shape[d], r, rho, at, k));
                at += k;
            }
            real = real.add(term);
        }
        return Eq.eval(r, rho).sub(real);
    }

    /** eq(r_j, b) eq(rho_j, b) for a bit b. */
    private static GoldilocksExt2 bitWeight(GoldilocksExt2 rj, GoldilocksExt2 pj, boolean one) {
        return one ? rj.mul(pj) : GoldilocksExt2.ONE.sub(rj).mul(GoldilocksExt2.ONE.sub(pj));
    }

    /**
     * sum_{i < count} eq(r, i) eq(rho, i) over the k variables [from, from + k) (low first), in O(k): i &lt; count iff at
     * the highest bit where they differ count has 1 and i has 0; the bits below are free and sum to eq(r, rho) there.
     */
    static GoldilocksExt2 pairPrefix(int count, GoldilocksExt2[] r, GoldilocksExt2[] rho, int from, int k) {
        GoldilocksExt2[] low = new GoldilocksExt2[k + 1]; // low[j] = prod_{i < j} eq(r_i, rho_i)
        low[0] = GoldilocksExt2.ONE;
        for (int j = 0; j < k; j++) low[j + 1] = low[j].mul(Eq.factor(r[from + j], rho[from + j]));
        if (count >= (1L << k)) return low[k];
        GoldilocksExt2 acc = GoldilocksExt2.ZERO, high = GoldilocksExt2.ONE;
        for (int j = k - 1; j >= 0; j--) {
            GoldilocksExt2 rj = r[from + j], pj = rho[from + j];
            if (((count >>> j) & 1) == 1) {
                acc = acc.add(high.mul(bitWeight(rj, pj, false)).mul(low[j]));
                high = high.mul(bitWeight(rj, pj, true));
            } else {
                high = high.mul(bitWeight(rj, pj, false));
            }
        }
        return acc;
    }
}
