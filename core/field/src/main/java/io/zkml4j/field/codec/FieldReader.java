package io.zkml4j.field.codec;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;

/**
 * Reads what {@link FieldWriter} wrote and nothing else: values >= p, lengths beyond a caller-given
 * bound, missing bytes and (via {@link #finish}) trailing bytes all throw {@link ProofFormatException}.
 * Callers pass the length they expect from the verifying key wherever the shape is known, so a proof
 * cannot choose its own shape.
 */
public final class FieldReader {
    private final byte[] buf;
    private int pos;
    /** A shape-only reader ({@link #shapeOnly}): no bytes, every value zero, every expected length as expected. */
    private final boolean dry;
    /** A simulator's reader ({@link #thenSimulated}): past the bytes, values from {@code tail}, recorded in {@code tailRecord}. */
    private final java.util.function.LongSupplier tail;
    private final FieldWriter tailRecord;

    public FieldReader(byte[] buf) {
        this(buf, false, null, null);
    }

    private FieldReader(byte[] buf, boolean dry, java.util.function.LongSupplier tail, FieldWriter tailRecord) {
        this.buf = buf;
        this.dry = dry;
        this.tail = tail;
        this.tailRecord = tailRecord;
    }

    /**
     * A reader of no bytes for a dry run of a verifier whose shapes come from its key (a zero-knowledge prover counts
     * the messages it will mask this way): every field element and extension value reads as zero, every
     * {@link #expectLength} as the expected length, {@link #finish} passes. A read whose value would decide a shape
     * ({@link #u8}, {@link #u32}, {@link #length}, {@link #bytes}) has nothing to return and throws IllegalStateException.
     */
    public static FieldReader shapeOnly() {
        return new FieldReader(new byte[0], true, null, null);
    }

    /**
     * A zero-knowledge simulator's reader (tests): {@code head}'s bytes, then, as {@link #shapeOnly} past them, every
     * field element drawn from {@code values} (canonical) and every expected length as expected, each written to
     * {@code record} as a prover would have written it: the messages of a proof whose shapes come from the key.
     */
    public static FieldReader thenSimulated(byte[] head, java.util.function.LongSupplier values, FieldWriter record) {
        return new FieldReader(head, false, values, record);
    }

    private boolean simulating() {
        return tail != null && pos == buf.length;
    }

    private void shape(String what) {
        if (dry || simulating()) throw new IllegalStateException("internal: a shape-only reader has no " + what);
    }

    private void need(int n, String what) {
        need((long) n, what);
    }

    /** Long count, so that callers' size products (n * 8) cannot overflow into a wrong or negative need. */
    private void need(long n, String what) {
        if (n < 0 || buf.length - pos < n) {
            throw new ProofFormatException("truncated input: " + what + " needs " + n + " bytes at offset " + pos + ", "
                    + (buf.length - pos) + " left");
        }
    }

    public int u8(String what) {
        shape(what);
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    public int u32(String what) {
        shape(what);
        need(4, what);
        int v = 0;
        for (int i = 0; i < 4; i++) v |= (buf[pos++] & 0xFF) << (8 * i);
        if (v < 0) throw new ProofFormatException(what + ": length " + (v & 0xFFFF_FFFFL) + " out of range");
        return v;
    }

    /** A length that must lie in [0, max]. */
    public int length(String what, int max) {
        int v = u32(what);
        if (v > max) throw new ProofFormatException(what + ": length " + v + " exceeds bound " + max);
        return v;
    }

    /** A length that must equal {@code expected} exactly. */
    public int expectLength(String what, int expected) {
        if (dry) return expected;
        if (simulating()) {
            tailRecord.u32(expected);
            return expected;
        }
        int v = u32(what);
        if (v != expected) throw new ProofFormatException(what + ": length " + v + ", expected " + expected);
        return v;
    }

    public long u64(String what) {
        if (dry) return 0;
        if (simulating()) {
            long v = tail.getAsLong();
            tailRecord.u64(v);
            return v;
        }
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (buf[pos++] & 0xFFL) << (8 * i);
        return v;
    }

    public long field(String what) {
        long v = u64(what);
        if (!Goldilocks.isCanonical(v)) throw new ProofFormatException(what + ": field element not canonical (>= p)");
        return v;
    }

    public GoldilocksExt2 ext(String what) {
        long c0 = field(what);
        long c1 = field(what);
        return GoldilocksExt2.of(c0, c1);
    }

    /** A length-prefixed vector whose length must equal {@code expected}. */
    public long[] fields(String what, int expected) {
        int n = expectLength(what, expected);
        return fieldsFixed(what, n);
    }

    /** Exactly n field elements, no length prefix. */
    public long[] fieldsFixed(String what, int n) {
        if (dry) return new long[n];
        if (simulating()) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = u64(what);
            return v;
        }
        need(n < 0 ? -1L : 8L * n, what); // 8L * n: no int overflow, so a huge n is truncation, not ArithmeticException
        long[] v = new long[n];
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++, p += 8) { // the bulk of a proof: one bounds check above, none per element
            long x = (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24
                    | (b[p + 4] & 0xFFL) << 32 | (b[p + 5] & 0xFFL) << 40 | (b[p + 6] & 0xFFL) << 48 | (b[p + 7] & 0xFFL) << 56;
            if (!Goldilocks.isCanonical(x)) throw new ProofFormatException(what + ": field element not canonical (>= p)");
            v[i] = x;
        }
        pos = p;
        return v;
    }

    public byte[] bytes(String what, int n) {
        shape(what);
        need(n, what);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    public int remaining() {
        return buf.length - pos;
    }

    /** Rejects trailing bytes: a proof is exactly its encoding. */
    public void finish(String what) {
        if (dry || simulating()) return;
        if (pos != buf.length) throw new ProofFormatException(what + ": " + (buf.length - pos) + " trailing bytes");
    }
}
