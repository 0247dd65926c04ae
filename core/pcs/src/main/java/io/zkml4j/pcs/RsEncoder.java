package io.zkml4j.pcs;

import io.zkml4j.field.Goldilocks;

/**
 * Reed-Solomon encoding of a message of C = 2^logMsg base-field coefficients to N = C * 2^logBlowup
 * evaluations, in the coordinate order the Ligero commitment fixes; prover (rows) and verifier
 * (combined extension rows, coordinate-wise) call the same code, so the order is part of the format.
 *
 * <p>The message m is read as the polynomial f(X) = sum_j m_j X^j (degree &lt; C) and evaluated on the whole
 * subgroup of order N, split into the cosets w_N^s H (H the subgroup of order C, s = 0..b-1): position
 * s C + i holds f(w_N^s w_C^{rev(i)}), rev reversing logMsg bits. Per coset that is f(w_N^s X) on H, i.e. a
 * size-C transform of the twisted coefficients m_j w_N^{s j}, done as a decimation-in-frequency NTT whose
 * bit-reversed output order is simply kept. Compared with a size-N transform of the zero-padded message this
 * skips the logBlowup butterfly layers that only copy zeros and the bit-reversal pass. A permutation of
 * coordinates leaves the code (distance N - C + 1) unchanged.
 */
final class RsEncoder {
    final int logMsg, logBlowup;
    final int msgLen, codeLen;
    /** twist[s C + j] = w_N^(s j). */
    private final long[] twist;
    /** DIF twiddles: tw[h + j] = w_{2h}^j for every half-size h (a power of two below C) and j &lt; h. */
    private final long[] tw;

    private static final RsEncoder[][] CACHE = new RsEncoder[31][9];

    static RsEncoder of(int logMsg, int logBlowup) {
        synchronized (CACHE) {
            RsEncoder e = CACHE[logMsg][logBlowup];
            if (e == null) CACHE[logMsg][logBlowup] = e = new RsEncoder(logMsg, logBlowup);
            return e;
        }
    }

    private RsEncoder(int logMsg, int logBlowup) {
        if (logMsg + logBlowup > Goldilocks.TWO_ADICITY || logMsg + logBlowup > 30) {
            throw new IllegalArgumentException("RS code length 2^" + (logMsg + logBlowup) + " too large");
        }
        this.logMsg = logMsg;
        this.logBlowup = logBlowup;
        this.msgLen = 1 << logMsg;
        this.codeLen = msgLen << logBlowup;
        long wN = Goldilocks.rootOfUnity(logMsg + logBlowup);
        int b = 1 << logBlowup;
        twist = new long[codeLen];
        for (int s = 0; s < b; s++) {
            long ws = Goldilocks.pow(wN, s), x = Goldilocks.ONE;
            for (int j = 0; j < msgLen; j++) {
                twist[s * msgLen + j] = x;
                x = Goldilocks.mul(x, ws);
            }
        }
        tw = new long[Math.max(msgLen, 2)];
        for (int h = 1; h < msgLen; h <<= 1) {
            long w = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(h) + 1), x = Goldilocks.ONE;
            for (int j = 0; j < h; j++) {
                tw[h + j] = x;
                x = Goldilocks.mul(x, w);
            }
        }
    }

    /** Encodes msg[msgOff, msgOff + C) into out[outOff, outOff + N). */
    void encode(long[] msg, int msgOff, long[] out, int outOff) {
        encode(msg, msgOff, out, outOff, scratch(), TwiddleMul.PORTABLE);
    }

    /** Buffers for {@link #encode(long[], int, long[], int, long[][])}: two halves of a message, separate arrays. */
    long[][] scratch() {
        int half = Math.max(msgLen / 2, 1);
        return new long[][] {new long[half], new long[half]};
    }

    /**
     * As {@link #encode(long[], int, long[], int)}, through {@code scratch} ({@link #scratch}, reused by the caller):
     * the prover's rows, with its multiplies ({@link TwiddleMul.Fast}).
     */
    void encode(long[] msg, int msgOff, long[] out, int outOff, long[][] scratch) {
        encode(msg, msgOff, out, outOff, scratch, TwiddleMul.Fast.INSTANCE);
    }

    private void encode(long[] msg, int msgOff, long[] out, int outOff, long[][] scratch, TwiddleMul mul) {
        int c = msgLen;
        System.arraycopy(msg, msgOff, out, outOff, c);
        for (int s = 1; s < (1 << logBlowup); s++) {
            int base = outOff + s * c, tb = s * c;
            mul.mulInto(out, base, msg, msgOff, twist, tb, c);
        }
        for (int s = 0; s < (1 << logBlowup); s++) dif(out, outOff + s * c, scratch[0], scratch[1], mul);
    }

    long[] encode(long[] msg) {
        if (msg.length != msgLen) throw new IllegalArgumentException("message of " + msg.length + " for an RS code of dimension " + msgLen);
        long[] out = new long[codeLen];
        encode(msg, 0, out, 0);
        return out;
    }

    /** Half-sizes from which a layer is done in the two passes of {@link #dif}, whose first C2 vectorises. */
    private static final int SPLIT_MIN = 16;

    /**
     * In-place decimation-in-frequency NTT of a[off, off + C): natural-order input, bit-reversed output.
     * The last two layers (twiddles 1 and {1, w_4}) are fused into one pass without the multiplies by 1.
     * A layer of half-size h &gt;= {@link #SPLIT_MIN} runs per block as two loops: sums and differences on copies of
     * the halves in lo and hi (index j in both: C2 vectorises that loop, which it does not when one array is read at
     * two offsets), then the twiddle multiplies (scalar); the encoding of 2^15-entry rows takes about 0.77x the time of
     * the fused butterfly.
     */
    private void dif(long[] a, int off, long[] lo, long[] hi, TwiddleMul mul) {
        int n = msgLen;
        long[] w = tw;
        int end = off + n;
        for (int h = n >>> 1; h >= 4; h >>>= 1) {
            if (h >= SPLIT_MIN) {
                for (int start = off; start < end; start += 2 * h) {
                    int i0 = start, i1 = start + h;
                    System.arraycopy(a, i0, lo, 0, h);
                    System.arraycopy(a, i1, hi, 0, h);
                    for (int j = 0; j < h; j++) {
                        long u = lo[j], v = hi[j];
                        lo[j] = Goldilocks.add(u, v);
                        hi[j] = Goldilocks.sub(u, v);
                    }
                    System.arraycopy(lo, 0, a, i0, h);
                    a[i1] = hi[0]; // twiddle w^0 = 1
                    mul.mulInto(a, i1 + 1, hi, 1, w, h + 1, h - 1);
                }
                continue;
            }
            for (int start = off; start < end; start += 2 * h) {
                int i0 = start, i1 = start + h;
                long u0 = a[i0], v0 = a[i1];
                a[i0] = Goldilocks.add(u0, v0);
                a[i1] = Goldilocks.sub(u0, v0); // twiddle w^0 = 1
                for (int j = 1; j < h; j++) {
                    long u = a[i0 + j], v = a[i1 + j];
                    a[i0 + j] = Goldilocks.add(u, v);
                    a[i1 + j] = Goldilocks.mul(Goldilocks.sub(u, v), w[h + j]);
                }
            }
        }
        if (n >= 4) {
            long w4 = w[3]; // w_4, the twiddle of the h = 2 layer at j = 1
            for (int i = off; i < end; i += 4) {
                long x0 = a[i], x1 = a[i + 1], x2 = a[i + 2], x3 = a[i + 3];
                long y0 = Goldilocks.add(x0, x2), y2 = Goldilocks.sub(x0, x2);
                long y1 = Goldilocks.add(x1, x3), y3 = Goldilocks.mul(Goldilocks.sub(x1, x3), w4);
                a[i] = Goldilocks.add(y0, y1);
                a[i + 1] = Goldilocks.sub(y0, y1);
                a[i + 2] = Goldilocks.add(y2, y3);
                a[i + 3] = Goldilocks.sub(y2, y3);
            }
        } else if (n == 2) {
            long x0 = a[off], x1 = a[off + 1];
            a[off] = Goldilocks.add(x0, x1);
            a[off + 1] = Goldilocks.sub(x0, x1);
        }
    }
}
