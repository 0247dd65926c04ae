package io.zkml4j.ml.exec;

/**
 * Dense linear-algebra loops shared by the float reference and the exact integer executor, on
 * primitive arrays in row-major order. Matrix products run in i-k-j order so that the inner loop
 * streams rows of both B and C; convolutions go through an im2col buffer into the same product.
 * The integer versions do not check overflow themselves: their callers bound the inputs first
 * (see {@link io.zkml4j.ml.quant.FixedPoint#checkProduct}).
 */
public final class Kernels {
    private Kernels() {}

    /** c[cOff + m x n] += a[aOff + m x k] * b[bOff + k x n]. */
    public static void matmulAdd(long[] a, int aOff, long[] b, int bOff, long[] c, int cOff, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            int ai = aOff + i * k;
            for (int p = 0; p < k; p++) {
                long av = a[ai + p];
                if (av == 0) continue;
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
            }
        }
    }

    public static void matmulAdd(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            int ai = aOff + i * k;
            for (int p = 0; p < k; p++) {
                double av = a[ai + p];
                if (av == 0) continue;
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
            }
        }
    }

    /** Convolution (ONNX Conv without bias) through im2col; out has geometry.outputSize() entries. */
    public static long[] conv(ConvGeometry g, long[] x, long[] w) {
        long[] out = new long[g.outputSize()];
        int kk = g.kernelSpatial();
        int p = g.outSpatial();
        int rows = g.cPerGroup() * kk;
        long[] col = new long[rows * p];
        int[] src = g.sourceIndex();
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int xBase = (n * g.inChannels() + grp * g.cPerGroup()) * g.inSpatial();
                for (int c = 0; c < g.cPerGroup(); c++) {
                    int xc = xBase + c * g.inSpatial();
                    for (int k = 0; k < kk; k++) {
                        int row = (c * kk + k) * p;
                        for (int q = 0; q < p; q++) {
                            int s = src[q * kk + k];
                            col[row + q] = s < 0 ? 0 : x[xc + s];
                        }
                    }
                }
                int wOff = grp * g.mPerGroup() * rows;
                int oOff = (n * g.outChannels() + grp * g.mPerGroup()) * p;
                matmulAdd(w, wOff, col, 0, out, oOff, g.mPerGroup(), rows, p);
            }
        }
        return out;
    }

    public static double[] conv(ConvGeometry g, double[] x, double[] w) {
        double[] out = new double[g.outputSize()];
        int kk = g.kernelSpatial();
        int p = g.outSpatial();
        int rows = g.cPerGroup() * kk;
        double[] col = new double[rows * p];
        int[] src = g.sourceIndex();
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int xBase = (n * g.inChannels() + grp * g.cPerGroup()) * g.inSpatial();
                for (int c = 0; c < g.cPerGroup(); c++) {
                    int xc = xBase + c * g.inSpatial();
                    for (int k = 0; k < kk; k++) {
                        int row = (c * kk + k) * p;
                        for (int q = 0; q < p; q++) {
                            int s = src[q * kk + k];
                            col[row + q] = s < 0 ? 0 : x[xc + s];
                        }
                    }
                }
                int wOff = grp * g.mPerGroup() * rows;
                int oOff = (n * g.outChannels() + grp * g.mPerGroup()) * p;
                matmulAdd(w, wOff, col, 0, out, oOff, g.mPerGroup(), rows, p);
            }
        }
        return out;
    }

    /**
     * Transposed convolution (ONNX ConvTranspose without bias); the geometry's "input" is the
     * transposed conv's output. Weight layout [C, M/groups, K...].
     */
    public static long[] convTranspose(ConvGeometry g, long[] x, long[] w) {
        // g describes the forward conv from out (M channels) to in (C channels): out = conv^T(x).
        long[] out = new long[g.batch() * g.inChannels() * g.inSpatial()];
        int kk = g.kernelSpatial();
        int p = g.outSpatial();
        int[] src = g.sourceIndex();
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                for (int c = 0; c < g.mPerGroup(); c++) { // channels of x
                    int xc = (n * g.outChannels() + grp * g.mPerGroup() + c) * p;
                    for (int m = 0; m < g.cPerGroup(); m++) { // channels of the result
                        int oc = (n * g.inChannels() + grp * g.cPerGroup() + m) * g.inSpatial();
                        int wBase = ((grp * g.mPerGroup() + c) * g.cPerGroup() + m) * kk;
                        for (int q = 0; q < p; q++) {
                            long xv = x[xc + q];
                            if (xv == 0) continue;
                            int sq = q * kk;
                            for (int k = 0; k < kk; k++) {
                                int s = src[sq + k];
                                if (s >= 0) out[oc + s] += xv * w[wBase + k];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    public static double[] convTranspose(ConvGeometry g, double[] x, double[] w) {
        double[] out = new double[g.batch() * g.inChannels() * g.inSpatial()];
        int kk = g.kernelSpatial();
        int p = g.outSpatial();
        int[] src = g.sourceIndex();
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                for (int c = 0; c < g.mPerGroup(); c++) {
                    int xc = (n * g.outChannels() + grp * g.mPerGroup() + c) * p;
                    for (int m = 0; m < g.cPerGroup(); m++) {
                        int oc = (n * g.inChannels() + grp * g.cPerGroup() + m) * g.inSpatial();
                        int wBase = ((grp * g.mPerGroup() + c) * g.cPerGroup() + m) * kk;
                        for (int q = 0; q < p; q++) {
                            double xv = x[xc + q];
                            if (xv == 0) continue;
                            int sq = q * kk;
                            for (int k = 0; k < kk; k++) {
                                int s = src[sq + k];
                                if (s >= 0) out[oc + s] += xv * w[wBase + k];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
