package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;

/**
 * The one tensor layout of every proof: row-major with each dimension zero-padded to a power of two (the last
 * dimension on the lowest variables), so a tensor of shape [d_0, ..., d_{k-1}] is a multilinear polynomial in
 * sum_i ceil(log2 d_i) variables and slicing a dimension is fixing its variables.
 */
final class Padding {
    private Padding() {}

    static int log2Ceil(int n) {
        if (n < 1) throw new IllegalArgumentException("dimension must be positive, got " + n);
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    static int vars(int[] shape) {
        int s = 0;
        for (int d : shape) s += log2Ceil(d);
        return s;
    }

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large");
        return (int) n;
    }

    /** Position of row-major flat index {@code flat} of {@code shape} in the padded layout. */
    static int paddedIndex(int flat, int[] shape) {
        int r = 0, mul = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            int i = flat % shape[d];
            flat /= shape[d];
            r += i * mul;
            mul <<= log2Ceil(shape[d]);
        }
        return r;
    }

    /** A map from every flat index to its padded position. */
    static int[] paddedIndices(int[] shape) {
        int n = size(shape);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = paddedIndex(i, shape);
        return r;
    }

    /** Signed integers of a tensor (row-major, {@code size(shape)} values) as field elements in the padded layout. */
    static long[] pad(long[] signed, int[] shape) {
        long[] out = new long[1 << vars(shape)];
        padInto(signed, shape, out, 0);
        return out;
    }

    /**
     * As {@link #pad} into out[off, off + 2^vars(shape)), which must be zero there (setup writes each constant straight
     * into the fresh constant table: a padded copy per tensor was 200 MB of garbage at the 17.3M network).
     */
    static void padInto(long[] signed, int[] shape, long[] out, int off) {
        int n = size(shape);
        if (signed.length != n) throw new IllegalArgumentException("tensor of shape " + java.util.Arrays.toString(shape) + " needs " + n + " values, got " + signed.length);
        if (shape.length == 0) {
            out[off] = Goldilocks.fromSigned(signed[0]);
            return;
        }
        int last = shape[shape.length - 1];
        int rows = n / last;
        for (int row = 0; row < rows; row++) {
            int dst = off + paddedIndex(row * last, shape);
            int src = row * last;
            for (int j = 0; j < last; j++) out[dst + j] = Goldilocks.fromSigned(signed[src + j]);
        }
    }

    /** The weights of a product function over the hypercube: w(j, b) for variable j (absolute index) at bit b. */
    interface BitWeight {
        GoldilocksExt2 at(int j, boolean one);

        /** w(j, 0) + w(j, 1): what a free variable contributes to a sum. */
        GoldilocksExt2 free(int j);
    }

    /** eq(r, .)'s weights: r_j at 1, 1 - r_j at 0; a free variable sums to 1. */
    static BitWeight eq(GoldilocksExt2[] r) {
        return new BitWeight() {
            @Override
            public GoldilocksExt2 at(int j, boolean one) {
                return one ? r[j] : GoldilocksExt2.ONE.sub(r[j]);
            }

            @Override
            public GoldilocksExt2 free(int j) {
                return GoldilocksExt2.ONE;
            }
        };
    }

    /**
     * sum_{i < n} eq(r, i) over the k variables r[from .. from + k) (low first): the MLE of the indicator of the
     * first n of 2^k positions. O(k).
     */
    static GoldilocksExt2 prefix(int n, GoldilocksExt2[] r, int from, int k) {
        return prefix(n, eq(r), from, k);
    }

    /**
     * sum_{i < n} prod_j w(from + j, bit j of i) over the k variables [from, from + k), in O(k): i &lt; n iff at the
     * highest bit j where they differ n_j = 1 and i_j = 0; the bits below j are free.
     */
    static GoldilocksExt2 prefix(int n, BitWeight w, int from, int k) {
        GoldilocksExt2[] low = new GoldilocksExt2[k + 1]; // low[j]: the free bits below j
        low[0] = GoldilocksExt2.ONE;
        for (int j = 0; j < k; j++) low[j + 1] = low[j].mul(w.free(from + j));
        if (n >= (1L << k)) return low[k];
        GoldilocksExt2 acc = GoldilocksExt2.ZERO, high = GoldilocksExt2.ONE;
        for (int j = k - 1; j >= 0; j--) {
            if (((n >>> j) & 1) == 1) {
                acc = acc.add(high.mul(w.at(from + j, false)).mul(low[j]));
                high = high.mul(w.at(from + j, true));
            } else {
                high = high.mul(w.at(from + j, false));
            }
        }
        return acc;
    }

    /** MLE at {@code point} (low variables first) of the indicator of the real (non-padding) entries of {@code shape}. */
    static GoldilocksExt2 realIndicator(int[] shape, GoldilocksExt2[] point) {
        return realIndicator(shape, point, 0);
    }

    static GoldilocksExt2 realIndicator(int[] shape, GoldilocksExt2[] point, int from) {
        return realSum(shape, eq(point), from);
    }

    /** sum over the real entries x of {@code shape} of prod_j w(from + j, bit j of x) (padded layout), in O(vars). */
    static GoldilocksExt2 realSum(int[] shape, BitWeight w, int from) {
        GoldilocksExt2 r = GoldilocksExt2.ONE;
        int at = from;
        for (int d = shape.length - 1; d >= 0; d--) {
            int k = log2Ceil(shape[d]);
            r = r.mul(prefix(shape[d], w, at, k));
            at += k;
        }
        return r;
    }

    /** The boolean point of the {@code count} bits of {@code value}, low bit first. */
    static GoldilocksExt2[] bits(long value, int count) {
        GoldilocksExt2[] r = new GoldilocksExt2[count];
        for (int i = 0; i < count; i++) r[i] = ((value >>> i) & 1) == 1 ? GoldilocksExt2.ONE : GoldilocksExt2.ZERO;
        return r;
    }

    static GoldilocksExt2[] concat(GoldilocksExt2[] a, GoldilocksExt2[] b) {
        GoldilocksExt2[] r = new GoldilocksExt2[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static GoldilocksExt2[] slice(GoldilocksExt2[] p, int from, int len) {
        return java.util.Arrays.copyOfRange(p, from, from + len);
    }
}
