package io.zkml4j.transcript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The transcript against an independent model of the construction its Javadoc specifies (MessageDigest, byte by
 * byte): prover and verifier share one implementation, so only a second one pins the format itself.
 */
class TranscriptSpecTest {
    /** The specification, written out with no shared code. */
    static final class Model {
        private byte[] state;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private byte[] block = new byte[0];
        private long blockIndex;
        private int pos;

        Model(String domain) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] proto = "zkml4j.transcript/v2".getBytes(StandardCharsets.UTF_8);
            b.writeBytes(proto);
            byte[] l = domain.getBytes(StandardCharsets.UTF_8);
            u32(b, l.length);
            b.writeBytes(l);
            state = sha(b.toByteArray());
        }

        static byte[] sha(byte[] x) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(x);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        static void u32(ByteArrayOutputStream b, long v) {
            for (int i = 0; i < 4; i++) b.write((int) (v >>> (8 * i)));
        }

        static void u64(ByteArrayOutputStream b, long v) {
            for (int i = 0; i < 8; i++) b.write((int) (v >>> (8 * i)));
        }

        static byte[] digest(int tag, long[] v) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(tag);
            for (long x : v) u64(b, x);
            return sha(b.toByteArray());
        }

        void header(int kind, String label, int count) {
            pending.write(kind);
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            u32(pending, l.length);
            pending.writeBytes(l);
            u32(pending, count);
        }

        void bytes(String label, byte[] d) {
            header(1, label, d.length);
            pending.writeBytes(d);
        }

        void fields(String label, long[] v) {
            header(2, label, v.length);
            if (v.length > 16) pending.writeBytes(digest(0x40, v));
            else for (long x : v) u64(pending, x);
        }

        void exts(String label, long[] c0, long[] c1) {
            header(3, label, c0.length);
            if (c0.length > 16) {
                pending.writeBytes(digest(0x41, c0));
                pending.writeBytes(digest(0x42, c1));
            } else {
                for (int i = 0; i < c0.length; i++) {
                    u64(pending, c0[i]);
                    u64(pending, c1[i]);
                }
            }
        }

        void squeeze(String label, int count) {
            header(0x10, label, count);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(0x20);
            b.writeBytes(state);
            b.writeBytes(pending.toByteArray());
            state = sha(b.toByteArray());
            pending.reset();
            blockIndex = 0;
            pos = 32;
        }

        long word() {
            if (pos == 32) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.write(0x30);
                b.writeBytes(state);
                u64(b, blockIndex++);
                block = sha(b.toByteArray());
                pos = 0;
            }
            long w = 0;
            for (int i = 0; i < 8; i++) w |= (block[pos + i] & 0xFFL) << (8 * i);
            pos += 8;
            return w;
        }

        long field() {
            long w;
            do {
                w = word();
            } while (Long.compareUnsigned(w, Goldilocks.P) >= 0);
            return w;
        }

        GoldilocksExt2[] exts(String label, int n) {
            squeeze(label, n);
            GoldilocksExt2[] r = new GoldilocksExt2[n];
            for (int i = 0; i < n; i++) {
                long a = field();
                r[i] = GoldilocksExt2.of(a, field());
            }
            return r;
        }

        /** As specified: a 63-bit word, rejected at or above 2^63 - (2^63 mod bound), reduced mod bound. */
        int[] indices(String label, int count, int bound) {
            squeeze(label, count);
            long accept = Long.MIN_VALUE - Long.remainderUnsigned(Long.MIN_VALUE, bound); // unsigned 2^63 - (2^63 mod bound)
            int[] r = new int[count];
            int i = 0;
            while (i < count) {
                long w = word() >>> 1;
                if (Long.compareUnsigned(w, accept) < 0) r[i++] = (int) Long.remainderUnsigned(w, bound);
            }
            return r;
        }
    }

    private static long[] fields(SplittableRandom r, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = Goldilocks.reduce64(r.nextLong());
        return v;
    }

    @Test
    void everyRecordKindAndChallengeMatchesTheSpecifiedConstruction() {
        SplittableRandom r = new SplittableRandom(3);
        String domain = "zkml4j.test.spec/v1 \u00e9"; // a multi-byte label: lengths are in bytes
        Transcript t = new Transcript(domain);
        Model m = new Model(domain);
        for (int round = 0; round < 3; round++) {
            byte[] big = new byte[300 + round]; // past the initial 256-byte buffer
            r.nextBytes(big);
            t.absorbBytes("bytes", big);
            m.bytes("bytes", big);
            for (int n : new int[] {0, 1, 16, 17, 40}) {
                long[] f = fields(r, n), c0 = fields(r, n), c1 = fields(r, n);
                t.absorbFields("f" + n, f);
                m.fields("f" + n, f);
                t.absorbExts("e" + n, c0, c1);
                m.exts("e" + n, c0, c1);
            }
            long one = Goldilocks.P - 1 - round;
            t.absorbField("one", one);
            m.fields("one", new long[] {one});
            GoldilocksExt2 e = GoldilocksExt2.of(Goldilocks.P - 1, round);
            t.absorbExt("ext", e);
            m.exts("ext", new long[] {e.c0}, new long[] {e.c1});
            assertEquals(m.exts("c", 1)[0], t.challengeExt("c"));
            assertArrayEquals(m.exts("cs", 9), t.challengeExts("cs", 9)); // 36 words: past one 32-byte output block
            assertArrayEquals(m.indices("q", 20, 1000 + round), t.challengeIndices("q", 20, 1000 + round));
            assertArrayEquals(m.indices("q1", 1, 3), new int[] {t.challengeIndex("q1", 3)});
            assertArrayEquals(m.indices("qmax", 5, Integer.MAX_VALUE), t.challengeIndices("qmax", 5, Integer.MAX_VALUE));
            // 2^63 mod bound is close to bound here: a limit off by a factor of bound would reject half the words
            assertArrayEquals(m.indices("qhalf", 20, 2147418113), t.challengeIndices("qhalf", 20, 2147418113));
            assertArrayEquals(m.indices("one", 3, 1), t.challengeIndices("one", 3, 1));
            assertArrayEquals(m.exts("none", 0), t.challengeExts("none", 0));
        }
        // a record that ends exactly at the end of the initial 256-byte buffer (33 + 9 + 86 + 16 * 8 = 256)
        Transcript exact = new Transcript(domain);
        Model me = new Model(domain);
        long[] sixteen = fields(r, 16);
        exact.absorbFields("x".repeat(86), sixteen);
        me.fields("x".repeat(86), sixteen);
        assertEquals(me.exts("c", 1)[0], exact.challengeExt("c"));
        // a label longer than the buffer, an empty domain, and no indices
        Transcript empty = new Transcript("");
        Model m0 = new Model("");
        empty.absorbBytes("l".repeat(300), new byte[] {1});
        m0.bytes("l".repeat(300), new byte[] {1});
        assertEquals(m0.exts("c", 1)[0], empty.challengeExt("c"));
        assertArrayEquals(new int[0], empty.challengeIndices("none", 0, 5));
        // many small records in one pending buffer (growth through header and field appends)
        for (int i = 0; i < 200; i++) {
            t.absorbField("x", i);
            m.fields("x", new long[] {i});
            t.absorbExts("y", new long[] {i, 1}, new long[] {2, i});
            t.absorbExt("z", GoldilocksExt2.of(i, 5));
            m.exts("y", new long[] {i, 1}, new long[] {2, i});
            m.exts("z", new long[] {i}, new long[] {5});
        }
        assertEquals(m.exts("end", 1)[0], t.challengeExt("end"));
    }

    @Test
    void badArgumentsAreRejected() {
        Transcript t = new Transcript("x");
        assertThrows(IllegalArgumentException.class, () -> t.challengeExts("c", -1));
        assertThrows(IllegalArgumentException.class, () -> t.challengeIndices("c", -1, 4));
        assertThrows(IllegalArgumentException.class, () -> t.challengeIndices("c", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> t.absorbExts("e", new long[2], new long[3]));
        assertThrows(IllegalArgumentException.class, () -> t.absorbFields("f", new long[] {Goldilocks.P}));
        long[] big = new long[17];
        big[16] = Goldilocks.P;
        assertThrows(IllegalArgumentException.class, () -> t.absorbFields("f", big));
        assertThrows(IllegalArgumentException.class, () -> t.absorbExts("e", new long[17], big));
    }
}
