package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkml4j.field.Goldilocks;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RsEncoderTest {
    /** Position s C + i holds f(w_N^s w_C^rev(i)) for f the message polynomial: checked against direct evaluation. */
    @Test
    void matchesDirectPolynomialEvaluation() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int logMsg = 0; logMsg <= 6; logMsg++) {
            for (int logBlowup = 1; logBlowup <= 3; logBlowup++) {
                RsEncoder enc = RsEncoder.of(logMsg, logBlowup);
                long[] m = new long[1 << logMsg];
                for (int j = 0; j < m.length; j++) m[j] = Goldilocks.reduce64(rnd.nextLong());
                long[] code = enc.encode(m);
                long wN = Goldilocks.rootOfUnity(logMsg + logBlowup), wC = Goldilocks.rootOfUnity(logMsg);
                boolean[] seen = new boolean[code.length];
                for (int s = 0; s < (1 << logBlowup); s++) {
                    for (int i = 0; i < m.length; i++) {
                        int rev = logMsg == 0 ? 0 : Integer.reverse(i) >>> (32 - logMsg);
                        long x = Goldilocks.mul(Goldilocks.pow(wN, s), Goldilocks.pow(wC, rev));
                        long f = 0;
                        for (int j = m.length - 1; j >= 0; j--) f = Goldilocks.add(Goldilocks.mul(f, x), m[j]);
                        assertEquals(f, code[s * m.length + i], "logMsg " + logMsg + " blowup 2^" + logBlowup + " s " + s + " i " + i);
                        // every evaluation point is used exactly once: exponent s + b * rev covers 0..N-1
                        int e = s + (rev << logBlowup);
                        assertEquals(false, seen[e]);
                        seen[e] = true;
                    }
                }
            }
        }
    }

    /** Rows of the sizes the dense networks commit (2^11..2^15), checked against direct evaluation at sampled positions. */
    @Test
    void longRowsMatchDirectEvaluation() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int logMsg = 11; logMsg <= 15; logMsg++) {
            int logBlowup = 1;
            RsEncoder enc = RsEncoder.of(logMsg, logBlowup);
            long[] m = new long[1 << logMsg];
            for (int j = 0; j < m.length; j++) m[j] = Goldilocks.reduce64(rnd.nextLong());
            long[] code = enc.encode(m);
            long wN = Goldilocks.rootOfUnity(logMsg + logBlowup), wC = Goldilocks.rootOfUnity(logMsg);
            for (int s = 0; s < (1 << logBlowup); s++) {
                for (int k = 0; k < 12; k++) {
                    int i = k < 4 ? new int[] {0, 1, m.length - 2, m.length - 1}[k] : rnd.nextInt(m.length);
                    int rev = Integer.reverse(i) >>> (32 - logMsg);
                    long x = Goldilocks.mul(Goldilocks.pow(wN, s), Goldilocks.pow(wC, rev));
                    long f = 0;
                    for (int j = m.length - 1; j >= 0; j--) f = Goldilocks.add(Goldilocks.mul(f, x), m[j]);
                    assertEquals(f, code[s * m.length + i], "logMsg " + logMsg + " s " + s + " i " + i);
                }
            }
        }
    }

    /**
     * The prover's encoding (through reused scratch and {@link TwiddleMul.Fast}: Math.unsignedMultiplyHigh on JDK 18+)
     * equals the portable one, edge values included (0, 1, p - 1, 2^63, 2^32 - 1 in the message).
     */
    @Test
    void proverEncodingMatchesPortable() {
        SplittableRandom rnd = new SplittableRandom(12);
        long[] edges = {0, 1, Goldilocks.P - 1, Goldilocks.P - 2, 1L << 63, 0xFFFF_FFFFL, 1L << 32};
        for (int logMsg = 1; logMsg <= 14; logMsg++) {
            for (int logBlowup = 1; logBlowup <= 2; logBlowup++) {
                RsEncoder enc = RsEncoder.of(logMsg, logBlowup);
                long[] m = new long[1 << logMsg];
                for (int j = 0; j < m.length; j++) m[j] = j < edges.length ? edges[j] : Goldilocks.reduce64(rnd.nextLong());
                long[] out = new long[enc.codeLen + 3];
                long[][] scratch = enc.scratch();
                enc.encode(m, 0, out, 3, scratch);
                enc.encode(m, 0, out, 3, scratch); // scratch reused
                assertArrayEquals(enc.encode(m), java.util.Arrays.copyOfRange(out, 3, out.length), "logMsg " + logMsg + " blowup " + logBlowup);
            }
        }
    }
}
