package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LookupCompletenessTest {

    @ParameterizedTest(name = "2^{0} values in [0, 2^{1})")
    @CsvSource({"1,1", "1,4", "2,3", "3,8", "4,4", "5,2", "6,10", "8,16", "10,4", "12,16", "14,8"})
    void rangeLookupsVerifyAndClaimsHold(int logN, int bits) {
        SplittableRandom r = new SplittableRandom(31L * logN + bits);
        RangeTable table = new RangeTable(bits);
        LookupWitness w = LookupWitness.of(table, Fixtures.randomRange(r, logN, bits));
        LookupClaims c = Fixtures.roundTrip(w);
        assertTrue(ClaimCheck.holds(w, c));
        assertEquals(logN, c.valuesPoint().length);
        assertEquals(bits, c.multiplicitiesPoint().length);
    }

    @Test
    void multiplicitiesCountOccurrences() {
        LookupWitness w = LookupWitness.of(new RangeTable(3), new long[] {5, 5, 5, 1, 0, 7, 5, 1});
        assertEquals(java.util.Arrays.toString(new long[] {1, 2, 0, 0, 0, 4, 0, 1}), java.util.Arrays.toString(w.multiplicities()));
    }

    @ParameterizedTest(name = "{0} segments of 2^{1}, table 2^{2}")
    @CsvSource({"1,3,4", "2,1,2", "3,2,4", "5,4,6", "8,3,3", "7,6,8"})
    void segmentsIncludingPaddingVerify(int segments, int logN, int bits) {
        SplittableRandom r = new SplittableRandom(segments * 1000L + logN * 10L + bits);
        long[][][] segs = new long[segments][1][];
        for (int j = 0; j < segments; j++) segs[j][0] = Fixtures.randomRange(r, logN, bits);
        LookupWitness w = LookupWitness.of(new RangeTable(bits), segs);
        assertTrue(ClaimCheck.holds(w, Fixtures.roundTrip(w)));
    }

    @ParameterizedTest(name = "function table 2^{0}, 2^{1} lookups, {2} segments")
    @CsvSource({"4,3,1", "6,8,2", "8,5,3", "10,10,1"})
    void multiColumnFunctionTableVerifies(int bits, int logN, int segments) {
        SplittableRandom r = new SplittableRandom(bits * 100L + logN);
        long lo = -(1L << (bits - 1));
        FunctionTable table = new FunctionTable("cube-ish", lo, bits, x -> x * x * x - 3 * x + 1);
        long[][][] segs = new long[segments][2][1 << logN];
        for (int j = 0; j < segments; j++) {
            for (int i = 0; i < 1 << logN; i++) {
                long x = lo + r.nextLong(1L << bits);
                segs[j][0][i] = Goldilocks.fromSigned(x);
                segs[j][1][i] = table.apply(x);
            }
        }
        LookupWitness w = LookupWitness.of(table, segs);
        assertTrue(ClaimCheck.holds(w, Fixtures.roundTrip(w)));
    }

    @Test
    void fullRangeTableOf2To16() {
        SplittableRandom r = new SplittableRandom(16);
        LookupWitness w = LookupWitness.of(new RangeTable(16), Fixtures.randomRange(r, 12, 16));
        assertTrue(ClaimCheck.holds(w, Fixtures.roundTrip(w)));
    }
}
