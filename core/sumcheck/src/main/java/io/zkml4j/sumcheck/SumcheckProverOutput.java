package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;

/**
 * Prover-side result of a sumcheck: the proof to send, the sum it proves, the random point, and the
 * value of each input table's MLE at that point (what the caller must open or hand to the next layer).
 */
public final class SumcheckProverOutput {
    private final SumcheckProof proof;
    private final GoldilocksExt2 claimedSum;
    private final GoldilocksExt2[] point;
    private final GoldilocksExt2 finalClaim;
    private final GoldilocksExt2[] finalEvals;

    SumcheckProverOutput(SumcheckProof proof, GoldilocksExt2 claimedSum, GoldilocksExt2[] point,
            GoldilocksExt2 finalClaim, GoldilocksExt2[] finalEvals) {
        this.proof = proof;
        this.claimedSum = claimedSum;
        this.point = point;
        this.finalClaim = finalClaim;
        this.finalEvals = finalEvals;
    }

    public SumcheckProof proof() {
        return proof;
    }

    /** The sum over the hypercube that the proof proves (the verifier must get it from elsewhere). */
    public GoldilocksExt2 claimedSum() {
        return claimedSum;
    }

    public GoldilocksExt2[] point() {
        return point.clone();
    }

    /** The reduced claim: the summand's value at the point, as the verifier will compute it. */
    public GoldilocksExt2 finalClaim() {
        return finalClaim;
    }

    /** finalEvals()[j] = f_j(point) for each input table (eq(r, .) excluded in the eq-weighted provers). */
    public GoldilocksExt2[] finalEvals() {
        return finalEvals.clone();
    }
}
