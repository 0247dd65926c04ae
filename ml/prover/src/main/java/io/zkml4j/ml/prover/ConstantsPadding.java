package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.transcript.Transcript;

/**
 * The padding invariant for the constants: every padded entry of every constant (weights, biases) is zero, shown once
 * per key. Setup runs {@link PaddingCheck}'s zero-check over the constant table's padded block, on a transcript that
 * absorbs the whole key before it (layout and the constants' commitment); the key carries that small proof, and
 * whoever reads the key checks it. It ends in one claim on the constant table, which the key also carries and every
 * proof adds to its batched opening: the claim is proven by the same opening as the constants' other claims, so a
 * key whose constants have nonzero padding yields no proof that verifies.
 *
 * <p>Why at setup rather than per proof: the constants never change between proofs, and a per-proof zero-check over
 * the constant table would cost every proof a sumcheck over all the weights (of the order of the whole prove time of a
 * dense network). Soundness: the zero-check's 4m/|F_ext| (see {@link PaddingCheck}), once per key; the challenges come
 * from a transcript the setup party cannot steer short of committing 2^100 times.
 *
 * <p>A zero-knowledge key carries no such proof: its round messages and final claim are linear functions of the
 * private weights, and a key is public. Each of its proofs runs the same zero-check instead, masked like every other
 * message ({@link #perProof}); the soundness term is the same, counted once.
 */
final class ConstantsPadding {
    static final String LABEL = "zkml4j.constants-padding/v1";

    private ConstantsPadding() {}

    private static Transcript transcript(byte[] keyStatement) {
        Transcript t = new Transcript(LABEL);
        t.absorbBytes("vk.statement", keyStatement);
        return t;
    }

    /** Setup: the proof over the constant table ({@code constTable}, the committed values); empty when nothing is padded or the key is zero-knowledge. */
    static byte[] prove(Circuit c, byte[] keyStatement, long[] constTable, boolean zeroKnowledge) {
        return zeroKnowledge ? new byte[0] : prove(c, keyStatement, constTable, null);
    }

    /**
     * Both sides of a proof under a key without a constants' padding proof (a zero-knowledge key's, or none needed): the
     * zero-check over the constants' padded block, in the proof ({@code constTable}: the prover's, null on the verifier's
     * side). Nothing when no constant is padded; under a key with a padding proof, that proof's claim joins the claims.
     */
    static void perProof(Side s, VerifyingKey vk, long[] constTable) {
        if (vk.constPadding != null) s.claims.add(vk.constPadding);
        else if (vk.zeroKnowledge() && s.circuit.constPaddingBlock >= 0) PaddingCheck.run(s, s.circuit.constPaddingBlock, constTable);
    }

    /** As {@link #prove(Circuit, byte[], long[], boolean)} for a validity key, under a cheating setup's hand (test seam; null: honest). */
    static byte[] prove(Circuit c, byte[] keyStatement, long[] constTable, GraphProtocol.Cheat cheat) {
        if (c.constPaddingBlock < 0) return new byte[0];
        FieldWriter out = new FieldWriter();
        ProverCtx p = new ProverCtx(c, new Witness(c), transcript(keyStatement), out);
        p.cheat = cheat;
        PaddingCheck.run(p, c.constPaddingBlock, constTable);
        return out.toByteArray();
    }

    /** The zero-check's challenge r, as prover and verifier draw it first (test seam). */
    static io.zkml4j.field.GoldilocksExt2[] challenge(Circuit c, byte[] keyStatement) {
        return transcript(keyStatement).challengeExts("padding.r", c.vec(c.constPaddingBlock).vars);
    }

    /**
     * Throws VerificationException (or ProofFormatException) unless the proof holds; returns the claim it ends in (null:
     * nothing padded, or a zero-knowledge key, whose proofs each show the padding zero: {@link #perProof}).
     */
    static Claim verify(Circuit c, byte[] keyStatement, byte[] proof, boolean zeroKnowledge) {
        FieldReader in = new FieldReader(proof);
        if (zeroKnowledge) {
            if (proof.length > 0) throw new ProofFormatException("verifying key: a constants' padding proof in a zero-knowledge key (each of its proofs shows the padding zero)");
            return null;
        }
        if (c.constPaddingBlock < 0) {
            if (proof.length > 0) throw new ProofFormatException("verifying key: a constants' padding proof where no constant has padding");
            return null;
        }
        VerifierCtx v = new VerifierCtx(c, transcript(keyStatement), in, new long[c.vecs.size()][], null); // the key is public: checked concretely
        try {
            PaddingCheck.run(v, c.constPaddingBlock, null);
            in.finish("constants' padding proof");
        } catch (ProofFormatException e) {
            throw new ProofFormatException("verifying key: the constants' padding proof is malformed: " + e.getMessage());
        }
        return v.claims.get(0);
    }
}
