package io.zkml4j.pcs;

import io.zkml4j.transcript.Transcript;
import java.util.List;

/**
 * A multilinear polynomial commitment scheme (Plonky3 style): commit to 2^n base-field values, then prove
 * any number of evaluation claims on one or several committed vectors with ONE opening proof.
 *
 * <p>Contract, checked for every implementation by the shared PCS contract tests:
 * <ul>
 *   <li>Completeness: {@code verify} accepts what {@code open} produced for true claims, given transcripts
 *       in the same state.</li>
 *   <li>Soundness: a false claim, a proof for another point, commitment or transcript state, or any change
 *       of the proof bytes is rejected ({@link io.zkml4j.transcript.VerificationException} from verify, or
 *       {@link io.zkml4j.field.codec.ProofFormatException} from decoding), except with the soundness error the
 *       implementation documents.</li>
 *   <li>Binding of the statement: {@code open} and {@code verify} absorb the scheme's parameters, every
 *       commitment and every claim (vector, point, value) before drawing any challenge, and every prover
 *       message before the next challenge. Callers must still absorb each commitment
 *       ({@link PcsCommitment#absorbInto}) when it is sent, before drawing the points the claims are about.</li>
 * </ul>
 *
 * @param <C> the public commitment
 * @param <D> the prover-only data behind a commitment
 * @param <P> the opening proof
 */
public interface MultilinearPcs<C extends PcsCommitment, D extends PcsProverData<C>, P extends PcsProof> {
    /** Commits to the table evals of length 2^n, n >= 1 (the prover keeps the returned data; evals is not copied and must not change). */
    D commit(long[] evals);

    /** One proof of all claims; claim.vector indexes {@code committed}. */
    P open(List<D> committed, List<EvalClaim> claims, Transcript transcript);

    /** Returns normally iff the proof shows all claims; otherwise throws VerificationException naming the failed check. */
    void verify(List<C> commitments, List<EvalClaim> claims, P proof, Transcript transcript);

    /** Decodes a proof whose shape follows from the verifier's own commitments and claims (never from the bytes). */
    P proofFromBytes(byte[] bytes, List<C> commitments, List<EvalClaim> claims);

    /** Decodes a commitment. */
    C commitmentFromBytes(byte[] bytes);
}
