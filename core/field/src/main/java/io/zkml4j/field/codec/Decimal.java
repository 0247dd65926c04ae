package io.zkml4j.field.codec;

/**
 * A double as fixed-point text for messages ("62.3" where {@code String.format("%.1f", x)} would write it): the same
 * text on the JVM, in every locale, and in the verifier compiled to JavaScript, where {@code String.format} of a
 * floating-point value would carry a formatter and locale data into the file (about a fifth of it) for a handful of
 * messages. Halves round away from zero and a negative value keeps its sign, as {@code %f} does (DecimalTest).
 */
public final class Decimal {
    private Decimal() {}

    /** x with {@code places} (0..3) digits after the point. */
    public static String fixed(double x, int places) {
        if (places < 0 || places > 3) throw new IllegalArgumentException("places " + places + " out of range 0..3");
        if (Double.isNaN(x) || Double.isInfinite(x)) return Double.toString(x);
        long scale = places == 0 ? 1 : places == 1 ? 10 : places == 2 ? 100 : 1000;
        double scaled = Math.abs(x) * scale;
        if (scaled >= 0x1p62) return (x < 0 ? "-" : "") + Long.toString((long) Math.abs(x)); // beyond any message's figures
        long r = (long) Math.floor(scaled + 0.5);
        StringBuilder s = new StringBuilder();
        if (Double.doubleToRawLongBits(x) < 0) s.append('-'); // as %f: "-0.0" for -0.04 and for -0.0
        s.append(r / scale);
        if (places > 0) {
            String frac = Long.toString(r % scale);
            s.append('.');
            for (int i = frac.length(); i < places; i++) s.append('0');
            s.append(frac);
        }
        return s.toString();
    }

    /** Lowercase hex of the first {@code n} bytes of b (fewer when b is shorter). */
    public static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) s.append(Character.forDigit((b[i] >> 4) & 15, 16)).append(Character.forDigit(b[i] & 15, 16));
        return s.toString();
    }
}
