package io.zkml4j.transcript;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.hash.Hash;
import io.zkml4j.hash.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Fiat-Shamir transcript: a hash chain over SHA-256 that the prover and the verifier run in the
 * same order, so every challenge is a function of everything absorbed before it.
 *
 * <p>Construction. The state is a 32-byte chaining value s, initialised to
 * {@code SHA-256("zkml4j.transcript/v2" || u32 len || domainLabel)}, so transcripts of different
 * protocols or format versions never share a challenge. Each absorb appends an unambiguous record to
 * a pending buffer: {@code kind(1) || u32 labelLen || label || u32 count || payload}, kind distinguishing
 * bytes / base-field elements / extension elements, count the number of items. A field vector of more than
 * {@value #INLINE_MAX} elements is absorbed as its digest, SHA-256(0x40 || elements) (an extension vector as
 * the digests of its c0 and c1 coordinates, tags 0x41 and 0x42): the count fixes which form a record has, and
 * SHA-256's collision resistance keeps the binding, while long messages (Ligero rows of megabytes) are hashed
 * once from their long[] without being copied into the buffer. A challenge appends
 * {@code 0x10 || u32 labelLen || label || u32 count} and sets s = SHA-256(0x20 || s || pending),
 * then reads an output stream SHA-256(0x30 || s || u64 block) for block = 0, 1, ... as 64-bit
 * little-endian words. Because every record is length-prefixed, two different absorb sequences never
 * produce the same hashed string, and since s is hashed into every later state, changing any absorbed
 * byte changes every later challenge.
 *
 * <p>Sampling. A field element is a 64-bit word accepted only if &lt; p (rejection probability
 * (2^32 - 1)/2^64 < 2^-32 per word), so it is exactly uniform; extension challenges are two such
 * elements (uniform over the ~2^128 elements of GoldilocksExt2). An index in [0, bound) takes a 63-bit
 * word w, rejects w >= 2^63 - (2^63 mod bound) and returns w mod bound: exactly uniform.
 *
 * <p>Thread safety: none; a transcript belongs to one proof.
 */
public final class Transcript {
    private static final byte[] PROTOCOL = "zkml4j.transcript/v2".getBytes(StandardCharsets.UTF_8);
    private static final byte KIND_BYTES = 1, KIND_FIELDS = 2, KIND_EXTS = 3, KIND_CHALLENGE = 0x10;
    private static final byte TAG_STATE = 0x20, TAG_OUTPUT = 0x30, TAG_FIELDS = 0x40, TAG_EXT_C0 = 0x41, TAG_EXT_C1 = 0x42;
    /** Longest field vector absorbed inline; longer ones are absorbed as their digest. */
    static final int INLINE_MAX = 16;

    private final Hash hash;
    private byte[] state;
    /**
     * Absorbed records since the last challenge, from offset {@link #HEAD}; the first HEAD bytes are room for the
     * tag and chaining value a challenge hashes in front of them, so a challenge hashes the buffer in place.
     */
    private byte[] pending = new byte[256];
    private static final int HEAD = 1 + Hash.DIGEST_BYTES;
    private int pendingLen = HEAD;

    // Output stream of the current challenge.
    private final byte[] outBlock = new byte[Hash.DIGEST_BYTES];
    private long outBlockIndex;
    private int outPos = Hash.DIGEST_BYTES;

    /** A transcript for the protocol named {@code domainLabel} (include a version, e.g. "zkml4j.pcs.ligero/v1"). */
    public Transcript(String domainLabel) {
        this(domainLabel, Hashes.sha256());
    }

    /** Same, with an explicit SHA-256 implementation (tests pin the pure-Java one). */
    public Transcript(String domainLabel, Hash hash) {
        this.hash = hash;
        byte[] label = utf8(domainLabel);
        byte[] init = new byte[PROTOCOL.length + 4 + label.length];
        System.arraycopy(PROTOCOL, 0, init, 0, PROTOCOL.length);
        putU32(init, PROTOCOL.length, label.length);
        System.arraycopy(label, 0, init, PROTOCOL.length + 4, label.length);
        this.state = hash.hash(init);
    }

    public void absorbBytes(String label, byte[] data) {
        header(KIND_BYTES, label, data.length);
        appendBytes(data, 0, data.length);
    }

    public void absorbField(String label, long v) {
        absorbFields(label, new long[] {v});
    }

    /** Absorbs the vector and its length; values must be canonical. */
    public void absorbFields(String label, long[] v) {
        header(KIND_FIELDS, label, v.length);
        if (v.length > INLINE_MAX) {
            appendDigest(TAG_FIELDS, v);
            return;
        }
        ensure(8L * v.length);
        for (long x : v) appendField(x);
    }

    public void absorbExt(String label, GoldilocksExt2 v) {
        header(KIND_EXTS, label, 1);
        ensure(16);
        appendField(v.c0);
        appendField(v.c1);
    }

    /** Absorbs the extension vector c0[i] + c1[i] X (interleaved per element) and its length. */
    public void absorbExts(String label, long[] c0, long[] c1) {
        if (c0.length != c1.length) {
            throw new IllegalArgumentException("extension coordinate arrays differ in length: " + c0.length + " vs " + c1.length);
        }
        header(KIND_EXTS, label, c0.length);
        if (c0.length > INLINE_MAX) {
            appendDigest(TAG_EXT_C0, c0);
            appendDigest(TAG_EXT_C1, c1);
            return;
        }
        ensure(16L * c0.length);
        for (int i = 0; i < c0.length; i++) {
            appendField(c0[i]);
            appendField(c1[i]);
        }
    }

    public GoldilocksExt2 challengeExt(String label) {
        squeeze(label, 1);
        long a = nextField();
        long b = nextField();
        return GoldilocksExt2.of(a, b);
    }

    public GoldilocksExt2[] challengeExts(String label, int n) {
        if (n < 0) throw new IllegalArgumentException("negative challenge count " + n);
        squeeze(label, n);
        GoldilocksExt2[] r = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) {
            long a = nextField();
            long b = nextField();
            r[i] = GoldilocksExt2.of(a, b);
        }
        return r;
    }

    /** Uniform in [0, bound), bound >= 1. */
    public int challengeIndex(String label, int bound) {
        return challengeIndices(label, 1, bound)[0];
    }

    /** {@code count} independent uniform indices in [0, bound) (repetitions possible). */
    public int[] challengeIndices(String label, int count, int bound) {
        if (bound < 1) throw new IllegalArgumentException("index bound must be >= 1: " + bound);
        if (count < 0) throw new IllegalArgumentException("negative index count " + count);
        squeeze(label, count);
        long limit = Long.MAX_VALUE - (((Long.MAX_VALUE % bound) + 1) % bound); // largest multiple of bound <= 2^63, minus 1
        int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            long w;
            do {
                w = nextWord() >>> 1;
            } while (w > limit);
            r[i] = (int) (w % bound);
        }
        return r;
    }

    // ---- internals ----

    /** Test seam: sees every challenge a thread draws (its label and the state it is drawn from). */
    public interface Tap {
        void challenge(String label, byte[] state);
    }

    private static final ThreadLocal<Tap> TAP = new ThreadLocal<>();

    /** Runs {@code body} with every challenge this thread draws reported to {@code tap} (binding tests). */
    public static <T> T tapped(Tap tap, java.util.function.Supplier<T> body) {
        return with(TAP, tap, body);
    }

    /** Runs {@code body} with {@code local} set to {@code value} on this thread, then restores it. */
    private static <S, T> T with(ThreadLocal<S> local, S value, java.util.function.Supplier<T> body) {
        S before = local.get();
        local.set(value);
        try {
            return body.get();
        } finally {
            if (before == null) local.remove();
            else local.set(before);
        }
    }

    /**
     * Test seam: a programmed random oracle, as a zero-knowledge simulator uses it (it chooses the challenges first and
     * the messages after): gives the state each challenge of this thread is drawn from in place of the hash's output.
     */
    public interface Program {
        /** The 32-byte state the challenge {@code label} is drawn from. */
        byte[] state(String label);
    }

    private static final ThreadLocal<Program> PROGRAM = new ThreadLocal<>();

    /** Runs {@code body} with every challenge this thread draws taken from {@code program} (simulator tests only). */
    public static <T> T programmed(Program program, java.util.function.Supplier<T> body) {
        return with(PROGRAM, program, body);
    }

    private void squeeze(String label, int count) {
        header(KIND_CHALLENGE, label, count);
        pending[0] = TAG_STATE;
        System.arraycopy(state, 0, pending, 1, Hash.DIGEST_BYTES);
        byte[] next = new byte[Hash.DIGEST_BYTES];
        hash.hash(pending, 0, pendingLen, next, 0);
        Program program = PROGRAM.get();
        if (program != null) {
            byte[] chosen = program.state(label);
            if (chosen.length != Hash.DIGEST_BYTES) throw new IllegalStateException("a programmed state of " + chosen.length + " bytes");
            next = chosen.clone();
        }
        state = next;
        Tap tap = TAP.get();
        if (tap != null) tap.challenge(label, next.clone());
        pendingLen = HEAD;
        outBlockIndex = 0;
        outPos = Hash.DIGEST_BYTES;
    }

    private long nextField() {
        long w;
        do {
            w = nextWord();
        } while (!Goldilocks.isCanonical(w));
        return w;
    }

    private long nextWord() {
        if (outPos == Hash.DIGEST_BYTES) {
            byte[] buf = new byte[1 + Hash.DIGEST_BYTES + 8];
            buf[0] = TAG_OUTPUT;
            System.arraycopy(state, 0, buf, 1, Hash.DIGEST_BYTES);
            long k = outBlockIndex++;
            for (int i = 0; i < 8; i++) buf[1 + Hash.DIGEST_BYTES + i] = (byte) (k >>> (8 * i));
            hash.hash(buf, 0, buf.length, outBlock, 0);
            outPos = 0;
        }
        long w = 0;
        for (int i = 0; i < 8; i++) w |= (outBlock[outPos + i] & 0xFFL) << (8 * i);
        outPos += 8;
        return w;
    }

    private void header(byte kind, String label, int count) {
        byte[] l = utf8(label);
        ensure(9L + l.length);
        pending[pendingLen++] = kind;
        putU32(pending, pendingLen, l.length);
        pendingLen += 4;
        System.arraycopy(l, 0, pending, pendingLen, l.length);
        pendingLen += l.length;
        putU32(pending, pendingLen, count);
        pendingLen += 4;
    }

    private void appendDigest(byte tag, long[] v) {
        for (long x : v) if (!Goldilocks.isCanonical(x)) throw new IllegalArgumentException("absorbing a non-canonical field element");
        ensure(Hash.DIGEST_BYTES);
        hash.hashFields(tag, v, 0, v.length, pending, pendingLen);
        pendingLen += Hash.DIGEST_BYTES;
    }

    private void appendField(long v) {
        if (!Goldilocks.isCanonical(v)) throw new IllegalArgumentException("absorbing a non-canonical field element");
        byte[] p = pending;
        int o = pendingLen;
        for (int i = 0; i < 8; i++) p[o + i] = (byte) (v >>> (8 * i));
        pendingLen = o + 8;
    }

    private void appendBytes(byte[] data, int off, int len) {
        ensure(len);
        System.arraycopy(data, off, pending, pendingLen, len);
        pendingLen += len;
    }

    private void ensure(long extra) {
        long need = pendingLen + extra;
        if (need > Integer.MAX_VALUE - 64) throw new IllegalArgumentException("transcript message too large");
        if (need > pending.length) pending = Arrays.copyOf(pending, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 64, 2L * pending.length)));
    }

    private static void putU32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
