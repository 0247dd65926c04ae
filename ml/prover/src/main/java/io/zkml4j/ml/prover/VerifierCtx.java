package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumcheckClaim;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.sumcheck.SumcheckVerifier;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;


/** The verifier's side of a node's interactive part: mirrors {@link ProverCtx} message for message. */
final class VerifierCtx extends Side {
    final FieldReader in;
    /** The public vectors in the padded layout (field elements). */
    private final long[][] publicValues;

    VerifierCtx(Circuit circuit, Transcript t, FieldReader in, long[][] publicValues) {
        super(circuit, t);
        this.in = in;
        this.publicValues = publicValues;
    }

    GoldilocksExt2 receive(String label) {
        GoldilocksExt2 v = in.ext(label);
        t.absorbExt(label, v);
        return v;
    }

    @Override
    GoldilocksExt2 open(int vec, GoldilocksExt2[] point, GoldilocksExt2 known) {
        return open(vec, point);
    }

    @Override
    GoldilocksExt2 open(int vec, GoldilocksExt2[] point) {
        Vec v = circuit.vec(vec);
        if (point.length != v.vars) throw new IllegalStateException("internal: " + v + " opened at " + point.length + " coordinates");
        if (v.isPublic()) return Mle.evaluate(publicValues[vec], point);
        GoldilocksExt2 value = receive("model.eval");
        claims.add(new Claim(vec, point, value));
        return value;
    }

    SumcheckClaim sumcheck(int vars, int degree, GoldilocksExt2 claimed) {
        SumcheckProof proof = SumcheckProof.readFrom(in, vars, degree);
        try {
            return SumcheckVerifier.verify(vars, degree, claimed, proof, t);
        } catch (VerificationException e) {
            if (node == null) throw e;
            throw new VerificationException(node.where() + ": " + e.getMessage());
        }
    }

    @Override
    void check(boolean ok, String what) {
        if (!ok) throw new VerificationException((node == null ? "" : node.where() + ": ") + what);
    }
}
