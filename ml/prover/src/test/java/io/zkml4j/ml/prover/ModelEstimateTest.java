package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The estimate reads the circuit's tables; its time figures are checked against runs by bench/estimate-check.sh. */
class ModelEstimateTest {
    @Test
    void theTablesAreTheCircuitsAndLargerModelsCostMore() {
        ModelEstimate small = ModelEstimate.of(Models.mlp(1, 16, "Gemm16", "Relu", "Gemm4"), Visibility.DEFAULT);
        ModelEstimate big = ModelEstimate.of(Models.mlp(1, 256, "Gemm512", "Relu", "Gemm64"), Visibility.DEFAULT);
        ProvingKey pk = ModelSetup.setup(Models.mlp(1, 256, "Gemm512", "Relu", "Gemm64"), Visibility.DEFAULT);
        ModelEstimate fromKey = ModelEstimate.of(pk);
        assertEquals(1L << pk.vk.circuit.constVars, fromKey.constEntries());
        assertEquals(1L << pk.vk.circuit.adviceVars, fromKey.adviceEntries());
        assertEquals(big, fromKey, "before setup and from the key: the same figures");
        assertEquals(256 * 512 + 512 + 512 * 64 + 64, big.parameters());
        assertTrue(big.proveSeconds() > small.proveSeconds() && big.proofBytes() > small.proofBytes() && big.setupHeapBytes() > small.setupHeapBytes());
        // a private input is committed: more advice than a public one
        assertTrue(ModelEstimate.of(Models.mlp(1, 256, "Gemm512", "Relu", "Gemm64"), Visibility.ALL_PUBLIC).adviceEntries() <= big.adviceEntries());
    }

    @Test
    void aHeapTooSmallIsRefusedNamingTheSetting() {
        ModelEstimate e = ModelEstimate.of(Models.mlp(2, 64, "Gemm64", "Relu", "Gemm8"), Visibility.DEFAULT);
        assertNull(e.refusal(e.setupHeapBytes(), true));
        assertNull(e.refusal(e.proveHeapBytes(), false));
        String r = e.refusal(e.proveHeapBytes() - 1, false);
        assertTrue(r.startsWith("proving needs about") && r.contains("ZKML4J_JAVA_OPTS=\"-Xmx"), r);
        assertTrue(e.refusal(1 << 20, true).startsWith("setup needs about"));
    }
}
