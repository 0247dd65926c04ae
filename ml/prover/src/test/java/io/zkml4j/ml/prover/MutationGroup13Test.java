package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.NodeKeyEdits.accepted;
import static io.zkml4j.ml.prover.NodeKeyEdits.editNode;
import static io.zkml4j.ml.prover.NodeKeyEdits.node;
import static io.zkml4j.ml.prover.NodeKeyEdits.refused;
import static io.zkml4j.ml.prover.NodeKeyEdits.shape;
import static io.zkml4j.ml.prover.NodeKeyEdits.withInputs;
import static io.zkml4j.ml.prover.NodeKeyEdits.withOutputs;
import static io.zkml4j.ml.prover.NodeKeyEdits.withParam;
import static io.zkml4j.ml.prover.NodeKeyEdits.withParams;
import static io.zkml4j.ml.prover.PowSqrtProofTest.provesQuantized;
import static io.zkml4j.ml.prover.PowSqrtProofTest.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.prover.ElementwiseProofTest.G;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.ml.quant.UnaryFunction;
import org.junit.jupiter.api.Test;

/**
 * The key guards of LinearProof, CompareProof and TableLookup (docs/mutation.md, ml/prover group 13), each through a
 * hand-edited key ({@link NodeKeyEdits}): at the limit a guard allows the key decodes, one beyond it is refused by the
 * node's own message. And TableLookup's range budget decision at its boundary: a table whose largest entry is exactly
 * 2^(B-1) bounds its committed output (a run reaching that entry is not provable), one whose entries stay below does
 * not; the saturating clamp's range width at the largest up-shift, by an honest proof at the most negative input.
 */
class MutationGroup13Test {
    private static final int B = ModelSetup.rangeBitsFor(20);

    // ------------------------------------------------------------------ LinearProof

    /** Gemm (x, W0, b0) -> Relu -> Gemm: node n0 reads tensors 0, 2, 3 (x [1, 12], W0 [12, 8], b0 [1, 8]) into 1 ([1, 8]). */
    private static final VerifyingKey MLP = ModelSetup.setup(PrivateVisibilityTest.MLP, Visibility.ALL_PUBLIC).verifyingKey();

    @Test
    void aLinearNodesArityAndBiasFlagMustAgree() {
        NodeSpec n = node(MLP, "Gemm");
        assertArrayEquals(new int[] {0, 2, 3}, n.in);
        assertEquals(1, n.p[1]);
        assertEquals("malformed", refused(MLP, n, editNode("Gemm", m -> withParam(m, 1, 0)))); // three inputs, no bias
        assertEquals("malformed", refused(MLP, n, editNode("Gemm", m -> withInputs(m, 0, 2)))); // a bias flag, two inputs
        assertEquals("malformed", refused(MLP, n, editNode("Gemm", m -> withOutputs(m, 1, 1))));
        // without the bias: x W0 alone, at the node's output shape
        accepted(MLP, editNode("Gemm", m -> withParam(withInputs(m, 0, 2), 1, 0)));
    }

    @Test
    void aLinearNodesShapesMustMultiplyAndMatchTheOutputAndTheBias() {
        NodeSpec n = node(MLP, "Gemm");
        assertEquals("operands do not multiply", refused(MLP, n, editNode("Gemm", m -> withInputs(m, 0, 0, 3)))); // [1, 12] x [1, 12]
        assertEquals("shapes disagree", refused(MLP, n, shape(1, 1, 9))); // the output [1, 9] for [1, 12] x [12, 8]
        assertEquals("shapes disagree", refused(MLP, n, editNode("Gemm", m -> withInputs(m, 0, 2, 7)))); // bias [1, 4]
    }

    @Test
    void theProductsOutputShapeIsNumpysMatmul() {
        assertArrayEquals(new int[] {8}, LinearProof.outShape(new int[] {12}, new int[] {12, 8}));
        assertArrayEquals(new int[] {1, 8}, LinearProof.outShape(new int[] {1, 12}, new int[] {12, 8}));
        assertArrayEquals(new int[] {2, 3, 8}, LinearProof.outShape(new int[] {2, 3, 12}, new int[] {12, 8}));
        assertNull(LinearProof.outShape(new int[] {1, 12}, new int[] {11, 8}));
        assertNull(LinearProof.outShape(new int[] {1, 12}, new int[] {12}));
        // batched right operands
        assertArrayEquals(new int[] {2, 3, 8}, LinearProof.outShape(new int[] {3, 12}, new int[] {2, 12, 8}));
        assertArrayEquals(new int[] {2, 3, 8}, LinearProof.outShape(new int[] {2, 3, 12}, new int[] {2, 12, 8}));
        assertArrayEquals(new int[] {2, 4, 3, 8}, LinearProof.outShape(new int[] {4, 3, 12}, new int[] {2, 1, 12, 8}));
        assertNull(LinearProof.outShape(new int[] {12}, new int[] {2, 12, 8}));
        assertNull(LinearProof.outShape(new int[] {3, 4, 12}, new int[] {2, 12, 8}));
    }

    // ------------------------------------------------------------------ CompareProof

    /** Less(x [2, 6], c [6]) -> y [2, 6]: parameters [up_a, up_b, difference bits]. */
    private static final VerifyingKey LESS;

    static {
        G g = new G(5, 2, 6);
        LESS = ModelSetup.setup(g.compile(g.op("Less", "x", g.c(0.7, 6)), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    @Test
    void aComparisonsShiftsAndDifferenceWidthAreBounded() {
        NodeSpec n = node(LESS, "Less");
        assertEquals(3, n.p.length);
        for (int i = 0; i < 2; i++) {
            int at = i;
            for (long u : new long[] {0, 40}) accepted(LESS, editNode("Less", m -> withParam(m, at, u)));
            for (long u : new long[] {-1, 41}) assertEquals("operand shift out of range", refused(LESS, n, editNode("Less", m -> withParam(m, at, u))));
        }
        for (long bits : new long[] {1, 62}) accepted(LESS, editNode("Less", m -> withParam(m, 2, bits)));
        for (long bits : new long[] {0, 63}) assertEquals("difference bits out of range", refused(LESS, n, editNode("Less", m -> withParam(m, 2, bits))));
    }

    @Test
    void aComparisonsArityAndShapesAreChecked() {
        NodeSpec n = node(LESS, "Less");
        assertEquals("malformed", refused(LESS, n, editNode("Less", m -> withInputs(m, m.in[0], m.in[1], m.in[1]))));
        assertEquals("malformed", refused(LESS, n, editNode("Less", m -> withInputs(m, m.in[0]))));
        assertEquals("malformed", refused(LESS, n, editNode("Less", m -> withOutputs(m, m.out[0], m.out[0]))));
        assertEquals("malformed", refused(LESS, n, editNode("Less", m -> withParams(m, 0, 0))));
        assertEquals("malformed", refused(LESS, n, editNode("Less", m -> withParams(m, 0, 0, 24, 0))));
        // x compared with itself broadcasts to the output's shape; an output of another shape does not match
        accepted(LESS, editNode("Less", m -> withInputs(m, m.in[0], m.in[0])));
        assertEquals("shapes disagree", refused(LESS, n, shape(n.out[0], 2, 5)));
        assertEquals("shapes disagree", refused(LESS, n, shape(n.out[0], 1, 6)));
    }

    // ------------------------------------------------------------------ WindowMax

    /** x [2, 6] -> ReduceMax over axis 1 -> y [2, 1]: a maximum over windows of 6 cells. */
    private static final VerifyingKey REDUCE_MAX;

    static {
        G g = new G(6, 2, 6);
        REDUCE_MAX = ModelSetup.setup(MaxSoftmaxProofTest.reduce(g, "ReduceMax", new long[] {1}, 1, false), Visibility.ALL_PUBLIC).verifyingKey();
    }

    @Test
    void aMaximumOverOneCellAndOverTheLargestWindowDeclares() {
        // windows of 1 and MAX_WINDOW cells are declared; one more cell is refused (by AxisMax, before WindowMax's own
        // guard, which every caller's check makes unreachable)
        NodeSpec n = node(REDUCE_MAX, "ReduceMax");
        accepted(REDUCE_MAX, shape(n.in[0], 2, 1));
        accepted(REDUCE_MAX, shape(n.in[0], 2, WindowMax.MAX_WINDOW));
        assertEquals("reduction too large", refused(REDUCE_MAX, n, shape(n.in[0], 2, WindowMax.MAX_WINDOW + 1)));
    }

    // ------------------------------------------------------------------ TableLookup: the rescale's limits

    /** x [2, 6] -> Sigmoid: a table lookup after a rescale by 2^k, k = p[0]. */
    private static final VerifyingKey SIGMOID;

    static {
        G g = new G(9, 2, 6);
        SIGMOID = ModelSetup.setup(g.compile(g.op("Sigmoid", "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    @Test
    void aTableLookupsRescaleIsBoundedInBothDirections() {
        NodeSpec n = node(SIGMOID, "Sigmoid");
        for (long k : new long[] {56, -TableLookup.MAX_UP, 0, 1}) accepted(SIGMOID, editNode("Sigmoid", m -> withParam(m, 0, k)));
        for (long k : new long[] {57, -TableLookup.MAX_UP - 1}) {
            assertEquals("requantization out of range", refused(SIGMOID, n, editNode("Sigmoid", m -> withParam(m, 0, k))));
        }
        assertNull(TableLookup.unsupported(56));
        assertNull(TableLookup.unsupported(-TableLookup.MAX_UP));
        assertEquals("requantization by 2^57 before the table", TableLookup.unsupported(57));
        assertEquals("requantization by 2^-21 before the table", TableLookup.unsupported(-TableLookup.MAX_UP - 1));
    }

    @Test
    void aSaturatingTableAtTheLargestUpShiftProvesTheMostNegativeInput() {
        // k = -20 (input scale 0, table scale 20): u = 2^20 x reaches -2^(B-1+20) + 2^20, so the clamp's distance to lo
        // needs B + 20 bits; the declared width B - 1 + 20 + 2 holds it, a narrower one refuses this honest run
        TableRule rule = new TableRule(UnaryFunction.SIGMOID, null, 20, 8, 16, -(1 << 15), (1 << 15) - 1, true);
        QuantizedModel m = single("Sigmoid", 4, 0, 8, q -> q.tables.add(rule));
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        NodeSpec n = pk.verifyingKey().nodes.get(0);
        assertEquals(-TableLookup.MAX_UP, n.p[0]);
        int width = pk.verifyingKey().circuit.ranges.stream().filter(r -> r.what.endsWith("under")).findFirst().orElseThrow().bits;
        assertEquals(B - 1 + TableLookup.MAX_UP + 2, width);
        long edge = (1L << (B - 1)) - 1;
        ModelProver.Result r = provesQuantized(pk, new long[] {-edge, edge, 0, -1});
        assertEquals(rule.entry(rule.lo()), r.output[0]); // both ends clamped
        assertEquals(rule.entry(rule.hi()), r.output[1]);
    }

    // ------------------------------------------------------------------ TableLookup: the range budget's decision

    /** Makes each rule of this test one no earlier call has seen, so the tables' caches cannot answer for it. */
    private static final java.util.concurrent.atomic.AtomicLong FRESH = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The table 2^x over [-16, 15] at output scale s: T(i) = 2^(i + s), exact for i + s >= 0, largest entry 2^(15 + s).
     * EXP_BASE reads only its first parameter; the second is a nonce, so that the rule is new to every cache (PIT runs
     * many mutants in one JVM, and TableLookup's memo of a rule's largest entry would otherwise answer for a mutant).
     */
    private static TableRule powersOfTwo(int s) {
        TableRule rule = new TableRule(UnaryFunction.EXP_BASE, new double[] {2.0, FRESH.incrementAndGet()}, 0, s, 5, -16, 15, false);
        assertEquals(1L << (15 + s), Circuit.functionTable(rule).apply(15));
        return rule;
    }

    /**
     * x [1, 4] (scale 0) -> t = 2^x by {@code table} (t committed: an advice tensor) -> Sigmoid (saturating, so any t
     * is a valid input) -> y: only t's own budget check can bound t.
     */
    private static ProvingKey expThenSigmoid(TableRule table) {
        QuantizedModel m = Models.withInput("exp-sigmoid", new int[] {1, 4}, 0, 1 << 4);
        int s = table.sOut();
        TableRule sig = new TableRule(UnaryFunction.SIGMOID, null, s, 8, 16, -(1 << 15), (1 << 15) - 1, true);
        String[][] io = {{"x", "t"}, {"t", "y"}};
        int[][] scales = {{0, s}, {s, 8}};
        TableRule[] rules = {table, sig};
        String[] ops = {"Exp", "Sigmoid"};
        for (int i = 0; i < 2; i++) {
            io.zkml4j.ml.quant.QNode q = new io.zkml4j.ml.quant.QNode();
            q.name = "n" + i;
            q.op = ops[i];
            q.inputs.add(io[i][0]);
            q.outputs.add(io[i][1]);
            q.inShapes = new int[][] {{1, 4}};
            q.outShapes = new int[][] {{1, 4}};
            q.inScales = new int[] {scales[i][0]};
            q.outScales = new int[] {scales[i][1]};
            q.tables.add(rules[i]);
            m.nodes.add(q);
        }
        QuantizedModel.Io o = new QuantizedModel.Io();
        o.name = "y";
        o.shape = new int[] {1, 4};
        o.scale = 8;
        m.outputs.add(o);
        return ModelSetup.setup(m, Visibility.ALL_PUBLIC);
    }

    private static boolean declaresBound(ProvingKey pk) {
        return pk.verifyingKey().circuit.ranges.stream().anyMatch(r -> r.what.equals("n0.bound"));
    }

    @Test
    void aTableWhoseLargestEntryIsExactlyTheBudgetBoundsItsOutput() {
        // largest entry 2^(B-1), the first value outside the budget [-2^(B-1), 2^(B-1)): the committed t is range-checked
        // into the budget, so a run reaching that entry (x = 15) is not provable, and a prover that goes on is refused;
        // a run below it proves
        TableRule rule = powersOfTwo(B - 16);
        assertTrue(TableLookup.exceedsBudget(rule, B));
        assertFalse(TableLookup.exceedsBudget(rule, B + 1));
        ProvingKey at = expThenSigmoid(rule);
        assertTrue(declaresBound(at));
        provesQuantized(at, new long[] {14, 0, -3, 5});
        ModelException e = assertThrows(ModelException.class, () -> ModelProver.proveQuantized(at, new long[] {15, 0, -3, 5}));
        assertTrue(e.getMessage().startsWith("n0.bound: value "), e.getMessage());
        ElementwiseProofTest.outOfRange(at, new long[] {15, 0, -3, 5}, new GraphProtocol.Cheat() {});
    }

    @Test
    void aTableWhoseEntriesStayBelowTheBudgetDeclaresNoBound() {
        // largest entry 2^(B-2): no budget check (one bit more of the table would need one); its largest entry proves
        TableRule rule = powersOfTwo(B - 17);
        assertFalse(TableLookup.exceedsBudget(rule, B));
        assertTrue(TableLookup.exceedsBudget(rule, B - 1));
        ProvingKey below = expThenSigmoid(rule);
        assertFalse(declaresBound(below));
        provesQuantized(below, new long[] {15, 1, -3, 5});
    }
}
