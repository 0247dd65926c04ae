package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The documented soundness error, recomputed: fails the build if a shape we rely on drops below 100 bits. */
class SoundnessBudgetTest {
    @Test
    void typicalShapesKeepAtLeast100Bits() {
        // 2^20 lookups into 2^16 rows: (2^20 + 2^16 + G(20) + G(16)) / p^2
        double bits = LogUpGkr.soundnessBits(new RangeTable(16), new LookupShape(20, 1));
        assertEquals(128 - Math.log(Math.pow(2, 20) + Math.pow(2, 16) + 1.5 * 20 * 19 + 39 + 1.5 * 16 * 15 + 31) / Math.log(2), bits, 1e-6);
        assertTrue(bits > 107.8 && bits < 108, "2^20 into 2^16: " + bits);
        // up to 2^27 looked-up rows (e.g. 4 limbs of 2^25 values) stays above 100 bits
        assertTrue(LogUpGkr.soundnessBits(new RangeTable(16), new LookupShape(25, 4)) > 100);
        assertTrue(LogUpGkr.soundnessBits(new FunctionTable("id", 0, 16, x -> x), new LookupShape(27, 1)) > 100);
    }
}
