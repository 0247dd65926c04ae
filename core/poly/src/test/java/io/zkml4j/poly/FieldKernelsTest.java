package io.zkml4j.poly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkml4j.field.Goldilocks;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The branch-free kernels agree with Goldilocks and with BigInteger on edge and random values. */
class FieldKernelsTest {
    static final BigInteger P = new BigInteger(Long.toUnsignedString(Goldilocks.P));

    static List<Long> values() {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, 2L, Goldilocks.P - 1, Goldilocks.P - 2, 0xFFFF_FFFFL, 1L << 32,
                (1L << 32) + 1, 1L << 63, (1L << 63) - 1, Goldilocks.P - (1L << 32), 0xFFFF_FFFEL));
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 40; i++) v.add(Goldilocks.reduce64(r.nextLong()));
        return v;
    }

    static BigInteger big(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    static long mod(BigInteger b) {
        return b.mod(P).longValue();
    }

    @Test
    void agreeWithReference() {
        List<Long> vs = values();
        SplittableRandom r = new SplittableRandom(5);
        for (long a : vs) {
            for (long b : vs) {
                assertEquals(Goldilocks.add(a, b), FieldKernels.add(a, b));
                assertEquals(Goldilocks.sub(a, b), FieldKernels.sub(a, b));
                assertEquals(Goldilocks.sub(Goldilocks.add(a, a), b), FieldKernels.twiceMinus(a, b));
                long c = vs.get(r.nextInt(vs.size())), d = vs.get(r.nextInt(vs.size())), e = vs.get(r.nextInt(vs.size()));
                assertEquals(mod(big(a).multiply(big(b)).add(big(c))), FieldKernels.mulAdd(a, b, c));
                assertEquals(mod(big(a).multiply(big(b)).add(big(d).multiply(big(e))).add(big(c))),
                        FieldKernels.dot2Add(a, b, d, e, c));
            }
        }
        long lo = -1, hi = -1;
        for (long top : new long[] {0, 1, 2, 1 << 20}) {
            BigInteger x = BigInteger.valueOf(top).shiftLeft(128).add(big(hi).shiftLeft(64)).add(big(lo));
            assertEquals(mod(x), FieldKernels.reduce192(lo, hi, top));
        }
    }
}
