package io.zkml4j.field;

/**
 * The one seam through which field code reaches a 64x64 -> 128-bit multiply and its reduction mod p.
 *
 * <p>HotSpot intrinsifies {@link Math#multiplyHigh}; TeaVM's class library lacks it, and TeaVM holds a
 * long as a JavaScript BigInt, on which the word-by-word reduction costs dozens of allocations, so the
 * JavaScript build replaces this class (and only this class) by one computing on BigInt directly.
 */
public final class Mul128 {
    private Mul128() {}

    /** High 64 bits of the unsigned 128-bit product a*b. */
    public static long unsignedHigh(long a, long b) {
        // Signed high word corrected to unsigned: add b if a<0 and a if b<0 (two's complement identity).
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** a*b mod p (canonical inputs): {@link Goldilocks#mul}. */
    public static long mulModP(long a, long b) {
        return Goldilocks.reduce128Words(a * b, unsignedHigh(a, b));
    }

    /** (hi*2^64 + lo) mod p: {@link Goldilocks#reduce128}. */
    public static long reduceModP(long lo, long hi) {
        return Goldilocks.reduce128Words(lo, hi);
    }

    /** Same result as {@link #unsignedHigh} from 32-bit limbs only (no JDK intrinsic). */
    public static long unsignedHighPortable(long a, long b) {
        return Portable.high(a, b);
    }

    /** The limb product, in a class of its own so that a replacement of {@link Mul128} can still call it. */
    public static final class Portable {
        private Portable() {}

        /** High 64 bits of the unsigned 128-bit product a*b from four 32x32-bit products. */
        public static long high(long a, long b) {
            long aLo = a & 0xFFFF_FFFFL, aHi = a >>> 32;
            long bLo = b & 0xFFFF_FFFFL, bHi = b >>> 32;
            long ll = aLo * bLo;
            long lh = aLo * bHi;
            long hl = aHi * bLo;
            long hh = aHi * bHi;
            long mid = (ll >>> 32) + (lh & 0xFFFF_FFFFL) + (hl & 0xFFFF_FFFFL);
            return hh + (lh >>> 32) + (hl >>> 32) + (mid >>> 32);
        }
    }
}
