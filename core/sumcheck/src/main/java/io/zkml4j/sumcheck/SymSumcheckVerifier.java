package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.transcript.Transcript;

/**
 * {@link SumcheckVerifier} on symbolic values (docs/zero-knowledge.md): every round value is received through the
 * sink (standing for e + its pad, pads assigned round by round, g_i(0..d) in order, as the prover masks them), every
 * check becomes a form sent to {@link SymSink#zero}. The transcript absorbs what the concrete verifier absorbs (the
 * received values as sent; the claim as the sink binds it), so over a validity proof with {@link ZeroPads} the
 * challenges, and every decision, are the concrete verifier's.
 */
public final class SymSumcheckVerifier {
    private SymSumcheckVerifier() {}

    public static SymClaim verify(int numVars, int degree, Sym claimedSum, SumcheckProof proof, Transcript t, SymSink sink) {
        SumcheckVerifier.checkShape(numVars, degree, proof);
        SumcheckTranscript.begin(t, numVars, degree, claimedSum, sink);
        Sym claim = claimedSum;
        GoldilocksExt2[] point = new GoldilocksExt2[numVars];
        for (int i = 0; i < numVars; i++) {
            GoldilocksExt2[] e = SumcheckVerifier.checkRound(proof, i, degree);
            Sym[] g = new Sym[e.length];
            for (int k = 0; k < e.length; k++) g[k] = sink.receive(e[k]);
            sink.zero(g[0].add(g[1]).sub(claim), SumcheckVerifier.roundCheck(i));
            SumcheckTranscript.absorbRound(t, e);
            point[i] = t.challengeExt("sumcheck.challenge");
            claim = Univariate.evaluate(g, point[i]);
        }
        return new SymClaim(point, claim);
    }

    /** The final check expr(values) = claim.value(), deferred to the sink. */
    public static void checkFinal(SymClaim claim, SumOfProducts expr, Sym[] values, SymSink sink) {
        sink.zero(expr.evaluate(values, sink).sub(claim.value()), SumcheckVerifier.FINAL);
    }

    /** For eq-weighted sums: eq(r, point) expr(values) = claim.value(), eq computed here (public). */
    public static void checkFinalEq(SymClaim claim, GoldilocksExt2[] r, SumOfProducts expr, Sym[] values, SymSink sink) {
        GoldilocksExt2 eq = Eq.eval(r, claim.point());
        sink.zero(expr.evaluate(values, sink).scale(eq).sub(claim.value()), SumcheckVerifier.FINAL_EQ);
    }
}
