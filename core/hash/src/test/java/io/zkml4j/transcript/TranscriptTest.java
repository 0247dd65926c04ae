package io.zkml4j.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.hash.JdkSha256;
import io.zkml4j.hash.Sha256;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TranscriptTest {
    /** A fixed absorb sequence covering every absorb kind; the mutators below each change one thing. */
    private static void script(Transcript t, byte[] bytes, long[] fields, long[] c0, long[] c1, long single) {
        t.absorbBytes("bytes", bytes);
        t.absorbFields("fields", fields);
        t.absorbField("one", single);
        t.absorbExts("exts", c0, c1);
        t.absorbExt("ext", GoldilocksExt2.of(c0[0], c1[0]));
    }

    private static GoldilocksExt2 next(Consumer<Transcript> absorb) {
        Transcript t = new Transcript("test/v1");
        absorb.accept(t);
        return t.challengeExt("c");
    }

    @Test
    void everyAbsorbedByteChangesTheChallenge() {
        byte[] bytes = {1, 2, 3, 4, 5};
        long[] fields = {7, 8, 9};
        long[] c0 = {10, 11}, c1 = {12, 13};
        GoldilocksExt2 base = next(t -> script(t, bytes, fields, c0, c1, 42));
        assertEquals(base, next(t -> script(t, bytes, fields, c0, c1, 42)), "deterministic");
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = bytes.clone();
                b[i] ^= (byte) (1 << bit);
                assertNotEquals(base, next(t -> script(t, b, fields, c0, c1, 42)), "byte " + i + " bit " + bit);
            }
        }
        for (int i = 0; i < fields.length; i++) {
            long[] f = fields.clone();
            f[i] = Goldilocks.add(f[i], 1);
            assertNotEquals(base, next(t -> script(t, bytes, f, c0, c1, 42)), "field " + i);
        }
        for (int i = 0; i < c0.length; i++) {
            long[] a = c0.clone();
            a[i]++;
            assertNotEquals(base, next(t -> script(t, bytes, fields, a, c1, 42)), "ext c0 " + i);
            long[] b = c1.clone();
            b[i]++;
            assertNotEquals(base, next(t -> script(t, bytes, fields, c0, b, 42)), "ext c1 " + i);
        }
        assertNotEquals(base, next(t -> script(t, bytes, fields, c0, c1, 43)), "single field");
        // Label, length and omission all matter.
        assertNotEquals(base, next(t -> {
            t.absorbBytes("bytez", bytes);
            t.absorbFields("fields", fields);
            t.absorbField("one", 42);
            t.absorbExts("exts", c0, c1);
            t.absorbExt("ext", GoldilocksExt2.of(c0[0], c1[0]));
        }), "label");
        assertNotEquals(base, next(t -> {
            t.absorbBytes("bytes", bytes);
            t.absorbFields("fields", fields);
            t.absorbExts("exts", c0, c1);
            t.absorbExt("ext", GoldilocksExt2.of(c0[0], c1[0]));
        }), "omitted absorb");
        assertNotEquals(base, next(t -> script(t, Arrays.copyOf(bytes, 6), fields, c0, c1, 42)), "appended zero byte");
    }

    @Test
    void recordBoundariesAreBound() {
        // Splitting one vector across two absorbs must not collide with absorbing it whole.
        GoldilocksExt2 whole = next(t -> t.absorbFields("x", new long[] {1, 2}));
        GoldilocksExt2 split = next(t -> {
            t.absorbFields("x", new long[] {1});
            t.absorbFields("x", new long[] {2});
        });
        assertNotEquals(whole, split);
        GoldilocksExt2 b1 = next(t -> t.absorbBytes("ab", new byte[] {'c'}));
        GoldilocksExt2 b2 = next(t -> t.absorbBytes("a", new byte[] {'b', 'c'}));
        assertNotEquals(b1, b2);
        // A field vector and the same bytes absorbed as raw bytes differ (kind is bound).
        GoldilocksExt2 asField = next(t -> t.absorbFields("x", new long[] {5}));
        GoldilocksExt2 asBytes = next(t -> t.absorbBytes("x", new byte[] {5, 0, 0, 0, 0, 0, 0, 0}));
        assertNotEquals(asField, asBytes);
    }

    @Test
    void domainLabelSeparates() {
        assertNotEquals(new Transcript("a/v1").challengeExt("c"), new Transcript("a/v2").challengeExt("c"));
    }

    @Test
    void successiveChallengesDifferAndAlternateCorrectly() {
        Transcript t = new Transcript("test/v1");
        GoldilocksExt2 a = t.challengeExt("c");
        GoldilocksExt2 b = t.challengeExt("c");
        assertNotEquals(a, b);
        GoldilocksExt2[] many = t.challengeExts("many", 50);
        assertEquals(50, Arrays.stream(many).distinct().count());
        for (GoldilocksExt2 x : many) assertTrue(Goldilocks.isCanonical(x.c0) && Goldilocks.isCanonical(x.c1));
    }

    @Test
    void proverAndVerifierAgreeAcrossImplementations() {
        Transcript p = new Transcript("proto/v1", new JdkSha256());
        Transcript v = new Transcript("proto/v1", Sha256.INSTANCE);
        Random rnd = new Random(3);
        for (int round = 0; round < 20; round++) {
            long[] msg = new long[round];
            for (int i = 0; i < round; i++) msg[i] = Goldilocks.reduce64(rnd.nextLong());
            p.absorbFields("msg", msg);
            v.absorbFields("msg", msg);
            assertEquals(p.challengeExt("r"), v.challengeExt("r"));
            assertEquals(Arrays.toString(p.challengeIndices("q", 5, 1000)), Arrays.toString(v.challengeIndices("q", 5, 1000)));
        }
    }

    @Test
    void indicesAreInRangeAndRoughlyUniform() {
        Transcript t = new Transcript("idx/v1");
        int bound = 10;
        int[] counts = new int[bound];
        int[] idx = t.challengeIndices("q", 20000, bound);
        for (int i : idx) counts[i]++;
        for (int c : counts) assertTrue(c > 1700 && c < 2300, "count " + c); // 2000 +- 6.7 sigma
        assertEquals(0, t.challengeIndex("one", 1));
        int big = Integer.MAX_VALUE;
        for (int i : t.challengeIndices("big", 100, big)) assertTrue(i >= 0 && i < big);
        assertThrows(IllegalArgumentException.class, () -> t.challengeIndex("zero", 0));
    }

    /** Vectors past the inline limit are absorbed as digests: every element still moves the challenge. */
    @Test
    void longVectorsAreBoundElementByElement() {
        int n = Transcript.INLINE_MAX + 5;
        long[] f = new long[n], c0 = new long[n], c1 = new long[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
            c0[i] = 100 + i;
            c1[i] = 200 + i;
        }
        GoldilocksExt2 base = next(t -> {
            t.absorbFields("f", f);
            t.absorbExts("e", c0, c1);
        });
        for (int i = 0; i < n; i++) {
            for (long[] target : new long[][] {f, c0, c1}) {
                long[] g = f.clone(), a = c0.clone(), b = c1.clone();
                long[] m = target == f ? g : target == c0 ? a : b;
                m[i] = Goldilocks.add(m[i], 1);
                assertNotEquals(base, next(t -> {
                    t.absorbFields("f", g);
                    t.absorbExts("e", a, b);
                }), "element " + i);
            }
        }
        // c0 and c1 of an extension vector are not interchangeable, nor a vector with its prefix
        assertNotEquals(base, next(t -> {
            t.absorbFields("f", f);
            t.absorbExts("e", c1, c0);
        }));
        assertNotEquals(base, next(t -> {
            t.absorbFields("f", Arrays.copyOf(f, n - 1));
            t.absorbExts("e", c0, c1);
        }));
        long[] bad = f.clone();
        bad[n - 1] = Goldilocks.P;
        assertThrows(IllegalArgumentException.class, () -> new Transcript("x/v1").absorbFields("bad", bad));
    }

    @Test
    void rejectsNonCanonicalInput() {
        Transcript t = new Transcript("x/v1");
        assertThrows(IllegalArgumentException.class, () -> t.absorbField("bad", Goldilocks.P));
        assertThrows(IllegalArgumentException.class, () -> t.absorbExts("bad", new long[1], new long[2]));
    }
}
