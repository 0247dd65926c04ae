package io.zkml4j.web.js;

import io.zkml4j.hash.Hash;
import io.zkml4j.hash.Sha256;

/**
 * The pure-Java SHA-256 for the JavaScript build ({@link HashesJs}), with field elements serialized through two ints
 * each: the same bytes as {@code Sha256.hashFields} (the tag, then every element little-endian), for two BigInt
 * operations per element where its eight 64-bit shifts cost eight (TeaVM's long is a BigInt).
 */
final class Sha256Js implements Hash {
    static final Sha256Js INSTANCE = new Sha256Js();

    private Sha256Js() {}

    @Override
    public String name() {
        return Sha256.INSTANCE.name();
    }

    @Override
    public void hash(byte[] data, int off, int len, byte[] out, int outOff) {
        Sha256.INSTANCE.hash(data, off, len, out, outOff);
    }

    @Override
    public void hashFields(byte tag, long[] v, int off, int len, byte[] out, int outOff) {
        byte[] b = new byte[1 + 8 * len];
        b[0] = tag;
        for (int i = 0, p = 1; i < len; i++, p += 8) {
            long x = v[off + i];
            int lo = (int) x, hi = (int) (x >>> 32);
            b[p] = (byte) lo;
            b[p + 1] = (byte) (lo >>> 8);
            b[p + 2] = (byte) (lo >>> 16);
            b[p + 3] = (byte) (lo >>> 24);
            b[p + 4] = (byte) hi;
            b[p + 5] = (byte) (hi >>> 8);
            b[p + 6] = (byte) (hi >>> 16);
            b[p + 7] = (byte) (hi >>> 24);
        }
        Sha256.INSTANCE.hash(b, 0, b.length, out, outOff);
    }

    /** A Merkle node's input, gathered here: one engine update of 65 bytes instead of three (one JS thread). */
    private static final byte[] NODE = new byte[1 + 2 * DIGEST_BYTES];

    /** The same bytes as {@code Sha256.compress} (tag, left, right) in one update, where TeaVM's arraycopy makes a typed-array view per call. */
    @Override
    public void compress(byte tag, byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        byte[] b = NODE;
        b[0] = tag;
        for (int i = 0; i < DIGEST_BYTES; i++) {
            b[1 + i] = left[leftOff + i];
            b[1 + DIGEST_BYTES + i] = right[rightOff + i];
        }
        Sha256.INSTANCE.hash(b, 0, b.length, out, outOff);
    }
}
