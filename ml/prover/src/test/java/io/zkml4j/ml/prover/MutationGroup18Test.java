package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

/**
 * Group 18 (docs/mutation.md): the zero-knowledge verifier after the public-parameters key and the whole-proof
 * simulator's seam; what PIT left in a check.
 */
class MutationGroup18Test {

    /** verifyZk's first check: a key whose constants' scheme does not hide (a validity key) takes no zero-knowledge proof. */
    @Test
    void aZeroKnowledgeProofUnderAValidityKeyIsRefusedByName() {
        ProvingKey zk = ZeroKnowledgeProofTest.zkKey(ZeroKnowledgeProofTest.MLP, Visibility.DEFAULT);
        ModelProver.Result r = ZeroKnowledgeProofTest.zkProve(zk, Models.randomInput(7, 12), 18);
        VerifyingKey validity = ModelSetup.setup(ZeroKnowledgeProofTest.MLP, Visibility.DEFAULT).verifyingKey();
        VerificationException e = assertThrows(VerificationException.class, () -> GraphProtocol.verifyZk(validity, null, r.publicOutput, r.proof));
        assertTrue(e.getMessage().contains("without a hiding commitment scheme"), e.getMessage());
    }
}
