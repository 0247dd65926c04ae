package io.zkml4j.ml.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class KernelsTest {
    /** Direct 2-d convolution from the ONNX definition, for comparison with im2col. */
    static long[] naiveConv(long[] x, long[] w, int n, int c, int h, int wd, int m, int groups, int kh, int kw,
                            int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow) {
        long[] y = new long[n * m * oh * ow];
        int cg = c / groups, mg = m / groups;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < m; oc++) {
                int g = oc / mg;
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        long acc = 0;
                        for (int ic = 0; ic < cg; ic++)
                            for (int a = 0; a < kh; a++)
                                for (int bb = 0; bb < kw; bb++) {
                                    int yy = i * sh - ph + a * dh, xx = j * sw - pw + bb * dw;
                                    if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                                    acc += x[((b * c + g * cg + ic) * h + yy) * wd + xx] * w[((oc * cg + ic) * kh + a) * kw + bb];
                                }
                        y[((b * m + oc) * oh + i) * ow + j] = acc;
                    }
            }
        return y;
    }

    @Property(tries = 60)
    void im2colConvMatchesDefinition(@ForAll @IntRange(min = 1, max = 2) int groups, @ForAll @IntRange(min = 1, max = 3) int k,
                                     @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                                     @ForAll @IntRange(min = 1, max = 2) int dil, @ForAll long seed) {
        Random r = new Random(seed);
        int n = 1, c = 2 * groups, h = 6, wd = 5, m = 2 * groups;
        int oh = ConvGeometry.convOut(h, k, stride, 2 * pad, dil), ow = ConvGeometry.convOut(wd, k, stride, 2 * pad, dil);
        if (oh <= 0 || ow <= 0) return;
        long[] x = new long[n * c * h * wd], w = new long[m * (c / groups) * k * k];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(2001) - 1000;
        for (int i = 0; i < w.length; i++) w[i] = r.nextInt(2001) - 1000;
        ConvGeometry g = new ConvGeometry(n, c, m, groups, new int[] {h, wd}, new int[] {k, k}, new int[] {stride, stride},
                new int[] {pad, pad}, new int[] {dil, dil}, new int[] {oh, ow});
        long[] expect = naiveConv(x, w, n, c, h, wd, m, groups, k, k, stride, stride, pad, pad, dil, dil, oh, ow);
        assertArrayEquals(expect, Kernels.conv(g, x, w));
        assertArrayEquals(expect, ExactProduct.conv(g, x, ExactProduct.toDouble(w)));
        double[] xd = new double[x.length], wdd = new double[w.length];
        for (int i = 0; i < x.length; i++) xd[i] = x[i];
        for (int i = 0; i < w.length; i++) wdd[i] = w[i];
        double[] yd = Kernels.conv(g, xd, wdd);
        long[] yl = new long[yd.length];
        for (int i = 0; i < yd.length; i++) yl[i] = (long) yd[i];
        assertArrayEquals(expect, yl);
    }

    /** The transposed convolution is the adjoint: <conv(x), y> = <x, convT(y)> for the same geometry. */
    @Property(tries = 40)
    void convTransposeIsTheAdjoint(@ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                                   @ForAll @IntRange(min = 0, max = 1) int pad, @ForAll long seed) {
        Random r = new Random(seed);
        int c = 2, m = 3, h = 5, wd = 4;
        int oh = ConvGeometry.convOut(h, k, stride, 2 * pad, 1), ow = ConvGeometry.convOut(wd, k, stride, 2 * pad, 1);
        if (oh <= 0 || ow <= 0) return;
        ConvGeometry g = new ConvGeometry(1, c, m, 1, new int[] {h, wd}, new int[] {k, k}, new int[] {stride, stride},
                new int[] {pad, pad}, new int[] {1, 1}, new int[] {oh, ow});
        long[] x = new long[c * h * wd], y = new long[m * oh * ow];
        // conv weight [m, c, k, k]; the transposed conv reading y needs weight [m, c, k, k] too (its C = m, M = c).
        long[] w = new long[m * c * k * k];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(201) - 100;
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(201) - 100;
        for (int i = 0; i < w.length; i++) w[i] = r.nextInt(201) - 100;
        long[] cx = Kernels.conv(g, x, w);
        long[] ty = Kernels.convTranspose(g, y, w);
        assertArrayEquals(ty, ExactProduct.convTranspose(g, y, ExactProduct.convTransposeWeights(g, w)));
        long lhs = 0, rhs = 0;
        for (int i = 0; i < y.length; i++) lhs += cx[i] * y[i];
        for (int i = 0; i < x.length; i++) rhs += x[i] * ty[i];
        assertArrayEquals(new long[] {lhs}, new long[] {rhs});
    }

    @Property(tries = 50)
    void matmulMatchesDefinition(@ForAll @IntRange(min = 1, max = 7) int m, @ForAll @IntRange(min = 1, max = 7) int k,
                                 @ForAll @IntRange(min = 1, max = 7) int n, @ForAll long seed) {
        Random r = new Random(seed);
        long[] a = new long[m * k], b = new long[k * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextInt(2001) - 1000;
        for (int i = 0; i < b.length; i++) b[i] = r.nextInt(2001) - 1000;
        long[] c = new long[m * n], e = new long[m * n];
        Kernels.matmulAdd(a, 0, b, 0, c, 0, m, k, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) e[i * n + j] += a[i * k + p] * b[p * n + j];
        assertArrayEquals(e, c);
    }

    /** A value of magnitude below 2^bits, often at the extremes (where rounding would show). */
    private static long edgy(Random r, int bits) {
        long max = (1L << bits) - 1;
        return switch (r.nextInt(4)) {
            case 0 -> max;
            case 1 -> -max;
            default -> (r.nextLong() % (max + 1));
        };
    }

    @Property(tries = 200)
    void exactDoubleProductEqualsInt64(@ForAll @IntRange(min = 1, max = 9) int m, @ForAll @IntRange(min = 1, max = 40) int k,
                                       @ForAll @IntRange(min = 1, max = 9) int n, @ForAll @IntRange(min = 1, max = 40) int bitsA,
                                       @ForAll long seed) {
        Random r = new Random(seed);
        // The largest operand widths the bound admits: max|a| * max|b| * k <= 2^52.
        int bitsB = Math.max(1, 52 - bitsA - (32 - Integer.numberOfLeadingZeros(k - 1)));
        long[] a = new long[m * k + 3], b = new long[k * n];
        for (int i = 0; i < a.length; i++) a[i] = edgy(r, bitsA);
        for (int i = 0; i < b.length; i++) b[i] = edgy(r, bitsB);
        org.junit.jupiter.api.Assertions.assertTrue(ExactProduct.fits(FixedPointBound.max(a), FixedPointBound.max(b), k));
        long[] c = new long[m * n + 2], e = new long[m * n + 2];
        for (int i = 0; i < c.length; i++) c[i] = e[i] = r.nextInt(1 << 30);
        Kernels.matmulAdd(a, 3, b, 0, e, 2, m, k, n);
        ExactProduct.matmulAddT(ExactProduct.toDouble(a), 3, ExactProduct.transpose(b, k, n), 0, c, 2, m, k, n);
        assertArrayEquals(e, c);
    }

    @org.junit.jupiter.api.Test
    void boundRejectsProductsDoublesCannotHold() {
        org.junit.jupiter.api.Assertions.assertTrue(ExactProduct.fits(1L << 26, 1L << 26, 1));
        org.junit.jupiter.api.Assertions.assertFalse(ExactProduct.fits(1L << 26, 1L << 26, 2));
        org.junit.jupiter.api.Assertions.assertFalse(ExactProduct.fits((1L << 27) + 1, 1L << 26, 1));
        // 2^53 + 1 is the first integer a double cannot hold: the bound must exclude it.
        long x = (1L << 27) + 1, y = (1L << 26) + 1;
        org.junit.jupiter.api.Assertions.assertNotEquals(x * y, (long) ((double) x * (double) y));
        org.junit.jupiter.api.Assertions.assertFalse(ExactProduct.fits(x, y, 1));
    }

    private static final class FixedPointBound {
        static long max(long[] x) {
            return io.zkml4j.ml.quant.FixedPoint.maxAbs(x);
        }
    }

    @Property(tries = 40)
    void exactConvTransposeEqualsScatter(@ForAll @IntRange(min = 1, max = 3) int groups, @ForAll @IntRange(min = 1, max = 3) int k,
                                         @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 1) int pad,
                                         @ForAll long seed) {
        Random r = new Random(seed);
        int c = 2 * groups, m = 3 * groups, h = 5, wd = 4;
        int oh = ConvGeometry.convOut(h, k, stride, 2 * pad, 1), ow = ConvGeometry.convOut(wd, k, stride, 2 * pad, 1);
        if (oh <= 0 || ow <= 0) return;
        ConvGeometry g = new ConvGeometry(2, c, m, groups, new int[] {h, wd}, new int[] {k, k}, new int[] {stride, stride},
                new int[] {pad, pad}, new int[] {1, 1}, new int[] {oh, ow});
        long[] y = new long[2 * m * oh * ow], w = new long[m * (c / groups) * k * k];
        for (int i = 0; i < y.length; i++) y[i] = edgy(r, 20);
        for (int i = 0; i < w.length; i++) w[i] = edgy(r, 16);
        assertArrayEquals(Kernels.convTranspose(g, y, w), ExactProduct.convTranspose(g, y, ExactProduct.convTransposeWeights(g, w)));
    }
}
