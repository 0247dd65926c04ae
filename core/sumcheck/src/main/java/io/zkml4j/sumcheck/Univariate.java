package io.zkml4j.sumcheck;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;

/** Polynomials of degree d given by their values at 0, 1, ..., d (the form round messages take). */
public final class Univariate {
    private Univariate() {}

    /**
     * The value at x of the degree-d polynomial through (i, evals[i]), i = 0..d, by Lagrange:
     * sum_i evals[i] * prod_{j != i} (x - j) / (i - j). The products over j != i come from prefix and
     * suffix products (so x may itself be one of the nodes); 1/prod_{j != i}(i - j) = (-1)^(d-i) / (i! (d-i)!).
     */
    public static GoldilocksExt2 evaluate(GoldilocksExt2[] evals, GoldilocksExt2 x) {
        int d = evals.length - 1;
        if (d < 0) throw new IllegalArgumentException("no evaluations to interpolate");
        GoldilocksExt2[] prefix = new GoldilocksExt2[d + 2];
        GoldilocksExt2[] suffix = new GoldilocksExt2[d + 2];
        prefix[0] = GoldilocksExt2.ONE;
        for (int j = 0; j <= d; j++) prefix[j + 1] = prefix[j].mul(x.sub(GoldilocksExt2.ofBase(j)));
        suffix[d + 1] = GoldilocksExt2.ONE;
        for (int j = d; j >= 0; j--) suffix[j] = suffix[j + 1].mul(x.sub(GoldilocksExt2.ofBase(j)));
        long[] fact = new long[d + 1];
        fact[0] = 1;
        for (int i = 1; i <= d; i++) fact[i] = Goldilocks.mul(fact[i - 1], i);
        GoldilocksExt2 acc = GoldilocksExt2.ZERO;
        for (int i = 0; i <= d; i++) {
            long w = Goldilocks.inv(Goldilocks.mul(fact[i], fact[d - i]));
            if (((d - i) & 1) == 1) w = Goldilocks.neg(w);
            acc = acc.add(evals[i].mul(prefix[i]).mul(suffix[i + 1]).mulBase(w));
        }
        return acc;
    }

    /** w_k = L_k(x) for the nodes 0..d, so that g(x) = sum_k w_k g(k) for any g of degree d. */
    public static GoldilocksExt2[] weights(int d, GoldilocksExt2 x) {
        GoldilocksExt2[] w = new GoldilocksExt2[d + 1], unit = new GoldilocksExt2[d + 1];
        for (int k = 0; k <= d; k++) {
            java.util.Arrays.fill(unit, GoldilocksExt2.ZERO);
            unit[k] = GoldilocksExt2.ONE;
            w[k] = evaluate(unit, x);
        }
        return w;
    }

    /** {@link #evaluate} on symbolic values: the public Lagrange weights keep the form affine. */
    public static Sym evaluate(Sym[] evals, GoldilocksExt2 x) {
        GoldilocksExt2[] w = weights(evals.length - 1, x);
        Sym acc = Sym.known(GoldilocksExt2.ZERO);
        for (int k = 0; k < evals.length; k++) acc = acc.add(evals[k].scale(w[k]));
        return acc;
    }
}
