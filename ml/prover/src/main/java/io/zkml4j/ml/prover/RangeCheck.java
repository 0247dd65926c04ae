package io.zkml4j.ml.prover;

/**
 * A declared range check: a quantity Q of some shape must lie in [0, 2^bits) entry-wise. Q is never committed; its
 * limbs are: Q = sum_j 2^(w j) limb_j with w = the circuit's limb width. All limbs of all checks form one region of
 * the advice table, looked up with their widths in the tagged range table (one LogUp): each limb as (w, limb) but
 * the top one, t, as (b, t) with b = bits - w (m-1) its own width, so t &lt; 2^b and Q &lt; 2^bits exactly.
 */
final class RangeCheck {
    final String what;
    final int[] shape;
    final int bits;
    final int limbBits;
    /** Vector ids of the limbs, lowest first. */
    final int[] limbs;
    /** The top limb's width (its tag in the range lookup); the others are limbBits wide. */
    final int topBits;

    RangeCheck(String what, int[] shape, int bits, int limbBits, int[] limbs, int topBits) {
        this.what = what;
        this.shape = shape.clone();
        this.bits = bits;
        this.limbBits = limbBits;
        this.limbs = limbs;
        this.topBits = topBits;
    }
}
