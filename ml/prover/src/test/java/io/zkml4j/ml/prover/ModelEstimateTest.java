package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

/** The estimate reads the circuit's tables; its time figures are checked against runs by bench/estimate-check.sh. */
class ModelEstimateTest {
    @Test
    void theTablesAreTheCircuitsAndLargerModelsCostMore() {
        ModelEstimate small = ModelEstimate.of(Models.mlp(1, 16, "Gemm16", "Relu", "Gemm4"), Visibility.DEFAULT, 4);
        ModelEstimate big = ModelEstimate.of(Models.mlp(1, 256, "Gemm512", "Relu", "Gemm64"), Visibility.DEFAULT, 4);
        ProvingKey pk = ModelSetup.setupAsDeclared(Models.mlp(1, 256, "Gemm512", "Relu", "Gemm64"), Visibility.DEFAULT, 4, ProveProgress.NONE);
        ModelEstimate fromKey = ModelEstimate.of(pk);
        assertEquals(1L << pk.vk.circuit.constVars, fromKey.constEntries());
        assertEquals(1L << pk.vk.circuit.adviceVars, fromKey.adviceEntries());
        assertEquals(big, fromKey, "before setup and from the key: the same figures");
        assertEquals(256 * 512 + 512 + 512 * 64 + 64, big.parameters());
        assertTrue(big.proveSeconds() > small.proveSeconds() && big.proofBytes() > small.proofBytes() && big.setupHeapBytes() > small.setupHeapBytes());
        // a private input is committed: more advice than a public one
        ModelEstimate validity = ModelEstimate.of(Models.mlp(1, 256, "Gemm512", "Relu", "Gemm64"), Visibility.ALL_PUBLIC, 4);
        assertTrue(validity.adviceEntries() <= big.adviceEntries());
        // the key setup makes: zero knowledge when anything is private, its hiding encoding and per-proof padding check cost more
        assertTrue(big.zeroKnowledge() && !validity.zeroKnowledge());
        assertTrue(big.setupHeapBytes() > validity.setupHeapBytes() && big.proveHeapBytes() > validity.proveHeapBytes());
        assertEquals(validity, ModelEstimate.of(ModelSetup.setupAsDeclared(Models.mlp(1, 256, "Gemm512", "Relu", "Gemm64"), Visibility.ALL_PUBLIC, 4, ProveProgress.NONE)));
    }

    @Test
    void publicParametersArePredictedAsTheKeySetupMakes() {
        QuantizedModel m = Models.mlp(1, 256, "Gemm512", "Relu", "Gemm64");
        Visibility pub = new Visibility(false, true, true);
        ModelEstimate e = ModelEstimate.of(m, pub, ModelSetup.DEFAULT_ZK_PROOFS);
        assertTrue(e.zeroKnowledge() && e.publicConstants());
        assertEquals(e, ModelEstimate.of(ModelSetup.setupAsDeclared(m, pub, ModelSetup.DEFAULT_ZK_PROOFS, ProveProgress.NONE)), "before setup and from the key");
        // the binding constants: no mask sets to encode at setup, a binding opening in the proof
        ModelEstimate budgeted = ModelEstimate.of(m, Visibility.DEFAULT, ModelSetup.DEFAULT_ZK_PROOFS);
        assertTrue(e.setupSeconds() < budgeted.setupSeconds() && e.setupHeapBytes() < budgeted.setupHeapBytes(), e + " vs " + budgeted);
        assertTrue(e.proofBytes() < budgeted.proofBytes(), e + " vs " + budgeted);
        assertEquals(e.proofBytes(), ModelEstimate.of(m, pub, 1).proofBytes(), "no budget: --proofs does not change it");
    }

    @Test
    void aHeapTooSmallIsRefusedNamingTheSetting() {
        ModelEstimate e = ModelEstimate.of(Models.mlp(2, 64, "Gemm64", "Relu", "Gemm8"), Visibility.DEFAULT, ModelSetup.DEFAULT_ZK_PROOFS);
        assertNull(e.refusal(e.setupHeapBytes(), true));
        assertNull(e.refusal(e.proveHeapBytes(), false));
        String r = e.refusal(e.proveHeapBytes() - 1, false);
        assertTrue(r.startsWith("proving needs about") && r.contains("ZKML4J_JAVA_OPTS=\"-Xmx"), r);
        assertTrue(e.refusal(1 << 20, true).startsWith("setup needs about"));
    }
}
