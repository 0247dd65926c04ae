package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;

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
 * after every other message and before the opening: draw r (extension, m coordinates), prove
 * sum_x eq(r, x) pad(x) A_B(x) = 0 (pad = 1 on the padded entries of the vectors in B) by one degree-3 sumcheck on
 * two base tables (the eq-factored fast path: no extension table of 2^m entries), and claim A_B(rho) (a slot claim
 * on the table). The verifier computes eq(r, rho) and pad(rho) itself, the latter in O(vectors * m)
 * ({@link #padAt}). Soundness: if A_B is nonzero somewhere on the padding, the sum is the multilinear extension of
 * pad * A_B (a nonzero polynomial of degree 1 in each of m variables) at r, zero with probability at most m/|F|;
 * the sumcheck then ends in a false claim except with probability 3m/|F|: 4m/|F| in all (m &lt;= 28: below
 * 2^-121). The same check runs once over the constant table, at setup ({@link ConstantsPadding}).
 */
final class PaddingCheck {
    private PaddingCheck() {}

    static final String WHAT = "padding: an entry outside every vector's real entries is nonzero";

    /** Both sides, per proof: the advice table's padding ({@code table} is the prover's advice table, null on the verifier's side). */
    static void run(Side s, long[] table) {
        if (s.circuit.paddingBlock >= 0) run(s, s.circuit.paddingBlock, table);
    }

    /**
     * Both sides: the padding of the vectors of {@code blockVec}'s table inside it ({@link #covered}) is zero;
     * {@code table} is the prover's copy of that table (null on the verifier's side). Ends in one claim on the block.
     */
    static void run(Side s, int blockVec, long[] table) {
        Circuit c = s.circuit;
        Vec block = c.vec(blockVec);
        int m = block.vars;
        GoldilocksExt2[] r = s.challenges("padding.r", m);
        long[] a = null, pad = null;
        if (table != null) {
            a = block.offset == 0 && table.length == block.paddedSize() ? table : java.util.Arrays.copyOfRange(table, (int) block.offset, (int) block.offset + block.paddedSize());
            pad = padTable(c, block);
        }
        long[] a0 = a, pad0 = pad;
        Sumchecks.Result sc = PoolProof.sumcheck(s, "padding", () -> Sumchecks.runEqProduct(s, r, a0, pad0, Val.ZERO));
        Val v = s.open(blockVec, sc.point(), sc.eval(0));
        s.check(v.mul(Eq.eval(r, sc.point()).mul(padAt(c, block, sc.point()))), sc.value(), WHAT);
    }

    /**
     * Whether the check over table {@code table} (0: constants, proven once at setup by {@link ConstantsPadding}; 1:
     * advice, per proof) covers v: a vector of that table with padding, other than a range limb (see the class comment).
     */
    private static boolean covered(Circuit c, int table, Vec v) {
        if (Padding.size(v.shape) == v.paddedSize()) return false;
        return table == 0 ? v.kind == Vec.Kind.CONST : v.committedPerProof() && !c.limbWidths.containsKey(v.id);
    }

    /**
     * {offset, m} of the block the check covers: the smallest aligned 2^m block (m &gt;= 1) holding every vector it
     * covers ({@link #covered}), or null when none. Another vector it meets need not lie in it whole: E is zero off the
     * padded vectors, and those it holds whole.
     */
    static long[] span(Circuit c, int table) {
        long lo = Long.MAX_VALUE, hi = -1;
        for (Vec v : c.vecs) {
            if (!covered(c, table, v)) continue;
            lo = Math.min(lo, v.offset);
            hi = Math.max(hi, v.offset + v.paddedSize() - 1);
        }
        if (hi < 0) return null;
        int m = Math.max(1, 64 - Long.numberOfLeadingZeros(lo ^ hi)); // the lowest m with lo and hi in one aligned 2^m block
        return new long[] {lo >>> m << m, m};
    }

    /** The block's padding indicator: 1 on the padded entries of the covered vectors (all inside it, by {@link #span}), 0 elsewhere. */
    static long[] padTable(Circuit c, Vec block) {
        long[] e = new long[block.paddedSize()];
        int table = Circuit.tableOf(block);
        for (Vec v : c.vecs) {
            if (!covered(c, table, v)) continue;
            int base = (int) (v.offset - block.offset);
            java.util.Arrays.fill(e, base, base + v.paddedSize(), 1L);
            int[] shape = v.shape;
            int last = shape.length == 0 ? 1 : shape[shape.length - 1];
            int rows = Padding.size(shape) / last;
            for (int row = 0; row < rows; row++) {
                int at = base + Padding.paddedIndex(row * last, shape);
                java.util.Arrays.fill(e, at, at + last, 0L);
            }
        }
        return e;
    }

    /** The multilinear extension of {@link #padTable} at rho: per vector the sum over its padded block less its real entries. */
    static GoldilocksExt2 padAt(Circuit c, Vec block, GoldilocksExt2[] rho) {
        Padding.BitWeight w = Padding.eq(rho);
        GoldilocksExt2 sum = GoldilocksExt2.ZERO;
        int table = Circuit.tableOf(block);
        for (Vec v : c.vecs) {
            if (!covered(c, table, v)) continue;
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
