package io.zkml4j.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
    private static final Hash PURE = Sha256.INSTANCE;
    private static final Hash JDK = new JdkSha256();

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xFF));
        return sb.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void nistVectors() {
        String[][] vectors = {
            {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
            {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
            {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
            {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
        };
        for (String[] v : vectors) {
            assertEquals(v[1], hex(PURE.hash(ascii(v[0]))), "pure: " + v[0]);
            assertEquals(v[1], hex(JDK.hash(ascii(v[0]))), "jdk: " + v[0]);
        }
    }

    @Test
    void millionAs() {
        byte[] a = new byte[1_000_000];
        java.util.Arrays.fill(a, (byte) 'a');
        String expect = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
        assertEquals(expect, hex(PURE.hash(a)));
        assertEquals(expect, hex(JDK.hash(a)));
        // Streaming in odd-sized pieces gives the same digest.
        Sha256.Engine e = new Sha256.Engine();
        int off = 0, step = 1;
        while (off < a.length) {
            int n = Math.min(step, a.length - off);
            e.update(a, off, n);
            off += n;
            step = step * 3 % 257 + 1;
        }
        assertEquals(expect, hex(e.digest()));
    }

    @Test
    void implementationsAgreeOnAllLengthsAndFieldRuns() {
        Random rnd = new Random(1);
        for (int len = 0; len < 300; len++) {
            byte[] d = new byte[len];
            rnd.nextBytes(d);
            assertArrayEquals(PURE.hash(d), JDK.hash(d), "length " + len);
        }
        for (int n : new int[] {0, 1, 7, 8, 63, 64, 511, 512, 513, 1025, 3000}) {
            long[] v = rnd.longs(n + 3).toArray();
            byte[] a = new byte[32], b = new byte[32];
            PURE.hashFields((byte) 5, v, 3, n, a, 0);
            JDK.hashFields((byte) 5, v, 3, n, b, 0);
            assertArrayEquals(a, b, "field run " + n);
            // hashFields is the hash of tag || little-endian words.
            byte[] bytes = new byte[1 + 8 * n];
            bytes[0] = 5;
            for (int i = 0; i < n; i++) for (int k = 0; k < 8; k++) bytes[1 + 8 * i + k] = (byte) (v[3 + i] >>> (8 * k));
            assertArrayEquals(PURE.hash(bytes), a, "field run layout " + n);
        }
        byte[] l = new byte[40], r = new byte[40];
        rnd.nextBytes(l);
        rnd.nextBytes(r);
        byte[] a = new byte[33], b = new byte[33];
        PURE.compress((byte) 1, l, 8, r, 3, a, 1);
        JDK.compress((byte) 1, l, 8, r, 3, b, 1);
        assertArrayEquals(a, b);
    }

    @Test
    void factoryPicksAWorkingSha256() {
        Hash h = Hashes.sha256();
        assertEquals("sha256", h.name());
        assertTrue(h instanceof JdkSha256, "HotSpot has MessageDigest, so the intrinsic path is chosen");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex(h.hash(ascii("abc"))));
    }

    /**
     * A call that fails half-way (here: a field run reaching past its array, after whole chunks were fed) must not
     * leave bytes in the per-thread digest state: the next digest on the same thread is still SHA-256 of its own input.
     */
    @Test
    void failedCallDoesNotPoisonTheNextDigestOnTheThread() {
        for (Hash h : new Hash[] {JDK, PURE}) {
            long[] v = new long[5000];
            byte[] out = new byte[32];
            assertThrows(RuntimeException.class, () -> h.hashFields((byte) 0, v, 0, 6000, out, 0));
            assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex(h.hash(ascii("abc"))), h.name());
            assertThrows(RuntimeException.class, () -> h.hashFields((byte) 0, v, 0, 6000, out, 0));
            byte[] a = new byte[32];
            h.hashFields((byte) 7, v, 0, 3, a, 0);
            byte[] expect = new byte[25];
            expect[0] = 7;
            assertArrayEquals(PURE.hash(expect), a, h.name());
        }
    }
}
