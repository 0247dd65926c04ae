package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.MLP;
import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.zkProve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.HidingLigeroProverData;
import io.zkml4j.pcs.SpentCommitmentException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zero-knowledge key that proves B times (docs/zero-knowledge.md step 4): B proofs verify under one verifying key,
 * proof B + 1 is refused in one line; the prover refuses a mask set used before; a proof naming a set outside 0..B-1,
 * or another set than the one it was made with, is rejected; a key read from a file records each proof there before
 * proving, so sequential and concurrent readers of one file take distinct sets and a key read after the budget is
 * spent refuses; a file replaced under a key is noticed; a copy of the file forks the ledger (the documented limit).
 */
class ZeroKnowledgeBudgetTest {
    @TempDir
    Path dir;

    private static final HidingLigeroPcs PCS = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);

    private static ProvingKey key(int proofs) {
        return ModelSetup.setupZeroKnowledge(MLP, PCS, Visibility.DEFAULT, proofs);
    }

    /** The mask set a zero-knowledge proof opens the constants with (read where the verifier reads it). */
    private static int openingOf(VerifyingKey vk, ModelProver.Result r) {
        int at = GraphProtocol.zkConstantsOpeningOffset(vk, null, r.publicOutput, r.proof);
        return ByteBuffer.wrap(r.proof, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static String oneLine(ModelException e) {
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void bProofsUnderOneKeyVerifyEachWithItsOwnSetAndProofBPlusOneIsRefused() {
        ProvingKey pk = key(3);
        VerifyingKey vk = VerifyingKey.fromBytes(pk.verifyingKey().toBytes());
        assertEquals(3, pk.proofBudget());
        for (int b = 0; b < 3; b++) {
            assertEquals(3 - b, pk.proofsLeft());
            ModelProver.Result r = zkProve(pk, Models.randomInput(20 + b, 12), b);
            ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
            assertEquals(b, openingOf(vk, r));
        }
        assertEquals(0, pk.proofsLeft());
        ModelException e = assertThrows(ModelException.class, () -> zkProve(pk, Models.randomInput(30, 12), 9));
        assertTrue(oneLine(e).contains("budget of 3 proofs is spent"), e.getMessage());
        assertThrows(ModelException.class, () -> ModelSetup.setupZeroKnowledge(MLP, PCS, Visibility.DEFAULT, 0));
        assertThrows(ModelException.class, () -> ModelSetup.setupZeroKnowledge(MLP, PCS, Visibility.DEFAULT, HidingLigeroParams.MAX_OPENINGS + 1));
        assertEquals(-1, ModelSetup.setup(MLP, Visibility.DEFAULT).proofsLeft(), "a binding key has no budget");
    }

    @Test
    void theProverRefusesASetUsedBefore() {
        ProvingKey pk = key(2);
        zkProve(pk, Models.randomInput(21, 12), 1);
        HidingLigeroProverData d = (HidingLigeroProverData) pk.constData;
        assertThrows(SpentCommitmentException.class, () -> d.select(0), "a buggy prover naming the set of the first proof");
        assertEquals(1, pk.proofsLeft());
    }

    @Test
    void aProofNamingAnotherSetOrOneOutsideTheBudgetIsRejected() {
        ProvingKey pk = key(3);
        VerifyingKey vk = pk.verifyingKey();
        ModelProver.Result r = zkProve(pk, Models.randomInput(22, 12), 2);
        ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
        int at = GraphProtocol.zkConstantsOpeningOffset(vk, null, r.publicOutput, r.proof);
        assertEquals(0, r.proof[at]);
        for (int b : new int[] {1, 2, 3, 200}) {
            byte[] changed = r.proof.clone();
            changed[at] = (byte) b;
            String why = ModelProofTest.rejects(vk, null, r.publicOutput, changed);
            assertFalse(why.isEmpty(), "set " + b + " accepted");
            if (b >= 3) assertTrue(why.contains("opening " + b), why);
        }
    }

    @Test
    void aKeyReadFromAFileRecordsEachProofThereBeforeProving() throws Exception {
        Path f = dir.resolve("zk.key");
        ProvingKey made = key(3);
        made.write(f);
        VerifyingKey vk = made.verifyingKey();
        ProvingKey early = ProvingKey.read(f); // read before the others prove: its ledger in memory is stale
        for (int b = 0; b < 2; b++) {
            ProvingKey pk = ProvingKey.read(f); // one process per proof, as the CLI runs
            assertEquals(3 - b, pk.proofsLeft());
            ModelProver.Result r = ModelProver.proveZeroKnowledge(pk, Models.randomInput(23 + b, 12));
            ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
            assertEquals(b, openingOf(vk, r), "proof " + b);
        }
        assertEquals(1, early.proofsLeft(), "the file's count, not the stale reader's");
        assertEquals(2, openingOf(vk, ModelProver.proveZeroKnowledge(early, Models.randomInput(25, 12))));
        ProvingKey spent = ProvingKey.read(f);
        assertEquals(0, spent.proofsLeft());
        assertTrue(oneLine(assertThrows(ModelException.class, () -> ModelProver.proveZeroKnowledge(spent, Models.randomInput(26, 12)))).contains("spent"));
        assertTrue(oneLine(assertThrows(ModelException.class, () -> ModelProver.proveZeroKnowledge(made, Models.randomInput(27, 12)))).contains("spent"),
                "the key that wrote the file keeps its ledger there");
    }

    @Test
    void concurrentReadersOfOneFileTakeDistinctSets() throws Exception {
        Path f = dir.resolve("zk.key");
        key(4).write(f);
        List<ProvingKey> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) keys.add(ProvingKey.read(f));
        VerifyingKey vk = keys.get(0).verifyingKey();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ModelProver.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ProvingKey pk = keys.get(i);
                long[] x = Models.randomInput(40 + i, 12);
                runs.add(pool.submit(() -> ModelProver.proveZeroKnowledge(pk, x)));
            }
            Set<Integer> sets = new HashSet<>();
            for (Future<ModelProver.Result> r : runs) {
                ModelVerifier.verify(vk, null, r.get().publicOutput, r.get().proof);
                sets.add(openingOf(vk, r.get()));
            }
            assertEquals(Set.of(0, 1, 2, 3), sets);
        } finally {
            pool.shutdown();
        }
        assertEquals(0, ProvingKey.read(f).proofsLeft());
    }

    @Test
    void aReplacedFileAndADamagedLedgerAreNamedAndACopyForksTheLedger() throws Exception {
        Path f = dir.resolve("zk.key");
        key(2).write(f);
        ProvingKey pk = ProvingKey.read(f);
        key(2).write(f); // setup again to the same path
        assertTrue(oneLine(assertThrows(ModelException.class, () -> ModelProver.proveZeroKnowledge(pk, Models.randomInput(28, 12)))).contains("replaced"));
        // a ledger counting more than B, or another commitment's
        byte[] bytes = Files.readAllBytes(f);
        byte[] over = bytes.clone();
        over[ProvingKey.LEDGER_OFFSET + 35] = 3;
        assertTrue(oneLine(assertThrows(ModelException.class, () -> ProvingKey.read(Files.write(dir.resolve("over"), over)))).contains("ledger"));
        byte[] root = bytes.clone();
        root[ProvingKey.LEDGER_OFFSET] ^= 1;
        assertTrue(oneLine(assertThrows(ModelException.class, () -> ProvingKey.read(Files.write(dir.resolve("root"), root)))).contains("ledger"));
        // the limit: a copy is another ledger, and hands out the same set again (a user error the tool cannot see)
        Path copy = Files.copy(f, dir.resolve("copy.key"), StandardCopyOption.REPLACE_EXISTING);
        VerifyingKey vk = ProvingKey.read(f).verifyingKey();
        ModelProver.Result a = ModelProver.proveZeroKnowledge(ProvingKey.read(f), Models.randomInput(29, 12));
        ModelProver.Result b = ModelProver.proveZeroKnowledge(ProvingKey.read(copy), Models.randomInput(29, 12));
        assertEquals(openingOf(vk, a), openingOf(vk, b));
    }

    @Test
    void aValidityKeyFileHasAnEmptyLedger() throws Exception {
        Path f = dir.resolve("v.key");
        ModelSetup.setup(MLP, Visibility.DEFAULT).write(f);
        byte[] bytes = Files.readAllBytes(f);
        for (int i = 0; i < ProvingKey.LEDGER_BYTES; i++) assertEquals(0, bytes[ProvingKey.LEDGER_OFFSET + i]);
        ProvingKey pk = ProvingKey.read(f);
        ModelProver.proveQuantized(pk, Models.randomInput(31, 12));
        assertEquals(-1, pk.proofsLeft());
        byte[] counted = bytes.clone();
        counted[ProvingKey.LEDGER_OFFSET + 35] = 1;
        assertTrue(oneLine(assertThrows(ModelException.class, () -> ProvingKey.read(Files.write(dir.resolve("counted"), counted)))).contains("ledger"));
    }
}
