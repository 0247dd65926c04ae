package io.zkml4j.pcs;

import io.zkml4j.field.GoldilocksExt2;

/**
 * The statement "committed vector number {@code vector} (an index into the list of commitments an opening
 * covers), read as a multilinear polynomial, evaluates to {@code value} at {@code point}". Point
 * coordinate k binds variable x_k (x_0 the lowest index bit), per the core conventions.
 */
public final class EvalClaim {
    public final int vector;
    private final GoldilocksExt2[] point;
    public final GoldilocksExt2 value;

    public EvalClaim(int vector, GoldilocksExt2[] point, GoldilocksExt2 value) {
        if (vector < 0) throw new IllegalArgumentException("negative vector index " + vector);
        for (GoldilocksExt2 x : point) if (x == null) throw new IllegalArgumentException("null point coordinate");
        if (value == null) throw new IllegalArgumentException("null claimed value");
        this.vector = vector;
        this.point = point.clone();
        this.value = value;
    }

    public GoldilocksExt2[] point() {
        return point.clone();
    }

    public int numVars() {
        return point.length;
    }

    GoldilocksExt2 coordinate(int k) {
        return point[k];
    }
}
