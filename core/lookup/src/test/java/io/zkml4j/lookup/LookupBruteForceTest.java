package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkml4j.field.Goldilocks;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Small-field style exhaustive check: for a 4-row table and 4 looked-up values, enumerate witnesses and require
 * accepted == valid, where valid means every value is a row and m is exactly the vector of counts.
 */
class LookupBruteForceTest {
    private static final RangeTable TABLE = new RangeTable(2);
    private static final long[] ALPHABET = {0, 1, 2, 3, 4, 7, Goldilocks.P - 1, Goldilocks.P - 4};

    private static boolean accepted(long[] values, long[] m) {
        return Fixtures.accepted(LookupWitness.unchecked(TABLE, new long[][][] {{values}}, m), LookupProver.Cheat.NONE);
    }

    private static long[] counts(long[] values) {
        long[] m = new long[4];
        for (long v : values) if (Long.compareUnsigned(v, 4) < 0) m[(int) v]++;
        return m;
    }

    @Test
    void everyValueVectorWithItsBestMultiplicities() {
        int n = ALPHABET.length, acceptedCount = 0, validCount = 0;
        for (int code = 0; code < n * n * n * n; code++) {
            long[] values = new long[4];
            boolean valid = true;
            for (int i = 0, c = code; i < 4; i++, c /= n) {
                values[i] = ALPHABET[c % n];
                valid &= Long.compareUnsigned(values[i], 4) < 0;
            }
            boolean acc = accepted(values, counts(values));
            assertEquals(valid, acc, Arrays.toString(values));
            acceptedCount += acc ? 1 : 0;
            validCount += valid ? 1 : 0;
        }
        assertEquals(256, validCount);
        assertEquals(validCount, acceptedCount);
    }

    @Test
    void everyMultiplicityVectorInZeroToFourForSomeValidVectors() {
        long[][] vectors = {{0, 1, 2, 3}, {3, 3, 3, 3}, {0, 0, 1, 1}, {2, 1, 2, 0}};
        for (long[] values : vectors) {
            long[] truth = counts(values);
            for (int code = 0; code < 625; code++) {
                long[] m = new long[4];
                for (int i = 0, c = code; i < 4; i++, c /= 5) m[i] = c % 5;
                assertEquals(Arrays.equals(m, truth), accepted(values, m), Arrays.toString(values) + " with m = " + Arrays.toString(m));
            }
        }
    }

    @Test
    void multiplicitiesShiftedByRandomFieldElementsAreRejected() {
        SplittableRandom r = new SplittableRandom(4);
        long[] values = {1, 3, 3, 0};
        for (int trial = 0; trial < 200; trial++) {
            long[] m = counts(values);
            int row = r.nextInt(4);
            long delta = 1 + Goldilocks.reduce64(r.nextLong()) % (Goldilocks.P - 1);
            m[row] = Goldilocks.add(m[row], delta);
            assertEquals(false, accepted(values, m));
        }
    }
}
