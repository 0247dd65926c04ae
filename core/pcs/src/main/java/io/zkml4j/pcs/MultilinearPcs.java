package io.zkml4j.pcs;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.transcript.Transcript;
import java.util.List;

/**
 * A multilinear polynomial commitment scheme (Plonky3 style): commit to 2^n base-field values, then prove
 * any number of evaluation claims on one or several committed vectors with ONE opening proof. Protocols built on
 * it (the model proof, the keys) hold only this interface and its value types, so another scheme (a succinct one)
 * slots in; an implementation refuses values of another scheme with a clear error.
 *
 * <p>Contract, checked for every implementation by the shared PCS contract tests:
 * <ul>
 *   <li>Completeness: {@code verify} accepts what {@code open} produced for true claims, given transcripts
 *       in the same state.</li>
 *   <li>Soundness: a false claim, a proof for another point, commitment or transcript state, or any change
 *       of the proof bytes is rejected ({@link io.zkml4j.transcript.VerificationException} from verify, or
 *       {@link io.zkml4j.field.codec.ProofFormatException} from decoding), except with the soundness error the
 *       implementation documents ({@link #soundnessBits}).</li>
 *   <li>Binding of the statement: {@code open} and {@code verify} absorb the scheme's parameters, every
 *       commitment and every claim (vector, point, value) before drawing any challenge, and every prover
 *       message before the next challenge. Callers must still absorb each commitment
 *       ({@link PcsCommitment#absorbInto}) when it is sent, before drawing the points the claims are about.</li>
 *   <li>Randomness: {@link Blinding} is passed in by the caller ({@link Blinding#NONE}: binding only, the
 *       commitment a function of the data). A scheme that cannot hide refuses a hiding {@link Blinding} rather than
 *       silently ignoring it; a hiding scheme ({@link #hiding}: {@link HidingLigeroPcs}) refuses {@link Blinding#NONE}.</li>
 * </ul>
 */
public interface MultilinearPcs {
    /** The scheme and its parameters, canonically encoded (keys record them; {@link PcsSchemes#read} decodes). */
    void writeScheme(FieldWriter w);

    /** One line for people: the scheme and its parameters. */
    String describe();

    /**
     * Whether commitments hide (then {@link #commit} needs a hiding {@link Blinding}, and each commitment may be opened
     * once); false for a binding-only scheme, which refuses hiding randomness.
     */
    default boolean hiding() {
        return false;
    }

    /** The randomness a caller commits with under this scheme: fresh for a hiding one, none otherwise. */
    default Blinding commitBlinding() {
        return hiding() ? Blinding.fresh() : Blinding.NONE;
    }

    /** Soundness in bits of one opening of tables of numVars variables with one claim; each further claim adds 1/|F_ext|. */
    double soundnessBits(int numVars);

    /** Commits to the table evals of length 2^n, n >= 1 (the prover keeps the returned data; evals is not copied and must not change). */
    PcsProverData commit(long[] evals, Blinding blinding);

    default PcsProverData commit(long[] evals) {
        return commit(evals, Blinding.NONE);
    }

    /** One proof of all claims; claim.vector indexes {@code committed}. */
    PcsProof open(List<? extends PcsProverData> committed, List<EvalClaim> claims, Transcript transcript, Blinding blinding);

    default PcsProof open(List<? extends PcsProverData> committed, List<EvalClaim> claims, Transcript transcript) {
        return open(committed, claims, transcript, Blinding.NONE);
    }

    /**
     * Writes what the prover keeps of a commitment, beyond the committed table itself, so that another process opens
     * it without committing again ({@link #readProverData}).
     */
    void writeProverData(PcsProverData data, java.io.DataOutputStream out) throws java.io.IOException;

    /**
     * As {@link #writeProverData(PcsProverData, java.io.DataOutputStream)}, where {@code out} writes onto {@code ch} (a
     * file opened for writing, at the stream's end once it is flushed): a scheme may write its bulk through the channel
     * directly, and leaves the channel's position at the end of what it wrote. The same bytes.
     */
    default void writeProverData(PcsProverData data, java.io.DataOutputStream out, java.nio.channels.FileChannel ch) throws java.io.IOException {
        writeProverData(data, out);
    }

    /**
     * Reads, from {@code position} to the end of the channel, what {@link #writeProverData} wrote for the table
     * {@code evals} (which the caller rebuilds); large parts may stay mapped from the file. The result's commitment is
     * the one the data stands for: the caller checks it against the commitment it expects.
     */
    PcsProverData readProverData(java.nio.channels.FileChannel ch, long position, long[] evals) throws java.io.IOException;

    /** Returns normally iff the proof shows all claims; otherwise throws VerificationException naming the failed check. */
    void verify(List<? extends PcsCommitment> commitments, List<EvalClaim> claims, PcsProof proof, Transcript transcript);

    /** Reads a proof from a stream; its shape follows from the verifier's own commitments and claims (never from the bytes). */
    PcsProof readProof(FieldReader in, List<? extends PcsCommitment> commitments, List<EvalClaim> claims);

    /** Reads a commitment from a stream (the inverse of {@link PcsCommitment#writeTo}). */
    PcsCommitment readCommitment(FieldReader in);

    /** Decodes a whole proof (versioned, as {@link PcsProof#toBytes}). */
    PcsProof proofFromBytes(byte[] bytes, List<? extends PcsCommitment> commitments, List<EvalClaim> claims);

    /** Decodes a whole commitment (versioned, as {@link PcsCommitment#toBytes}). */
    PcsCommitment commitmentFromBytes(byte[] bytes);
}
