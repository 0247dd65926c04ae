package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.Blinding;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.sumcheck.Sym;
import io.zkml4j.sumcheck.SymSink;
import io.zkml4j.sumcheck.SumcheckAdversary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Zero-knowledge model proofs (docs/zero-knowledge.md): every prover message masked by a one-time extension pad, the
 * checks deferred to one constraint proof over the hiding tableaux (advice, pads, product variables, constants).
 */
class ZeroKnowledgeProofTest {
    static final QuantizedModel MLP = HidingCommitmentProofTest.MLP;

    static ProvingKey zkKey(QuantizedModel m, Visibility v) {
        return ModelSetup.setupZeroKnowledge(m, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), v);
    }

    static ModelProver.Result zkProve(ProvingKey pk, long[] x, long seed) {
        return zkProve(pk, x, seed, null);
    }

    static ModelProver.Result zkProve(ProvingKey pk, long[] x, long seed, GraphProtocol.Cheat cheat) {
        return ModelProver.prove(pk, x, cheat, ProveProgress.NONE, Blinding.from(new SplittableRandom(seed)));
    }

    @Test
    void anMlpProvesAndVerifiesInZeroKnowledgeAndChangesAreRejected() {
        ProvingKey pk = zkKey(MLP, Visibility.DEFAULT);
        VerifyingKey vk = VerifyingKey.fromBytes(pk.verifyingKey().toBytes());
        long[] x = Models.randomInput(7, 12);
        ModelProver.Result r = zkProve(pk, x, 1);
        assertEquals(GraphProtocol.FORMAT_ZK, r.proof[0]);
        ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
        // the output it was made for: the validity proof's
        assertEquals(java.util.Arrays.toString(ModelProver.proveQuantized(ModelSetup.setup(MLP, Visibility.DEFAULT), x).publicOutput), java.util.Arrays.toString(r.publicOutput));
        long[] y = r.publicOutput.clone();
        y[0] += 1;
        assertFalse(rejects(vk, null, y, r.proof).isEmpty());
        // a byte changed anywhere: early (a commitment), in the messages, in the constraint proof
        for (int at : new int[] {9, r.proof.length / 3, r.proof.length / 2, r.proof.length - 40}) {
            byte[] b = r.proof.clone();
            b[at] ^= 1;
            assertThrows(RuntimeException.class, () -> ModelVerifier.verify(vk, null, r.publicOutput, b), "byte " + at);
        }
        byte[] longer = java.util.Arrays.copyOf(r.proof, r.proof.length + 1);
        assertThrows(RuntimeException.class, () -> ModelVerifier.verify(vk, null, r.publicOutput, longer));
        // another key of the same model (other commitments to the constants)
        VerifyingKey other = zkKey(MLP, Visibility.DEFAULT).verifyingKey();
        assertFalse(rejects(other, null, r.publicOutput, r.proof).isEmpty());
        // the key's constants were opened: it refuses a second proof
        ModelException e = assertThrows(ModelException.class, () -> zkProve(pk, x, 2));
        assertTrue(e.getMessage().contains("budget of 1 proof is spent"), e.getMessage());
    }

    @Test
    void aKeyFromThePlainHidingSetupAlsoProvesAndItsConstantsShareIsUniformUnderTheZeroKnowledgeSetup() {
        ProvingKey plain = ModelSetup.setup(MLP, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), Visibility.DEFAULT);
        long[] x = Models.randomInput(7, 12);
        ModelProver.Result r = zkProve(plain, x, 6);
        ModelVerifier.verify(plain.verifyingKey(), null, r.publicOutput, r.proof);
        assertEquals(GoldilocksExt2.ZERO, io.zkml4j.pcs.LigeroConstraints.share(ModelSetup.setup(MLP, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), Visibility.DEFAULT).constData));
        assertNotEquals(GoldilocksExt2.ZERO, io.zkml4j.pcs.LigeroConstraints.share(zkKey(MLP, Visibility.DEFAULT).constData));
        // a zero-knowledge key makes no validity proof (its opening would not verify): the public API proves it in zero knowledge
        ModelException e = assertThrows(ModelException.class, () -> GraphProtocol.prove(zkKey(MLP, Visibility.DEFAULT), x, null, ProveProgress.NONE));
        assertTrue(e.getMessage().contains("no validity proof"), e.getMessage());
        // so does the plain hiding setup's (the key's record decides, VerifyingKey.zeroKnowledge, not its mask share)
        e = assertThrows(ModelException.class, () -> GraphProtocol.prove(ModelSetup.setup(MLP, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), Visibility.DEFAULT), x, null, ProveProgress.NONE));
        assertTrue(e.getMessage().contains("no validity proof"), e.getMessage());
        ProvingKey zk = zkKey(MLP, Visibility.DEFAULT);
        ModelProver.Result z = ModelProver.proveQuantized(zk, x);
        assertEquals(GraphProtocol.FORMAT_ZK, z.proof[0]);
        ModelVerifier.verify(zk.verifyingKey(), null, z.publicOutput, z.proof);
    }

    @Test
    void aConsistentSumcheckLiarAndALyingMessageAreRejected() {
        long[] x = Models.randomInput(7, 12);
        // every round consistent with a false claim: passes each round check, caught by the node's final check (a constraint)
        ProvingKey pk = zkKey(MLP, Visibility.DEFAULT);
        ModelProver.Result liar = zkProve(pk, x, 3, new GraphProtocol.Cheat() {
            @Override
            public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                return node != null && index == 0 ? SumcheckAdversary.consistent(claimed.add(GoldilocksExt2.ONE), -1, null) : null;
            }
        });
        assertFalse(rejects(pk.verifyingKey(), null, liar.publicOutput, liar.proof).isEmpty());
        ProvingKey pk2 = zkKey(MLP, Visibility.DEFAULT);
        ModelProver.Result lie = zkProve(pk2, x, 4, new GraphProtocol.Cheat() {
            @Override
            public GoldilocksExt2 evaluation(NodeSpec node, Vec vec, GoldilocksExt2[] point, GoldilocksExt2 value) {
                return value.add(GoldilocksExt2.ONE);
            }
        });
        assertFalse(rejects(pk2.verifyingKey(), null, lie.publicOutput, lie.proof).isEmpty());
        ProvingKey pk3 = zkKey(MLP, Visibility.DEFAULT);
        ModelProver.Result wrongOut = zkProve(pk3, x, 5, new GraphProtocol.Cheat() {
            @Override
            public long[] claimedOutput(long[] y) {
                long[] z = y.clone();
                z[1] += 1;
                return z;
            }
        });
        assertFalse(rejects(pk3.verifyingKey(), null, wrongOut.publicOutput, wrongOut.proof).isEmpty());
    }

    @Test
    void twoProofsOfOneInputShareNoSentValue() {
        long[] x = Models.randomInput(9, 12);
        ProvingKey a = zkKey(MLP, Visibility.DEFAULT), b = zkKey(MLP, Visibility.DEFAULT);
        ModelProver.Result ra = zkProve(a, x, 11), rb = zkProve(b, x, 12);
        List<GoldilocksExt2> ma = GraphProtocol.zkMessages(a.verifyingKey(), null, ra.publicOutput, ra.proof);
        List<GoldilocksExt2> mb = GraphProtocol.zkMessages(b.verifyingKey(), null, rb.publicOutput, rb.proof);
        assertFresh(ma, mb);
    }

    /** Two proofs' masked messages: as many, over 100, none shared, none sent twice, each with a nonzero extension coordinate. */
    static void assertFresh(List<GoldilocksExt2> ma, List<GoldilocksExt2> mb) {
        assertEquals(ma.size(), mb.size());
        assertTrue(ma.size() > 100, "masked messages: " + ma.size());
        Set<GoldilocksExt2> sa = new HashSet<>(ma);
        for (GoldilocksExt2 v : mb) assertFalse(sa.contains(v), "shared " + v);
        assertEquals(ma.size(), sa.size(), "a value sent twice in one proof");
        // every sent value is an extension element with a nonzero second coordinate (the pad is in the extension)
        for (GoldilocksExt2 v : ma) assertNotEquals(0L, v.c1);
    }

    @Test
    void twoWitnessesWithOnePublicStatementBothVerifyAndSendNoneOfTheValidityMessages() {
        // output private: two different inputs give the same public statement (none)
        Visibility hidden = new Visibility(false, false, false);
        long[] x1 = Models.randomInput(21, 12), x2 = Models.randomInput(22, 12);
        List<Set<GoldilocksExt2>> clear = new ArrayList<>();
        for (long[] x : new long[][] {x1, x2}) {
            ProvingKey vpk = ModelSetup.setup(MLP, hidden);
            ModelProver.Result v = ModelProver.proveQuantized(vpk, x);
            clear.add(new HashSet<>(validityMessages(vpk.verifyingKey(), v.proof)));
        }
        for (int i = 0; i < 2; i++) {
            long[] x = i == 0 ? x1 : x2;
            ProvingKey pk = zkKey(MLP, hidden);
            ModelProver.Result r = zkProve(pk, x, 30 + i);
            ModelVerifier.verify(pk.verifyingKey(), null, null, r.proof);
            for (GoldilocksExt2 e : GraphProtocol.zkMessages(pk.verifyingKey(), null, null, r.proof)) {
                for (Set<GoldilocksExt2> c : clear) assertFalse(c.contains(e), "a zero-knowledge proof sent a validity proof's message " + e);
            }
        }
    }

    /**
     * The masking is load-bearing: a distinguisher that asks whether the sent values alone pass the verifier's
     * deferred checks (every pad and product variable taken as zero: the constraint's right-hand side is zero) wins
     * against a proof whose pads were left out (every pad zero: the proof still verifies, the pads are committed
     * values like any other) and loses against a masked one, where only the constraints binding a product's factors
     * to their forms have a zero right-hand side by construction.
     */
    @Test
    void aProofWithItsMasksLeftOutIsRecognisedByItsChecksHoldingInTheClear() {
        long[] x = Models.randomInput(7, 12);
        ProvingKey masked = zkKey(MLP, Visibility.DEFAULT), clear = zkKey(MLP, Visibility.DEFAULT);
        ModelProver.Result m = zkProve(masked, x, 50);
        ModelProver.Result c = zkProve(clear, x, 51, new GraphProtocol.Cheat() {
            @Override
            public void pads(GoldilocksExt2[] pads) {
                java.util.Arrays.fill(pads, GoldilocksExt2.ZERO);
            }
        });
        ModelVerifier.verify(clear.verifyingKey(), null, c.publicOutput, c.proof);
        ZkSink sm = GraphProtocol.zkSink(masked.verifyingKey(), null, m.publicOutput, m.proof);
        ZkSink sc = GraphProtocol.zkSink(clear.verifyingKey(), null, c.publicOutput, c.proof);
        assertEquals(sm.constraints.size(), sc.constraints.size());
        long zeroMasked = sm.constraints.stream().filter(k -> k.rhs.isZero()).count();
        long zeroClear = sc.constraints.stream().filter(k -> k.rhs.isZero()).count();
        assertTrue(zeroMasked <= 2L * sm.products.size(), zeroMasked + " zero right-hand sides in the masked proof, " + sm.products.size() + " products");
        assertTrue(zeroClear >= sc.constraints.size() - sc.products.size(), zeroClear + " of " + sc.constraints.size() + " in the clear");
        assertTrue(zeroClear > zeroMasked + 50, zeroClear + " vs " + zeroMasked);
    }

    /** The first test input of a shared-corpus model (one input), quantized. */
    static long[] sharedInput(ProvingKey pk, String model) {
        return pk.model.quantizeInputs(List.of(Models.inputs(model).get(0))).get(0);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"digits_mlp", "iris_mlp_sigmoid", "digits_lenet", "digits_transformer"})
    void sharedModelsProveAndVerifyInZeroKnowledge(String model) {
        ProvingKey pk = zkKey(Models.shared(model), Visibility.DEFAULT);
        VerifyingKey vk = pk.verifyingKey();
        long[] x = sharedInput(pk, model);
        ModelProver.Result r = zkProve(pk, x, 40);
        ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
        long[] y = r.publicOutput.clone();
        y[y.length - 1] += 1;
        assertFalse(rejects(vk, null, y, r.proof).isEmpty());
        byte[] b = r.proof.clone();
        b[b.length / 2] ^= 1;
        assertThrows(RuntimeException.class, () -> ModelVerifier.verify(vk, null, r.publicOutput, b));
    }

    /** The messages of a validity proof, as its symbolic verifier receives them (every pad zero). */
    static List<GoldilocksExt2> validityMessages(VerifyingKey vk, byte[] proof) {
        List<GoldilocksExt2> out = new ArrayList<>();
        SymSink recording = new SymbolicTwin.OverZeroPads() {
            @Override
            public Sym receive(GoldilocksExt2 e) {
                out.add(e);
                return super.receive(e);
            }
        };
        GraphProtocol.verify(vk, null, null, proof, recording);
        assertTrue(out.size() > 100);
        return out;
    }
}
