package io.zkml4j.lookup;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Mle;

/** Checks output claims directly against the witness vectors (standing in for the PCS openings the caller does). */
final class ClaimCheck {
    private ClaimCheck() {}

    static boolean holds(LookupWitness w, LookupClaims c) {
        long[][][] seg = w.segments();
        for (int j = 0; j < seg.length; j++) {
            for (int col = 0; col < seg[j].length; col++) {
                if (!Mle.evaluate(seg[j][col], c.valuesPoint()).equals(c.value(j, col))) return false;
            }
        }
        GoldilocksExt2 m = Mle.evaluate(w.multiplicities(), c.multiplicitiesPoint());
        return m.equals(c.multiplicities());
    }
}
