package io.zkml4j.poly;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import java.util.Arrays;

/**
 * Multilinear polynomials given by their evaluation tables on the boolean hypercube: a table f of length
 * 2^n is the MLE with f(x) = f[sum_k x_k 2^k] (x_0 the lowest bit). Base-field tables are {@code long[]},
 * extension tables {@link ExtVec}.
 *
 * <p>Folding binds the lowest variable x_0 to a challenge c: f'[i] = f[2i] + c * (f[2i+1] - f[2i]), so
 * the n-1 variable table f' is f(c, x_1, ..., x_{n-1}). Folding n times with the coordinates of a point
 * evaluates f there; this is the order every sumcheck binds variables in.
 */
public final class Mle {
    private Mle() {}

    // ---- sizes and padding ----

    /** n for a table of length 2^n; throws if the length is not a power of two. */
    public static int numVars(int length) {
        if (length <= 0 || Integer.bitCount(length) != 1) {
            throw new IllegalArgumentException("multilinear table length must be a power of two, got " + length);
        }
        return Integer.numberOfTrailingZeros(length);
    }

    /** The smallest power of two >= n (1 for n <= 1). */
    public static int nextPowerOfTwo(int n) {
        if (n < 0 || n > (1 << 30)) throw new IllegalArgumentException("cannot pad length " + n + " to a power of two");
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** ceil(log2(n)): the number of variables of n entries padded to a power of two. */
    public static int log2Ceil(int n) {
        return Integer.numberOfTrailingZeros(nextPowerOfTwo(n));
    }

    /** v zero-padded to the next power of two (a copy, even when v's length already is one). */
    public static long[] padToPowerOfTwo(long[] v) {
        return Arrays.copyOf(v, nextPowerOfTwo(v.length));
    }

    /** v zero-padded to the next power of two (a copy). */
    public static ExtVec padToPowerOfTwo(ExtVec v) {
        return v.copyOf(nextPowerOfTwo(v.length()));
    }

    /**
     * A row-major tensor of the given shape with every dimension zero-padded to a power of two, still
     * row-major: the last dimension occupies the lowest variables.
     */
    public static long[] padShape(long[] data, int[] shape) {
        long expect = 1;
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("tensor dimension must be positive: " + Arrays.toString(shape));
            expect *= d;
        }
        if (expect != data.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + expect
                    + " entries, got " + data.length);
        }
        int[] padded = paddedShape(shape);
        long total = 1;
        for (int d : padded) total *= d;
        if (total > (1 << 30)) throw new IllegalArgumentException("padded tensor too large: " + Arrays.toString(padded));
        long[] out = new long[(int) total];
        int rank = shape.length;
        if (rank == 0) {
            out[0] = data[0];
            return out;
        }
        int rowLen = shape[rank - 1];
        int rows = data.length / rowLen;
        int[] idx = new int[rank];
        for (int row = 0; row < rows; row++) {
            // destination offset of (idx[0..rank-2], 0) in the padded layout
            long dst = 0;
            for (int d = 0; d < rank - 1; d++) dst = dst * padded[d] + idx[d];
            dst *= padded[rank - 1];
            System.arraycopy(data, row * rowLen, out, (int) dst, rowLen);
            for (int d = rank - 2; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }

    /** Every dimension rounded up to a power of two. */
    public static int[] paddedShape(int[] shape) {
        int[] p = new int[shape.length];
        for (int i = 0; i < shape.length; i++) p[i] = nextPowerOfTwo(shape[i]);
        return p;
    }

    // ---- folding (binding x_0) ----

    /** f(c, x_1, ...) for a base table and base challenge. */
    public static long[] fold(long[] f, long c) {
        int half = halfOf(f.length);
        long[] out = new long[half];
        for (int i = 0; i < half; i++) {
            long lo = f[2 * i];
            out[i] = Goldilocks.mulAdd(c, Goldilocks.sub(f[2 * i + 1], lo), lo);
        }
        return out;
    }

    /** f(c, x_1, ...) for a base table and extension challenge: an extension table (two base multiplies per entry). */
    public static ExtVec fold(long[] f, GoldilocksExt2 c) {
        int half = halfOf(f.length);
        long[] o0 = new long[half], o1 = new long[half];
        long c0 = c.c0, c1 = c.c1;
        for (int i = 0; i < half; i++) {
            long lo = f[2 * i];
            long d = Goldilocks.sub(f[2 * i + 1], lo);
            o0[i] = Goldilocks.mulAdd(c0, d, lo);
            o1[i] = Goldilocks.mul(c1, d);
        }
        return new ExtVec(o0, o1);
    }

    /** f(c, x_1, ...) for an extension table (a new table; f is unchanged). */
    public static ExtVec fold(ExtVec f, GoldilocksExt2 c) {
        ExtVec out = ExtVec.zeros(halfOf(f.length()));
        foldInto(f, f.length(), c, out);
        return out;
    }

    /**
     * Folds the first {@code len} entries of f into its first len/2 entries and returns len/2: the
     * allocation-free form a sumcheck prover uses round after round. Safe in place since entry i is
     * written only after entries 2i and 2i+1 (both >= i) have been read.
     */
    public static int foldInPlace(ExtVec f, int len, GoldilocksExt2 c) {
        foldInto(f, len, c, f);
        return len >>> 1;
    }

    private static void foldInto(ExtVec f, int len, GoldilocksExt2 c, ExtVec out) {
        int half = halfOf(len);
        long[] f0 = f.c0, f1 = f.c1, o0 = out.c0, o1 = out.c1;
        // c * d = (c0 d0 + W c1 d1) + (c0 d1 + c1 d0) X with W c1 hoisted: 4 multiplies and 2 reductions per entry instead of 5 and 7
        long c0 = c.c0, c1 = c.c1, wc1 = Goldilocks.mul(GoldilocksExt2.W, c1);
        for (int i = 0; i < half; i++) {
            long lo0 = f0[2 * i], lo1 = f1[2 * i];
            long d0 = Goldilocks.sub(f0[2 * i + 1], lo0), d1 = Goldilocks.sub(f1[2 * i + 1], lo1);
            o0[i] = Goldilocks.dot2Add(c0, d0, wc1, d1, lo0);
            o1[i] = Goldilocks.dot2Add(c0, d1, c1, d0, lo1);
        }
    }

    private static int halfOf(int len) {
        if (len < 2 || Integer.bitCount(len) != 1) {
            throw new IllegalArgumentException("cannot fold a table of length " + len + " (need a power of two >= 2)");
        }
        return len >>> 1;
    }

    // ---- evaluation ----

    /** f(point) by repeated folding (point[k] binds x_k); O(2^n). */
    public static GoldilocksExt2 evaluate(long[] f, GoldilocksExt2[] point) {
        checkPoint(f.length, point);
        if (point.length == 0) return GoldilocksExt2.ofBase(f[0]);
        ExtVec t = fold(f, point[0]);
        int len = t.length();
        for (int k = 1; k < point.length; k++) len = foldInPlace(t, len, point[k]);
        return t.get(0);
    }

    /** f(point) by repeated folding on a scratch copy; O(2^n). */
    public static GoldilocksExt2 evaluate(ExtVec f, GoldilocksExt2[] point) {
        checkPoint(f.length(), point);
        if (point.length == 0) return f.get(0);
        ExtVec t = fold(f, point[0]);
        int len = t.length();
        for (int k = 1; k < point.length; k++) len = foldInPlace(t, len, point[k]);
        return t.get(0);
    }

    /** f(point) for a base table at a base point. */
    public static long evaluateBase(long[] f, long[] point) {
        if (f.length != 1L << point.length) {
            throw new IllegalArgumentException("table of length " + f.length + " evaluated at a point of " + point.length + " variables");
        }
        long[] t = f;
        for (long c : point) t = fold(t, c);
        return t[0];
    }

    /** f(r) = sum_x eq(r, x) f(x), given the eq table of r. */
    public static GoldilocksExt2 evaluateWithEq(long[] f, ExtVec eq) {
        if (f.length != eq.length()) throw new IllegalArgumentException("table length " + f.length + " != eq length " + eq.length());
        return dot(f, eq);
    }

    /** f(r) = sum_x eq(r, x) f(x), given the eq table of r. */
    public static GoldilocksExt2 evaluateWithEq(ExtVec f, ExtVec eq) {
        if (f.length() != eq.length()) throw new IllegalArgumentException("table length " + f.length() + " != eq length " + eq.length());
        return dot(f, eq);
    }

    /** sum_i a[i] * b[i] over the common length of a base and an extension vector. */
    public static GoldilocksExt2 dot(long[] a, ExtVec b) {
        int n = Math.min(a.length, b.length());
        long s0 = 0, s1 = 0;
        long[] b0 = b.c0, b1 = b.c1;
        for (int i = 0; i < n; i++) {
            s0 = Goldilocks.add(s0, Goldilocks.mul(a[i], b0[i]));
            s1 = Goldilocks.add(s1, Goldilocks.mul(a[i], b1[i]));
        }
        return GoldilocksExt2.of(s0, s1);
    }

    /** sum_i a[i] * b[i] over the common length of two extension vectors. */
    public static GoldilocksExt2 dot(ExtVec a, ExtVec b) {
        int n = Math.min(a.length(), b.length());
        long s0 = 0, s1 = 0;
        long[] a0 = a.c0, a1 = a.c1, b0 = b.c0, b1 = b.c1;
        for (int i = 0; i < n; i++) {
            s0 = Goldilocks.add(s0, GoldilocksExt2.mul0(a0[i], a1[i], b0[i], b1[i]));
            s1 = Goldilocks.add(s1, GoldilocksExt2.mul1(a0[i], a1[i], b0[i], b1[i]));
        }
        return GoldilocksExt2.of(s0, s1);
    }

    /** Sum of a base table over the hypercube. */
    public static long sum(long[] f) {
        long s = 0;
        for (long v : f) s = Goldilocks.add(s, v);
        return s;
    }

    private static void checkPoint(int length, GoldilocksExt2[] point) {
        if (point.length > 30 || length != 1 << point.length) {
            throw new IllegalArgumentException("table of length " + length + " evaluated at a point of " + point.length + " variables");
        }
    }
}
