package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Completeness and soundness of the model proof (digits_mlp from the shared corpus and random MLPs). */
class ModelProofTest {
    private static ProvingKey digitsPk;
    private static ModelProver.Result digitsProof;

    static synchronized ProvingKey digitsPk() {
        if (digitsPk == null) digitsPk = ModelSetup.setup(Models.digits(), Visibility.ALL_PUBLIC);
        return digitsPk;
    }

    static synchronized ModelProver.Result digitsProof() {
        if (digitsProof == null) digitsProof = ModelProver.prove(digitsPk(), Models.digitsInputs().get(0));
        return digitsProof;
    }

    /** Verification must fail: a VerificationException or a ProofFormatException (never another exception). */
    static String rejects(VerifyingKey vk, long[] x, long[] y, byte[] proof) {
        try {
            ModelVerifier.verify(vk, x, y, proof);
        } catch (VerificationException | ProofFormatException e) {
            return e.getMessage();
        }
        return fail("verifier accepted");
    }

    // ------------------------------------------------------------------ completeness

    @Test
    void digitsHonestProofsVerifyOnSeveralInputs() {
        ProvingKey pk = digitsPk();
        List<double[]> inputs = Models.digitsInputs();
        for (int i = 0; i < 4; i++) {
            ModelProver.Result r = ModelProver.prove(pk, inputs.get(i));
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
            double[] expected = pk.model().run(List.of(inputs.get(i))).get(0);
            assertArrayEquals(expected, r.outputValues, 0.0, "output is the quantized model's output");
        }
    }

    @Test
    void randomMlpsVerify() {
        String[][] shapes = {
                {"Gemm16", "Relu", "Gemm8"},
                {"MatMul5", "Relu", "Gemm3", "Relu"},
                {"Gemm7", "MatMul4"},
                {"Relu", "Gemm1"},
                {"Gemm32", "Relu", "Gemm32", "Relu", "MatMul2"},
                {"Flatten", "Gemm6", "Relu", "Flatten", "Gemm4096", "Relu"}, // 2^12-entry vectors: wider (12-bit) limbs
        };
        for (int s = 0; s < shapes.length; s++) {
            QuantizedModel m = Models.mlp(100 + s, 12, shapes[s]);
            if (s == 1) m.actBits = 28; // a wider activation budget: B = 32 bits, four 8-bit limbs
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            assertEquals(s == 1 ? 32 : 24, pk.verifyingKey().circuit.rangeBits);
            assertEquals(s == 5 ? 12 : 8, pk.verifyingKey().circuit.limbBits); // Circuit.limbBitsFor: the smallest range LogUp
            for (int k = 0; k < 2; k++) {
                long[] x = Models.randomInput(7 * s + k, 12);
                ModelProver.Result r = ModelProver.proveQuantized(pk, x);
                assertArrayEquals(m.execute(List.of(x)).output(0).values(), r.output);
                ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
                rejects(pk.verifyingKey(), r.input, bump(r.output, 0, 1), r.proof);
            }
        }
    }

    // ------------------------------------------------------------------ statement

    @Test
    void changedOutputValueIsRejected() {
        ModelProver.Result r = digitsProof();
        VerifyingKey vk = digitsPk().verifyingKey();
        for (int i = 0; i < r.output.length; i++) rejects(vk, r.input, bump(r.output, i, 1), r.proof);
        rejects(vk, r.input, bump(r.output, 3, -1), r.proof);
    }

    @Test
    void changedInputValueIsRejected() {
        ModelProver.Result r = digitsProof();
        VerifyingKey vk = digitsPk().verifyingKey();
        for (int i = 0; i < r.input.length; i += 5) rejects(vk, bump(r.input, i, 1), r.output, r.proof);
        rejects(vk, bump(r.input, 0, -1), r.output, r.proof); // a zero input made negative
    }

    @Test
    void proofReplayedForAnotherInputIsRejected() {
        ProvingKey pk = digitsPk();
        ModelProver.Result a = digitsProof();
        ModelProver.Result b = ModelProver.prove(pk, Models.digitsInputs().get(1));
        ModelVerifier.verify(pk.verifyingKey(), b.input, b.output, b.proof);
        assertTrue(!Arrays.equals(a.input, b.input));
        rejects(pk.verifyingKey(), b.input, b.output, a.proof);
        rejects(pk.verifyingKey(), b.input, a.output, a.proof);
        rejects(pk.verifyingKey(), a.input, b.output, a.proof);
    }

    @Test
    void changedWeightGivesAnotherKeyThatRejects() throws Exception {
        QuantizedModel m = Models.digits();
        Path tmp = Files.createTempFile("digits", ".zkm");
        try {
            m.write(tmp);
            QuantizedModel changed = QuantizedModel.read(tmp);
            String w = changed.nodes.get(0).inputs.get(1);
            changed.constants.get(w).values[5] += 1;
            VerifyingKey other = ModelSetup.setup(changed, Visibility.ALL_PUBLIC).verifyingKey();
            assertNotEquals(digitsPk().verifyingKey(), other);
            ModelProver.Result r = digitsProof();
            rejects(other, r.input, r.output, r.proof);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Test
    void wrongVerifyingKeyIsRejected() {
        ModelProver.Result r = digitsProof();
        QuantizedModel same = Models.mlp(5, 64, "Gemm32", "Relu", "Gemm10");
        rejects(ModelSetup.setup(same, Visibility.ALL_PUBLIC).verifyingKey(), r.input, r.output, r.proof);
        QuantizedModel other = Models.mlp(6, 64, "Gemm16", "Relu", "Gemm10");
        rejects(ModelSetup.setup(other, Visibility.ALL_PUBLIC).verifyingKey(), r.input, r.output, r.proof);
    }

    // the first challenge moving with every statement element: SoundnessChecklistTest

    // ------------------------------------------------------------------ proof bytes

    @Test
    @Tag("slow") // not run against mutants (pit.excludedGroups, docs/mutation.md)
    void singleByteFlipsAreRejected() {
        ModelProver.Result r = digitsProof();
        VerifyingKey vk = digitsPk().verifyingKey();
        byte[] p = r.proof;
        // every byte of the first 6000 (commitment, node messages, lookups) and of the tail; ~2000 spread over the
        // rest (the PCS module has its own exhaustive tamper tests)
        int step = Math.max(1, p.length / 2000);
        int tried = 0;
        for (int i = 0; i < p.length; i++) {
            if (!(i < 6000 || i >= p.length - 256 || i % step == 0)) continue;
            byte[] c = p.clone();
            c[i] ^= (byte) (1 << (i % 8));
            rejects(vk, r.input, r.output, c);
            tried++;
        }
        assertTrue(tried > 1000);
    }

    @Test
    void truncatedOrExtendedProofIsRejected() {
        ModelProver.Result r = digitsProof();
        VerifyingKey vk = digitsPk().verifyingKey();
        byte[] p = r.proof;
        for (int cut : new int[] {0, 1, 17, p.length / 2, p.length - 1}) rejects(vk, r.input, r.output, Arrays.copyOf(p, cut));
        rejects(vk, r.input, r.output, Arrays.copyOf(p, p.length + 1));
        byte[] ext = Arrays.copyOf(p, p.length + 8);
        rejects(vk, r.input, r.output, ext);
    }

    @Test
    void encodingsRoundTrip() {
        VerifyingKey vk = digitsPk().verifyingKey();
        assertArrayEquals(vk.toBytes(), VerifyingKey.fromBytes(vk.toBytes()).toBytes());
        assertEquals(vk, VerifyingKey.fromBytes(vk.toBytes()));
        assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(Arrays.copyOf(vk.toBytes(), vk.toBytes().length + 1)));
    }

    @Test
    void provingKeyFileRoundTrips() throws Exception {
        Path f = Files.createTempFile("digits", ".pk");
        try {
            digitsPk().write(f);
            ProvingKey pk = ProvingKey.read(f);
            assertEquals(digitsPk().verifyingKey(), pk.verifyingKey());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void soundnessIsAbout100Bits() {
        double bits = ModelVerifier.soundnessBits(digitsPk().verifyingKey());
        assertTrue(bits >= 99.9 && bits < 101, "soundness " + bits + " bits");
        double wide = ModelVerifier.soundnessBits(ModelSetup.setup(Models.mlp(3, 12, "Gemm4096", "Relu"), Visibility.ALL_PUBLIC).verifyingKey());
        assertTrue(wide >= 99.9, "soundness " + wide + " bits");
        // the deepest model of the corpus (LayerNorm pieces, Softmax, batched products): the sum of its parts
        if (java.nio.file.Files.isDirectory(Models.shared().resolve("models/digits_transformer"))) {
            double deep = ModelVerifier.soundnessBits(ModelSetup.setup(Models.shared("digits_transformer"), Visibility.ALL_PUBLIC).verifyingKey());
            assertTrue(deep >= 99.5, "digits_transformer soundness " + deep + " bits");
        }
    }

    // ------------------------------------------------------------------ scope

    @Test
    void unsupportedOperatorIsNamedInOneLine() {
        QuantizedModel m = Models.mlp(1, 8, "Gemm4", "Relu", "Gemm2");
        QNode n = m.nodes.get(1);
        n.op = "LSTM";
        n.name = "act1";
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertEquals("node 'act1' (LSTM): not provable yet (supported: " + OpProofs.supportedList() + ")", e.getMessage());
        assertTrue(e.getMessage().contains("Sigmoid") && e.getMessage().contains("Tanh") && e.getMessage().contains("Erf"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    static long[] bump(long[] v, int i, long d) {
        long[] c = v.clone();
        c[i] += d;
        return c;
    }

    static long field(long signed) {
        return Goldilocks.fromSigned(signed);
    }
}
