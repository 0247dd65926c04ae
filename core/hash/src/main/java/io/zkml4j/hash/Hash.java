package io.zkml4j.hash;

/**
 * A collision-resistant hash with 32-byte digests, the one seam through which commitments and the
 * Fiat-Shamir transcript reach a hash function.
 *
 * <p>Security guarantee expected of every implementation: collision resistance and (for the transcript)
 * behaviour indistinguishable from a random oracle at the 128-bit level. SHA-256 gives 128-bit collision
 * resistance. A Poseidon2 or BLAKE3 implementation can sit behind the same interface; the {@code tag}
 * byte of the field and compression methods is the domain separator such an implementation may map to
 * its own (e.g. a capacity initialisation) as long as distinct tags give independent functions.
 *
 * <p>Implementations are stateless and thread-safe; {@code out} regions must not overlap inputs.
 */
public interface Hash {
    /** Digest length in bytes, for every implementation. */
    int DIGEST_BYTES = 32;

    /** A short stable name (e.g. "sha256"), part of formats that record the hash. */
    String name();

    /** Digest of data[off, off + len) written to out[outOff, outOff + 32). */
    void hash(byte[] data, int off, int len, byte[] out, int outOff);

    /** Digest of the whole array. */
    default byte[] hash(byte[] data) {
        byte[] out = new byte[DIGEST_BYTES];
        hash(data, 0, data.length, out, 0);
        return out;
    }

    /**
     * Digest of the byte {@code tag} followed by v[off], ..., v[off + len - 1] as 8-byte little-endian
     * words (the hot path for committing runs of field elements: no intermediate byte array).
     */
    void hashFields(byte tag, long[] v, int off, int len, byte[] out, int outOff);

    /**
     * Two-to-one compression for Merkle nodes: digest of {@code tag} || left || right, each side being
     * 32 bytes read at the given offsets.
     */
    void compress(byte tag, byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff);
}
