package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;

/**
 * What a verified sumcheck reduces its claim to: the summand must take {@link #value()} at {@link #point()}
 * (point[k] binds x_k). The caller still has to check that, against openings or claims of the next layer.
 */
public final class SumcheckClaim {
    private final GoldilocksExt2[] point;
    private final GoldilocksExt2 value;

    public SumcheckClaim(GoldilocksExt2[] point, GoldilocksExt2 value) {
        this.point = point.clone();
        this.value = value;
    }

    public GoldilocksExt2[] point() {
        return point.clone();
    }

    public GoldilocksExt2 value() {
        return value;
    }
}
