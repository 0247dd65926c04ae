package io.zkml4j.ml.quant;

import io.zkml4j.ml.ir.ModelException;

/**
 * The integer primitives of the quantized graph, each written down once. A real number x is held at
 * scale s as the integer round(x * 2^s). Every quantized operator is built only from these (plus
 * table lookups, {@link LookupTable}, and index-only data movement), because each has a cheap proof:
 *
 * <ul>
 *   <li>{@link #divRound}: q = floor((x + floor(d/2)) / d) for a positive divisor d (round half up),
 *       proven by a remainder r = x + floor(d/2) - q*d with range checks 0 <= r and d-1-r >= 0.</li>
 *   <li>{@link #rescale}: divRound by d = 2^k, i.e. q = floor((x + 2^(k-1)) / 2^k); the remainder lies
 *       in [0, 2^k), a k-bit range check.</li>
 *   <li>{@link #sqrtRound}: q = round(sqrt(v)) = floor((isqrt(4v)+1)/2), proven by
 *       t^2 <= 4v < (t+1)^2 for t = isqrt(4v) (two range checks) and q = rescale(t + ... ) of one bit.</li>
 *   <li>{@link #clamp}: saturation, proven by the sign (range check) of x-lo and hi-x.</li>
 * </ul>
 *
 * Proofs work modulo p = 2^64 - 2^32 + 1, so every value and accumulator is kept below
 * {@link #LIMIT} = 2^62 in magnitude; the executor checks that bound before each linear operator.
 */
public final class FixedPoint {
    /** Bound on |value| of every integer in the trace, so that sums of two stay far below p/2. */
    public static final long LIMIT = 1L << 62;

    private FixedPoint() {}

    /** round(x / 2^k) with ties up: floor((x + 2^(k-1)) / 2^k); k = 0 is the identity. Needs |x| < 2^62. */
    public static long rescale(long x, int k) {
        if (k == 0) return x;
        return (x + (1L << (k - 1))) >> k; // arithmetic shift is floor division by 2^k
    }

    /** Moves x from scale {@code from} to scale {@code to}: exact multiply when growing, {@link #rescale} when shrinking. */
    public static long requant(long x, int from, int to) {
        if (from >= to) return rescale(x, from - to);
        int up = to - from;
        if (up >= 62 || Math.abs(x) >= (LIMIT >> up)) {
            throw new ModelException("fixed-point overflow: value " + x + " at scale " + from + " does not fit at scale " + to);
        }
        return x << up;
    }

    /** Array form of {@link #requant}, in place when {@code from == to} is false; returns a new array otherwise the same one. */
    public static long[] requant(long[] x, int from, int to) {
        if (from == to) return x;
        long[] out = new long[x.length];
        if (from > to) {
            int k = from - to;
            long half = 1L << (k - 1);
            for (int i = 0; i < x.length; i++) out[i] = (x[i] + half) >> k;
        } else {
            int up = to - from;
            long bound = up >= 62 ? 0 : LIMIT >> up;
            for (int i = 0; i < x.length; i++) {
                if (Math.abs(x[i]) >= bound) {
                    throw new ModelException("fixed-point overflow: value " + x[i] + " at scale " + from + " does not fit at scale " + to);
                }
                out[i] = x[i] << up;
            }
        }
        return out;
    }

    /**
     * {@link #requant(long[], int, int)} that may overwrite {@code x}: for a temporary array the caller
     * owns (a freshly computed accumulator), which saves a copy of every product and sum.
     */
    public static long[] requantInPlace(long[] x, int from, int to) {
        if (from <= to) return requant(x, from, to);
        int k = from - to;
        long half = 1L << (k - 1);
        for (int i = 0; i < x.length; i++) x[i] = (x[i] + half) >> k;
        return x;
    }

    /** round(x / d) with ties up for a positive divisor: floor((x + floor(d/2)) / d). */
    public static long divRound(long x, long d) {
        if (d <= 0) throw new ArithmeticException("divRound needs a positive divisor, got " + d);
        return Math.floorDiv(x + (d >> 1), d);
    }

    /** floor(sqrt(v)) for v >= 0, exact (corrected after the floating estimate). */
    public static long isqrt(long v) {
        if (v < 0) throw new ArithmeticException("isqrt of negative " + v);
        long r = (long) StrictMath.sqrt((double) v);
        while (r > 0 && r > v / r) r--; // r*r > v, written without overflow
        while ((r + 1) <= v / (r + 1)) r++;
        return r;
    }

    /** round(sqrt(v)) with ties up, v in [0, 2^60): floor((isqrt(4v) + 1) / 2). */
    public static long sqrtRound(long v) {
        if (v >= (1L << 60)) throw new ModelException("fixed-point overflow: sqrt input " + v + " >= 2^60");
        return (isqrt(4 * v) + 1) >> 1;
    }

    public static long clamp(long x, long lo, long hi) {
        return x < lo ? lo : (x > hi ? hi : x);
    }

    /**
     * round(x * 2^s) with ties up, the quantization of a real number (inputs, weights, constants).
     * Not proven: quantized inputs and weights are themselves the statement.
     */
    public static long quantize(double x, int s) {
        if (Double.isNaN(x)) throw new ModelException("cannot quantize NaN");
        double y = Math.floor(scalb(x, s) + 0.5);
        if (!(Math.abs(y) < 0x1p62)) {
            throw new ModelException("value " + x + " too large for fixed-point scale 2^" + s);
        }
        return (long) y;
    }

    public static double dequantize(long v, int s) {
        return scalb((double) v, -s);
    }

    public static long maxAbs(long[] x) {
        long m = 0;
        for (long v : x) {
            long a = Math.abs(v);
            if (a > m) m = a;
        }
        return m;
    }

    /** Throws unless |x| * |y| < 2^62 is guaranteed for the given magnitude bounds (an accumulator of one term). */
    public static void checkProduct(long maxX, long maxY, long terms, String where) {
        double bound = (double) maxX * (double) maxY * (double) Math.max(terms, 1);
        if (bound >= 0x1p62) {
            throw new ModelException("fixed-point accumulator may exceed 2^62 at " + where
                    + " (|x| <= " + maxX + ", |w| <= " + maxY + ", " + terms + " terms); value out of calibrated range");
        }
    }

    /**
     * x * 2^n, as {@link Math#scalb} for every result in the normal range (exact there); by plain multiplications by
     * powers of two, which IEEE 754 defines bit for bit on every platform, since TeaVM's class library has no scalb.
     */
    public static double scalb(double x, int n) {
        for (; n > Double.MAX_EXPONENT; n -= Double.MAX_EXPONENT) x *= 0x1p1023;
        for (; n < Double.MIN_EXPONENT; n -= Double.MIN_EXPONENT) x *= 0x1p-1022;
        return x * Double.longBitsToDouble((long) (n + 1023) << 52);
    }

    /** Smallest e with 2^e >= x (x > 0). */
    public static int ceilLog2(double x) {
        if (!(x > 0)) return -1074;
        int e = Math.getExponent(x);
        return scalb(1.0, e) == x ? e : e + 1;
    }
}
