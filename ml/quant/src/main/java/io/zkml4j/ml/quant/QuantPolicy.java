package io.zkml4j.ml.quant;

/**
 * How scales are chosen from calibrated ranges. Activations get {@link #actBits} signed bits at
 * {@link #headroom} times the largest calibrated magnitude; constants (weights) get {@link #weightBits}
 * signed bits at their own largest magnitude; a lookup input is rescaled to at most
 * {@link TableRule#MAX_BITS} bits.
 */
public final class QuantPolicy {
    public final int actBits;
    public final int weightBits;
    public final double headroom;
    public static final int MIN_SCALE = -30;
    public static final int MAX_SCALE = 40;

    public QuantPolicy(int actBits, int weightBits, double headroom) {
        if (actBits < 8 || actBits > 28) throw new IllegalArgumentException("activation bits " + actBits + " not in [8, 28]");
        if (weightBits < 4 || weightBits > 24) throw new IllegalArgumentException("weight bits " + weightBits + " not in [4, 24]");
        this.actBits = actBits;
        this.weightBits = weightBits;
        this.headroom = headroom;
    }

    public static QuantPolicy defaults() {
        return new QuantPolicy(20, 16, 2.0);
    }

    /** Largest scale s with headroom * maxAbs * 2^s <= 2^(bits-1). */
    public static int scaleFor(double maxAbs, int bits) {
        if (!(maxAbs > 0) || Double.isInfinite(maxAbs)) return Math.min(MAX_SCALE, bits - 4);
        int s = bits - 1 - FixedPoint.ceilLog2(maxAbs);
        return Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));
    }

    public int activationScale(double maxAbs) {
        return scaleFor(maxAbs * headroom, actBits);
    }

    public int weightScale(double maxAbs) {
        return scaleFor(maxAbs, weightBits);
    }

    /** Scale of a table input covering [-range, range] in {@code bits} bits. */
    public static int tableScale(double range, int bits) {
        return scaleFor(range, bits);
    }
}
