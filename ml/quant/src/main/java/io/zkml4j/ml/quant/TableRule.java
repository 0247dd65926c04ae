package io.zkml4j.ml.quant;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.util.Arrays;
import java.util.Objects;

/**
 * A lookup table defined by a rule, not by its entries: T(i) = round(f(i / 2^sIn) * 2^sOut) (ties up)
 * for every integer i in the domain [lo, hi], with {@code -2^(bits-1) <= lo <= hi < 2^(bits-1)},
 * bits <= 16. The prover and verifier regenerate the same entries from the rule.
 *
 * <p>An input outside [lo, hi] is an error ("value out of calibrated range") unless {@code saturate}:
 * then the input is first clamped to [lo, hi] ({@link FixedPoint#clamp}, proven by two range checks),
 * which is exact for functions that are flat beyond the domain to within one output unit
 * (sigmoid, tanh, erf; exp of very negative numbers).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public record TableRule(UnaryFunction fn, double[] params, int sIn, int sOut, int bits, long lo, long hi, boolean saturate) {
    public static final int MAX_BITS = 16;

    public TableRule {
        Objects.requireNonNull(fn);
        params = params == null ? new double[0] : params.clone();
        if (bits < 1 || bits > MAX_BITS) throw new IllegalArgumentException("table bits " + bits);
        long min = -(1L << (bits - 1));
        long max = (1L << (bits - 1)) - 1;
        if (lo < min || hi > max || lo > hi) throw new IllegalArgumentException("table domain [" + lo + "," + hi + "] for " + bits + " bits");
    }

    /** The entry for index i (lo <= i <= hi), from the rule. */
    public long entry(long i) {
        double x = FixedPoint.scalb((double) i, -sIn);
        double y = fn.apply(x, params);
        if (Double.isNaN(y)) return 0; // outside f's real domain (e.g. log of a negative): never a valid run value
        double r = Math.floor(FixedPoint.scalb(y, sOut) + 0.5);
        // Entries are bounded so that downstream accumulators stay below 2^62.
        double cap = 0x1p52;
        if (r > cap) r = cap;
        if (r < -cap) r = -cap;
        return (long) r;
    }

    public long size() {
        return hi - lo + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableRule t && fn == t.fn && Arrays.equals(params, t.params) && sIn == t.sIn && sOut == t.sOut
                && bits == t.bits && lo == t.lo && hi == t.hi && saturate == t.saturate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fn, Arrays.hashCode(params), sIn, sOut, bits, lo, hi, saturate);
    }

    /**
     * The rule as a name with the parameters' raw bits (not their decimal form, which differs between JDK 17, JDK 19+
     * and TeaVM for some doubles): what names its table in a proof's transcript.
     */
    public String canonicalName() {
        StringBuilder b = new StringBuilder(fn.name()).append('(');
        for (int i = 0; i < params.length; i++) b.append(i == 0 ? "" : ",").append(Double.doubleToRawLongBits(params[i]));
        return b.append(") in ").append(sIn).append(" out ").append(sOut).append(" bits ").append(bits).append(" [").append(lo).append(',')
                .append(hi).append(']').append(saturate ? " saturating" : "").toString();
    }

    @Override
    public String toString() {
        return fn + Arrays.toString(params) + "[in 2^-" + sIn + ", out 2^-" + sOut + ", " + bits + " bits, domain ["
                + lo + "," + hi + "]" + (saturate ? ", saturating" : "") + "]";
    }
}
