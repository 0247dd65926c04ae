package io.zkml4j.lookup;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.sumcheck.SumcheckProof;

/**
 * One layer of a fraction-tree GKR proof as the verifier sees it: the sumcheck (d rounds of degree 3) reducing a
 * claim on layer d to its children, and the children's values at the sumcheck point. For inner layers the values are
 * (p0, p1, q0, q1); for the last layer they are the leaf data the verifier turns into fractions itself (looked-up
 * column values, or multiplicities).
 */
public final class GkrLayerProof {
    private final SumcheckProof sumcheck;
    private final GoldilocksExt2[] evals;

    public GkrLayerProof(SumcheckProof sumcheck, GoldilocksExt2[] evals) {
        this.sumcheck = sumcheck;
        this.evals = evals.clone();
    }

    public SumcheckProof sumcheck() {
        return sumcheck;
    }

    public GoldilocksExt2[] evals() {
        return evals.clone();
    }

    GoldilocksExt2[] evalsUnsafe() {
        return evals;
    }

    void writeTo(FieldWriter w) {
        sumcheck.writeTo(w);
        w.u32(evals.length);
        for (GoldilocksExt2 v : evals) w.ext(v);
    }

    static GkrLayerProof readFrom(FieldReader r, int rounds, int numEvals, String what) {
        SumcheckProof sc = SumcheckProof.readFrom(r, rounds, LogUpGkr.LAYER_DEGREE);
        r.expectLength(what + " evaluations", numEvals);
        GoldilocksExt2[] ev = new GoldilocksExt2[numEvals];
        for (int i = 0; i < numEvals; i++) ev[i] = r.ext(what + " evaluation " + i);
        return new GkrLayerProof(sc, ev);
    }
}
