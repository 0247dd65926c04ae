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
        int n = size(shape);
        if (signed.length != n) throw new IllegalArgumentException("tensor of shape " + java.util.Arrays.toString(shape) + " needs " + n + " values, got " + signed.length);
        long[] out = new long[1 << vars(shape)];
        if (shape.length == 0) {
            out[0] = Goldilocks.fromSigned(signed[0]);
            return out;
        }
        int last = shape[shape.length - 1];
        int rows = n / last;
        for (int row = 0; row < rows; row++) {
            int dst = paddedIndex(row * last, shape);
            int src = row * last;
            for (int j = 0; j < last; j++) out[dst + j] = Goldilocks.fromSigned(signed[src + j]);
        }
        return out;
    }

    /**
     * sum_{i < n} eq(r, i) over the k variables r[from .. from + k) (low first): the MLE of the indicator of the
     * first n of 2^k positions. O(k).
     */
    static GoldilocksExt2 prefix(int n, GoldilocksExt2[] r, int from, int k) {
        if (n >= (1L << k)) return GoldilocksExt2.ONE;
        // i < n iff at the highest bit j where they differ, n_j = 1 and i_j = 0; bits below j are free (sum to 1)
        GoldilocksExt2 acc = GoldilocksExt2.ZERO, high = GoldilocksExt2.ONE;
        for (int j = k - 1; j >= 0; j--) {
            GoldilocksExt2 rj = r[from + j];
            if (((n >>> j) & 1) == 1) {
                acc = acc.add(high.mul(GoldilocksExt2.ONE.sub(rj)));
                high = high.mul(rj);
            } else {
                high = high.mul(GoldilocksExt2.ONE.sub(rj));
            }
        }
        return acc;
    }

    /** MLE at {@code point} (low variables first) of the indicator of the real (non-padding) entries of {@code shape}. */
    static GoldilocksExt2 realIndicator(int[] shape, GoldilocksExt2[] point) {
        return realIndicator(shape, point, 0);
    }

    static GoldilocksExt2 realIndicator(int[] shape, GoldilocksExt2[] point, int from) {
        GoldilocksExt2 r = GoldilocksExt2.ONE;
        int at = from;
        for (int d = shape.length - 1; d >= 0; d--) {
            int k = log2Ceil(shape[d]);
            r = r.mul(prefix(shape[d], point, at, k));
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
