package io.zkml4j.web.js;

import io.zkml4j.field.Goldilocks;

/**
 * The bulk of {@code FieldReader.fieldsFixed} in the JavaScript build ({@link VerifierJsPlugin}): each element from two
 * ints, a handful of BigInt operations where the JVM's eight masked 64-bit shifts cost about 46 (most of a large
 * proof's parsing). Only the case where every element is accepted: anything else (a shape-only reader, a negative or
 * truncated length, a value at least p) returns null, and the JVM's method runs instead, throwing its own message.
 */
public final class FieldReaderJs {
    private FieldReaderJs() {}

    public static long[] decode(boolean dry, byte[] b, int p, int n) {
        if (dry || n < 0 || b.length - p < 8L * n) return null;
        long[] v = new long[n];
        for (int i = 0; i < n; i++, p += 8) {
            int lo = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | b[p + 3] << 24;
            int hi = (b[p + 4] & 0xFF) | (b[p + 5] & 0xFF) << 8 | (b[p + 6] & 0xFF) << 16 | b[p + 7] << 24;
            long x = (long) hi << 32 | (long) lo << 32 >>> 32; // no mask: TeaVM rebuilds a long constant at each use
            if (!Goldilocks.isCanonical(x)) return null;
            v[i] = x;
        }
        return v;
    }
}
