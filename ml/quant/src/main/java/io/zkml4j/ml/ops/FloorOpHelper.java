package io.zkml4j.ml.ops;

/** Rounding of fixed-point values to integers, shared by Round. */
final class FloorOpHelper {
    private FloorOpHelper() {}

    /** round-half-to-even of x / 2^s, returned at scale s. */
    static long roundHalfEven(long x, int s) {
        if (s <= 0) return x;
        long fl = x >> s;
        long r = x - (fl << s);
        long half = 1L << (s - 1);
        long q = r > half ? fl + 1 : (r < half ? fl : ((fl & 1) == 0 ? fl : fl + 1));
        return q << s;
    }
}
