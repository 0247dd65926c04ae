package io.zkml4j.tools;

import java.util.List;

/**
 * Error measures of the conformance report, defined here independently of the compiler's own report.
 * The relative error of one output over a set of samples is max|q - f| / max|f|, both maxima taken over
 * all elements and all samples: the error is measured against the output's magnitude on the evaluated
 * inputs, so a near-zero output of one sample (a probability of 4e-5, say) is not judged against
 * itself. With one sample this is the usual max|q - f| / max|f|; with f all zero it is the absolute
 * error. Positions where the reference is not finite must match exactly (same NaN/infinity),
 * otherwise the error is infinite.
 */
final class Metrics {
    private Metrics() {
    }

    /** Relative error of one output; {@code q.get(s)} and {@code f.get(s)} are that output on sample s. */
    static double relativeError(List<double[]> q, List<double[]> f) {
        double num = 0;
        double den = 0;
        for (int s = 0; s < f.size(); s++) {
            double[] a = q.get(s);
            double[] b = f.get(s);
            if (a.length != b.length) {
                return Double.POSITIVE_INFINITY;
            }
            for (int i = 0; i < b.length; i++) {
                if (!Double.isFinite(b[i]) || !Double.isFinite(a[i])) {
                    if (Double.compare(a[i], b[i]) != 0) {
                        return Double.POSITIVE_INFINITY;
                    }
                    continue;
                }
                num = Math.max(num, Math.abs(a[i] - b[i]));
                den = Math.max(den, Math.abs(b[i]));
            }
        }
        return den == 0 ? num : num / den;
    }

    static double relativeError(double[] q, double[] f) {
        return relativeError(List.of(q), List.of(f));
    }

    /** Index of the largest value (first on ties). */
    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
