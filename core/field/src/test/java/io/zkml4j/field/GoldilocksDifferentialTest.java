package io.zkml4j.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Differential tests against BigInteger mod p, on edge values and random 64-bit patterns (SOUNDNESS.md row "field arithmetic"). */
class GoldilocksDifferentialTest {
    static final BigInteger P = new BigInteger("18446744069414584321");
    static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

    static BigInteger big(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    static long small(BigInteger v) {
        return v.mod(P).longValue();
    }

    @Provide
    Arbitrary<Long> elements() {
        return Arbitraries.oneOf(
                Arbitraries.of(java.util.Arrays.stream(GoldilocksLawsTest.EDGES).boxed().toArray(Long[]::new)),
                Arbitraries.longs().map(Goldilocks::reduce64));
    }

    @Provide
    Arbitrary<Long> anyBits() {
        return Arbitraries.oneOf(Arbitraries.of(-1L, 0L, Goldilocks.P, Goldilocks.P + 1, -2L, 1L << 32), Arbitraries.longs());
    }

    @Property(tries = 3000)
    void mulMatchesBigInteger(@ForAll("elements") long a, @ForAll("elements") long b) {
        assertEquals(small(big(a).multiply(big(b))), Goldilocks.mul(a, b));
    }

    @Property(tries = 3000)
    void addSubNegMatchBigInteger(@ForAll("elements") long a, @ForAll("elements") long b) {
        assertEquals(small(big(a).add(big(b))), Goldilocks.add(a, b));
        assertEquals(small(big(a).subtract(big(b))), Goldilocks.sub(a, b));
        assertEquals(small(big(a).negate()), Goldilocks.neg(a));
    }

    @Property(tries = 3000)
    void fusedKernelsMatchBigInteger(@ForAll("elements") long a, @ForAll("elements") long b, @ForAll("elements") long c,
            @ForAll("elements") long d, @ForAll("elements") long e) {
        assertEquals(small(big(a).multiply(big(b)).add(big(c))), Goldilocks.mulAdd(a, b, c));
        assertEquals(small(big(a).multiply(big(b)).add(big(d).multiply(big(e))).add(big(c))), Goldilocks.dot2Add(a, b, d, e, c));
        assertEquals(small(big(a).add(big(a)).subtract(big(b))), Goldilocks.twiceMinus(a, b));
    }

    @Property(tries = 3000)
    void extensionProductMatchesBigInteger(@ForAll("elements") long a0, @ForAll("elements") long a1,
            @ForAll("elements") long b0, @ForAll("elements") long b1) {
        // (a0 + a1 X)(b0 + b1 X) mod X^2 - 7
        assertEquals(small(big(a0).multiply(big(b0)).add(BigInteger.valueOf(7).multiply(big(a1)).multiply(big(b1)))),
                GoldilocksExt2.mul0(a0, a1, b0, b1));
        assertEquals(small(big(a0).multiply(big(b1)).add(big(a1).multiply(big(b0)))), GoldilocksExt2.mul1(a0, a1, b0, b1));
    }

    @Property(tries = 1000)
    void reduce192MatchesBigInteger(@ForAll("anyBits") long lo, @ForAll("anyBits") long hi, @ForAll long top) {
        long t = top >>> 40; // a carry count: far below 2^64
        BigInteger x = BigInteger.valueOf(t).shiftLeft(128).add(big(hi).shiftLeft(64)).add(big(lo));
        assertEquals(small(x), Goldilocks.reduce192(lo, hi, t));
    }

    @Property(tries = 3000)
    void reduce128MatchesBigInteger(@ForAll("anyBits") long lo, @ForAll("anyBits") long hi) {
        BigInteger x = big(hi).multiply(TWO64).add(big(lo));
        assertEquals(small(x), Goldilocks.reduce128(lo, hi));
    }

    @Property(tries = 3000)
    void reduce64AndCanonical(@ForAll("anyBits") long v) {
        long r = Goldilocks.reduce64(v);
        assertEquals(small(big(v)), r);
        assertTrue(Goldilocks.isCanonical(r));
        assertEquals(big(v).compareTo(P) < 0, Goldilocks.isCanonical(v));
    }

    @Property(tries = 3000)
    void portableHighMultiplyMatchesIntrinsic(@ForAll("anyBits") long a, @ForAll("anyBits") long b) {
        assertEquals(Mul128.unsignedHigh(a, b), Mul128.unsignedHighPortable(a, b));
        assertEquals(big(a).multiply(big(b)).shiftRight(64).longValue(), Mul128.unsignedHigh(a, b));
    }

    @Property(tries = 1000)
    void signedEmbeddingRoundTrips(@ForAll long v) {
        long s = v >> 2; // |s| < p/2
        assertEquals(s, Goldilocks.toSigned(Goldilocks.fromSigned(s)));
        assertEquals(small(BigInteger.valueOf(s)), Goldilocks.fromSigned(s));
    }

    /** Every long embeds as its residue mod p (the branch-free form covers the whole range, Long.MIN_VALUE included). */
    @Property(tries = 1000)
    void signedEmbeddingOfAnyLong(@ForAll("anyBits") long v) {
        for (long s : new long[] {v, Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE}) {
            long r = Goldilocks.fromSigned(s);
            assertEquals(small(BigInteger.valueOf(s)), r);
            assertTrue(Goldilocks.isCanonical(r));
        }
    }

    @Property(tries = 500)
    void unsignedDecimalString(@ForAll("anyBits") long v) {
        assertEquals(Long.toUnsignedString(v), Goldilocks.toString(v));
    }

    @Test
    void constantsAreWhatTheyClaim() {
        assertEquals(P, big(Goldilocks.P));
        assertFalse(Goldilocks.isCanonical(Goldilocks.P));
        // 7 generates the group: 7^((p-1)/q) != 1 for every prime q | p-1.
        for (long q : new long[] {2, 3, 5, 17, 257, 65537}) {
            BigInteger e = P.subtract(BigInteger.ONE).divide(BigInteger.valueOf(q));
            assertFalse(BigInteger.valueOf(7).modPow(e, P).equals(BigInteger.ONE), "7 has order dividing (p-1)/" + q);
        }
        // W = 7 is a non-residue (Euler's criterion), so X^2 - 7 is irreducible.
        assertEquals(P.subtract(BigInteger.ONE), BigInteger.valueOf(GoldilocksExt2.W).modPow(P.shiftRight(1), P));
        long w = Goldilocks.rootOfUnity(32);
        assertEquals(1L, Goldilocks.pow(w, 1L << 32));
        assertEquals(Goldilocks.P - 1, Goldilocks.pow(w, 1L << 31));
    }

    @Test
    void batchInversion() {
        long[] v = new long[257];
        for (int i = 0; i < v.length; i++) v[i] = Goldilocks.reduce64(0x9E3779B97F4A7C15L * (i + 1));
        long[] inv = v.clone();
        Goldilocks.batchInvertInPlace(inv);
        for (int i = 0; i < v.length; i++) assertEquals(1L, Goldilocks.mul(v[i], inv[i]));
        v[100] = 0;
        org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, () -> Goldilocks.batchInvertInPlace(v));
    }
}
