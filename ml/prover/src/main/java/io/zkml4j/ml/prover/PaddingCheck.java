package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;

/**
 * The padding invariant, enforced once for every committed vector: every padded entry of every advice vector (hidden
 * tensors, operators' auxiliary vectors, range limbs, lookup columns) is zero. Range limbs need nothing here: the range
 * lookup pairs their padded entries with width 0, which admits only 0 ({@code GraphProtocol.widthColumn}); this check
 * covers every other vector. Operators may then read any vector over
 * its whole padded hypercube (a MatMul summing over a padded K, a sum over a padded axis) as if the padding were absent.
 * Space no vector occupies (the table's unused tail, a lookup region's rows no member holds) is read by no operator: a
 * region's free rows are only looked up by its LogUp, where any value must be in the table like every other row.
 *
 * <p>The check covers the smallest aligned block B of 2^m table entries that holds every advice vector with padding
 * (placement is largest first, so big fully real vectors such as lookup multiplicities usually fall outside it, and a
 * model whose shapes are all powers of two needs no check). Zero-check,
 * after every other message and before the opening: draw r (extension, m coordinates), prove sum_x E(x) A_B(x) = 0
 * with E = eq(r, .) * pad (pad = 1 on the padded entries of the vectors in B), by one degree-2 sumcheck, and claim
 * A_B(rho) (a slot claim on the advice table). The verifier computes E(rho) itself in O(vectors * m)
 * ({@link #maskAt}). Soundness: if A_B is nonzero somewhere on the padding, sum_x E(x) A_B(x) is the multilinear
 * extension of pad * A_B (a nonzero polynomial of degree 1 in each of m variables) at r, zero with probability at
 * most m/|F|; the sumcheck then ends in a false claim except with probability 2m/|F|: 3m/|F| in all (m &lt;= 28:
 * below 2^-121).
 */
final class PaddingCheck {
    private PaddingCheck() {}

    static final String WHAT = "padding: an entry outside every vector's real entries is nonzero";

    /** Both sides; {@code table} is the prover's advice table (null on the verifier's side). */
    static void run(Side s, long[] table) {
        Circuit c = s.circuit;
        if (c.paddingBlock < 0) return;
        Vec block = c.vec(c.paddingBlock);
        int m = block.vars;
        GoldilocksExt2[] r = s.challenges("padding.r", m);
        long[] a = null;
        ExtVec mask = null;
        if (table != null) {
            a = java.util.Arrays.copyOfRange(table, (int) block.offset, (int) block.offset + block.paddedSize());
            mask = maskTable(c, block, r);
        }
        long[] a0 = a;
        ExtVec mask0 = mask;
        Sumchecks.Result sc = PoolProof.sumcheck(s, "padding", () -> Sumchecks.runProduct(s, a0, mask0, m, Val.ZERO));
        Val v = s.open(c.paddingBlock, sc.point(), sc.eval(0));
        s.check(v.mul(maskAt(c, block, r, sc.point())), sc.value(), WHAT);
    }

    /** Whether this check covers v: a committed vector with padding, other than a range limb (see the class comment). */
    private static boolean covered(Circuit c, Vec v) {
        return v.committedPerProof() && Padding.size(v.shape) < v.paddedSize() && !c.limbWidths.containsKey(v.id);
    }

    /**
     * {offset, m} of the block the check covers: the smallest aligned 2^m block (m &gt;= 1) holding every vector it
     * covers ({@link #covered}), or null when none. Another vector it meets need not lie in it whole: E is zero off the
     * padded vectors, and those it holds whole.
     */
    static long[] span(Circuit c) {
        long lo = Long.MAX_VALUE, hi = -1;
        for (Vec v : c.vecs) {
            if (!covered(c, v)) continue;
            lo = Math.min(lo, v.offset);
            hi = Math.max(hi, v.offset + v.paddedSize() - 1);
        }
        if (hi < 0) return null;
        int m = Math.max(1, 64 - Long.numberOfLeadingZeros(lo ^ hi)); // the lowest m with lo and hi in one aligned 2^m block
        return new long[] {lo >>> m << m, m};
    }

    /** E on the block: eq(r, .) on the padded entries of the covered vectors (all inside it, by {@link #span}), 0 elsewhere. */
    static ExtVec maskTable(Circuit c, Vec block, GoldilocksExt2[] r) {
        ExtVec eq = Eq.table(r);
        ExtVec e = ExtVec.zeros(block.paddedSize());
        for (Vec v : c.vecs) {
            if (!covered(c, v)) continue;
            int base = (int) (v.offset - block.offset);
            System.arraycopy(eq.c0, base, e.c0, base, v.paddedSize());
            System.arraycopy(eq.c1, base, e.c1, base, v.paddedSize());
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

    /** The multilinear extension of {@link #maskTable} at rho: per vector the sum over its padded block less its real entries. */
    static GoldilocksExt2 maskAt(Circuit c, Vec block, GoldilocksExt2[] r, GoldilocksExt2[] rho) {
        Padding.BitWeight w = pair(r, rho);
        GoldilocksExt2 sum = GoldilocksExt2.ZERO;
        for (Vec v : c.vecs) {
            if (!covered(c, v)) continue;
            GoldilocksExt2 whole = GoldilocksExt2.ONE, slot = GoldilocksExt2.ONE;
            for (int j = 0; j < v.vars; j++) whole = whole.mul(w.free(j));
            long bits = (v.offset - block.offset) >>> v.vars; // v's slot in the block: its variables above v's are fixed
            for (int j = v.vars; j < block.vars; j++) slot = slot.mul(w.at(j, ((bits >>> (j - v.vars)) & 1) == 1));
            sum = sum.add(slot.mul(whole.sub(Padding.realSum(v.shape, w, 0))));
        }
        return sum;
    }

    /** eq(r, .) eq(rho, .) as bit weights: r_j rho_j at 1, (1 - r_j)(1 - rho_j) at 0; a free variable gives eq(r_j, rho_j). */
    private static Padding.BitWeight pair(GoldilocksExt2[] r, GoldilocksExt2[] rho) {
        return new Padding.BitWeight() {
            @Override
            public GoldilocksExt2 at(int j, boolean one) {
                return one ? r[j].mul(rho[j]) : GoldilocksExt2.ONE.sub(r[j]).mul(GoldilocksExt2.ONE.sub(rho[j]));
            }

            @Override
            public GoldilocksExt2 free(int j) {
                return Eq.factor(r[j], rho[j]);
            }
        };
    }

    /** sum_{i < count} eq(r, i) eq(rho, i) over the k variables [from, from + k) (low first), in O(k). */
    static GoldilocksExt2 pairPrefix(int count, GoldilocksExt2[] r, GoldilocksExt2[] rho, int from, int k) {
        return Padding.prefix(count, pair(r, rho), from, k);
    }
}
