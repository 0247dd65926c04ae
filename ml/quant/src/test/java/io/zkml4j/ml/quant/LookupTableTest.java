package io.zkml4j.ml.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.ModelException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class LookupTableTest {
    private static TableRule sigmoid(boolean saturate) {
        return new TableRule(UnaryFunction.SIGMOID, null, 11, 16, 16, -32768, 32767, saturate);
    }

    @Test
    void entriesFollowTheRule() {
        TableRule r = sigmoid(true);
        LookupTable t = LookupTable.of(r);
        long[] out = t.apply(new long[] {0, 2048, -2048, 32767}, "test");
        assertEquals(32768, out[0]); // sigmoid(0) * 2^16
        assertEquals(Math.floor(65536 / (1 + Math.exp(-1)) + 0.5), out[1]);
        assertEquals(Math.floor(65536 / (1 + Math.exp(1)) + 0.5), out[2]);
        assertEquals(r.entry(32767), out[3]);
    }

    @Test
    void saturatingTableClampsNonSaturatingTableRejects() {
        long[] x = {100000, -100000};
        long[] sat = LookupTable.of(sigmoid(true)).apply(x, "n");
        assertArrayEquals(new long[] {sigmoid(true).entry(32767), sigmoid(true).entry(-32768)}, sat);
        ModelException e = assertThrows(ModelException.class, () -> LookupTable.of(sigmoid(false)).apply(x, "node 'S' (Sigmoid)"));
        assertTrue(e.getMessage().contains("out of calibrated range at node 'S'"), e.getMessage());
    }

    @Test
    void rulesAreValuesAndDomainsAreChecked() {
        assertEquals(sigmoid(true), sigmoid(true));
        assertEquals(sigmoid(true).hashCode(), sigmoid(true).hashCode());
        assertTrue(!sigmoid(true).equals(sigmoid(false)));
        assertThrows(IllegalArgumentException.class, () -> new TableRule(UnaryFunction.EXP, null, 0, 0, 17, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new TableRule(UnaryFunction.EXP, null, 0, 0, 8, -200, 1, false));
    }

    /** A golden digest of one table: any change of how entries are generated (platform math, rounding) breaks it. */
    @Test
    void tablesAreReproducible() {
        long h = 0;
        for (UnaryFunction f : new UnaryFunction[] {UnaryFunction.SIGMOID, UnaryFunction.TANH, UnaryFunction.ERF, UnaryFunction.EXP, UnaryFunction.GELU}) {
            TableRule r = new TableRule(f, null, 12, 16, 16, -32768, 32767, true);
            for (long i = r.lo(); i <= r.hi(); i++) h = h * 1_000_003 + r.entry(i);
        }
        assertEquals(GOLDEN, h);
    }

    static final long GOLDEN = -5876202691345634360L;

    @Test
    void erfMatchesKnownValues() {
        assertEquals(0.5204998778130465, UnaryFunction.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, UnaryFunction.erf(1.0), 1e-15);
        assertEquals(0.9953222650189527, UnaryFunction.erf(2.0), 1e-15);
        assertEquals(-0.9999779095030014, UnaryFunction.erf(-3.0), 1e-15);
        assertEquals(0.0, UnaryFunction.erf(0.0), 0);
    }

    @Property
    void erfIsOddAndBounded(@ForAll @DoubleRange(min = -8, max = 8) double x) {
        assertEquals(-UnaryFunction.erf(x), UnaryFunction.erf(-x), 0);
        assertTrue(Math.abs(UnaryFunction.erf(x)) <= 1);
    }

    @Property
    void tableErrorIsWithinHalfAnOutputUnitPlusSlope(@ForAll @DoubleRange(min = -15, max = 15) double x) {
        TableRule r = sigmoid(true);
        long i = FixedPoint.quantize(x, r.sIn());
        long[] y = LookupTable.of(r).apply(new long[] {i}, "t");
        double exact = 1 / (1 + Math.exp(-x));
        // input rounding moves x by <= 2^-12, sigmoid' <= 1/4; output rounding <= 2^-17.
        assertTrue(Math.abs(y[0] / 65536.0 - exact) <= Math.pow(2, -14) + Math.pow(2, -17), Arrays.toString(y));
    }
}
