package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.LigeroParams;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.poly.Mle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-knowledge proofs under a key with public parameters (docs/zero-knowledge.md, "Public parameters"): the constants
 * committed binding-only as in a validity key, the input, activations and advice hidden; each proof reveals its
 * reduced claims on the constants, opens them by the binding scheme, and ties each to its masked value by one
 * constraint on the pads.
 */
class PublicParamsProofTest {
    static final QuantizedModel MLP = ZeroKnowledgeProofTest.MLP;
    /** Input private, output public, parameters public. */
    static final Visibility PUBLIC_PARAMS = new Visibility(false, true, true);

    static ProvingKey key(QuantizedModel m, Visibility v) {
        return ModelSetup.setupAsDeclared(m, v, ModelSetup.DEFAULT_ZK_PROOFS, ProveProgress.NONE);
    }

    @Test
    void theKeyIsZeroKnowledgeWithBindingConstantsAndProvesBeyondAnyBudget(@TempDir Path dir) {
        ProvingKey pk = key(MLP, PUBLIC_PARAMS);
        VerifyingKey vk = VerifyingKey.fromBytes(pk.verifyingKey().toBytes());
        assertTrue(vk.zeroKnowledge());
        assertTrue(vk.publicConstants());
        assertFalse(vk.pcs.hiding(), "the constants' commitment is the validity key's");
        assertEquals(-1, pk.proofBudget());
        assertEquals(-1, pk.proofsLeft());
        // the constants' commitment is a validity key's for the same model, and the padding proof is in the key (public)
        VerifyingKey validity = ModelSetup.setup(MLP, Visibility.ALL_PUBLIC).verifyingKey();
        assertEquals(java.util.Arrays.toString(validity.constants.toBytes()), java.util.Arrays.toString(vk.constants.toBytes()));
        assertEquals(validity.constPaddingProof.length, vk.constPaddingProof.length);
        assertTrue(vk.constPaddingProof.length > 0 && vk.constPadding != null);
        long[] x = Models.randomInput(7, 12);
        long[] expected = ModelProver.proveQuantized(ModelSetup.setup(MLP, Visibility.ALL_PUBLIC), x).output;
        // more proofs than the default budget of a key with private parameters
        for (int i = 0; i < ModelSetup.DEFAULT_ZK_PROOFS + 2; i++) {
            ModelProver.Result r = ModelProver.proveQuantized(pk, x);
            assertEquals(GraphProtocol.FORMAT_ZK, r.proof[0]);
            assertEquals(null, r.publicInput);
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(r.publicOutput));
            ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
        }
        // a key file: no ledger, proves on after being read back
        Path f = dir.resolve("proving.key");
        pk.write(f);
        ProvingKey read = ProvingKey.read(f);
        assertEquals(vk, read.verifyingKey());
        assertEquals(-1, read.proofsLeft());
        for (int i = 0; i < 2; i++) {
            ModelProver.Result r = ModelProver.proveQuantized(read, x);
            ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
        }
        assertEquals(-1, ProvingKey.read(f).proofsLeft());
    }

    @Test
    void setupAsDeclaredChoosesByVisibility() {
        assertFalse(key(MLP, Visibility.ALL_PUBLIC).verifyingKey().zeroKnowledge());
        assertFalse(key(MLP, Visibility.DEFAULT).verifyingKey().publicConstants());
        assertEquals(ModelSetup.DEFAULT_ZK_PROOFS, key(MLP, Visibility.DEFAULT).proofBudget());
        assertTrue(key(MLP, new Visibility(true, false, true)).verifyingKey().publicConstants());
        assertTrue(ModelSetup.budgeted(Visibility.DEFAULT));
        assertFalse(ModelSetup.budgeted(PUBLIC_PARAMS));
        assertFalse(ModelSetup.budgeted(Visibility.ALL_PUBLIC));
        // the soundness bound of the mixed key: the binding opening of the constants beside three hiding tableaux
        double bits = ModelVerifier.soundnessBits(key(MLP, PUBLIC_PARAMS).verifyingKey());
        assertTrue(bits >= ModelVerifier.MIN_SOUNDNESS_BITS && bits < 100.0, "bits " + bits);
        assertThrows(io.zkml4j.ml.ir.ModelException.class, () -> ModelSetup.setupPublicParams(MLP, Visibility.DEFAULT));
        assertThrows(io.zkml4j.ml.ir.ModelException.class, () -> ModelSetup.setupPublicParams(MLP, Visibility.ALL_PUBLIC));
    }

    @Test
    void changesAnotherKeyAndALyingRevealedClaimAreRejected() {
        ProvingKey pk = key(MLP, PUBLIC_PARAMS);
        VerifyingKey vk = pk.verifyingKey();
        long[] x = Models.randomInput(8, 12);
        ModelProver.Result r = ZeroKnowledgeProofTest.zkProve(pk, x, 1);
        ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
        long[] y = r.publicOutput.clone();
        y[0] += 1;
        assertFalse(rejects(vk, null, y, r.proof).isEmpty());
        // a byte changed anywhere: a commitment, the messages, the revealed claims, the constraint proof, the binding opening
        int revealed = revealedClaimsOffset(vk, r);
        for (int at : new int[] {9, r.proof.length / 3, revealed, revealed + 17, r.proof.length / 2, r.proof.length - 40, r.proof.length - 1}) {
            byte[] b = r.proof.clone();
            b[at] ^= 1;
            assertThrows(RuntimeException.class, () -> ModelVerifier.verify(vk, null, r.publicOutput, b), "byte " + at);
        }
        byte[] longer = java.util.Arrays.copyOf(r.proof, r.proof.length + 1);
        assertThrows(RuntimeException.class, () -> ModelVerifier.verify(vk, null, r.publicOutput, longer));
        // another model's key, the all-private key of this model, a validity key of this model
        assertFalse(rejects(key(Models.mlp(32, 12, "Gemm8", "Relu", "Gemm4"), PUBLIC_PARAMS).verifyingKey(), null, r.publicOutput, r.proof).isEmpty());
        assertFalse(rejects(key(MLP, Visibility.DEFAULT).verifyingKey(), null, r.publicOutput, r.proof).isEmpty());
        assertFalse(rejects(ModelSetup.setup(MLP, PUBLIC_PARAMS).verifyingKey(), null, r.publicOutput, r.proof).isEmpty());
        // the revealed value changed (the prover otherwise faithful): the binding opening and the tie both refuse it
        ModelProver.Result lie = ZeroKnowledgeProofTest.zkProve(pk, x, 2, new GraphProtocol.Cheat() {
            @Override
            public GoldilocksExt2 revealedConstant(GoldilocksExt2[] point, GoldilocksExt2 claimed) {
                return claimed.add(GoldilocksExt2.ONE);
            }
        });
        assertFalse(rejects(vk, null, lie.publicOutput, lie.proof).isEmpty());
        // a lying claimed evaluation of a weight inside the masked transcript
        ModelProver.Result lyingEval = ZeroKnowledgeProofTest.zkProve(pk, x, 3, new GraphProtocol.Cheat() {
            @Override
            public GoldilocksExt2 evaluation(NodeSpec node, Vec vec, GoldilocksExt2[] point, GoldilocksExt2 value) {
                return vec.kind == Vec.Kind.CONST ? value.add(GoldilocksExt2.ONE) : value;
            }
        });
        assertFalse(rejects(vk, null, lyingEval.publicOutput, lyingEval.proof).isEmpty());
    }

    /**
     * The constraint tying each masked claim on the constants to its revealed value is load-bearing: a prover whose
     * masked transcript is about other weights than the committed ones (every message honest for those weights) and
     * who reveals the committed constants' true values (so the binding opening holds) is refused only by it. With the
     * tie deleted from {@code GraphProtocol.zkRun}, this proof of another model's output verifies (tried by hand).
     */
    @Test
    void aTranscriptAboutOtherWeightsWithTheCommittedValuesRevealedIsRefusedByTheTie() {
        ProvingKey pk = key(MLP, PUBLIC_PARAMS);
        // MLP's weights with one of the second Gemm's (4 x 8, outside the constants' padding block, whose claim the key
        // fixes) changed
        QuantizedModel other = Models.mlp(31, 12, "Gemm8", "Relu", "Gemm4");
        int changed = 0;
        for (io.zkml4j.ml.quant.QConst k : other.constants.values()) {
            if (k.values.length == 32) {
                k.values[0] += 3;
                changed++;
            }
        }
        assertEquals(1, changed);
        ModelSetup.Layout l = ModelSetup.layout(other);
        ProvingKey forged = new ProvingKey(other, pk.vk, l.cc().constValues, l.table(), pk.constData, pk.pcs);
        long[] committed = pk.constTable;
        long[] x = Models.randomInput(9, 12);
        ModelProver.Result r = ZeroKnowledgeProofTest.zkProve(forged, x, 4, new GraphProtocol.Cheat() {
            @Override
            public GoldilocksExt2 revealedConstant(GoldilocksExt2[] point, GoldilocksExt2 claimed) {
                return Mle.evaluate(committed, point);
            }
        });
        long[] honest = ModelProver.proveQuantized(pk, x).publicOutput;
        assertFalse(java.util.Arrays.equals(honest, r.publicOutput), "the changed weight changes the output");
        String why = rejects(pk.verifyingKey(), null, r.publicOutput, r.proof);
        assertFalse(why.isEmpty(), "a proof about other weights than the committed ones was accepted");
        // the same forgery revealing its own weights' values is refused by the binding opening
        ModelProver.Result own = ZeroKnowledgeProofTest.zkProve(forged, x, 5);
        assertFalse(rejects(pk.verifyingKey(), null, own.publicOutput, own.proof).isEmpty());
    }

    @Test
    void whatIsRevealedOfTheConstantsIsTheirTableAtPublicPoints() {
        ProvingKey pk = key(MLP, PUBLIC_PARAMS);
        VerifyingKey vk = pk.verifyingKey();
        ModelProver.Result r = ZeroKnowledgeProofTest.zkProve(pk, Models.randomInput(10, 12), 6);
        List<EvalClaim> claims = GraphProtocol.zkPublicClaims(vk, null, r.publicOutput, r.proof);
        assertFalse(claims.isEmpty());
        for (EvalClaim c : claims) assertEquals(Mle.evaluate(pk.constTable, c.point()), c.value);
        // no constants' tableau: the advice's is the first of the constraint proof's
        for (ClaimBatch.Reduced red : GraphProtocol.zkReduced(vk, null, r.publicOutput, r.proof)) {
            assertTrue(red.index() == 0 || red.index() == 1);
        }
    }

    @Test
    void theInputStaysHidden() {
        // freshness: two proofs of one input under one key share no sent value
        ProvingKey pk = key(MLP, PUBLIC_PARAMS);
        long[] x = Models.randomInput(11, 12);
        ModelProver.Result ra = ZeroKnowledgeProofTest.zkProve(pk, x, 11), rb = ZeroKnowledgeProofTest.zkProve(pk, x, 12);
        List<GoldilocksExt2> ma = GraphProtocol.zkMessages(pk.verifyingKey(), null, ra.publicOutput, ra.proof);
        List<GoldilocksExt2> mb = GraphProtocol.zkMessages(pk.verifyingKey(), null, rb.publicOutput, rb.proof);
        ZeroKnowledgeProofTest.assertFresh(ma, mb);
        // witness swap: output private too, two inputs, one statement (none): both verify under one key, and no sent
        // value is a message of either input's validity proof
        Visibility hidden = new Visibility(false, false, true);
        ProvingKey hk = key(MLP, hidden);
        assertTrue(hk.verifyingKey().publicConstants());
        long[] x1 = Models.randomInput(21, 12), x2 = Models.randomInput(22, 12);
        List<Set<GoldilocksExt2>> clear = new ArrayList<>();
        for (long[] xi : new long[][] {x1, x2}) {
            ProvingKey vpk = ModelSetup.setup(MLP, hidden);
            clear.add(new HashSet<>(ZeroKnowledgeProofTest.validityMessages(vpk.verifyingKey(), ModelProver.proveQuantized(vpk, xi).proof)));
        }
        for (long[] xi : new long[][] {x1, x2}) {
            ModelProver.Result r = ModelProver.proveQuantized(hk, xi);
            assertEquals(null, r.publicOutput);
            ModelVerifier.verify(hk.verifyingKey(), null, null, r.proof);
            for (GoldilocksExt2 e : GraphProtocol.zkMessages(hk.verifyingKey(), null, null, r.proof)) {
                for (Set<GoldilocksExt2> c : clear) assertFalse(c.contains(e), "a zero-knowledge proof sent a validity proof's message " + e);
            }
        }
    }

    @Test
    void theKeyRecordsItsKindStrictly() {
        // a model whose constants need no padding (no padding proof): the kind and visibility bytes alone decide
        QuantizedModel pow2 = Models.mlp(33, 16, "Gemm8", "Relu", "Gemm4");
        VerifyingKey vk = key(pow2, PUBLIC_PARAMS).verifyingKey();
        assertEquals(0, vk.constPaddingProof.length);
        byte[] b = vk.toBytes();
        int kindAt = 1 + schemeBytes(new LigeroPcs(LigeroParams.DEFAULT));
        assertEquals(VerifyingKey.KIND_ZK_PUBLIC_CONSTANTS, b[kindAt]);
        int visibilityAt = kindAt + 1 + schemeBytes(new HidingLigeroPcs(HidingLigeroParams.DEFAULT)) + 4;
        assertEquals(PUBLIC_PARAMS.bits(), b[visibilityAt]);
        assertEquals("verifying key: proof kind 3 unknown", refused(b, kindAt, 3));
        assertEquals("verifying key: proof kind 1 with a binding-only constants' commitment", refused(b, kindAt, VerifyingKey.KIND_ZK));
        // the parameters declared private under a key that reveals its claims on them
        assertEquals("verifying key: constants committed binding-only in a zero-knowledge key, but the parameters are declared private",
                refused(b, visibilityAt, new Visibility(false, true, false).bits()));
        // a validity key claiming to be zero-knowledge
        byte[] v = ModelSetup.setup(pow2, Visibility.ALL_PUBLIC).verifyingKey().toBytes();
        assertEquals(VerifyingKey.KIND_VALIDITY, v[kindAt]);
        assertEquals("verifying key: proof kind 1 with a binding-only constants' commitment", refused(v, kindAt, VerifyingKey.KIND_ZK));
        // a hiding key claiming public constants
        byte[] h = key(pow2, Visibility.DEFAULT).verifyingKey().toBytes();
        int hidingKindAt = 1 + schemeBytes(new HidingLigeroPcs(HidingLigeroParams.DEFAULT));
        assertEquals(VerifyingKey.KIND_ZK, h[hidingKindAt]);
        assertTrue(refused(h, hidingKindAt, VerifyingKey.KIND_ZK_PUBLIC_CONSTANTS).startsWith("verifying key: proof kind 2 with a hiding"));
    }

    private static int schemeBytes(io.zkml4j.pcs.MultilinearPcs pcs) {
        FieldWriter w = new FieldWriter();
        pcs.writeScheme(w);
        return w.toByteArray().length;
    }

    private static String refused(byte[] key, int at, int value) {
        byte[] b = key.clone();
        b[at] = (byte) value;
        return assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(b)).getMessage();
    }

    /** Where the revealed claims start: after the messages the symbolic run reads. */
    private static int revealedClaimsOffset(VerifyingKey vk, ModelProver.Result r) {
        io.zkml4j.field.codec.FieldReader in = new io.zkml4j.field.codec.FieldReader(r.proof);
        GraphProtocol.zkSink(vk, null, r.publicOutput, in); // reads the revealed claims too: 16 bytes each
        return r.proof.length - in.remaining() - 16 * GraphProtocol.zkPublicClaims(vk, null, r.publicOutput, r.proof).size();
    }
}
