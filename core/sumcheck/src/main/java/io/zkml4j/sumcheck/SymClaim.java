package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;

/**
 * What a symbolic sumcheck verification ({@link SymSumcheckVerifier}) reduces its claim to: the summand must take
 * {@link #value()} (a form over pads) at the public {@link #point()}; the caller still checks that.
 */
public record SymClaim(GoldilocksExt2[] point, Sym value) {
    public SymClaim {
        point = point.clone();
    }

    @Override
    public GoldilocksExt2[] point() {
        return point.clone();
    }
}
