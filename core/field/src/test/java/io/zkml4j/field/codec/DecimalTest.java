package io.zkml4j.field.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Decimal} writes what String.format's %.Nf and %02x write in the ROOT locale. */
class DecimalTest {
    @Test
    void fixedIsStringFormatsFixedPoint() {
        SplittableRandom rnd = new SplittableRandom(20261208L);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 4) {
                case 0 -> rnd.nextDouble(-200, 200);
                case 1 -> rnd.nextDouble(0, 1e6);
                case 2 -> Math.log(rnd.nextDouble(1, 0x1p70)) / Math.log(2);
                default -> rnd.nextInt(-2000, 2000) / 10.0; // values on the grid, one digit each
            };
            for (int places = 0; places <= 3; places++) {
                assertEquals(String.format(Locale.ROOT, "%." + places + "f", x), Decimal.fixed(x, places), x + " at " + places);
            }
        }
        for (double x : new double[] {0, -0.0, 0.04, -0.04, 0.05, 0.95, 99.95, -99.95, 128, 1e15, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertEquals(String.format(Locale.ROOT, "%.1f", x), Decimal.fixed(x, 1), Double.toString(x));
        }
    }

    @Test
    void hexIsStringFormatsTwoDigitHex() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) b[i] = (byte) i;
        StringBuilder want = new StringBuilder();
        for (byte x : b) want.append(String.format("%02x", x));
        assertEquals(want.toString(), Decimal.hex(b, 256));
        assertEquals(want.substring(0, 16), Decimal.hex(b, 8));
        assertEquals("0a", Decimal.hex(new byte[] {10}, 8));
    }
}
