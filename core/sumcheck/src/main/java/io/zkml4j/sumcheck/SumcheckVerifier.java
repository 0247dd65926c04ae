package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;

/**
 * Verifies that sum_{x in {0,1}^n} F(x) = claimedSum for a polynomial F of degree at most d in each
 * variable, reducing the claim to F(point) = value at a random point, which the caller checks.
 *
 * <p>Soundness: if the claim is false, a prover passes all round checks and ends with a true reduced
 * claim with probability at most n*d/|F_ext| (Schwartz-Zippel per round, union bound; Lund-Fortnow-
 * Karloff-Nisan), |F_ext| = p^2 ~ 2^128: for n = 30, d = 3 that is below 2^-121. This holds in the random
 * oracle model only because every round message is absorbed into the transcript before its challenge,
 * and the shape (n, d) and the claimed sum are absorbed before the first one.
 */
public final class SumcheckVerifier {
    private SumcheckVerifier() {}

    public static SumcheckClaim verify(int numVars, int degree, GoldilocksExt2 claimedSum, SumcheckProof proof, Transcript t) {
        return verify(numVars, degree, claimedSum, proof, t, -1);
    }

    /** skipAbsorbRound >= 0 omits absorbing that round's message: a test seam proving the absorption matters. */
    static SumcheckClaim verify(int numVars, int degree, GoldilocksExt2 claimedSum, SumcheckProof proof, Transcript t,
            int skipAbsorbRound) {
        checkShape(numVars, degree, proof);
        SumcheckTranscript.begin(t, numVars, degree, claimedSum);
        GoldilocksExt2 claim = claimedSum;
        GoldilocksExt2[] point = new GoldilocksExt2[numVars];
        for (int i = 0; i < numVars; i++) {
            GoldilocksExt2[] g = checkRound(proof, i, degree);
            if (!g[0].add(g[1]).equals(claim)) throw new VerificationException(roundCheck(i));
            if (i != skipAbsorbRound) SumcheckTranscript.absorbRound(t, g);
            point[i] = t.challengeExt("sumcheck.challenge");
            claim = Univariate.evaluate(g, point[i]);
        }
        return new SumcheckClaim(point, claim);
    }

    /** The shape both verifiers (concrete and symbolic) require before any message is read. */
    static void checkShape(int numVars, int degree, SumcheckProof proof) {
        SumcheckProof.checkShape(numVars, degree);
        if (proof.numRounds() != numVars) {
            throw new VerificationException("sumcheck: proof has " + proof.numRounds() + " rounds, expected " + numVars);
        }
    }

    /** Round i's message g(0..degree), checked for its length and missing values. */
    static GoldilocksExt2[] checkRound(SumcheckProof proof, int i, int degree) {
        GoldilocksExt2[] g = proof.roundUnsafe(i);
        if (g.length != degree + 1) {
            throw new VerificationException("sumcheck round " + i + ": " + g.length + " values, expected " + (degree + 1));
        }
        for (GoldilocksExt2 v : g) {
            if (v == null) throw new VerificationException("sumcheck round " + i + ": missing value"); // in-memory proofs only
        }
        return g;
    }

    static String roundCheck(int i) {
        return "sumcheck round " + i + ": g(0) + g(1) does not equal the running claim";
    }

    static final String FINAL = "sumcheck: final evaluation does not match the reduced claim";
    static final String FINAL_EQ = "sumcheck: final eq-weighted evaluation does not match the reduced claim";

    /** Checks the reduced claim against the polynomials' values at the point: expr(values) = claim.value(). */
    public static void checkFinal(SumcheckClaim claim, SumOfProducts expr, GoldilocksExt2[] values) {
        if (!expr.evaluate(values).equals(claim.value())) {
            throw new VerificationException(FINAL);
        }
    }

    /** For eq-weighted sums: eq(r, point) * expr(values) = claim.value(), eq computed here, not taken from the prover. */
    public static void checkFinalEq(SumcheckClaim claim, GoldilocksExt2[] r, SumOfProducts expr, GoldilocksExt2[] values) {
        if (!Eq.eval(r, claim.point()).mul(expr.evaluate(values)).equals(claim.value())) {
            throw new VerificationException(FINAL_EQ);
        }
    }
}
