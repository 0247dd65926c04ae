package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hash;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.zkml4j.ml.prover.ModelProofTest.bump;
import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/SOUNDNESS.md's minimum test plan applied to the model proof, statement and encoding side (the cheating prover on
 * tampered traces is {@link MaliciousProverTest}): every statement element bound (input, output, key), replays, wrong
 * keys, flipped key bytes, proof bytes truncated, extended and flipped one by one, values outside the range budget,
 * non-canonical field elements, the format version, and the transcript binding itself (the first challenge moves with
 * every statement element, so deleting an absorption cannot leave these tests green).
 */
class SoundnessChecklistTest {
    /** x[1,12] -> Gemm16 -> Relu -> Gemm8 -> Sigmoid -> Gemm4: linear, Relu and a table lookup, a small proof. */
    private static ProvingKey smallPk;
    private static ModelProver.Result small;

    static synchronized ProvingKey smallPk() {
        if (smallPk == null) smallPk = ModelSetup.setup(smallModel(61), Visibility.ALL_PUBLIC);
        return smallPk;
    }

    static QuantizedModel smallModel(long seed) {
        return Models.mlp(seed, 12, "Gemm16", "Relu", "Gemm8", "Sigmoid", "Gemm4");
    }

    static synchronized ModelProver.Result small() {
        if (small == null) small = ModelProver.proveQuantized(smallPk(), Models.randomInput(3, 12));
        return small;
    }

    static VerifyingKey vk() {
        return smallPk().verifyingKey();
    }

    @Test
    void honestProofVerifies() {
        // the baseline every rejection below is measured against
        ModelProver.Result r = small();
        ModelVerifier.verify(vk(), r.input, r.output, r.proof);
        assertArrayEquals(smallPk().model().execute(List.of(r.input)).output(0).values(), r.output);
    }

    // ------------------------------------------------------------------ statement

    @Test
    void everyPublicInputElementIsBound() {
        ModelProver.Result r = small();
        for (int i = 0; i < r.input.length; i++) {
            rejects(vk(), bump(r.input, i, 1), r.output, r.proof);
            rejects(vk(), bump(r.input, i, -1), r.output, r.proof);
        }
        long[] swapped = r.input.clone();
        int j = 1;
        while (swapped[j] == swapped[0]) j++;
        swapped[0] = r.input[j];
        swapped[j] = r.input[0];
        rejects(vk(), swapped, r.output, r.proof); // same multiset, another order
        assertTrue(rejects(vk(), Arrays.copyOf(r.input, r.input.length - 1), r.output, r.proof).contains("input has 11 values"));
        assertTrue(rejects(vk(), Arrays.copyOf(r.input, r.input.length + 1), r.output, r.proof).contains("input has 13 values"));
    }

    @Test
    void everyPublicOutputElementIsBound() {
        ModelProver.Result r = small();
        for (int i = 0; i < r.output.length; i++) {
            rejects(vk(), r.input, bump(r.output, i, 1), r.proof);
            rejects(vk(), r.input, bump(r.output, i, -1), r.proof);
        }
        rejects(vk(), r.input, new long[r.output.length], r.proof);
        assertTrue(rejects(vk(), r.input, Arrays.copyOf(r.output, 3), r.proof).contains("output has 3 values"));
    }

    @Test
    void proofForInputAReplayedWithInputB() {
        ProvingKey pk = smallPk();
        ModelProver.Result a = small();
        ModelProver.Result b = ModelProver.proveQuantized(pk, Models.randomInput(4, 12));
        ModelVerifier.verify(pk.verifyingKey(), b.input, b.output, b.proof);
        assertFalse(Arrays.equals(a.input, b.input));
        rejects(pk.verifyingKey(), b.input, b.output, a.proof);
        rejects(pk.verifyingKey(), b.input, a.output, a.proof);
        rejects(pk.verifyingKey(), a.input, b.output, a.proof);
        rejects(pk.verifyingKey(), a.input, a.output, b.proof);
        // a prover that runs on A and puts B (and B's true output) in the statement: the witness is A's
        GraphProtocol.Cheat claimB = new GraphProtocol.Cheat() {
            @Override
            public long[] claimedInput(long[] x) {
                return b.input;
            }

            @Override
            public long[] claimedOutput(long[] y) {
                return b.output;
            }
        };
        ModelProver.Result c = ModelProver.prove(pk, a.input, claimB, ProveProgress.NONE);
        rejects(pk.verifyingKey(), b.input, b.output, c.proof);
        // on the shared corpus's digits_mlp too
        ProvingKey dpk = ModelProofTest.digitsPk();
        ModelProver.Result da = ModelProofTest.digitsProof();
        ModelProver.Result db = ModelProver.prove(dpk, Models.digitsInputs().get(2));
        rejects(dpk.verifyingKey(), db.input, db.output, da.proof);
    }

    @Test
    void wrongVerifyingKeyIsRejected() {
        ModelProver.Result r = small();
        // another model (same input and output shapes, another architecture)
        rejects(ModelSetup.setup(Models.mlp(61, 12, "Gemm8", "Relu", "Gemm4"), Visibility.ALL_PUBLIC).verifyingKey(), r.input, r.output, r.proof);
        // same architecture, different weights
        VerifyingKey other = ModelSetup.setup(smallModel(62), Visibility.ALL_PUBLIC).verifyingKey();
        assertEquals(vk().numNodes(), other.numNodes());
        rejects(other, r.input, r.output, r.proof);
        // one weight differs by one
        QuantizedModel m = smallModel(61);
        QConst w = m.constants.get("W2");
        w.values[3] += 1;
        VerifyingKey oneWeight = ModelSetup.setup(m, Visibility.ALL_PUBLIC).verifyingKey();
        assertNotEquals(vk(), oneWeight);
        rejects(oneWeight, r.input, r.output, r.proof);
        // one layer attribute differs: a node name
        QuantizedModel m2 = smallModel(61);
        m2.nodes.get(3).name = "renamed";
        rejects(ModelSetup.setup(m2, Visibility.ALL_PUBLIC).verifyingKey(), r.input, r.output, r.proof);
        // digits_mlp's proof under the small model's key and vice versa (shapes differ: a clean rejection)
        ModelProver.Result d = ModelProofTest.digitsProof();
        rejects(vk(), d.input, d.output, d.proof);
        rejects(ModelProofTest.digitsPk().verifyingKey(), r.input, r.output, r.proof);
    }

    @Test
    void flippedVerifyingKeyBytesDoNotDecodeOrReject() {
        // a key whose constants have padding: its padding proof binds every byte before it, so no flip decodes
        assertEquals(0, flips(vk(), small()));
        // a key whose constants have none (all shapes powers of two): flips of names and roots decode, as other statements
        ProvingKey pow2 = ModelSetup.setup(Models.mlp(61, 16, "Gemm16", "Relu", "Gemm8", "Sigmoid", "Gemm4"), Visibility.ALL_PUBLIC);
        assertEquals(-1, pow2.vk.circuit.constPaddingBlock);
        assertTrue(flips(pow2.vk, ModelProver.proveQuantized(pow2, Models.randomInput(3, 16))) > 0, "some flips (names, roots) still decode: they must be exercised");
    }

    /** Flips each bit of the key in turn; each flip is refused when decoded, or decodes to another key the honest proof fails. Returns how many decoded. */
    private static int flips(VerifyingKey key, ModelProver.Result r) {
        byte[] kb = key.toBytes();
        int decoded = 0;
        for (int i = 0; i < kb.length; i++) {
            byte[] c = kb.clone();
            c[i] ^= (byte) (1 << (i % 8));
            VerifyingKey k;
            try {
                k = VerifyingKey.fromBytes(c);
            } catch (ProofFormatException expected) {
                continue;
            }
            decoded++;
            assertNotEquals(key, k, "byte " + i);
            assertFalse(Arrays.equals(key.digest(), k.digest()), "byte " + i);
            // a key that still decodes is another statement: the honest proof must not verify under it
            try {
                ModelVerifier.verify(k, r.input, r.output, r.proof);
                fail("proof verified under a key with byte " + i + " flipped");
            } catch (VerificationException | ProofFormatException expected) {
                // rejected
            }
        }
        assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(Arrays.copyOf(kb, kb.length - 1)));
        assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(Arrays.copyOf(kb, kb.length + 1)));
        return decoded;
    }

    @Test
    void outputBeyondTheRangeBudgetIsRejected() {
        ModelProver.Result r = small();
        long bound = 1L << (vk().circuit.rangeBits - 1);
        for (long v : new long[] {bound, -bound, bound + 1, Long.MAX_VALUE, Long.MIN_VALUE, -Goldilocks.P}) {
            long[] y = r.output.clone();
            y[1] = v;
            assertTrue(rejects(vk(), r.input, y, r.proof).contains("public output value 1 out of range"), "value " + v);
            long[] x = r.input.clone();
            x[2] = v;
            assertTrue(rejects(vk(), x, r.output, r.proof).contains("public input value 2 out of range"), "value " + v);
        }
        // a prover that claims such an output in its statement gains nothing: the verifier refuses the statement
        GraphProtocol.Cheat big = new GraphProtocol.Cheat() {
            @Override
            public long[] claimedOutput(long[] y) {
                return bump(y, 0, 2 * bound);
            }
        };
        ModelProver.Result c = ModelProver.prove(smallPk(), r.input, big, ProveProgress.NONE);
        rejects(vk(), c.input, c.output, c.proof);
        // inside the budget but wrong: rejected by the proof
        long[] y = r.output.clone();
        y[0] = bound - 1;
        if (r.output[0] != y[0]) assertFalse(rejects(vk(), r.input, y, r.proof).contains("out of range"));
    }

    // ------------------------------------------------------------------ proof bytes

    @Test
    void formatVersionByteIsChecked() {
        ModelProver.Result r = small();
        assertEquals(GraphProtocol.FORMAT_VERSION, r.proof[0]);
        for (int v : new int[] {0, 1, 2, 3, 4, 5, GraphProtocol.FORMAT_VERSION + 1, 0x85, 0xFF}) {
            byte[] c = r.proof.clone();
            c[0] = (byte) v;
            ProofFormatException e = assertThrows(ProofFormatException.class, () -> ModelVerifier.verify(vk(), r.input, r.output, c));
            assertEquals("proof format version " + v + " (expected " + GraphProtocol.FORMAT_VERSION + ")", e.getMessage());
        }
    }

    @Test
    @Tag("slow") // not run against mutants (pit.excludedGroups, docs/mutation.md)
    void everyByteFlipInTheFirst4KbIsRejected() {
        ModelProver.Result r = small();
        byte[] p = r.proof;
        assertTrue(p.length > 4096, "proof of " + p.length + " bytes");
        for (int i = 0; i < 4096; i++) {
            byte[] c = p.clone();
            c[i] ^= (byte) (1 << (i % 8));
            rejects(vk(), r.input, r.output, c);
        }
        // and a spread over the rest (the PCS module tests its own encoding exhaustively)
        for (int i = 4096; i < p.length; i += Math.max(1, (p.length - 4096) / 300)) {
            byte[] c = p.clone();
            c[i] ^= (byte) 0x80;
            rejects(vk(), r.input, r.output, c);
        }
        byte[] last = p.clone();
        last[p.length - 1] ^= 1;
        rejects(vk(), r.input, r.output, last);
    }

    @Test
    void truncatedOrExtendedProofIsRejected() {
        ModelProver.Result r = small();
        byte[] p = r.proof;
        for (int cut = 0; cut < 100; cut++) rejects(vk(), r.input, r.output, Arrays.copyOf(p, cut));
        for (int cut = 100; cut < p.length; cut += Math.max(1, p.length / 200)) rejects(vk(), r.input, r.output, Arrays.copyOf(p, cut));
        for (int k = 1; k <= 16; k++) rejects(vk(), r.input, r.output, Arrays.copyOf(p, p.length - k));
        for (int extra : new int[] {1, 8, 16, 32, 1000}) {
            assertTrue(rejects(vk(), r.input, r.output, Arrays.copyOf(p, p.length + extra)).contains("trailing"), "extended by " + extra);
        }
        byte[] twice = Arrays.copyOf(p, 2 * p.length);
        System.arraycopy(p, 0, twice, p.length, p.length);
        rejects(vk(), r.input, r.output, twice);
        rejects(vk(), r.input, r.output, new byte[0]);
        byte[] noise = new byte[p.length];
        new Random(1).nextBytes(noise);
        noise[0] = (byte) GraphProtocol.FORMAT_VERSION;
        rejects(vk(), r.input, r.output, noise);
    }

    /** Offset of the first node message: version byte, then the advice commitment (numVars u32, Merkle root). */
    private static final int FIRST_MESSAGE = 1 + 4 + Hash.DIGEST_BYTES;

    @Test
    void nonCanonicalFieldElementsAreRejectedAtDecoding() {
        // The last node (Gemm4, public output) first sends its remainder limb's evaluation and its bias evaluation:
        // two extension elements, four base-field slots of 8 bytes (little-endian). Any slot >= p must be refused by
        // the decoder (ProofFormatException), not just fail a later check: else v and v + p would be two encodings.
        ModelProver.Result r = small();
        long p = Goldilocks.P;
        for (int slot = 0; slot < 4; slot++) {
            int at = FIRST_MESSAGE + 8 * slot;
            long honest = readU64(r.proof, at);
            assertTrue(Long.compareUnsigned(honest, p) < 0, "slot " + slot + " holds a canonical field element");
            long[] bad = {p, p + 1, -1L, Long.compareUnsigned(honest, 0xFFFFFFFFL - 1) < 0 ? honest + p : p + 2};
            for (long v : bad) {
                byte[] c = r.proof.clone();
                writeU64(c, at, v);
                ProofFormatException e = assertThrows(ProofFormatException.class, () -> ModelVerifier.verify(vk(), r.input, r.output, c), "slot " + slot);
                assertTrue(e.getMessage().contains("not canonical"), e.getMessage());
            }
        }
        // the commitment's numVars is a length, not a field element: a wrong value is refused too
        byte[] c = r.proof.clone();
        c[1] ^= 1;
        rejects(vk(), r.input, r.output, c);
    }

    static long readU64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (b[at + i] & 0xFFL) << (8 * i);
        return v;
    }

    static void writeU64(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    // ------------------------------------------------------------------ transcript binding

    @Test
    void firstChallengeChangesWithEveryStatementElement() {
        ModelProver.Result r = small();
        GoldilocksExt2 base = GraphProtocol.statement(vk(), r.input, r.output).challengeExt("c");
        assertEquals(base, GraphProtocol.statement(vk(), r.input, r.output).challengeExt("c"));
        java.util.Set<GoldilocksExt2> seen = new java.util.HashSet<>();
        seen.add(base);
        for (int i = 0; i < r.input.length; i++) {
            for (long d : new long[] {1, -1}) {
                assertTrue(seen.add(GraphProtocol.statement(vk(), bump(r.input, i, d), r.output).challengeExt("c")), "input " + i + " by " + d);
            }
        }
        for (int i = 0; i < r.output.length; i++) {
            for (long d : new long[] {1, -1}) {
                assertTrue(seen.add(GraphProtocol.statement(vk(), r.input, bump(r.output, i, d)).challengeExt("c")), "output " + i + " by " + d);
            }
        }
        // the boundary between input and output is bound (lengths are absorbed): moving a value across it changes it
        long[] in2 = Arrays.copyOf(r.input, r.input.length + 1);
        in2[r.input.length] = r.output[0];
        long[] out2 = Arrays.copyOfRange(r.output, 1, r.output.length);
        assertTrue(seen.add(GraphProtocol.statement(vk(), in2, out2).challengeExt("c")), "input/output boundary");
        // the key: another architecture, other weights, one weight, one attribute
        assertTrue(seen.add(GraphProtocol.statement(ModelSetup.setup(Models.mlp(61, 12, "Gemm8", "Relu", "Gemm4"), Visibility.ALL_PUBLIC).verifyingKey(), r.input, r.output).challengeExt("c")));
        assertTrue(seen.add(GraphProtocol.statement(ModelSetup.setup(smallModel(62), Visibility.ALL_PUBLIC).verifyingKey(), r.input, r.output).challengeExt("c")));
        QuantizedModel m = smallModel(61);
        m.constants.get("b0").values[0] += 1;
        assertTrue(seen.add(GraphProtocol.statement(ModelSetup.setup(m, Visibility.ALL_PUBLIC).verifyingKey(), r.input, r.output).challengeExt("c")), "one bias");
        QuantizedModel m2 = smallModel(61);
        m2.nodes.get(1).name = "relu";
        assertTrue(seen.add(GraphProtocol.statement(ModelSetup.setup(m2, Visibility.ALL_PUBLIC).verifyingKey(), r.input, r.output).challengeExt("c")), "a node name");
        // every byte of the key's encoding, through the digest
        byte[] kb = vk().toBytes();
        for (int i = 0; i < kb.length; i++) {
            byte[] c = kb.clone();
            c[i] ^= (byte) (1 << (i % 8));
            try {
                VerifyingKey k = VerifyingKey.fromBytes(c);
                assertNotEquals(base, GraphProtocol.statement(k, r.input, r.output).challengeExt("c"), "vk byte " + i);
            } catch (ProofFormatException expected) {
                // not a key at all
            }
        }
    }

    @Test
    void everyProverMessageIsBoundBeforeTheNextChallenge() {
        // replay the verifier on a proof whose first node message (an evaluation) is changed by one, re-encoded
        // canonically: the honest messages after it no longer fit the challenges, so the node's check fails
        ModelProver.Result r = small();
        for (int slot = 0; slot < 4; slot++) {
            int at = FIRST_MESSAGE + 8 * slot;
            byte[] c = r.proof.clone();
            writeU64(c, at, Goldilocks.add(readU64(r.proof, at), 1));
            String m = rejects(vk(), r.input, r.output, c);
            assertFalse(m.contains("canonical"), m);
        }
        // the advice commitment's root: every bit of its first byte
        for (int bit = 0; bit < 8; bit++) {
            byte[] c = r.proof.clone();
            c[5] ^= (byte) (1 << bit);
            rejects(vk(), r.input, r.output, c);
        }
    }
}
