package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.PcsProverData;
import io.zkml4j.sumcheck.SumcheckAdversary;
import io.zkml4j.sumcheck.Univariate;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The constants' padding, proven zero once in the key ({@link ConstantsPadding}), played against a cheating setup: a
 * constant table with a nonzero padded entry, committed as it is.
 */
class ConstantsPaddingTest {
    /** 12 -> Gemm16: the first weight [12, 16] has four padded rows. */
    private static final QuantizedModel MODEL = SoundnessChecklistTest.smallModel(61);

    /** A padded entry of the constant table (inside a constant's block, outside its real entries). */
    private static int paddedEntry(Circuit c) {
        for (Vec v : c.vecs) {
            if (v.kind != Vec.Kind.CONST || Padding.size(v.shape) == v.paddedSize()) continue;
            boolean[] real = new boolean[v.paddedSize()];
            for (int i : Padding.paddedIndices(v.shape)) real[i] = true;
            for (int i = 0; i < real.length; i++) if (!real[i]) return (int) v.offset + i;
        }
        throw new AssertionError("no constant has padding");
    }

    @Test
    void anHonestKeyCarriesTheProofAndItsClaimJoinsEveryProof() {
        ProvingKey pk = ModelSetup.setup(MODEL, Visibility.ALL_PUBLIC);
        assertTrue(pk.vk.circuit.constPaddingBlock >= 0);
        assertTrue(pk.vk.constPaddingProof.length > 0);
        assertEquals(pk.vk.circuit.constPaddingBlock, pk.vk.constPadding.vec());
        ModelProver.Result r = ModelProver.proveQuantized(pk, Models.randomInput(3, 12));
        ModelVerifier.verify(pk.vk, r.input, r.output, r.proof);
        assertEquals(pk.vk, VerifyingKey.fromBytes(pk.vk.toBytes()));
    }

    @Test
    void setupRefusesATableWithNonzeroPadding() {
        ModelSetup.Layout l = ModelSetup.layout(MODEL);
        ProvingKey honest = ModelSetup.setup(MODEL, Visibility.ALL_PUBLIC);
        long[] bad = l.table().clone();
        bad[paddedEntry(honest.vk.circuit)] = 5;
        VerifyingKey k = honest.vk;
        PcsProverData data = honest.pcs.commit(bad, honest.pcs.commitBlinding());
        // setup proves honestly over the table it is given, and checks its own proof: the zero-check fails
        VerificationException e = assertThrows(VerificationException.class,
                () -> new VerifyingKey(k.pcs, k.rangeBits, k.visibility, k.tensors, k.scales, k.nodes, k.inputs, k.outputs, data.commitment(), bad));
        assertTrue(e.getMessage().startsWith("padding"), e.getMessage());
    }

    /** A cheating setup's key: {@code honest}'s fields over a table with a nonzero padded entry, committed by {@code commit}. */
    private record Forged(ProvingKey pk, VerifyingKey vk, long[] table) {}

    /**
     * The cheating setup forges the padding proof (a consistent liar claims the sum 0 and sends the block's value that
     * passes the final check): the key decodes, but its claim on the constants is false.
     */
    private static Forged forge(ProvingKey honest, java.util.function.Function<long[], PcsProverData> commit) {
        ModelSetup.Layout l = ModelSetup.layout(MODEL);
        VerifyingKey k = honest.vk;
        Circuit c = k.circuit;
        long[] bad = l.table().clone();
        bad[paddedEntry(c)] = 5;
        PcsProverData data = commit.apply(bad);
        // the statement the forged proof is bound to: the honest key's fields with the bad table's commitment
        VerifyingKey probe = new VerifyingKey(k.pcs, k.publicConstantsZk, k.rangeBits, k.visibility, k.tensors, k.scales, k.nodes, k.inputs, k.outputs, data.commitment(),
                l.table().clone(), null);
        byte[] statement = probe.statement();
        GoldilocksExt2[] r = ConstantsPadding.challenge(c, statement);
        Vec block = c.vec(c.constPaddingBlock);
        GoldilocksExt2[] finalClaim = new GoldilocksExt2[1];
        GraphProtocol.Cheat forge = new GraphProtocol.Cheat() {
            @Override
            public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                SumcheckAdversary liar = SumcheckAdversary.consistent(claimed, -1, null);
                return new SumcheckAdversary() {
                    GoldilocksExt2[] last;

                    @Override
                    public GoldilocksExt2 claim(int numVars, int degree, GoldilocksExt2 h) {
                        return liar.claim(numVars, degree, h);
                    }

                    @Override
                    public void round(GoldilocksExt2[] evals) {
                        liar.round(evals);
                        last = evals.clone();
                    }

                    @Override
                    public void challenge(GoldilocksExt2 x) {
                        liar.challenge(x);
                        finalClaim[0] = Univariate.evaluate(last, x);
                    }
                };
            }

            @Override
            public GoldilocksExt2 evaluation(NodeSpec node, Vec vec, GoldilocksExt2[] point, GoldilocksExt2 value) {
                return finalClaim[0].mul(io.zkml4j.poly.Eq.eval(r, point).mul(PaddingCheck.padAt(c, block, point)).inv());
            }
        };
        byte[] forged = ConstantsPadding.prove(c, statement, bad, forge);
        VerifyingKey fk = new VerifyingKey(k.pcs, k.publicConstantsZk, k.rangeBits, k.visibility, k.tensors, k.scales, k.nodes, k.inputs, k.outputs, data.commitment(), null, forged);
        assertEquals(fk, VerifyingKey.fromBytes(fk.toBytes()));
        // the claim it ends in is false of the committed table
        GoldilocksExt2 truth = io.zkml4j.poly.Mle.evaluate(Arrays.copyOfRange(bad, (int) block.offset, (int) block.offset + block.paddedSize()), fk.constPadding.point());
        assertTrue(!truth.equals(fk.constPadding.value().concrete()));
        return new Forged(new ProvingKey(MODEL, fk, honest.constValues, bad, data, honest.pcs), fk, bad);
    }

    /**
     * A forged padding proof decodes, but every proof under its key fails at the batched opening, which proves the
     * key's claim with the others (with the claim left out on both sides, this proof verifies).
     */
    @Test
    void aForgedPaddingProofDecodesButNoProofUnderItsKeyVerifies() {
        ProvingKey honest = ModelSetup.setup(MODEL, Visibility.ALL_PUBLIC);
        Forged f = forge(honest, t -> honest.pcs.commit(t, honest.pcs.commitBlinding()));
        ModelProver.Result res = ModelProver.proveQuantized(f.pk(), Models.randomInput(3, 12));
        assertThrows(VerificationException.class, () -> ModelVerifier.verify(f.vk(), res.input, res.output, res.proof));
    }

    /**
     * A zero-knowledge key with public parameters carries the validity key's padding proof, and its claim joins every
     * proof's claims on the constants: under a cheating setup's key (nonzero padding committed, the proof forged) the
     * zero-knowledge proof of an honest prover fails, as the validity proof does.
     */
    @Test
    void aForgedPaddingProofInAKeyWithPublicParametersLetsNoProofVerify() {
        ProvingKey honest = ModelSetup.setupPublicParams(MODEL, new Visibility(false, true, true));
        assertTrue(honest.vk.publicConstants() && honest.vk.constPadding != null);
        ModelProver.Result ok = ModelProver.proveQuantized(honest, Models.randomInput(3, 12));
        ModelVerifier.verify(honest.vk, null, ok.publicOutput, ok.proof);
        Forged f = forge(honest, t -> honest.pcs.commit(t, honest.pcs.commitBlinding()));
        assertTrue(f.vk().publicConstants());
        ModelProver.Result res = ModelProver.proveQuantized(f.pk(), Models.randomInput(3, 12));
        assertEquals(GraphProtocol.FORMAT_ZK, res.proof[0]);
        assertThrows(VerificationException.class, () -> ModelVerifier.verify(f.vk(), null, res.publicOutput, res.proof));
    }

    /**
     * A zero-knowledge key carries no padding proof (its messages and claim would reveal linear combinations of the
     * private weights): each proof runs the zero-check, masked. A cheating setup that commits a table with a nonzero
     * padded entry gets a key that decodes, and no proof under it verifies (with the per-proof check left out on both
     * sides, this proof verifies: checked by hand).
     */
    @Test
    void aZeroKnowledgeKeyCarriesNoPaddingProofAndEachOfItsProofsShowsThePaddingZero() {
        io.zkml4j.pcs.HidingLigeroPcs pcs = new io.zkml4j.pcs.HidingLigeroPcs(io.zkml4j.pcs.HidingLigeroParams.DEFAULT);
        ProvingKey honest = ModelSetup.setupZeroKnowledge(MODEL, pcs, Visibility.ALL_PUBLIC);
        VerifyingKey k = honest.vk;
        assertTrue(k.circuit.constPaddingBlock >= 0);
        assertEquals(0, k.constPaddingProof.length);
        assertEquals(null, k.constPadding);
        ModelProver.Result ok = ModelProver.proveZeroKnowledge(honest, Models.randomInput(3, 12));
        ModelVerifier.verify(k, ok.publicInput, ok.publicOutput, ok.proof);

        long[] bad = ModelSetup.layout(MODEL).table().clone();
        bad[paddedEntry(k.circuit)] = 5;
        io.zkml4j.pcs.Blinding rnd = pcs.commitBlinding();
        PcsProverData data = new io.zkml4j.pcs.LigeroConstraints(pcs).commit(bad, rnd, GoldilocksExt2.of(rnd.nextField(), rnd.nextField()));
        VerifyingKey bk = new VerifyingKey(k.pcs, k.rangeBits, k.visibility, k.tensors, k.scales, k.nodes, k.inputs, k.outputs, data.commitment(), bad);
        assertEquals(bk, VerifyingKey.fromBytes(bk.toBytes()));
        ModelProver.Result res = ModelProver.proveZeroKnowledge(new ProvingKey(MODEL, bk, honest.constValues, bad, data, pcs), Models.randomInput(3, 12));
        assertThrows(VerificationException.class, () -> ModelVerifier.verify(bk, res.publicInput, res.publicOutput, res.proof));
    }

    /** A zero-knowledge key with a padding proof in it (a forged one, or a validity key's) is refused by name. */
    @Test
    void aZeroKnowledgeKeyWithAPaddingProofIsRefused() {
        io.zkml4j.pcs.HidingLigeroPcs pcs = new io.zkml4j.pcs.HidingLigeroPcs(io.zkml4j.pcs.HidingLigeroParams.DEFAULT);
        VerifyingKey k = ModelSetup.setupZeroKnowledge(MODEL, pcs, Visibility.ALL_PUBLIC).vk;
        byte[] proof = ModelSetup.setup(MODEL, Visibility.ALL_PUBLIC).vk.constPaddingProof;
        String msg = assertThrows(ProofFormatException.class, () -> new VerifyingKey(k.pcs, k.rangeBits, k.visibility, k.tensors, k.scales, k.nodes,
                k.inputs, k.outputs, k.constants, proof)).getMessage();
        assertTrue(msg.contains("zero-knowledge key"), msg);
    }

    @Test
    void aKeyWithTheProofCutOrChangedIsRefusedByName() {
        VerifyingKey k = ModelSetup.setup(MODEL, Visibility.ALL_PUBLIC).vk;
        byte[] b = k.toBytes();
        int proofAt = b.length - k.constPaddingProof.length;
        for (int i = proofAt; i < b.length; i += 7) {
            byte[] x = b.clone();
            x[i] ^= 1;
            String msg = assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(x)).getMessage();
            assertTrue(msg.startsWith("verifying key: "), msg);
        }
        // an empty proof where the constants have padding
        byte[] cut = Arrays.copyOf(b, proofAt);
        cut[proofAt - 1] = cut[proofAt - 2] = cut[proofAt - 3] = cut[proofAt - 4] = 0;
        assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(cut));
    }
}
