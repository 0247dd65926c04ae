package io.zkml4j.ml.prover.io;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The proof file written by {@code prove} and read by {@code verify}: the proof bytes together with the public values
 * they are about, so that a verifier needs only the file and the verifying key.
 *
 * <p>Layout, version 1 (all integers big-endian, every section a u32 length then its payload):
 * <pre>
 *   "ZKMLPRF" (7 ASCII bytes)  version (1 byte, = 1)
 *   u32 n, n bytes             model digest (the verifying key's digest, at most 64 bytes)
 *   u32 n, n x i64             public input, quantized integers at the key's input scale
 *   u32 n, n x i64             public output, quantized integers at the key's output scale
 *   u32 n, n bytes             proof (ModelProver's bytes, decoded by ModelVerifier)
 * </pre>
 * Decoding is strict: the magic, the version, every length against the bytes that remain (before allocating) and the
 * absence of trailing bytes are checked, so one file has exactly one reading. Nothing here is trusted: the digest only
 * gives a clearer message when the key belongs to another model (the proof's transcript absorbs the real digest),
 * and the public values are what {@code ModelVerifier} checks the proof against.
 */
public final class ProofFile {
    static final byte[] MAGIC = "ZKMLPRF".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int MAX_DIGEST_BYTES = 64;

    private final byte[] modelDigest;
    private final long[] input;
    private final long[] output;
    private final byte[] proof;

    public ProofFile(byte[] modelDigest, long[] input, long[] output, byte[] proof) {
        if (modelDigest.length == 0 || modelDigest.length > MAX_DIGEST_BYTES) {
            throw new IllegalArgumentException("model digest must have 1.." + MAX_DIGEST_BYTES + " bytes, got " + modelDigest.length);
        }
        this.modelDigest = modelDigest.clone();
        this.input = input.clone();
        this.output = output.clone();
        this.proof = proof.clone();
    }

    public byte[] modelDigest() {
        return modelDigest.clone();
    }

    public long[] input() {
        return input.clone();
    }

    public long[] output() {
        return output.clone();
    }

    public byte[] proof() {
        return proof.clone();
    }

    public byte[] encode() {
        long size = MAGIC.length + 1L + 4 * 4 + modelDigest.length + 8L * input.length + 8L * output.length + proof.length;
        if (size > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("proof file would be too large: " + size + " bytes");
        ByteBuffer b = ByteBuffer.allocate((int) size);
        b.put(MAGIC).put((byte) VERSION);
        b.putInt(modelDigest.length).put(modelDigest);
        b.putInt(input.length);
        for (long v : input) b.putLong(v);
        b.putInt(output.length);
        for (long v : output) b.putLong(v);
        b.putInt(proof.length).put(proof);
        return b.array();
    }

    /** Thrown for bytes that are not exactly one well-formed proof file; the message is one line naming the problem. */
    public static final class FormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    public static ProofFile decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < MAGIC.length + 1 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new FormatException("not a zkml4j proof file (no \"ZKMLPRF\" header)");
        }
        b.position(MAGIC.length);
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new FormatException("unsupported proof file version " + version + " (this zkml4j reads version " + VERSION + ")");
        }
        try {
            byte[] digest = bytes(b, "model digest", MAX_DIGEST_BYTES);
            if (digest.length == 0) throw new FormatException("empty model digest");
            long[] input = longs(b, "public input");
            long[] output = longs(b, "public output");
            byte[] proof = bytes(b, "proof", Integer.MAX_VALUE);
            if (b.hasRemaining()) throw new FormatException(b.remaining() + " trailing byte(s) after the proof");
            return new ProofFile(digest, input, output, proof);
        } catch (BufferUnderflowException e) {
            throw new FormatException("truncated (ends inside a section header)");
        }
    }

    /** A section's length, checked against what remains before anything is allocated. */
    private static int length(ByteBuffer b, String what, int unit, long max) {
        long n = b.getInt() & 0xffffffffL;
        if (n > max) throw new FormatException(what + " declares " + n + (unit == 1 ? " bytes" : " values") + ", more than the limit " + max);
        if (n * unit > b.remaining()) {
            throw new FormatException("truncated: " + what + " declares " + n * unit + " bytes, only " + b.remaining() + " remain");
        }
        return (int) n;
    }

    private static byte[] bytes(ByteBuffer b, String what, int max) {
        byte[] out = new byte[length(b, what, 1, max)];
        b.get(out);
        return out;
    }

    private static long[] longs(ByteBuffer b, String what) {
        long[] out = new long[length(b, what, 8, Integer.MAX_VALUE / 8)];
        for (int i = 0; i < out.length; i++) out[i] = b.getLong();
        return out;
    }
}
