package io.zkml4j.ml.prover;

/**
 * A declared range check: a quantity Q of some shape must lie in [0, 2^bits) entry-wise. Q is never committed; its
 * limbs are: Q = sum_j 2^(w j) limb_j with w = the circuit's limb width, each limb looked up in the w-bit range
 * table (all limbs of all checks form one region of the advice table, one LogUp). The top limb t has b = bits - w (m-1)
 * bits; when b &lt; w a second vector s = 2^(w - b) t is looked up too, and s = 2^(w-b) t is checked wherever Q is
 * evaluated, so t &lt; 2^b and Q &lt; 2^bits exactly.
 */
final class RangeCheck {
    final String what;
    final int[] shape;
    final int bits;
    final int limbBits;
    /** Vector ids of the limbs, lowest first. */
    final int[] limbs;
    /** Vector id of s = 2^(w - topBits) * top limb, or -1 when the top limb is full width. */
    final int shifted;
    final int topBits;

    RangeCheck(String what, int[] shape, int bits, int limbBits, int[] limbs, int shifted, int topBits) {
        this.what = what;
        this.shape = shape.clone();
        this.bits = bits;
        this.limbBits = limbBits;
        this.limbs = limbs;
        this.shifted = shifted;
        this.topBits = topBits;
    }
}
