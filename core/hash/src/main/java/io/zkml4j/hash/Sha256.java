package io.zkml4j.hash;

/**
 * SHA-256 (FIPS 180-4) in pure Java: the portable implementation, used where
 * {@code java.security.MessageDigest} is absent (the TeaVM browser build of the verifier). It gives
 * bit-identical digests to {@link JdkSha256}; tests check both against the NIST vectors and each other.
 *
 * <p>The stateless {@link Hash} methods use a per-thread {@link Engine}; {@link Engine} is also usable
 * directly for streaming input.
 */
public final class Sha256 implements Hash {
    public static final Sha256 INSTANCE = new Sha256();

    private static final ThreadLocal<Engine> ENGINE = ThreadLocal.withInitial(Engine::new);

    private Sha256() {}

    @Override
    public String name() {
        return "sha256";
    }

    @Override
    public void hash(byte[] data, int off, int len, byte[] out, int outOff) {
        Engine e = ENGINE.get();
        e.reset();
        e.update(data, off, len);
        e.digest(out, outOff);
    }

    @Override
    public void hashFields(byte tag, long[] v, int off, int len, byte[] out, int outOff) {
        Engine e = ENGINE.get();
        e.reset();
        e.update(tag);
        for (int i = off, end = off + len; i < end; i++) e.updateLongLE(v[i]);
        e.digest(out, outOff);
    }

    @Override
    public void compress(byte tag, byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        Engine e = ENGINE.get();
        e.reset();
        e.update(tag);
        e.update(left, leftOff, DIGEST_BYTES);
        e.update(right, rightOff, DIGEST_BYTES);
        e.digest(out, outOff);
    }

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    };

    /** A streaming SHA-256 computation (not thread-safe). */
    public static final class Engine {
        private final int[] h = new int[8];
        private final int[] w = new int[64];
        private final byte[] block = new byte[64];
        private int blockLen;
        private long totalBytes;

        public Engine() {
            reset();
        }

        public void reset() {
            h[0] = 0x6a09e667; h[1] = 0xbb67ae85; h[2] = 0x3c6ef372; h[3] = 0xa54ff53a;
            h[4] = 0x510e527f; h[5] = 0x9b05688c; h[6] = 0x1f83d9ab; h[7] = 0x5be0cd19;
            blockLen = 0;
            totalBytes = 0;
        }

        public void update(byte b) {
            block[blockLen++] = b;
            totalBytes++;
            if (blockLen == 64) {
                compressBlock(block, 0);
                blockLen = 0;
            }
        }

        /** Appends the 8 little-endian bytes of v. */
        public void updateLongLE(long v) {
            if (blockLen <= 56) {
                byte[] b = block;
                int p = blockLen;
                b[p] = (byte) v; b[p + 1] = (byte) (v >>> 8); b[p + 2] = (byte) (v >>> 16); b[p + 3] = (byte) (v >>> 24);
                b[p + 4] = (byte) (v >>> 32); b[p + 5] = (byte) (v >>> 40); b[p + 6] = (byte) (v >>> 48); b[p + 7] = (byte) (v >>> 56);
                blockLen = p + 8;
                totalBytes += 8;
                if (blockLen == 64) {
                    compressBlock(block, 0);
                    blockLen = 0;
                }
            } else {
                for (int i = 0; i < 8; i++) update((byte) (v >>> (8 * i)));
            }
        }

        public void update(byte[] data, int off, int len) {
            totalBytes += len;
            int end = off + len;
            if (blockLen > 0) {
                int take = Math.min(64 - blockLen, len);
                System.arraycopy(data, off, block, blockLen, take);
                blockLen += take;
                off += take;
                if (blockLen < 64) return;
                compressBlock(block, 0);
                blockLen = 0;
            }
            while (end - off >= 64) {
                compressBlock(data, off);
                off += 64;
            }
            int rest = end - off;
            System.arraycopy(data, off, block, 0, rest);
            blockLen = rest;
        }

        /** Finishes the digest into out[outOff, outOff + 32) and resets the engine. */
        public void digest(byte[] out, int outOff) {
            long bitLen = totalBytes << 3;
            block[blockLen++] = (byte) 0x80;
            if (blockLen > 56) {
                while (blockLen < 64) block[blockLen++] = 0;
                compressBlock(block, 0);
                blockLen = 0;
            }
            while (blockLen < 56) block[blockLen++] = 0;
            for (int i = 0; i < 8; i++) block[56 + i] = (byte) (bitLen >>> (56 - 8 * i));
            compressBlock(block, 0);
            for (int i = 0; i < 8; i++) {
                int v = h[i];
                out[outOff + 4 * i] = (byte) (v >>> 24);
                out[outOff + 4 * i + 1] = (byte) (v >>> 16);
                out[outOff + 4 * i + 2] = (byte) (v >>> 8);
                out[outOff + 4 * i + 3] = (byte) v;
            }
            reset();
        }

        public byte[] digest() {
            byte[] out = new byte[DIGEST_BYTES];
            digest(out, 0);
            return out;
        }

        private void compressBlock(byte[] b, int off) {
            int[] w = this.w;
            for (int i = 0; i < 16; i++) {
                int p = off + 4 * i;
                w[i] = (b[p] << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            }
            for (int i = 16; i < 64; i++) {
                int x = w[i - 15], y = w[i - 2];
                int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
                int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
                w[i] = w[i - 16] + s0 + w[i - 7] + s1;
            }
            int a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (int i = 0; i < 64; i++) {
                int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
                int ch = (e & f) ^ (~e & g);
                int t1 = hh + s1 + ch + K[i] + w[i];
                int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
                int maj = (a & bb) ^ (a & c) ^ (bb & c);
                int t2 = s0 + maj;
                hh = g; g = f; f = e; e = d + t1; d = c; c = bb; bb = a; a = t1 + t2;
            }
            h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
        }
    }
}
