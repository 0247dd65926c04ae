package io.zkml4j.field.codec;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import java.util.Arrays;

/**
 * Writes the compact binary form of proofs and keys: fixed-width little-endian integers, field elements
 * as 8 bytes, lengths as 4 bytes. Fixed widths keep the encoding canonical (no varint has two spellings),
 * so decode(encode(x)) is byte-identical and every accepted byte string has exactly one meaning.
 */
public final class FieldWriter {
    private byte[] buf = new byte[256];
    private int size;

    private void ensure(int extra) {
        if (size + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }

    public FieldWriter u8(int v) {
        if (v < 0 || v > 255) throw new IllegalArgumentException("u8 out of range: " + v);
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public FieldWriter u32(int v) {
        if (v < 0) throw new IllegalArgumentException("negative length: " + v);
        ensure(4);
        for (int i = 0; i < 4; i++) buf[size++] = (byte) (v >>> (8 * i));
        return this;
    }

    public FieldWriter u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) buf[size++] = (byte) (v >>> (8 * i));
        return this;
    }

    public FieldWriter field(long v) {
        if (!Goldilocks.isCanonical(v)) throw new IllegalArgumentException("non-canonical field element");
        return u64(v);
    }

    public FieldWriter ext(GoldilocksExt2 v) {
        return field(v.c0).field(v.c1);
    }

    /** A length-prefixed vector of field elements. */
    public FieldWriter fields(long[] v) {
        u32(v.length);
        for (long x : v) field(x);
        return this;
    }

    public FieldWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
