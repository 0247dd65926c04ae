package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import org.junit.jupiter.api.Test;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.lookup.LogUpGkr;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.lookup.LookupShape;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.pcs.Blinding;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.MultilinearPcs;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.pcs.PcsProof;
import io.zkml4j.pcs.PcsProverData;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding guards of VerifyingKey and ModelVerifier's soundness floor that the mutation run (docs/mutation.md, ml/prover
 * group 10) found without a test: each malformed key is the honest key's encoding with one field changed (at the
 * limit a guard allows, and one beyond), so only the guard named by the message stops it.
 */
class MutationGroup10Test {
    /** Gemm, Relu, Gemm: constants, an advice tensor, one input and one output. */
    private static final VerifyingKey VK = ModelSetup.setup(PrivateVisibilityTest.MLP, Visibility.ALL_PUBLIC).verifyingKey();

    /** A key's fields as {@link VerifyingKey#toBytes} writes them, to be changed one at a time. */
    static final class Parts {
        int version = VerifyingKey.VERSION, rangeBits, visibility;
        final List<String> names = new ArrayList<>();
        final List<Integer> kinds = new ArrayList<>();
        final List<int[]> shapes = new ArrayList<>();
        final List<Long> scales = new ArrayList<>();
        List<NodeSpec> nodes;
        int[] inputs, outputs;
        int constFlag;
        io.zkml4j.pcs.PcsCommitment constants;
        final VerifyingKey of;

        Parts(VerifyingKey k) {
            of = k;
            rangeBits = k.rangeBits;
            visibility = k.visibility.bits();
            for (Vec v : k.tensors) {
                names.add(v.name);
                kinds.add(v.kind.ordinal() | (v.bits ? 0x10 : 0));
                shapes.add(v.shape.clone());
                scales.add((long) k.scales[v.id]);
            }
            nodes = new ArrayList<>(k.nodes);
            inputs = k.inputs.clone();
            outputs = k.outputs.clone();
            constFlag = k.constants == null ? 0 : 1;
            constants = k.constants;
        }

        int tensor(String name) {
            return names.indexOf(name);
        }

        byte[] encode() {
            FieldWriter w = new FieldWriter().u8(version);
            of.pcs.writeScheme(w);
            w.u8(of.pcs.hiding() ? VerifyingKey.KIND_ZK : VerifyingKey.KIND_VALIDITY);
            w.u32(rangeBits).u8(visibility).u32(names.size());
            for (int i = 0; i < names.size(); i++) {
                NodeSpec.writeString(w, names.get(i));
                w.u8(kinds.get(i)).u32(shapes.get(i).length);
                for (int d : shapes.get(i)) w.u32(d);
                w.u64(scales.get(i));
            }
            VerifyingKey.writeWiring(w, nodes, inputs, outputs);
            w.u8(constFlag);
            if (constants != null && constFlag != 0) constants.writeTo(w);
            byte[] proof = constantsPaddingProof(w.toByteArray());
            return w.u32(proof.length).bytes(proof).toByteArray();
        }

        /**
         * The constants' padding proof for these fields (it is bound to all of them), made over a zero table: the
         * guards under test run before it is checked, and a key these fields make then decodes.
         */
        private byte[] constantsPaddingProof(byte[] statement) {
            byte[] own = of.toBytes();
            if (java.util.Arrays.equals(statement, java.util.Arrays.copyOf(own, statement.length))) return of.constPaddingProof;
            try {
                List<Vec> vs = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) vs.add(new Vec(i, names.get(i), Vec.Kind.values()[kinds.get(i) & ~0x10], shapes.get(i)));
                Circuit c = Circuit.build(VerifyingKey.copies(vs, Visibility.fromBits(visibility)), nodes, rangeBits);
                return ConstantsPadding.prove(c, statement, c.constVars < 0 ? null : new long[1 << c.constVars], false);
            } catch (RuntimeException e) {
                return new byte[0]; // fields no circuit is built from: the key's own guards refuse them first
            }
        }
    }

    /** x -> Relu -> y on [1, 4]: no constants, so shapes and kinds can change without a weight's shape to match. */
    private static final VerifyingKey RELU;

    static {
        ElementwiseProofTest.G g = new ElementwiseProofTest.G(1001, 1, 4);
        RELU = ModelSetup.setup(g.compile(g.op("Relu", "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    private static byte[] edited(VerifyingKey k, Consumer<Parts> edit) {
        Parts p = new Parts(k);
        edit.accept(p);
        return p.encode();
    }

    private static VerifyingKey decodes(Consumer<Parts> edit) {
        return decodes(VK, edit);
    }

    private static VerifyingKey decodes(VerifyingKey k, Consumer<Parts> edit) {
        return VerifyingKey.fromBytes(edited(k, edit));
    }

    private static String refused(Consumer<Parts> edit) {
        return refused(VK, edit);
    }

    private static String refused(VerifyingKey k, Consumer<Parts> edit) {
        byte[] b = edited(k, edit);
        return assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(b)).getMessage();
    }

    /** Appends a tensor (the next id) of the given kind, shape and scale 0; returns its id. */
    private static int add(Parts p, String name, Vec.Kind kind, int... shape) {
        p.names.add(name);
        p.kinds.add(kind.ordinal());
        p.shapes.add(shape);
        p.scales.add(0L);
        return p.names.size() - 1;
    }

    /** An extra model input no node reads, of the given shape: decoded alone by the tensor guards. */
    private static Consumer<Parts> extraInput(int... shape) {
        return p -> p.inputs = append(p.inputs, add(p, "z", Vec.Kind.INPUT, shape));
    }

    private static int[] append(int[] a, int v) {
        int[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }

    @Test
    void theEncoderWritesTheKeysOwnBytes() {
        assertArrayEquals(VK.toBytes(), edited(VK, p -> {}));
        assertArrayEquals(RELU.toBytes(), edited(RELU, p -> {}));
    }

    @Test
    void aKeyWithTrailingBytesIsRefusedByName() {
        byte[] b = java.util.Arrays.copyOf(VK.toBytes(), VK.toBytes().length + 3);
        assertEquals("verifying key: 3 trailing bytes", assertThrows(ProofFormatException.class, () -> VerifyingKey.fromBytes(b)).getMessage());
    }

    @Test
    void theVersionAndTheTensorKindsAreChecked() {
        assertEquals("verifying key: unknown format version " + (VerifyingKey.VERSION - 1), refused(p -> p.version = VerifyingKey.VERSION - 1));
        assertEquals("verifying key: unknown format version " + (VerifyingKey.VERSION + 1), refused(p -> p.version = VerifyingKey.VERSION + 1));
        int y = new Parts(VK).outputs[0];
        assertEquals("tensor kind 4 unknown", refused(p -> p.kinds.set(y, Vec.Kind.REGION.ordinal())));
        assertEquals("tensor kind 5 unknown", refused(p -> p.kinds.set(y, 5)));
        // the BOOL flag: on an input it decodes (a BOOL input), on any other kind it is refused by name
        int x = new Parts(VK).inputs[0];
        assertEquals(true, decodes(p -> p.kinds.set(x, 0x10)).tensors.get(x).bits);
        assertEquals("tensor " + VK.tensors.get(y).name + ": only an input is declared boolean",
                refused(p -> p.kinds.set(y, Vec.Kind.OUTPUT.ordinal() | 0x10)));
    }

    @Test
    void aTensorsRankDimensionsSizeAndScaleAreBounded() {
        assertEquals(VerifyingKey.MAX_RANK, decodes(RELU, extraInput(1, 1, 1, 1, 1, 1, 1, 2)).tensors.get(2).shape.length);
        assertEquals("tensor of rank 0", refused(RELU, extraInput()));
        // every dimension in [1, 2^26], their product at most 2^26
        assertEquals(RELU.inputLength() + (1 << 26), decodes(RELU, extraInput(1 << 26)).inputLength());
        decodes(RELU, extraInput(1 << 13, 1 << 13));
        assertEquals("tensor dimension 0 out of range", refused(RELU, extraInput(4, 0)));
        assertEquals("tensor dimension 67108865 out of range", refused(RELU, extraInput((1 << 26) + 1)));
        assertEquals("tensor z too large", refused(RELU, extraInput(1 << 13, (1 << 13) + 1)));
        assertEquals("tensor z too large", refused(RELU, extraInput(4, 1 << 25, 1)));
        int x = RELU.inputs[0];
        for (long s : new long[] {-1000, 1000}) assertEquals(s, decodes(RELU, p -> p.scales.set(x, s)).scales[x]);
        for (long s : new long[] {-1001, 1001}) assertEquals("tensor scale " + s + " out of range", refused(RELU, p -> p.scales.set(x, s)));
    }

    @Test
    void theRangeBudgetAndTheConstantFlagAreBounded() {
        for (int b : new int[] {VerifyingKey.MIN_RANGE_BITS, VerifyingKey.MAX_RANGE_BITS}) assertEquals(b, decodes(RELU, p -> p.rangeBits = b).rangeBits);
        for (int b : new int[] {VerifyingKey.MIN_RANGE_BITS - 1, VerifyingKey.MAX_RANGE_BITS + 1}) {
            assertEquals("verifying key: range budget " + b + " bits out of range", refused(RELU, p -> p.rangeBits = b));
        }
        assertEquals("constant flag 2 is not 0 or 1", refused(p -> p.constFlag = 2));
        assertEquals("verifying key: constant commitment present iff the model has constants", refused(p -> p.constFlag = 0));
        // another model's commitment: a table of another size
        VerifyingKey wider = ModelSetup.setup(Models.mlp(31, 12, "Gemm16", "Relu", "Gemm4"), Visibility.ALL_PUBLIC).verifyingKey();
        assertEquals("verifying key: constant commitment of the wrong size", refused(p -> p.constants = wider.constants));
    }

    @Test
    void theInputsAndOutputsAreTheKeysPublicTensorsEachOnce() {
        int x = RELU.inputs[0], y = RELU.outputs[0], n = RELU.tensors.size();
        assertEquals("verifying key: a model needs at least one input and one output", refused(RELU, p -> p.inputs = new int[0]));
        assertEquals("verifying key: a model needs at least one input and one output", refused(RELU, p -> p.outputs = new int[0]));
        // (a negative id does not decode: u32 refuses it)
        for (int id : new int[] {n, y}) assertEquals("verifying key: tensor " + id + " is not a INPUT", refused(RELU, p -> p.inputs = new int[] {id}));
        for (int id : new int[] {n, x}) assertEquals("verifying key: tensor " + id + " is not a OUTPUT", refused(RELU, p -> p.outputs = new int[] {id}));
        assertEquals("verifying key: an input or output is listed twice", refused(RELU, p -> p.inputs = new int[] {x, x}));
        assertEquals("verifying key: an input or output is listed twice", refused(RELU, p -> p.outputs = new int[] {y, y}));
        // an input or output tensor the lists leave out
        assertEquals("verifying key: public tensors are not the declared inputs and outputs", refused(RELU, p -> add(p, "z", Vec.Kind.INPUT, 4)));
        assertEquals("verifying key: public tensors are not the declared inputs and outputs", refused(RELU, p -> add(p, "z", Vec.Kind.OUTPUT, 4)));
    }

    @Test
    void everyComputedTensorIsWrittenExactlyOnce() {
        NodeSpec relu = RELU.nodes.get(0);
        assertEquals("verifying key: tensor " + RELU.tensors.get(relu.out[0]).name + " is written twice",
                refused(RELU, p -> p.nodes.add(new NodeSpec(relu.op, "again", relu.in, relu.out, relu.p, relu.rules))));
        assertEquals("verifying key: tensor a is never computed", refused(RELU, p -> add(p, "a", Vec.Kind.ADVICE, 4)));
        assertEquals("verifying key: tensor z is never computed", refused(RELU, p -> p.outputs = append(p.outputs, add(p, "z", Vec.Kind.OUTPUT, 4))));
    }

    // ------------------------------------------------------------------ ModelVerifier: the soundness floor

    /** Ligero with the soundness it reports lowered (as another scheme's weaker figure would be): everything else its. */
    private record WeakPcs(MultilinearPcs pcs, double bits) implements MultilinearPcs {
        public void writeScheme(io.zkml4j.field.codec.FieldWriter w) {
            pcs.writeScheme(w);
        }

        public String describe() {
            return pcs.describe();
        }

        public double soundnessBits(int numVars) {
            return bits;
        }

        public PcsProverData commit(long[] evals, Blinding blinding) {
            return pcs.commit(evals, blinding);
        }

        public PcsProof open(List<? extends PcsProverData> committed, List<EvalClaim> claims, Transcript t, Blinding blinding) {
            return pcs.open(committed, claims, t, blinding);
        }

        public void writeProverData(PcsProverData data, java.io.DataOutputStream out) throws java.io.IOException {
            pcs.writeProverData(data, out);
        }

        public PcsProverData readProverData(java.nio.channels.FileChannel ch, long position, long[] evals) throws java.io.IOException {
            return pcs.readProverData(ch, position, evals);
        }

        public void verify(List<? extends PcsCommitment> commitments, List<EvalClaim> claims, PcsProof proof, Transcript t) {
            pcs.verify(commitments, claims, proof, t);
        }

        public PcsProof readProof(FieldReader in, List<? extends PcsCommitment> commitments, List<EvalClaim> claims) {
            return pcs.readProof(in, commitments, claims);
        }

        public PcsCommitment readCommitment(FieldReader in) {
            return pcs.readCommitment(in);
        }

        public PcsProof proofFromBytes(byte[] bytes, List<? extends PcsCommitment> commitments, List<EvalClaim> claims) {
            return pcs.proofFromBytes(bytes, commitments, claims);
        }

        public PcsCommitment commitmentFromBytes(byte[] bytes) {
            return pcs.commitmentFromBytes(bytes);
        }
    }

    @Test
    void anHonestProofUnderAKeyBelowTheSoundnessFloorIsRejectedByTheFloor() {
        // the same key (same bytes, same digest) whose scheme reports 98 bits: the proof itself holds, only the floor
        // objects
        ProvingKey pk = ModelSetup.setup(PrivateVisibilityTest.MLP, Visibility.ALL_PUBLIC);
        ModelProver.Result r = ModelProver.proveQuantized(pk, PrivateVisibilityTest.input());
        VerifyingKey k = pk.verifyingKey();
        VerifyingKey weak = new VerifyingKey(new WeakPcs(k.pcs, 98), k.rangeBits, k.visibility, k.tensors, k.scales, k.nodes, k.inputs, k.outputs, k.constants, k.constPaddingProof);
        assertArrayEquals(k.digest(), weak.digest());
        ModelVerifier.verify(k, r.input, r.output, r.proof);
        VerificationException e = assertThrows(VerificationException.class, () -> ModelVerifier.verify(weak, r.input, r.output, r.proof));
        assertTrue(e.getMessage().startsWith("the key's soundness bound is 98.0 bits, below the 99-bit floor"), e.getMessage());
    }

    @Test
    void aBudgetOfExactly99BitsIsAccepted() {
        assertEquals(99.0, ModelVerifier.SoundnessBudget.bitsOf(Math.pow(2, -99)), 0);
        assertNull(ModelVerifier.shortfall(new ModelVerifier.SoundnessBudget(Math.pow(2, -99), 0, 0, 0)));
        assertNotNull(ModelVerifier.shortfall(new ModelVerifier.SoundnessBudget(Math.pow(2, -99) * 1.0001, 0, 0, 0)));
    }

    @Test
    void aKeysBudgetIsItsPartsCountedByHand() {
        // x [1, 2, 2] private -> Flatten (an index node) -> Sigmoid (a table rule, four range checks) -> y: every
        // vector has 2 variables, the advice table 17
        ElementwiseProofTest.G g = new ElementwiseProofTest.G(1003, 1, 2, 2);
        VerifyingKey k = ModelSetup.setup(g.compile(g.op("Sigmoid", g.op("Flatten", "x")), 1), Visibility.DEFAULT).verifyingKey();
        Circuit c = k.circuit;
        assertEquals(List.of("Flatten", "Sigmoid"), c.nodes.stream().map(n -> n.op).toList());
        assertEquals(List.of(4, 6, 1, 17, -1), List.of(c.ranges.size(), c.rangeRegion.vars, c.ruleRegions.size(), c.adviceVars, c.constVars));
        double q = Math.pow(2, -127.99);
        // nodes: Flatten 2 |out| vars(x) = 4, Sigmoid 64 (2 + 2 + 1) = 320, x's budget identity vars(x) + 1 = 3
        double nodes = 327 * q;
        TableRule rule = c.ruleRegions.keySet().iterator().next();
        double lookups = Math.pow(2, -LogUpGkr.soundnessBits(c.rangeTable(), new LookupShape(6, 1)))
                + Math.pow(2, -LogUpGkr.soundnessBits(Circuit.functionTable(rule), new LookupShape(2, 1)));
        // claims: Flatten 1 (1 + 1), Sigmoid 64, four range checks 64 each, the range lookup 2, the rule 3, padding 1
        long claims = 2 + 64 + 4 * 64 + 2 + 3 + 1;
        double pcs = Math.pow(2, -k.pcs.soundnessBits(17)) + (claims - 1) * q + 2 * 17 * q; // + ClaimBatch's sumcheck, 2n
        ModelVerifier.SoundnessBudget b = ModelVerifier.budget(k);
        double[] expected = {nodes, lookups, 4 * 17 * q, pcs}, got = {b.nodes(), b.lookups(), b.padding(), b.pcs()};
        for (int i = 0; i < 4; i++) assertEquals(expected[i], got[i], expected[i] * 1e-12, "part " + i);
    }

    @Test
    void anIndexNodeWithTwoOutputsCountsEach() {
        // x [1, 4] -> Split (two outputs [1, 2]) -> Concat -> y, public: index nodes only, the advice table 2 variables
        ElementwiseProofTest.G g = new ElementwiseProofTest.G(1004, 1, 4);
        g.nodes.add(new Node("Split_s", "Split", "", List.of("x"), List.of("a", "b"), Map.of("axis", Attribute.ofInt("axis", 1))));
        VerifyingKey k = ModelSetup.setup(g.compile(g.op("Concat", Map.of("axis", Attribute.ofInt("axis", 1)), "b", "a"), 1), Visibility.ALL_PUBLIC).verifyingKey();
        assertEquals(List.of("Split", "Concat"), k.circuit.nodes.stream().map(n -> n.op).toList());
        assertEquals(2, k.circuit.adviceVars);
        double q = Math.pow(2, -127.99);
        ModelVerifier.SoundnessBudget b = ModelVerifier.budget(k);
        // nodes: Split 2 |out| vars(x) = 2 x 2 x 2, Concat 2 x 1 x (1 + 1); claims: Split 2 (1 + 1), Concat 1 (2 + 1), padding 1
        assertEquals(12 * q, b.nodes(), 12 * q * 1e-12);
        double pcs = Math.pow(2, -k.pcs.soundnessBits(2)) + 7 * q + 2 * 2 * q; // + ClaimBatch's sumcheck, 2n
        assertEquals(pcs, b.pcs(), pcs * 1e-12);
    }
}
