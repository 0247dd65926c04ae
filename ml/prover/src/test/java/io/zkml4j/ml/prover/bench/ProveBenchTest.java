package io.zkml4j.ml.prover.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the bench on its smallest models once: every figure is filled and the proof verified (no timing checks). */
class ProveBenchTest {
    @Test
    void aModelFolderIsABenchModel() {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("zkml4j.shared", "../../../shared"), "ezkl-examples/1l_relu");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(dir), "shared corpus not present");
        List<ProveBench.Row> rows = new ProveBench(1, s -> {}).run(BenchModels.select(List.of(dir.toString())), r -> {});
        assertEquals("ok", rows.get(0).status(), rows.get(0).status());
        assertEquals("1l_relu", rows.get(0).model());
        assertEquals(Boolean.TRUE, rows.get(0).verified());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchModels.select(List.of("/no/such/model")));
        assertTrue(e.getMessage().contains("or a folder holding network.onnx"), e.getMessage());
    }

    @Test
    void withZkEachModelHasZeroKnowledgeRowsBesideItsValidityRow() {
        List<ProveBench.Row> rows = new ProveBench(1, true, s -> {}).run(BenchModels.select(List.of("dense_10k")), r -> {});
        assertEquals(4, rows.size());
        ProveBench.Row v = rows.get(0), z = rows.get(1), zb = rows.get(2), zp = rows.get(3);
        assertEquals("dense_10k", v.model());
        assertEquals("dense_10k+zk", z.model());
        assertEquals("dense_10k+zk" + io.zkml4j.ml.prover.ModelSetup.DEFAULT_ZK_PROOFS, zb.model());
        assertEquals("dense_10k+zkpub", zp.model());
        for (ProveBench.Row r : List.of(z, zb, zp)) {
            assertEquals("ok", r.status(), r.status());
            assertEquals(Boolean.TRUE, r.verified());
            assertEquals(v.parameters(), r.parameters());
            // a zero-knowledge proof is another proof of the same statement: not the validity proof's bytes
            assertTrue(r.proofBytes() > 0 && !r.proofBytes().equals(v.proofBytes()), r.proofBytes() + " vs " + v.proofBytes());
            assertTrue(ProveBench.format(r).trim().endsWith(String.format("%,d", r.provingKeyBytes())), ProveBench.format(r));
        }
        assertNull(v.provingKeyBytes());
        // B mask sets and B t hiding coefficients per row: a larger key and larger openings
        assertTrue(zb.provingKeyBytes() > z.provingKeyBytes(), zb.provingKeyBytes() + " vs " + z.provingKeyBytes());
        assertTrue(zb.proofBytes() > z.proofBytes(), zb.proofBytes() + " vs " + z.proofBytes());
        // public parameters: the validity key's binding constants, no mask sets in the key
        assertTrue(zp.provingKeyBytes() < z.provingKeyBytes(), zp.provingKeyBytes() + " vs " + z.provingKeyBytes());
    }

    @Test
    void dense10kRowIsComplete() {
        List<String> log = new ArrayList<>();
        List<ProveBench.Row> seen = new ArrayList<>();
        List<ProveBench.Row> rows = new ProveBench(1, log::add).run(BenchModels.select(List.of("dense_10k")), seen::add);
        assertEquals(rows, seen);
        ProveBench.Row r = rows.get(0);
        assertEquals("ok", r.status(), r.status());
        assertEquals("dense_10k", r.model());
        assertEquals(64 * 128 + 128 + 128 * 16 + 16, r.parameters());
        assertTrue(r.architecture().contains("64->128->16"), r.architecture());
        assertEquals(Boolean.TRUE, r.verified());
        assertEquals(1, r.runs());
        // process CPU time ticks coarsely (10 ms on some kernels): a fast proof may read 0
        assertTrue(r.proveCpuMs() >= 0 && Double.isFinite(r.proveCpuMs()), "cpu " + r.proveCpuMs());
        for (Double d : new Double[] {r.compileMs(), r.setupMs(), r.inferenceMs(), r.proveMs(), r.verifyMs(), r.proverOverhead()}) {
            assertNotNull(d);
            assertTrue(d > 0 && Double.isFinite(d), "figure " + d);
        }
        assertTrue(r.proofBytes() > 0);
        assertTrue(r.verifyingKeyBytes() > 0);
        assertTrue(r.peakHeapMb() > 0);
        assertNotNull(r.peakLiveHeapMb());
        assertFalse(r.stagesMs().isEmpty());
        assertFalse(log.isEmpty());
        assertTrue(ProveBench.format(r).startsWith("dense_10k"));
    }

    @Test
    void unprovableModelBecomesAStatusRow() {
        // digits_lenet has Conv/MaxPool; whether or not the prover takes them yet, the row is never silently empty
        ProveBench.Row r = new ProveBench(1, s -> {}).run(BenchModels.select(List.of("digits_lenet")).get(0));
        if (r.ok()) {
            assertEquals(Boolean.TRUE, r.verified());
            assertNotNull(r.proveMs());
        } else {
            assertTrue(r.status().startsWith("not provable yet: "), r.status());
            assertTrue(ProveBench.format(r).contains("not provable yet"));
        }
    }

    @Test
    void unknownModelIsOneClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchModels.select(List.of("dense_7m")));
        assertTrue(e.getMessage().contains("dense_7m") && e.getMessage().contains("dense_4m"), e.getMessage());
    }
}
