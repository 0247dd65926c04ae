package io.zkml4j.field;

/**
 * Arithmetic in the Goldilocks prime field F_p, p = 2^64 - 2^32 + 1, on raw {@code long}s.
 *
 * <p>Every element is held canonically as an unsigned 64-bit value in [0, p); every operation takes
 * canonical inputs and returns a canonical output. Nothing branches on data: random field data makes
 * every branch a coin flip. Measured on this machine (one thread, 2^16-entry arrays, same process):
 * multiply with sign-flipped compares in ternaries (C2 emits cmov) 346 M/s on JDK 17 and 400 M/s on
 * JDK 25, against 230/220 M/s with carries by bit arithmetic and 133/166 M/s with Long.compareUnsigned
 * branches; add with carries by bit arithmetic 3.5 G/s (C2 vectorises it), against 0.2-0.6 G/s for
 * the ternary form, which C2 compiled to a branch there.
 *
 * <p>Structure used: p - 1 = 2^32 * 3 * 5 * 17 * 257 * 65537, so the two-adicity is 32 and 7
 * generates the multiplicative group; 2^64 = 2^32 - 1 (mod p) and 2^96 = -1 (mod p).
 */
public final class Goldilocks {
    private Goldilocks() {}

    /** The modulus 2^64 - 2^32 + 1 (as a signed long: -2^32 + 1). */
    public static final long P = 0xFFFF_FFFF_0000_0001L;
    /** 2^64 mod p = 2^32 - 1. */
    static final long EPSILON = 0xFFFF_FFFFL;
    private static final long MIN = Long.MIN_VALUE;
    private static final long TWO_128 = P - (1L << 32);
    /** Generator of the multiplicative group. */
    public static final long GENERATOR = 7;
    /** log2 of the largest power-of-two subgroup. */
    public static final int TWO_ADICITY = 32;

    public static final long ZERO = 0, ONE = 1;

    /** True iff v is a canonical encoding (unsigned v < p). */
    public static boolean isCanonical(long v) {
        return Long.compareUnsigned(v, P) < 0;
    }

    /** Maps any 64-bit pattern to its residue (the only non-canonical values are [p, 2^64)). */
    public static long reduce64(long v) {
        return (v ^ MIN) >= (P ^ MIN) ? v - P : v;
    }

    /**
     * Embeds a signed integer: negative values map to p - |v|. Any long: v &gt;= 0 is below 2^63 &lt; p, already
     * canonical, and v &lt; 0 maps to p + v, in [p - 2^63, p). Without a branch: weights' signs are coin flips (a
     * constant table's build embeds every weight).
     */
    public static long fromSigned(long v) {
        return v + (P & (v >> 63));
    }

    /** Centered lift: the integer in (-p/2, p/2) congruent to a. */
    public static long toSigned(long a) {
        return Long.compareUnsigned(a, P >>> 1) > 0 ? a - P : a;
    }

    public static long add(long a, long b) {
        long s = a + b;
        s += EPSILON & -carry(a, b, s); // a wrapped sum lost 2^64 = EPSILON (mod p); cannot wrap again
        long t = s + EPSILON; // wraps exactly when s >= p, and is then s - p
        return s ^ ((s ^ t) & -carry(s, EPSILON, t));
    }

    public static long sub(long a, long b) {
        long d = a - b;
        long borrow = ((~a & b) | ((~a | b) & d)) >>> 63;
        return d + (P & -borrow);
    }

    /** 2a - b: the value at X = 2 of the line through (0, b) and (1, a), as sumcheck rounds need. */
    public static long twiceMinus(long a, long b) {
        return add(a, sub(a, b));
    }

    /** Carry-out (0 or 1) of the wrapping 64-bit addition a + b = sum. */
    public static long carry(long a, long b, long sum) {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }

    public static long neg(long a) {
        return a == 0 ? 0 : P - a; // 0 must stay 0: P - 0 = P is not canonical
    }

    public static long mul(long a, long b) {
        return Mul128.mulModP(a, b);
    }

    public static long square(long a) {
        return mul(a, a);
    }

    /**
     * Reduces the 128-bit value hi*2^64 + lo. With hi = hh*2^32 + hl:
     * x = lo + hl*2^64 + hh*2^96 = lo + hl*(2^32 - 1) - hh (mod p).
     */
    public static long reduce128(long lo, long hi) {
        return Mul128.reduceModP(lo, hi);
    }

    /** {@link #reduce128} in 64-bit words: the JVM's, reached through {@link Mul128} (which a JS build replaces). */
    static long reduce128Words(long lo, long hi) {
        long hh = hi >>> 32;
        long hl = hi & EPSILON;
        long t0 = lo - hh;
        t0 -= (lo ^ MIN) < (hh ^ MIN) ? EPSILON : 0; // borrow of 2^64 = EPSILON (mod p); cannot borrow again
        long t1 = (hl << 32) - hl; // hl * EPSILON, < 2^64
        long t2 = t0 + t1;
        t2 += (t2 ^ MIN) < (t1 ^ MIN) ? EPSILON : 0; // carry of 2^64; t2 is then small, so no second carry
        return (t2 ^ MIN) >= (P ^ MIN) ? t2 - P : t2;
    }

    /** c + a*b with one reduction (a, b, c canonical). */
    public static long mulAdd(long a, long b, long c) {
        long lo = a * b, hi = Mul128.unsignedHigh(a, b);
        long l = lo + c;
        return reduce128(l, hi + carry(lo, c, l)); // hi <= p - 2 for canonical inputs: no overflow
    }

    /** c + a0*b0 + a1*b1 with one reduction (all canonical). */
    public static long dot2Add(long a0, long b0, long a1, long b1, long c) {
        long l1 = a0 * b0, h1 = Mul128.unsignedHigh(a0, b0);
        long l2 = a1 * b1, h2 = Mul128.unsignedHigh(a1, b1);
        long l = l1 + l2;
        long c1 = carry(l1, l2, l);
        long l3 = l + c;
        long c2 = carry(l, c, l3);
        long hs = h1 + c1 + c2; // h1 < 2^64 - 2^33 for canonical inputs
        long h = hs + h2;
        long top = carry(hs, h2, h);
        return reduce192(l3, h, top);
    }

    /**
     * The residue of top*2^128 + hi*2^64 + lo, for lazily accumulated sums of products (top counts
     * the carries out of the 128-bit accumulator). 2^128 = -2^32 (mod p) since 2^96 = -1.
     */
    public static long reduce192(long lo, long hi, long top) {
        long r = reduce128(lo, hi);
        return top == 0 ? r : add(r, mul(reduce64(top), TWO_128));
    }

    public static long pow(long base, long exp) {
        long result = ONE;
        long b = base;
        long e = exp;
        while (e != 0) {
            if ((e & 1) != 0) result = mul(result, b);
            b = mul(b, b);
            e >>>= 1;
        }
        return result;
    }

    /** Multiplicative inverse by Fermat; throws on zero (an inverse of 0 is always a bug upstream). */
    public static long inv(long a) {
        if (a == 0) throw new ArithmeticException("inverse of zero in Goldilocks");
        return pow(a, P - 2);
    }

    /** A primitive 2^logN-th root of unity (logN <= 32). */
    public static long rootOfUnity(int logN) {
        if (logN < 0 || logN > TWO_ADICITY) throw new IllegalArgumentException("no 2^" + logN + "-th root of unity");
        return pow(pow(GENERATOR, (P - 1) >>> TWO_ADICITY), 1L << (TWO_ADICITY - logN));
    }

    /**
     * Replaces every element of {@code v} by its inverse with one field inversion (Montgomery's trick).
     * Zeros are rejected, since they would silently poison every other inverse.
     */
    public static void batchInvertInPlace(long[] v) {
        int n = v.length;
        if (n == 0) return;
        long[] prefix = new long[n];
        long acc = ONE;
        for (int i = 0; i < n; i++) {
            if (v[i] == 0) throw new ArithmeticException("inverse of zero in batch inversion at index " + i);
            prefix[i] = acc;
            acc = mul(acc, v[i]);
        }
        long inv = inv(acc);
        for (int i = n - 1; i >= 0; i--) {
            long vi = v[i];
            v[i] = mul(inv, prefix[i]);
            inv = mul(inv, vi);
        }
    }

    /** Inner product sum a[i]*b[i] over the first n entries. */
    public static long dot(long[] a, long[] b, int n) {
        long acc = 0;
        for (int i = 0; i < n; i++) acc = add(acc, mul(a[i], b[i]));
        return acc;
    }

    /** Unsigned decimal, for messages (without Long.toUnsignedString, which TeaVM lacks). */
    public static String toString(long a) {
        if (a >= 0) return Long.toString(a);
        long q = (a >>> 1) / 5; // a / 10 for the unsigned value
        long r = a - q * 10;
        return Long.toString(q) + r;
    }
}
