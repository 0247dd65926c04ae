package io.zkml4j.ml.quant;

/**
 * The real functions that lookup tables tabulate. Each is computed with {@link StrictMath} and
 * plain (strict since Java 17) double arithmetic only, so a table is bit-identical on every JVM.
 * {@code p} holds the function's parameters (e.g. alpha of Elu), recorded in the {@link TableRule}.
 */
public enum UnaryFunction {
    SIGMOID { public double apply(double x, double[] p) { return 1.0 / (1.0 + StrictMath.exp(-x)); } },
    TANH { public double apply(double x, double[] p) { return StrictMath.tanh(x); } },
    ERF { public double apply(double x, double[] p) { return erf(x); } },
    /** x * Phi(x) with the exact (erf) Gaussian CDF. */
    GELU { public double apply(double x, double[] p) { return 0.5 * x * (1.0 + erf(x / StrictMath.sqrt(2.0))); } },
    /** GELU with the tanh approximation (ONNX approximate="tanh"). */
    GELU_TANH { public double apply(double x, double[] p) {
        return 0.5 * x * (1.0 + StrictMath.tanh(StrictMath.sqrt(2.0 / StrictMath.PI) * (x + 0.044715 * x * x * x))); } },
    EXP { public double apply(double x, double[] p) { return StrictMath.exp(x); } },
    LOG { public double apply(double x, double[] p) { return StrictMath.log(x); } },
    SQRT { public double apply(double x, double[] p) { return StrictMath.sqrt(x); } },
    RECIPROCAL { public double apply(double x, double[] p) { return 1.0 / x; } },
    /** p = {alpha}: x for x > 0 else alpha * (exp(x) - 1). */
    ELU { public double apply(double x, double[] p) { return x > 0 ? x : p[0] * StrictMath.expm1(x); } },
    /** p = {alpha, gamma}. */
    SELU { public double apply(double x, double[] p) { return x > 0 ? p[1] * x : p[1] * p[0] * StrictMath.expm1(x); } },
    /** p = {alpha}: x for x >= 0 else alpha * (exp(x / alpha) - 1). */
    CELU { public double apply(double x, double[] p) { return x >= 0 ? x : p[0] * StrictMath.expm1(x / p[0]); } },
    SOFTPLUS { public double apply(double x, double[] p) {
        return x > 30 ? x : StrictMath.log1p(StrictMath.exp(x)); } },
    SOFTSIGN { public double apply(double x, double[] p) { return x / (1.0 + Math.abs(x)); } },
    MISH { public double apply(double x, double[] p) { return x * StrictMath.tanh(SOFTPLUS.apply(x, p)); } },
    /** x * sigmoid(x) (SiLU / Swish). */
    SILU { public double apply(double x, double[] p) { return x / (1.0 + StrictMath.exp(-x)); } },
    SIN { public double apply(double x, double[] p) { return StrictMath.sin(x); } },
    COS { public double apply(double x, double[] p) { return StrictMath.cos(x); } },
    TAN { public double apply(double x, double[] p) { return StrictMath.tan(x); } },
    ASIN { public double apply(double x, double[] p) { return StrictMath.asin(x); } },
    ACOS { public double apply(double x, double[] p) { return StrictMath.acos(x); } },
    ATAN { public double apply(double x, double[] p) { return StrictMath.atan(x); } },
    SINH { public double apply(double x, double[] p) { return StrictMath.sinh(x); } },
    COSH { public double apply(double x, double[] p) { return StrictMath.cosh(x); } },
    ASINH { public double apply(double x, double[] p) { return StrictMath.log(x + StrictMath.sqrt(x * x + 1.0)); } },
    ACOSH { public double apply(double x, double[] p) { return StrictMath.log(x + StrictMath.sqrt(x * x - 1.0)); } },
    ATANH { public double apply(double x, double[] p) { return 0.5 * StrictMath.log((1.0 + x) / (1.0 - x)); } },
    /** p = {exponent}: x^e (for x < 0 only integer exponents are real). */
    POW { public double apply(double x, double[] p) { return StrictMath.pow(x, p[0]); } },
    /** p = {base}: base^x. */
    EXP_BASE { public double apply(double x, double[] p) { return StrictMath.pow(p[0], x); } };

    public abstract double apply(double x, double[] p);

    /**
     * erf(x) from its everywhere-convergent positive series
     * erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)),
     * which has no cancellation; |x| >= 6 gives +-1 to double precision.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        if (a >= 6.0) return Math.signum(x);
        double term = a;
        double sum = a;
        double x2 = a * a;
        for (int n = 1; n < 400; n++) {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        double r = Math.min(1.0, 2.0 / StrictMath.sqrt(StrictMath.PI) * StrictMath.exp(-x2) * sum);
        return x < 0 ? -r : r;
    }
}
