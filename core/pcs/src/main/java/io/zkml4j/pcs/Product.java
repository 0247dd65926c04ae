package io.zkml4j.pcs;

import io.zkml4j.field.GoldilocksExt2;
import java.util.List;

/**
 * A quadratic constraint x * y = z over extension values in the committed tableaux (a pad product q = p_a p_b), with
 * the four auxiliary values its test spends: alpha, beta uniform and rho1 = alpha beta, rho2 = alpha y + beta x, all
 * committed with the witness (fresh per proof). {@link LigeroConstraints} reduces the constraint to three linear ones
 * after a challenge e: e x + alpha = X', e y + beta = Y' (X', Y' sent, uniform thanks to alpha, beta) and
 * e^2 z + e rho2 + rho1 = X' Y' (the proof of product of Cramer-Damgard; Hyrax's "proof-of-product").
 */
public record Product(ExtVar x, ExtVar y, ExtVar z, ExtVar alpha, ExtVar beta, ExtVar rho1, ExtVar rho2) {
    /** Extension variables per product: z and the four auxiliary values. */
    public static final int WITNESS_VARS = 5;

    /** Prover, before commit: z = x y and fresh auxiliary values from {@code blinding}. */
    public void assign(List<long[]> tables, Blinding blinding) {
        GoldilocksExt2 xv = x.read(tables), yv = y.read(tables);
        GoldilocksExt2 a = GoldilocksExt2.of(blinding.nextField(), blinding.nextField()), b = GoldilocksExt2.of(blinding.nextField(), blinding.nextField());
        z.write(tables, xv.mul(yv));
        alpha.write(tables, a);
        beta.write(tables, b);
        rho1.write(tables, a.mul(b));
        rho2.write(tables, a.mul(yv).add(b.mul(xv)));
    }

    void absorbInto(io.zkml4j.transcript.Transcript t) {
        long[] pos = new long[21];
        int i = 0;
        for (ExtVar v : new ExtVar[] {x, y, z, alpha, beta, rho1, rho2}) {
            pos[i++] = v.vector();
            pos[i++] = v.index0();
            pos[i++] = v.index1();
        }
        t.absorbFields("zkc.product", pos);
    }
}
