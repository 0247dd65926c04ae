package io.zkml4j.ml.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.ModelException;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FixedPointTest {
    private static final long B = (1L << 61) - 1;

    @Property
    void rescaleIsFloorOfHalfUp(@ForAll @LongRange(min = -B, max = B) long x, @ForAll @IntRange(min = 0, max = 60) int k) {
        BigInteger num = BigInteger.valueOf(x).add(k == 0 ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(k - 1));
        BigInteger[] qr = num.divideAndRemainder(BigInteger.ONE.shiftLeft(k));
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        assertEquals(q.longValueExact(), FixedPoint.rescale(x, k));
        // The proof's witness: remainder r = x + 2^(k-1) - q 2^k lies in [0, 2^k).
        long r = x + (k == 0 ? 0 : 1L << (k - 1)) - (FixedPoint.rescale(x, k) << k);
        assertTrue(r >= 0 && r < (1L << k));
    }

    @Property
    void divRoundIsNearestWithTiesUp(@ForAll @LongRange(min = -B, max = B) long x, @ForAll @LongRange(min = 1, max = 1L << 40) long d) {
        // floor((2x + d) / 2d) in exact arithmetic.
        BigInteger num = BigInteger.valueOf(x).shiftLeft(1).add(BigInteger.valueOf(d));
        BigInteger den = BigInteger.valueOf(d).shiftLeft(1);
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        assertEquals(q.longValueExact(), FixedPoint.divRound(x, d));
    }

    @Property
    void divRoundByPowerOfTwoIsRescale(@ForAll @LongRange(min = -B, max = B) long x, @ForAll @IntRange(min = 0, max = 40) int k) {
        assertEquals(FixedPoint.rescale(x, k), FixedPoint.divRound(x, 1L << k));
    }

    @Property
    void isqrtBracketsTheRoot(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) {
        long r = FixedPoint.isqrt(v);
        BigInteger bv = BigInteger.valueOf(v), br = BigInteger.valueOf(r);
        assertTrue(br.multiply(br).compareTo(bv) <= 0);
        assertTrue(br.add(BigInteger.ONE).pow(2).compareTo(bv) > 0);
    }

    @Property
    void sqrtRoundIsNearest(@ForAll @LongRange(min = 0, max = (1L << 60) - 1) long v) {
        long q = FixedPoint.sqrtRound(v);
        // (q - 1/2)^2 <= v < (q + 1/2)^2  <=>  (2q-1)^2 <= 4v < (2q+1)^2
        BigInteger four = BigInteger.valueOf(v).shiftLeft(2);
        BigInteger lo = BigInteger.valueOf(2 * q - 1), hi = BigInteger.valueOf(2 * q + 1);
        assertTrue(q == 0 || lo.multiply(lo).compareTo(four) <= 0);
        assertTrue(hi.multiply(hi).compareTo(four) > 0);
    }

    @Property
    void requantUpThenDownIsIdentity(@ForAll @LongRange(min = -(1L << 40), max = 1L << 40) long x, @ForAll @IntRange(min = 0, max = 20) int up) {
        assertEquals(x, FixedPoint.requant(FixedPoint.requant(x, 3, 3 + up), 3 + up, 3));
    }

    @Test
    void requantUpOverflowIsAModelError() {
        assertThrows(ModelException.class, () -> FixedPoint.requant(1L << 50, 0, 20));
        assertThrows(ModelException.class, () -> FixedPoint.requant(new long[] {1L << 50}, 0, 20));
    }

    @Test
    void quantizeRoundsHalfUp() {
        assertEquals(3, FixedPoint.quantize(1.5, 1));
        assertEquals(2, FixedPoint.quantize(0.75, 2) - 1);
        assertEquals(-1, FixedPoint.quantize(-0.75, 1)); // -1.5 -> -1 (ties up)
        assertEquals(1, FixedPoint.quantize(0.25, 1)); // 0.5 -> 1
        assertThrows(ModelException.class, () -> FixedPoint.quantize(Double.NaN, 3));
        assertThrows(ModelException.class, () -> FixedPoint.quantize(1e30, 3));
    }

    @Test
    void checkProductRejectsAccumulatorsBeyond2To62() {
        FixedPoint.checkProduct(1L << 20, 1L << 20, 1 << 20, "test");
        assertThrows(ModelException.class, () -> FixedPoint.checkProduct(1L << 31, 1L << 31, 1, "test"));
    }

    @Test
    void ceilLog2() {
        assertEquals(0, FixedPoint.ceilLog2(1.0));
        assertEquals(1, FixedPoint.ceilLog2(1.5));
        assertEquals(-1, FixedPoint.ceilLog2(0.5));
        assertEquals(-1, FixedPoint.ceilLog2(0.3));
        assertEquals(10, FixedPoint.ceilLog2(1000));
    }
}
