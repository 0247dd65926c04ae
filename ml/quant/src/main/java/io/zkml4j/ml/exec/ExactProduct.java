package io.zkml4j.ml.exec;

/**
 * Exact integer matrix products computed in double arithmetic. A double holds every integer of
 * magnitude at most 2^53 exactly, and a product or sum of such integers whose exact result is again
 * at most 2^53 in magnitude is computed without rounding. So when max|a| * max|b| * k <= 2^52 (checked
 * by {@link #fits}, with a factor-2 margin for the rounding of that estimate itself), every product
 * and every partial sum of a k-term dot product is exact, and the result equals the int64 result bit
 * for bit. The JIT keeps 16 independent double accumulators in registers (a 4x4 tile) where int64
 * multiplies would be limited by the scalar multiplier, which makes this about twice as fast.
 *
 * <p>The right operand is used transposed ([n x k], k-contiguous, {@link #transpose}), so both inner
 * loops stream memory; callers prepare constant operands once per model.
 */
public final class ExactProduct {
    private ExactProduct() {}

    /** Whether a k-term dot product of values bounded by maxA and maxB is exact in doubles. */
    public static boolean fits(long maxA, long maxB, long k) {
        return (double) maxA * (double) maxB * (double) Math.max(k, 1) <= 0x1p52;
    }

    public static double[] toDouble(long[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = x[i];
        return r;
    }

    /** Every [k x n] block of {@code b} (batches of k*n values) transposed to [n x k], as doubles. */
    public static double[] transpose(long[] b, int k, int n) {
        double[] r = new double[b.length];
        int block = k * n;
        for (int off = 0; off + block <= b.length; off += block) {
            for (int p = 0; p < k; p++) {
                int src = off + p * n;
                for (int j = 0; j < n; j++) r[off + j * k + p] = b[src + j];
            }
        }
        return r;
    }

    /**
     * c[cOff + m x n] += a[aOff + m x k] * bt[btOff + n x k]^T, exact when {@link #fits} holds for
     * the operands (the sums are converted to long before they are added to c).
     */
    public static void matmulAddT(double[] a, int aOff, double[] bt, int btOff, long[] c, int cOff, int m, int k, int n) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
            int c0 = cOff + i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = btOff + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
                for (int p = 0; p < k; p++) {
                    double x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
                    double y0 = bt[b0 + p], y1 = bt[b1 + p], y2 = bt[b2 + p], y3 = bt[b3 + p];
                    s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
                    s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
                    s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
                    s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
                }
                c[c0 + j] += (long) s00; c[c0 + j + 1] += (long) s01; c[c0 + j + 2] += (long) s02; c[c0 + j + 3] += (long) s03;
                c[c1 + j] += (long) s10; c[c1 + j + 1] += (long) s11; c[c1 + j + 2] += (long) s12; c[c1 + j + 3] += (long) s13;
                c[c2 + j] += (long) s20; c[c2 + j + 1] += (long) s21; c[c2 + j + 2] += (long) s22; c[c2 + j + 3] += (long) s23;
                c[c3 + j] += (long) s30; c[c3 + j + 1] += (long) s31; c[c3 + j + 2] += (long) s32; c[c3 + j + 3] += (long) s33;
            }
            for (; j < n; j++) {
                int b0 = btOff + j * k;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < k; p++) {
                    double y = bt[b0 + p];
                    s0 += a[a0 + p] * y; s1 += a[a1 + p] * y; s2 += a[a2 + p] * y; s3 += a[a3 + p] * y;
                }
                c[c0 + j] += (long) s0; c[c1 + j] += (long) s1; c[c2 + j] += (long) s2; c[c3 + j] += (long) s3;
            }
        }
        for (; i < m; i++) {
            int a0 = aOff + i * k;
            int c0 = cOff + i * n;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = btOff + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[a0 + p];
                    s0 += x * bt[b0 + p]; s1 += x * bt[b1 + p]; s2 += x * bt[b2 + p]; s3 += x * bt[b3 + p];
                }
                c[c0 + j] += (long) s0; c[c0 + j + 1] += (long) s1; c[c0 + j + 2] += (long) s2; c[c0 + j + 3] += (long) s3;
            }
            for (; j < n; j++) {
                int b0 = btOff + j * k;
                double s = 0;
                for (int p = 0; p < k; p++) s += a[a0 + p] * bt[b0 + p];
                c[c0 + j] += (long) s;
            }
        }
    }

    /**
     * Convolution (ONNX Conv without bias) with weights as doubles, exact when {@link #fits} holds
     * for max|x|, max|w| and C/groups * kernel size terms: each output position's receptive field is
     * gathered into a row of colT ([positions x C/groups * K], the transposed im2col), then one product.
     */
    public static long[] conv(ConvGeometry g, long[] x, double[] w) {
        long[] out = new long[g.outputSize()];
        int kk = g.kernelSpatial();
        int p = g.outSpatial();
        int cg = g.cPerGroup();
        int rows = cg * kk;
        int inSp = g.inSpatial();
        double[] colT = new double[p * rows];
        int[] src = g.sourceIndex();
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int xBase = (n * g.inChannels() + grp * cg) * inSp;
                for (int q = 0; q < p; q++) {
                    int row = q * rows;
                    int sq = q * kk;
                    for (int c = 0; c < cg; c++) {
                        int xc = xBase + c * inSp;
                        int dst = row + c * kk;
                        for (int k = 0; k < kk; k++) {
                            int s = src[sq + k];
                            colT[dst + k] = s < 0 ? 0 : x[xc + s];
                        }
                    }
                }
                int wOff = grp * g.mPerGroup() * rows;
                int oOff = (n * g.outChannels() + grp * g.mPerGroup()) * p;
                matmulAddT(w, wOff, colT, 0, out, oOff, g.mPerGroup(), rows, p);
            }
        }
        return out;
    }

    /**
     * ConvTranspose weights [C, M/groups, K...] rearranged per group into [M/groups * K x C/groups]
     * (row (m, k), column c) as doubles, the left operand of {@link #convTranspose}.
     */
    public static double[] convTransposeWeights(ConvGeometry g, long[] w) {
        int kk = g.kernelSpatial(), xc = g.mPerGroup(), rc = g.cPerGroup();
        double[] r = new double[w.length];
        for (int grp = 0; grp < g.groups(); grp++) {
            int base = grp * rc * kk * xc;
            for (int c = 0; c < xc; c++) {
                for (int m = 0; m < rc; m++) {
                    int wBase = ((grp * xc + c) * rc + m) * kk;
                    for (int k = 0; k < kk; k++) r[base + (m * kk + k) * xc + c] = w[wBase + k];
                }
            }
        }
        return r;
    }

    /**
     * Transposed convolution (ONNX ConvTranspose without bias, same geometry convention as
     * {@link Kernels#convTranspose}): per group one product cols = W' X ([M/g * K x positions], exact
     * when {@link #fits} holds for max|x|, max|w| and C/groups terms), then the exact int64 scatter of
     * cols along the adjoint of the convolution's index map (col2im). Integer sums do not depend on
     * their order, so the result equals the direct scatter bit for bit.
     */
    public static long[] convTranspose(ConvGeometry g, long[] x, double[] wt) {
        long[] out = new long[g.batch() * g.inChannels() * g.inSpatial()];
        int kk = g.kernelSpatial();
        int p = g.outSpatial();
        int xc = g.mPerGroup(), rc = g.cPerGroup();
        int rows = rc * kk;
        int[] src = g.sourceIndex();
        double[] xt = new double[p * xc];
        long[] cols = new long[rows * p];
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int xBase = (n * g.outChannels() + grp * xc) * p;
                for (int c = 0; c < xc; c++) {
                    for (int q = 0; q < p; q++) xt[q * xc + c] = x[xBase + c * p + q];
                }
                java.util.Arrays.fill(cols, 0);
                matmulAddT(wt, grp * rows * xc, xt, 0, cols, 0, rows, xc, p);
                for (int m = 0; m < rc; m++) {
                    int oc = (n * g.inChannels() + grp * rc + m) * g.inSpatial();
                    for (int k = 0; k < kk; k++) {
                        int row = (m * kk + k) * p;
                        for (int q = 0; q < p; q++) {
                            int s = src[q * kk + k];
                            if (s >= 0) out[oc + s] += cols[row + q];
                        }
                    }
                }
            }
        }
        return out;
    }
}
