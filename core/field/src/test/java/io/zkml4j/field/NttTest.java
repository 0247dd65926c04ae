package io.zkml4j.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NttTest {
    static long[] naiveEvaluate(long[] coeffs, int domainLog) {
        int n = 1 << domainLog;
        long w = Goldilocks.rootOfUnity(domainLog);
        long[] out = new long[n];
        long x = 1;
        for (int i = 0; i < n; i++) {
            long acc = 0;
            for (int j = coeffs.length - 1; j >= 0; j--) acc = Goldilocks.add(Goldilocks.mul(acc, x), coeffs[j]);
            out[i] = acc;
            x = Goldilocks.mul(x, w);
        }
        return out;
    }

    @Test
    void forwardMatchesNaiveEvaluation() {
        Random rnd = new Random(3);
        for (int log = 0; log <= 9; log++) {
            long[] c = new long[1 << log];
            for (int i = 0; i < c.length; i++) c[i] = GoldilocksLawsTest.randomElement(rnd);
            long[] v = c.clone();
            Ntt.forward(v);
            assertArrayEquals(naiveEvaluate(c, log), v, "size 2^" + log);
            Ntt.inverse(v);
            assertArrayEquals(c, v, "inverse, size 2^" + log);
        }
    }

    @Test
    void extendIsReedSolomonEncoding() {
        Random rnd = new Random(4);
        long[] c = new long[64];
        for (int i = 0; i < c.length; i++) c[i] = GoldilocksLawsTest.randomElement(rnd);
        long[] padded = new long[256];
        System.arraycopy(c, 0, padded, 0, 64);
        assertArrayEquals(naiveEvaluate(c, 8), Ntt.extend(c, 4));
    }

    @Test
    void rejectsNonPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> Ntt.forward(new long[12]));
    }
}
