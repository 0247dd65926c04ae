package io.zkml4j.field;

/**
 * Radix-2 number-theoretic transform over Goldilocks, in place on {@code long[]} of length 2^k (k <= 32).
 *
 * <p>{@link #forward} maps coefficients c to evaluations v[i] = sum_j c[j] w^(ij) in natural order,
 * w = {@link Goldilocks#rootOfUnity}(k); {@link #inverse} undoes it. Twiddles are cached per size in the
 * layout tw[m + j] = w_{2m}^j (m a power of two, j < m), so every butterfly layer reads them contiguously.
 */
public final class Ntt {
    private Ntt() {}

    private static final long[][] TWIDDLES = new long[Goldilocks.TWO_ADICITY + 1][];
    private static final long[][] INV_TWIDDLES = new long[Goldilocks.TWO_ADICITY + 1][];

    public static void forward(long[] a) {
        transform(a, twiddles(log2(a.length), false));
    }

    public static void inverse(long[] a) {
        int logN = log2(a.length);
        transform(a, twiddles(logN, true));
        long nInv = Goldilocks.inv(a.length);
        for (int i = 0; i < a.length; i++) a[i] = Goldilocks.mul(a[i], nInv);
    }

    /**
     * Evaluations of the polynomial with coefficients {@code coeffs} on the subgroup of size
     * coeffs.length * blowup (a Reed-Solomon encoding at rate 1/blowup).
     */
    public static long[] extend(long[] coeffs, int blowup) {
        if (Integer.bitCount(blowup) != 1) throw new IllegalArgumentException("blowup must be a power of two: " + blowup);
        long[] out = new long[Math.multiplyExact(coeffs.length, blowup)];
        System.arraycopy(coeffs, 0, out, 0, coeffs.length);
        forward(out);
        return out;
    }

    public static int log2(int n) {
        if (n <= 0 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("NTT length must be a power of two: " + n);
        return Integer.numberOfTrailingZeros(n);
    }

    private static void transform(long[] a, long[] tw) {
        int n = a.length;
        bitReverse(a);
        for (int m = 1; m < n; m <<= 1) {
            for (int start = 0; start < n; start += 2 * m) {
                for (int j = 0; j < m; j++) {
                    long u = a[start + j];
                    long v = Goldilocks.mul(a[start + j + m], tw[m + j]);
                    a[start + j] = Goldilocks.add(u, v);
                    a[start + j + m] = Goldilocks.sub(u, v);
                }
            }
        }
    }

    static void bitReverse(long[] a) {
        int n = a.length;
        if (n <= 2) return;
        int shift = 32 - Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            int j = Integer.reverse(i) >>> shift;
            if (i < j) {
                long t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
    }

    private static long[] twiddles(int logN, boolean inverse) {
        long[][] cache = inverse ? INV_TWIDDLES : TWIDDLES;
        // Locked on every call (once per transform, not per butterfly) so the filled table is safely published.
        synchronized (cache) {
            if (cache[logN] != null) return cache[logN];
            int n = 1 << logN;
            long[] tw = new long[Math.max(n, 2)];
            for (int m = 1; m < n; m <<= 1) {
                long w = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(m) + 1);
                if (inverse) w = Goldilocks.inv(w);
                long x = Goldilocks.ONE;
                for (int j = 0; j < m; j++) {
                    tw[m + j] = x;
                    x = Goldilocks.mul(x, w);
                }
            }
            cache[logN] = tw;
            return tw;
        }
    }
}
