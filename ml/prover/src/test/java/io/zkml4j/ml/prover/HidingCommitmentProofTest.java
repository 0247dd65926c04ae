package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The opt-in: a key set up with {@link HidingLigeroPcs} commits the constants and every proof's advice (private
 * input, intermediate values) with fresh randomness; the model proves and verifies through the unchanged
 * {@code MultilinearPcs} seam. Not zero knowledge yet (the sumcheck messages and claimed values are sent in the clear:
 * docs/zero-knowledge.md steps 2-3); a key of the plain hiding setup proves once (its constants' commitment holds one mask set; ZeroKnowledgeBudgetTest for B).
 */
class HidingCommitmentProofTest {
    static final QuantizedModel MLP = Models.mlp(31, 12, "Gemm8", "Relu", "Gemm4");

    @Test
    void aModelProvesAndVerifiesUnderTheHidingCommitment() {
        ProvingKey pk = ModelSetup.setup(MLP, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), Visibility.DEFAULT);
        VerifyingKey vk = VerifyingKey.fromBytes(pk.verifyingKey().toBytes()); // the scheme is read back from the key
        ModelProver.Result r = ModelProver.proveQuantized(pk, Models.randomInput(7, 12));
        ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
        long[] y = r.publicOutput.clone();
        y[0] += 1;
        assertFalse(rejects(vk, null, y, r.proof).isEmpty());
        byte[] b = r.proof.clone();
        b[b.length - 40] ^= 1;
        assertThrows(RuntimeException.class, () -> ModelVerifier.verify(vk, null, r.publicOutput, b));
        // the same key again: its constants' commitment was opened, so it refuses rather than spend the hiding twice
        ModelException e = assertThrows(ModelException.class, () -> ModelProver.proveQuantized(pk, Models.randomInput(8, 12)));
        assertTrue(e.getMessage().contains("budget of 1 proof is spent"), e.getMessage());
    }

    @Test
    void twoSetupsOfOneModelGiveUnlinkableCommitments() {
        ProvingKey a = ModelSetup.setup(MLP, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), Visibility.DEFAULT);
        ProvingKey b = ModelSetup.setup(MLP, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), Visibility.DEFAULT);
        assertNotEquals(Arrays.toString(a.verifyingKey().digest()), Arrays.toString(b.verifyingKey().digest()));
    }
}
