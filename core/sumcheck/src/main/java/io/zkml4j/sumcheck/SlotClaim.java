package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;

/**
 * The claim "the table's entries slot * 2^m + i (i &lt; 2^m), read as a multilinear polynomial in m variables,
 * evaluate to {@code value} at {@code point}" (m = point.length). On the whole table of 2^n entries that is
 * f(point, bits(slot)) = value: the low m variables at the point, the high n - m at the slot's bits (lowest
 * first). {@link ClaimReduction} checks slot &lt; 2^(n - m) against the table's n.
 */
public final class SlotClaim {
    private final GoldilocksExt2[] point;
    private final long slot;
    private final GoldilocksExt2 value;

    public SlotClaim(GoldilocksExt2[] point, long slot, GoldilocksExt2 value) {
        if (point == null || value == null) throw new IllegalArgumentException("slot claim: null point or value");
        for (GoldilocksExt2 x : point) if (x == null) throw new IllegalArgumentException("slot claim: null point coordinate");
        if (point.length > 40) throw new IllegalArgumentException("slot claim: point of " + point.length + " coordinates (at most 40)");
        if (slot < 0) throw new IllegalArgumentException("slot claim: negative slot " + slot);
        this.point = point.clone();
        this.slot = slot;
        this.value = value;
    }

    /** The low coordinates (a copy); their number is {@link #numVars()}. */
    public GoldilocksExt2[] point() {
        return point.clone();
    }

    public int numVars() {
        return point.length;
    }

    public long slot() {
        return slot;
    }

    public GoldilocksExt2 value() {
        return value;
    }

    /** The claim's point on the whole 2^n table: the low coordinates, then the slot's bits as 0/1. */
    public GoldilocksExt2[] fullPoint(int n) {
        checkFits(n, "slot claim");
        GoldilocksExt2[] z = java.util.Arrays.copyOf(point, n);
        for (int i = point.length; i < n; i++) z[i] = ((slot >>> (i - point.length)) & 1) == 1 ? GoldilocksExt2.ONE : GoldilocksExt2.ZERO;
        return z;
    }

    /** Throws IllegalArgumentException unless this claim lies inside a table of 2^n entries. */
    void checkFits(int n, String what) {
        String err = misfit(n);
        if (err != null) throw new IllegalArgumentException(what + ": " + err);
    }

    /** Why this claim does not lie in a 2^n table, or null if it does. */
    String misfit(int n) {
        if (point.length > n) return "point of " + point.length + " coordinates on a table of " + n + " variables";
        if (n - point.length < 63 && slot >= (1L << (n - point.length))) {
            return "slot " + slot + " of 2^" + point.length + " entries is beyond a table of 2^" + n;
        }
        return null;
    }

    GoldilocksExt2[] pointUnsafe() {
        return point;
    }
}
