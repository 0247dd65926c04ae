package io.zkml4j.ml.ops;

import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;

/**
 * Normalization of contiguous groups (LayerNormalization over trailing axes, InstanceNormalization
 * over the spatial axes of one channel), exactly in integers: mean = divRound(sum, n);
 * c = x - mean; var = divRound(sum c^2, n) + eps; std = sqrtRound(var) (exact square root);
 * y = divRound(c * 2^s_n, std) at scale s_n. The affine part (gamma, beta) is applied by the caller.
 */
final class Normalize {
    private Normalize() {}

    static final int NORM_SCALE = 20;

    /** Float reference: (x - mean) / sqrt(var + eps) per group of {@code n} contiguous values. */
    static double[] forward(double[] x, int n, double eps) {
        double[] y = new double[x.length];
        for (int g = 0; g < x.length / n; g++) {
            double m = 0;
            for (int i = 0; i < n; i++) m += x[g * n + i];
            m /= n;
            double v = 0;
            for (int i = 0; i < n; i++) v += (x[g * n + i] - m) * (x[g * n + i] - m);
            v /= n;
            double d = Math.sqrt(v + eps);
            for (int i = 0; i < n; i++) y[g * n + i] = (x[g * n + i] - m) / d;
        }
        return y;
    }

    /** Integer form; x at scale s (reduced first to at most 2^20 magnitude by the caller's choice of s), eps at scale 2s. */
    static long[] run(QNode q, long[] x, int n, int s, long eps) {
        long[] y = new long[x.length];
        long[] c = new long[n];
        FixedPoint.checkProduct(FixedPoint.maxAbs(x) * 2, FixedPoint.maxAbs(x) * 2, n, q.describe());
        for (int g = 0; g < x.length / n; g++) {
            long sum = 0;
            for (int i = 0; i < n; i++) sum += x[g * n + i];
            long mean = FixedPoint.divRound(sum, n);
            long ss = 0;
            for (int i = 0; i < n; i++) {
                c[i] = x[g * n + i] - mean;
                ss += c[i] * c[i];
            }
            long var = FixedPoint.divRound(ss, n) + eps;
            long std = Math.max(1, FixedPoint.sqrtRound(var));
            for (int i = 0; i < n; i++) y[g * n + i] = FixedPoint.divRound(FixedPoint.requant(c[i], s, s + NORM_SCALE), std);
        }
        return y;
    }
}
