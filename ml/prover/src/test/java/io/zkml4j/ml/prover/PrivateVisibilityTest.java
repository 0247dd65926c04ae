package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Visibility (input, output, parameters) chosen at setup and bound into the key: a private input or output is
 * committed with the advice and never given to the verifier; the statement is then about the public rest. These are
 * soundness tests of that statement (what a proof hides is the zero-knowledge work's, not tested here).
 */
class PrivateVisibilityTest {
    static final QuantizedModel MLP = Models.mlp(31, 12, "Gemm8", "Relu", "Gemm4");

    static long[] input() {
        return Models.randomInput(7, 12);
    }

    @Test
    void theDefaultsAreEzkls() {
        assertEquals(new Visibility(false, true, false), Visibility.DEFAULT);
        assertEquals(Visibility.DEFAULT, Visibility.of("private", "PUBLIC", "Private"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Visibility.of("hidden", "public", "private"));
        assertTrue(e.getMessage().contains("--input-visibility"), e.getMessage());
        for (int b = 0; b < 8; b++) assertEquals(b, Visibility.fromBits(b).bits());
    }

    @Test
    void aPrivateInputIsNotPartOfTheStatementAndTheProofVerifiesWithoutIt() {
        ProvingKey pk = ModelSetup.setup(MLP, Visibility.DEFAULT);
        VerifyingKey vk = VerifyingKey.fromBytes(pk.verifyingKey().toBytes());
        assertEquals(Visibility.DEFAULT, vk.visibility());
        ModelProver.Result r = ModelProver.proveQuantized(pk, input());
        assertNull(r.publicInput);
        assertArrayEquals(r.output, r.publicOutput);
        ModelVerifier.verify(vk, null, r.publicOutput, r.proof);
        ModelVerifier.verify(vk, new long[0], r.publicOutput, r.proof);
        // given the input anyway: refused, not silently ignored
        assertTrue(rejects(vk, r.input, r.output, r.proof).contains("declares the input private"));
        // the output is still bound
        long[] y = r.output.clone();
        y[1] += 1;
        assertFalse(rejects(vk, null, y, r.proof).isEmpty());
        // every byte of the proof matters (a sample of positions)
        for (int i = 1; i < r.proof.length; i += Math.max(1, r.proof.length / 97)) {
            byte[] b = r.proof.clone();
            b[i] ^= 0x10;
            int at = i;
            assertThrows(RuntimeException.class, () -> ModelVerifier.verify(vk, null, r.publicOutput, b), "flip at " + at);
        }
    }

    @Test
    void visibilityIsPartOfTheKeysDigestSoAProofDoesNotCrossKeys() {
        ProvingKey priv = ModelSetup.setup(MLP, Visibility.DEFAULT), pub = ModelSetup.setup(MLP, Visibility.ALL_PUBLIC);
        assertNotEquals(List.of(priv.verifyingKey().digest()), List.of(pub.verifyingKey().digest()));
        assertFalse(java.util.Arrays.equals(priv.verifyingKey().digest(), pub.verifyingKey().digest()));
        ModelProver.Result r = ModelProver.proveQuantized(pub, input());
        ModelVerifier.verify(pub.verifyingKey(), r.input, r.output, r.proof);
        // the validity proof under the private-input key: other digest, other advice layout
        assertFalse(rejects(priv.verifyingKey(), null, r.output, r.proof).isEmpty());
        ModelProver.Result s = ModelProver.proveQuantized(priv, input());
        assertFalse(rejects(pub.verifyingKey(), s.input, s.output, s.proof).isEmpty());
        // an unknown visibility byte in a key is a format error
        byte[] k = priv.verifyingKey().toBytes();
        int at = visibilityByte(priv.verifyingKey());
        assertEquals(Visibility.DEFAULT.bits(), k[at]);
        k[at] = 9;
        ProofFormatException e = assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(k));
        assertTrue(e.getMessage().contains("visibility"), e.getMessage());
    }

    /** Offset of the visibility byte: after the version, the scheme (id, blowup, queries), the proof kind (a validity key's) and the range budget. */
    private static int visibilityByte(VerifyingKey vk) {
        io.zkml4j.field.codec.FieldWriter w = new io.zkml4j.field.codec.FieldWriter().u8(VerifyingKey.VERSION);
        vk.pcs.writeScheme(w);
        w.u8(VerifyingKey.KIND_VALIDITY);
        w.u32(vk.rangeBits);
        return w.toByteArray().length;
    }

    @Test
    void aPrivateOutputIsCommittedToo() {
        Visibility v = new Visibility(false, false, false);
        ProvingKey pk = ModelSetup.setup(MLP, v);
        ModelProver.Result r = ModelProver.proveQuantized(pk, input());
        assertNull(r.publicOutput);
        ModelVerifier.verify(pk.verifyingKey(), null, null, r.proof);
        ModelVerifier.verify(pk.verifyingKey(), new long[0], new long[0], r.proof); // empty is "not given" too
        assertTrue(rejects(pk.verifyingKey(), null, r.output, r.proof).contains("declares the output private"));
    }

    @Test
    void aPublicInputWithAPrivateOutputBindsTheInput() {
        ProvingKey pk = ModelSetup.setup(MLP, new Visibility(true, false, true));
        ModelProver.Result r = ModelProver.proveQuantized(pk, input());
        ModelVerifier.verify(pk.verifyingKey(), r.input, null, r.proof);
        long[] x = r.input.clone();
        x[0] += 1;
        assertFalse(rejects(pk.verifyingKey(), x, null, r.proof).isEmpty());
    }

    /**
     * A private input just outside the range budget (-2^(B-1) - 1: the budget proven for committed tensors is
     * [-2^(B-1), 2^(B-1))), the rest of the model recomputed exactly from it: every node's relations hold and the
     * output is within range. Its budget quantity is then negative: its limbs leave the range table (the range LogUp
     * objects); limbs of an in-range quantity instead (the honest input's) fail the budget identity.
     */
    @Test
    void aPrivateInputOutsideTheBudgetIsCaughtByItsBoundCheck() {
        ProvingKey pk = ModelSetup.setup(MLP, Visibility.DEFAULT);
        VerifyingKey vk = pk.verifyingKey();
        long[] x = input();
        long[] bad = x.clone();
        bad[3] = -(1L << (vk.rangeBits - 1)) - 1;
        assertTrue(rejectsOutOfBudget(pk, x, bad, false).startsWith("logup"));
        String msg = rejectsOutOfBudget(pk, x, bad, true);
        assertTrue(msg.contains("private input 'x' outside the range budget"), msg);
        // one unit inside the budget it is an honest proof of another input: accepted
        bad[3] = -(1L << (vk.rangeBits - 1)) + 1;
        ModelProver.Result ok = ModelProver.proveQuantized(pk, bad);
        assertArrayEquals(pk.model.execute(List.of(bad)).get(vk.outputs().get(0).name()).values(), ok.output);
        ModelVerifier.verify(vk, null, ok.publicOutput, ok.proof);
    }

    /** Proves the model on {@code bad} in place of x; with honestLimbs the budget's limbs are those of x. */
    private static String rejectsOutOfBudget(ProvingKey pk, long[] x, long[] bad, boolean honestLimbs) {
        VerifyingKey vk = pk.verifyingKey();
        Circuit c = vk.circuit;
        IntTrace t = pk.model.execute(List.of(bad));
        long[] y = t.get(vk.outputs().get(0).name()).values();
        ModelProver.Result r = ModelProver.prove(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                for (Vec v : c.vecs) {
                    if (v.kind == Vec.Kind.INPUT) w.set(v.id, bad);
                    else if (v.kind != Vec.Kind.CONST && t.get(v.name) != null) w.set(v.id, t.get(v.name).values());
                }
            }

            @Override
            public void witness(Witness w) {
                if (honestLimbs) for (var e : c.inputBounds.entrySet()) w.budget(e.getValue(), x);
            }

            @Override
            public long[] claimedOutput(long[] honest) {
                return y;
            }
        }, ProveProgress.NONE);
        return rejects(vk, null, y, r.proof);
    }
}
