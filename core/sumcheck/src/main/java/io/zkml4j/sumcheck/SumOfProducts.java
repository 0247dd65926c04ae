package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The summand of a sumcheck, sum_k c_k * prod_{j in term k} f_j, over numPolys multilinear polynomials
 * f_0..f_{numPolys-1}. A polynomial may appear in several terms and more than once in a term (f_j^2).
 * Its degree (the largest term size) is the degree of every round polynomial. Immutable and public:
 * prover and verifier share it, the verifier uses {@link #evaluate} for the final check.
 */
public final class SumOfProducts {
    /** Round polynomials beyond this degree are not supported (none of our protocols needs more). */
    public static final int MAX_DEGREE = 16;

    private final int numPolys;
    private final GoldilocksExt2[] coeffs;
    private final int[][] factors;
    private final int degree;

    private SumOfProducts(int numPolys, GoldilocksExt2[] coeffs, int[][] factors) {
        this.numPolys = numPolys;
        this.coeffs = coeffs;
        this.factors = factors;
        int d = 0;
        for (int[] f : factors) d = Math.max(d, f.length);
        this.degree = d;
    }

    /** f_0 * f_1 * ... * f_{numPolys-1} (coefficient 1). */
    public static SumOfProducts product(int numPolys) {
        int[] all = new int[numPolys];
        for (int i = 0; i < numPolys; i++) all[i] = i;
        return builder(numPolys).term(GoldilocksExt2.ONE, all).build();
    }

    public static Builder builder(int numPolys) {
        if (numPolys < 1) throw new IllegalArgumentException("a sum of products needs at least one polynomial, got " + numPolys);
        return new Builder(numPolys);
    }

    public static final class Builder {
        private final int numPolys;
        private final List<GoldilocksExt2> coeffs = new ArrayList<>();
        private final List<int[]> factors = new ArrayList<>();

        private Builder(int numPolys) {
            this.numPolys = numPolys;
        }

        /** Adds coeff * prod_{j in polys} f_j. */
        public Builder term(GoldilocksExt2 coeff, int... polys) {
            if (polys.length < 1 || polys.length > MAX_DEGREE) {
                throw new IllegalArgumentException("term must have 1.." + MAX_DEGREE + " factors, got " + polys.length);
            }
            for (int p : polys) {
                if (p < 0 || p >= numPolys) throw new IllegalArgumentException("term refers to polynomial " + p + " of " + numPolys);
            }
            coeffs.add(coeff);
            factors.add(polys.clone());
            return this;
        }

        public SumOfProducts build() {
            if (factors.isEmpty()) throw new IllegalArgumentException("a sum of products needs at least one term");
            return new SumOfProducts(numPolys, coeffs.toArray(new GoldilocksExt2[0]), factors.toArray(new int[0][]));
        }
    }

    public int numPolys() {
        return numPolys;
    }

    public int numTerms() {
        return factors.length;
    }

    /** The largest number of factors in a term: the degree of each round polynomial. */
    public int degree() {
        return degree;
    }

    public GoldilocksExt2 coeff(int term) {
        return coeffs[term];
    }

    public int[] factors(int term) {
        return factors[term].clone();
    }

    int[] factorsUnsafe(int term) {
        return factors[term];
    }

    /** sum_k c_k prod_{j in term k} values[j]. */
    public GoldilocksExt2 evaluate(GoldilocksExt2[] values) {
        if (values.length != numPolys) {
            throw new IllegalArgumentException("expected " + numPolys + " polynomial values, got " + values.length);
        }
        GoldilocksExt2 acc = GoldilocksExt2.ZERO;
        for (int k = 0; k < factors.length; k++) {
            GoldilocksExt2 p = coeffs[k];
            for (int j : factors[k]) p = p.mul(values[j]);
            acc = acc.add(p);
        }
        return acc;
    }

    /** {@link #evaluate} on symbolic values, each product of two forms through {@code sink}'s pad products. */
    public Sym evaluate(Sym[] values, SymSink sink) {
        if (values.length != numPolys) {
            throw new IllegalArgumentException("expected " + numPolys + " polynomial values, got " + values.length);
        }
        Sym acc = Sym.known(GoldilocksExt2.ZERO);
        for (int k = 0; k < factors.length; k++) {
            Sym p = Sym.known(coeffs[k]);
            for (int j : factors[k]) p = sink.mul(p, values[j]);
            acc = acc.add(p);
        }
        return acc;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < factors.length; k++) {
            if (k > 0) sb.append(" + ");
            sb.append(coeffs[k]).append('*').append(Arrays.toString(factors[k]));
        }
        return sb.toString();
    }
}
