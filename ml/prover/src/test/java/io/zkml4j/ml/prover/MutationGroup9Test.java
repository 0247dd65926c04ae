package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.lookup.FunctionTable;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.ml.quant.UnaryFunction;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards and helpers of Broadcast, Circuit, NodeSpec and OpProofs that the mutation run (docs/mutation.md, ml/prover
 * group 9) found without a test: the shape rules, the key's structural guards (through {@link Circuit#build} on tensors
 * and nodes built by hand, as a key from elsewhere would give them), the table rules' decoding.
 */
class MutationGroup9Test {
    // ------------------------------------------------------------------ Broadcast

    @Test
    void broadcastShapesFollowNumpy() {
        assertArrayEquals(new int[] {2, 3}, Broadcast.shape(new int[] {2, 3}, new int[] {3}));
        assertArrayEquals(new int[] {2, 3}, Broadcast.shape(new int[] {2, 1}, new int[] {1, 3}));
        assertArrayEquals(new int[] {4, 2, 3}, Broadcast.shape(new int[] {1, 3}, new int[] {4, 2, 1}));
        assertNull(Broadcast.shape(new int[] {2, 3}, new int[] {2}));
        assertNull(Broadcast.shape(new int[] {3, 2}, new int[] {2, 2}));
        assertNull(Broadcast.shape(new int[] {2}, new int[] {3, 4}));
    }

    @Test
    void broadcastValuesFollowNumpy() {
        assertArrayEquals(new long[] {1, 2, 3, 1, 2, 3}, Broadcast.values(new long[] {1, 2, 3}, new int[] {1, 3}, new int[] {2, 3}));
        assertArrayEquals(new long[] {1, 1, 1, 2, 2, 2}, Broadcast.values(new long[] {1, 2}, new int[] {2, 1}, new int[] {2, 3}));
        assertArrayEquals(new long[] {4, 5, 4, 5}, Broadcast.values(new long[] {4, 5}, new int[] {2}, new int[] {2, 2}));
        // more dimensions than the target: only leading 1s may be dropped
        assertArrayEquals(new long[] {7, 8}, Broadcast.values(new long[] {7, 8}, new int[] {1, 1, 2}, new int[] {2}));
        assertNull(Broadcast.values(new long[] {7, 8}, new int[] {2, 1, 1}, new int[] {1}));
        assertNull(Broadcast.values(new long[] {7, 8}, new int[] {1, 2, 1}, new int[] {1}));
        // a dimension that is neither 1 nor the target's
        assertNull(Broadcast.values(new long[3], new int[] {3}, new int[] {2, 2}));
        assertNull(Broadcast.values(new long[4], new int[] {2, 2}, new int[] {3, 2}));
        assertNull(Broadcast.values(new long[4], new int[] {2, 2}, new int[] {2, 3}));
    }

    @Test
    void aSubPointOfAnOperandThatDoesNotBroadcastIsAnInternalError() {
        GoldilocksExt2[] r = new GoldilocksExt2[3];
        Arrays.fill(r, GoldilocksExt2.ONE);
        assertEquals(2, Broadcast.subPoint(new int[] {2, 3}, new int[] {3}, r).length);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Broadcast.subPoint(new int[] {2, 3}, new int[] {4}, r));
        assertEquals("internal: operand [4] does not broadcast to [2, 3]", e.getMessage());
    }

    // ------------------------------------------------------------------ Circuit: a key's structure

    private static Vec vec(int id, String name, Vec.Kind kind, int... shape) {
        return new Vec(id, name, kind, shape);
    }

    private static NodeSpec relu(int in, int out) {
        return new NodeSpec("Relu", "r", new int[] {in}, new int[] {out}, new long[] {1, 0, 0, 0}, List.of());
    }

    private static String malformed(List<Vec> tensors, NodeSpec... nodes) {
        return assertThrows(IllegalArgumentException.class, () -> Circuit.build(tensors, List.of(nodes), 24)).getMessage();
    }

    @Test
    void aKeysTensorsAndWiringAreCheckedByName() {
        List<Vec> ok = List.of(vec(0, "x", Vec.Kind.INPUT, 4), vec(1, "y", Vec.Kind.OUTPUT, 4));
        Circuit.build(ok, List.of(relu(0, 1)), 24);
        // the output at id 0 is a valid id
        Circuit.build(List.of(vec(0, "y", Vec.Kind.OUTPUT, 4), vec(1, "x", Vec.Kind.INPUT, 4)), List.of(relu(1, 0)), 24);
        assertEquals("tensor ids must be 0..1", malformed(List.of(vec(0, "x", Vec.Kind.INPUT, 4), vec(2, "y", Vec.Kind.OUTPUT, 4)), relu(0, 1)));
        assertEquals("tensor ids must be 0..1", malformed(List.of(vec(0, "x", Vec.Kind.INPUT, 4), vec(1, "y", Vec.Kind.REGION, 4)), relu(0, 1)));
        assertEquals("node 'r' (Relu): input tensor 2 unknown", malformed(ok, relu(2, 1)));
        assertEquals("node 'r' (Relu): input tensor -1 unknown", malformed(ok, relu(-1, 1)));
        assertEquals("node 'r' (Relu): output tensor 2 unknown", malformed(ok, relu(0, 2)));
        assertEquals("node 'r' (Relu): output tensor -1 unknown", malformed(ok, relu(0, -1)));
        assertEquals("node 'r' (Relu): writes INPUT tensor x", malformed(List.of(vec(0, "x", Vec.Kind.INPUT, 4), vec(1, "y", Vec.Kind.INPUT, 4)), relu(1, 0)));
        assertEquals("node 'r' (Relu): writes CONST tensor c", malformed(List.of(vec(0, "x", Vec.Kind.INPUT, 4), vec(1, "c", Vec.Kind.CONST, 4)), relu(0, 1)));
    }

    @Test
    void aModelWithoutConstantsHasNoConstantTable() {
        Circuit c = Circuit.build(List.of(vec(0, "x", Vec.Kind.INPUT, 4), vec(1, "y", Vec.Kind.OUTPUT, 4)), List.of(relu(0, 1)), 24);
        assertEquals(-1, c.constVars);
        assertTrue(c.adviceVars > 0);
    }

    @Test
    void aModelWithNothingToCommitHasNoAdviceTableAndItsProofVerifies() {
        // x -> Flatten -> y, both public: no advice vector, no advice commitment in the proof
        ElementwiseProofTest.G g = new ElementwiseProofTest.G(901, 1, 2, 2);
        ProvingKey pk = ModelSetup.setup(g.compile(g.op("Flatten", "x"), 1), Visibility.ALL_PUBLIC);
        assertEquals(-1, pk.vk.circuit.adviceVars);
        long[] x = Models.randomInput(902, pk.vk.inputLength());
        ModelProver.Result r = ModelProver.proveQuantized(pk, x);
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
    }

    @Test
    void onlyAModelInputOrOutputIsHidden() {
        for (Vec.Kind k : new Vec.Kind[] {Vec.Kind.INPUT, Vec.Kind.OUTPUT}) assertTrue(new Vec(0, "v", k, new int[] {4}, true).committedPerProof());
        for (Vec.Kind k : new Vec.Kind[] {Vec.Kind.ADVICE, Vec.Kind.CONST}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Vec(0, "v", k, new int[] {4}, true));
            assertEquals("only a model input or output is hidden", e.getMessage());
        }
    }

    @Test
    void theConstantTableHoldsAtMost2To28Entries() {
        // constants are laid out without their values: a table of exactly 2^28 entries is allowed, one entry more is not
        Vec x = vec(0, "x", Vec.Kind.INPUT, 4), y = vec(3, "y", Vec.Kind.OUTPUT, 4);
        Circuit c = Circuit.build(List.of(x, vec(1, "w", Vec.Kind.CONST, 1 << 14, 1 << 13), vec(2, "v", Vec.Kind.CONST, 1 << 14, 1 << 13), y), List.of(relu(0, 3)), 24);
        assertEquals(Circuit.MAX_TABLE_VARS, c.constVars);
        ModelException e = assertThrows(ModelException.class, () -> Circuit.build(List.of(x, vec(1, "w", Vec.Kind.CONST, 1 << 14, 1 << 14),
                vec(2, "v", Vec.Kind.CONST, 1), y), List.of(relu(0, 3)), 24));
        assertEquals("the proof needs a table of 2^29 entries (at most 2^28)", e.getMessage());
    }

    @Test
    void aDeclarationsRangeAndLookupColumnsAreChecked() {
        Circuit c = Circuit.build(List.of(vec(0, "x", Vec.Kind.INPUT, 4), vec(1, "y", Vec.Kind.OUTPUT, 4)), List.of(relu(0, 1)), 24);
        NodeSpec n = c.nodes.get(0);
        Circuit.Declarer d = c.new Declarer(n);
        for (int bits : new int[] {1, 62}) assertEquals(bits, d.range("ok" + bits, new int[] {4}, bits).bits);
        for (int bits : new int[] {0, 63}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.range("bad", new int[] {4}, bits));
            assertEquals("node 'r' (Relu): range of " + bits + " bits", e.getMessage());
        }
        TableRule rule = new TableRule(UnaryFunction.EXP, null, 4, 4, 4, -8, 7, false);
        int a = d.aux("a", new int[] {4}), b = d.aux("b", new int[] {4}), wide = d.aux("w", new int[] {8});
        d.lookup(rule, a, b);
        assertEquals("node 'r' (Relu): lookup columns of different shapes", assertThrows(IllegalArgumentException.class, () -> d.lookup(rule, a, wide)).getMessage());
        assertEquals("node 'r' (Relu): looked-up columns must be committed advice", assertThrows(IllegalArgumentException.class, () -> d.lookup(rule, 0, b)).getMessage());
        assertEquals("node 'r' (Relu): looked-up columns must be committed advice", assertThrows(IllegalArgumentException.class, () -> d.lookup(rule, a, 1)).getMessage());
    }

    private static final java.util.concurrent.atomic.AtomicLong FRESH = new java.util.concurrent.atomic.AtomicLong();

    @Test
    void aFunctionTableCoversItsWholeDomain() {
        // a rule no earlier call used (ELU's alpha drawn afresh), so the table is built here, not taken from the cache
        // (which outlives a test: PIT runs many mutants in one JVM)
        double alpha = 0.5 + FRESH.incrementAndGet() * 1e-9;
        TableRule full = new TableRule(UnaryFunction.ELU, new double[] {alpha}, 3, 5, 4, -8, 7, false);
        FunctionTable t = Circuit.functionTable(full);
        assertNotNull(t);
        assertEquals(io.zkml4j.field.Goldilocks.fromSigned(full.entry(-8)), t.apply(-8)); // ELU is negative there: a field element
        assertEquals(io.zkml4j.field.Goldilocks.fromSigned(full.entry(7)), t.apply(7));
        for (long[] d : new long[][] {{-7, 7}, {-8, 6}}) {
            TableRule part = new TableRule(UnaryFunction.ELU, new double[] {alpha}, 3, 5, 4, d[0], d[1], false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Circuit.functionTable(part));
            assertTrue(e.getMessage().endsWith("does not cover its full 4-bit domain"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ NodeSpec, OpProofs

    @Test
    void aNodesParametersAndModeAreCheckedByName() {
        NodeSpec n = new NodeSpec("Pow", "p", new int[] {0}, new int[] {1}, new long[] {7}, List.of());
        assertEquals(7, n.param(0));
        assertEquals("node 'p' (Pow): parameter 1 missing", assertThrows(ProofFormatException.class, () -> n.param(1)).getMessage());
        assertEquals(0, n.withoutMode().p.length);
        NodeSpec none = new NodeSpec("Pow", "p", new int[] {0}, new int[] {1}, new long[0], List.of());
        assertEquals("node 'p' (Pow): mode missing", assertThrows(ProofFormatException.class, none::withoutMode).getMessage());
        assertEquals("operator NoSuchOp has no proof", assertThrows(IllegalArgumentException.class, () -> OpProofs.of("NoSuchOp")).getMessage());
    }

    /**
     * A table rule's encoding with the given scales and saturation byte (as {@link NodeSpec#writeRule} writes it),
     * ending with its table's digest (zeros for a rule the decoder refuses before reading it).
     */
    private static byte[] rule(long sIn, long sOut, int sat) {
        FieldWriter w = new FieldWriter();
        NodeSpec.writeString(w, UnaryFunction.ELU.name());
        w.u32(1).u64(Double.doubleToRawLongBits(0.75));
        w.u64(sIn).u64(sOut).u32(4).u64(-8).u64(7).u8(sat);
        boolean valid = Math.abs(sIn) <= 1000 && Math.abs(sOut) <= 1000 && sat <= 1;
        w.bytes(valid ? Circuit.functionTable(new TableRule(UnaryFunction.ELU, new double[] {0.75}, (int) sIn, (int) sOut, 4, -8, 7, sat == 1)).digest()
                : new byte[io.zkml4j.hash.Hash.DIGEST_BYTES]);
        return w.toByteArray();
    }

    @Test
    void tableRulesDecodeTheirParametersAndCheckTheirScalesAndFlag() {
        TableRule r = NodeSpec.readRule(new FieldReader(rule(1000, -1000, 1)));
        assertEquals(UnaryFunction.ELU, r.fn());
        assertArrayEquals(new double[] {0.75}, r.params());
        assertEquals(List.of(1000, -1000, 4, -8L, 7L, true), List.of(r.sIn(), r.sOut(), r.bits(), r.lo(), r.hi(), r.saturate()));
        FieldWriter back = new FieldWriter();
        NodeSpec.writeRule(back, r);
        assertArrayEquals(rule(1000, -1000, 1), back.toByteArray());
        for (long[] s : new long[][] {{1001, 0}, {-1001, 0}, {0, 1001}, {0, -1001}}) {
            ProofFormatException e = assertThrows(ProofFormatException.class, () -> NodeSpec.readRule(new FieldReader(rule(s[0], s[1], 0))));
            assertEquals("table scale out of range", e.getMessage());
        }
        ProofFormatException e = assertThrows(ProofFormatException.class, () -> NodeSpec.readRule(new FieldReader(rule(0, 0, 2))));
        assertEquals("table saturation flag 2 is not 0 or 1", e.getMessage());
    }

    @Test
    void stringsMustBeCanonicalUtf8() {
        FieldWriter w = new FieldWriter().u32(2).bytes(new byte[] {(byte) 0xC0, (byte) 0x80}); // an overlong NUL
        ProofFormatException e = assertThrows(ProofFormatException.class, () -> NodeSpec.readString(new FieldReader(w.toByteArray()), "node name"));
        assertEquals("node name: not canonical UTF-8", e.getMessage());
        FieldWriter ok = new FieldWriter();
        NodeSpec.writeString(ok, "größe");
        assertEquals("größe", NodeSpec.readString(new FieldReader(ok.toByteArray()), "node name"));
    }
}
