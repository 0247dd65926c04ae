package io.zkml4j.web;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.Mul128;
import io.zkml4j.hash.Hash;
import io.zkml4j.hash.Hashes;

/**
 * A digest of many Goldilocks and extension-field results (and the 128-bit products under them) over seeded operands
 * with the edge values mixed in: run by the JVM and, compiled, by JavaScript (where TeaVM emulates long), the two
 * digests must be equal. Exported to JS as {@code fieldCheck} for the agreement test only.
 */
public final class FieldCheck {
    private FieldCheck() {}

    private static final long[] EDGES = {0, 1, 2, Goldilocks.P - 1, Goldilocks.P - 2, 0xFFFF_FFFFL, 1L << 32, (1L << 32) + 1,
            Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0xFFFF_FFFF_0000_0000L, 0x8000_0000L, Goldilocks.P, Goldilocks.P + 1, -2L, -3L, -8L};

    /** Hex SHA-256 of the results of {@code n} rounds of every operation from the given seed. */
    public static String digest(int seed, int n) {
        long s = seed * 0x9E37_79B9_7F4A_7C15L + 1;
        long[] out = new long[32 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            long r1 = s;
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            long r2 = s;
            long a = i % 4 == 0 ? EDGES[i / 4 % EDGES.length] : r1, b = i % 6 == 1 ? EDGES[i / 6 % EDGES.length] : r2;
            long x = Goldilocks.reduce64(a), y = Goldilocks.reduce64(b);
            out[k++] = Mul128.unsignedHigh(a, b);
            out[k++] = a * b;
            out[k++] = Long.compareUnsigned(a, b);
            out[k++] = Goldilocks.add(x, y);
            out[k++] = Goldilocks.sub(x, y);
            out[k++] = Goldilocks.mul(x, y);
            out[k++] = Goldilocks.mulAdd(x, y, Goldilocks.reduce64(r1 ^ r2));
            out[k++] = Goldilocks.reduce128(a, b);
            out[k++] = x == 0 ? 0 : Goldilocks.inv(x);
            out[k++] = Goldilocks.fromSigned(a >> 3);
            out[k++] = Goldilocks.toSigned(x);
            GoldilocksExt2 e = GoldilocksExt2.of(x, y).mul(GoldilocksExt2.of(y, Goldilocks.reduce64(r1 + r2)));
            out[k++] = e.c0;
            out[k++] = e.c1;
            GoldilocksExt2 f = GoldilocksExt2.of(x, y).isZero() ? GoldilocksExt2.ONE : GoldilocksExt2.of(x, y).inv();
            out[k++] = f.c0;
            out[k++] = f.c1;
            out[k++] = Goldilocks.pow(x, b);
            // The JavaScript build replaces these methods (io.zkml4j.web.js.FieldJsPlugin): also on raw 64-bit words
            // (non-canonical when at least p), whose JVM results are not always residues, and must still agree.
            long c = r1 ^ (r2 >>> 7), d = i % 3 == 0 ? EDGES[i / 3 % EDGES.length] : c;
            out[k++] = Goldilocks.add(a, b) ^ Goldilocks.add(b, d);
            out[k++] = Goldilocks.sub(a, b) ^ Goldilocks.sub(d, a);
            out[k++] = Goldilocks.neg(a) ^ Goldilocks.neg(x) + Goldilocks.neg(d);
            out[k++] = Goldilocks.mul(a, b) ^ Goldilocks.mul(d, d);
            out[k++] = Goldilocks.mulAdd(a, b, d) ^ Goldilocks.mulAdd(x, y, d);
            out[k++] = Goldilocks.dot2Add(a, b, d, a, c) ^ Goldilocks.dot2Add(d, d, d, d, d);
            out[k++] = Goldilocks.reduce192(a, b, d) ^ Goldilocks.reduce192(x, y, 0);
            out[k++] = Goldilocks.carry(a, b, a + b) + 2 * Goldilocks.carry(a, b, d) + 4 * Goldilocks.carry(x, y, x + y);
            out[k++] = Goldilocks.reduce64(a) ^ Goldilocks.reduce64(d);
            out[k++] = (Goldilocks.isCanonical(a) ? 1 : 0) + (Goldilocks.isCanonical(d) ? 2 : 0);
            out[k++] = Goldilocks.pow(a, d) ^ Goldilocks.pow(d, i);
            out[k++] = GoldilocksExt2.mul0(a, b, d, c) ^ GoldilocksExt2.mul0(d, d, d, d);
            out[k++] = GoldilocksExt2.mul1(a, b, d, c) ^ GoldilocksExt2.mul1(d, d, d, d);
            out[k++] = Goldilocks.twiceMinus(a, d) ^ Goldilocks.square(d);
            out[k++] = GoldilocksExt2.mul0(x, y, Goldilocks.reduce64(d), 0) ^ GoldilocksExt2.mul1(x, y, Goldilocks.reduce64(c), x);
            out[k++] = Goldilocks.inv(Goldilocks.add(x, 1) == 0 ? 1 : Goldilocks.add(x, 1));
        }
        byte[] d = new byte[Hash.DIGEST_BYTES];
        Hashes.sha256().hashFields((byte) 0, out, 0, out.length, d, 0);
        StringBuilder h = new StringBuilder();
        for (byte v : d) h.append(Character.forDigit((v >> 4) & 15, 16)).append(Character.forDigit(v & 15, 16));
        return h.toString();
    }
}
