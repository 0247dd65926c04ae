package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;

import io.zkml4j.sumcheck.Parallel;

/**
 * Partial evaluations of a padded matrix M [2^h][2^l] (row-major, the l column variables lowest): binding its low or
 * its high variables to a point. These are the prover's O(size) passes over weights and activations.
 */
final class Folds {
    private Folds() {}

    private static final int PARALLEL_MIN = 1 << 16;

    /** out[i] = sum_j eq(rLow, j) M[i][j]: the low l = rLow.length variables bound. */
    static ExtVec foldLow(long[] m, GoldilocksExt2[] rLow) {
        return foldLow(m, 0, m.length, rLow);
    }

    /** As {@link #foldLow(long[], GoldilocksExt2[])} on the matrix m[off .. off + len). */
    static ExtVec foldLow(long[] m, int off, int len, GoldilocksExt2[] rLow) {
        ExtVec eq = Eq.table(rLow);
        int cols = eq.length(), rows = len / cols;
        long[] c0 = new long[rows], c1 = new long[rows];
        long[] e0 = eq.c0, e1 = eq.c1;
        Parallel.forEach(rows, len >= PARALLEL_MIN && rows > 1, i -> {
            long s0 = 0, s1 = 0;
            int base = off + i * cols;
            for (int j = 0; j < cols; j++) {
                long v = m[base + j];
                if (v == 0) continue;
                s0 = Goldilocks.mulAdd(e0[j], v, s0);
                s1 = Goldilocks.mulAdd(e1[j], v, s1);
            }
            c0[i] = s0;
            c1[i] = s1;
        });
        return new ExtVec(c0, c1);
    }

    /** out[j] = sum_i eq(rHigh, i) M[i][j]: the high h = rHigh.length variables bound. */
    static ExtVec foldHigh(long[] m, GoldilocksExt2[] rHigh) {
        return foldHigh(m, 0, m.length, rHigh);
    }

    /** As {@link #foldHigh(long[], GoldilocksExt2[])} on the matrix m[off .. off + len). */
    static ExtVec foldHigh(long[] m, int off, int len, GoldilocksExt2[] rHigh) {
        ExtVec eq = Eq.table(rHigh);
        int rows = eq.length(), cols = len / rows;
        long[] c0 = new long[cols], c1 = new long[cols];
        int chunks = len >= PARALLEL_MIN && cols >= 64 ? 2 : 1;
        Parallel.forEach(chunks, true, ch -> {
            int from = cols * ch / chunks, to = cols * (ch + 1) / chunks;
            for (int i = 0; i < rows; i++) {
                long a0 = eq.c0[i], a1 = eq.c1[i];
                int base = off + i * cols;
                for (int j = from; j < to; j++) {
                    long v = m[base + j];
                    if (v == 0) continue;
                    c0[j] = Goldilocks.mulAdd(a0, v, c0[j]);
                    c1[j] = Goldilocks.mulAdd(a1, v, c1[j]);
                }
            }
        });
        return new ExtVec(c0, c1);
    }
}
