package io.zkml4j.pcs;

import io.zkml4j.field.GoldilocksExt2;

/**
 * An extension-field value held in a committed tableau as two base entries: value = W[index0] + X W[index1] in
 * GoldilocksExt2 = F[X]/(X^2 - 7), W the table of commitment {@code vector}. Pads and pad products are extension
 * values (a base-field pad would leave the c1 half of a masked message in the clear).
 */
public record ExtVar(int vector, int index0, int index1) {
    /** The extension generator X: the coefficient of the c1 entry. */
    static final GoldilocksExt2 X = GoldilocksExt2.of(0, 1);

    public ExtVar {
        if (vector < 0 || index0 < 0 || index1 < 0 || index0 == index1) throw new IllegalArgumentException("extension variable " + vector + ":" + index0 + "," + index1);
    }

    /** The value in the tables (prover side). */
    public GoldilocksExt2 read(java.util.List<long[]> tables) {
        long[] w = tables.get(vector);
        return GoldilocksExt2.of(w[index0], w[index1]);
    }

    /** Writes v into the tables (prover side, before commit). */
    public void write(java.util.List<long[]> tables, GoldilocksExt2 v) {
        long[] w = tables.get(vector);
        w[index0] = v.c0;
        w[index1] = v.c1;
    }
}
