package io.zkml4j.ml.prover.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proof container decodes exactly what was encoded and nothing else. */
class ProofFileTest {
    private static final ProofFile SAMPLE = new ProofFile(new byte[] {1, 2, 3, 4}, new long[] {-5, 0, Long.MAX_VALUE},
            new long[] {Long.MIN_VALUE, 7}, new byte[] {9, 8, 7, 6, 5});

    @Test
    void roundTrip() {
        byte[] b = SAMPLE.encode();
        ProofFile d = ProofFile.decode(b);
        assertArrayEquals(SAMPLE.modelDigest(), d.modelDigest());
        assertArrayEquals(SAMPLE.input(), d.input());
        assertArrayEquals(SAMPLE.output(), d.output());
        assertArrayEquals(SAMPLE.proof(), d.proof());
        assertArrayEquals(b, d.encode());
    }

    @Test
    void everyTruncationAndEveryExtensionIsRejected() {
        byte[] b = SAMPLE.encode();
        for (int n = 0; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            assertThrows(ProofFile.FormatException.class, () -> ProofFile.decode(cut), "prefix of " + n + " bytes");
        }
        for (int extra = 1; extra <= 9; extra++) {
            byte[] longer = Arrays.copyOf(b, b.length + extra);
            assertThrows(ProofFile.FormatException.class, () -> ProofFile.decode(longer), extra + " trailing bytes");
        }
    }

    @Test
    void oversizedLengthsAreRejectedBeforeAllocating() {
        byte[] b = SAMPLE.encode();
        // the input section's count (after magic, version, digest length and 4 digest bytes) set to 2^31 - 1 and 2^32 - 1
        for (int count : new int[] {Integer.MAX_VALUE, -1, 1 << 28}) {
            byte[] c = b.clone();
            ByteBuffer.wrap(c).putInt(8 + 4 + 4, count);
            ProofFile.FormatException e = assertThrows(ProofFile.FormatException.class, () -> ProofFile.decode(c));
            assertTrue(e.getMessage().contains("public input"), e.getMessage());
        }
        byte[] d = b.clone();
        ByteBuffer.wrap(d).putInt(8, 65); // digest longer than any hash we use
        assertThrows(ProofFile.FormatException.class, () -> ProofFile.decode(d));
    }

    @Test
    void wrongMagicOrVersionIsRejected() {
        byte[] b = SAMPLE.encode();
        for (int i = 0; i < 8; i++) {
            byte[] c = b.clone();
            c[i] ^= 0x20;
            assertThrows(ProofFile.FormatException.class, () -> ProofFile.decode(c), "byte " + i);
        }
    }
}
