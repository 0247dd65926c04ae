package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.sumcheck.SumcheckAdversary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.qnode;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.range;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static io.zkml4j.ml.prover.PowSqrtProofTest.provesQuantized;
import static io.zkml4j.ml.prover.PowSqrtProofTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks and setup limits of HardSigmoidProof, LeakyReluProof, LogicProof and RequantProof that the mutation run
 * (docs/mutation.md, ml/prover group 7) found without a test: each test names the check or limit it holds in place.
 */
class MutationGroup7Test {
    /** The range budget B of {@link PowSqrtProofTest#single}'s models (actBits 20). */
    private static final int B = ModelSetup.rangeBitsFor(20);

    private static long[] ramp(int len, long first) {
        long[] x = new long[len];
        x[0] = first;
        for (int i = 1; i < len; i++) x[i] = (i * 7919L) % 2000 - 1000;
        return x;
    }

    private static ModelException refused(QuantizedModel m) {
        return assertThrows(ModelException.class, () -> ModelSetup.setup(m));
    }

    // ------------------------------------------------------------------ LeakyRelu: the slope's limits

    private static QuantizedModel leaky(long slope, long scale) {
        return single("LeakyRelu", 8, 16, 16, q -> q.put("alpha", slope, scale));
    }

    @Test
    void aLeakyReluSlopeAtEachLimitProvesAndOneBeyondIsRefused() {
        // the slope's scale s in [0, 60 - B] and |a| < 2^(61 - B) keep every relation below 2^62
        long top = 1L << (61 - B);
        provesQuantized(ModelSetup.setup(leaky(-(top - 1), 60 - B), Visibility.ALL_PUBLIC), ramp(8, -1000));
        provesQuantized(ModelSetup.setup(leaky(1, 0), Visibility.ALL_PUBLIC), ramp(8, -1000));
        assertTrue(refused(leaky(1, 61 - B)).getMessage().endsWith("(slope at scale 2^" + (61 - B) + " (at most 2^" + (60 - B) + "))"));
        assertTrue(refused(leaky(1, -1)).getMessage().endsWith("(slope at scale 2^-1 (at most 2^" + (60 - B) + "))"));
        assertTrue(refused(leaky(top, 60 - B)).getMessage().endsWith("(quantized slope " + top + " too large)"));
    }

    // ------------------------------------------------------------------ HardSigmoid: the clamp steps' width W

    /** HardSigmoid from scale 16 to {@code sOut} with alpha_q at scale {@code sa} and beta_q (at 16 + sa). */
    private static QuantizedModel hardSigmoid(long alpha, int sa, long beta, int sOut) {
        return single("HardSigmoid", 8, 16, sOut, q -> q.put("alpha", alpha, sa, beta));
    }

    @Test
    void hardSigmoidsWhoseScaledInputReachesAPowerOfTwoProve() {
        // W is the least width with 2^W > max|u|, u = requant(alpha x + beta, k) over |x| < 2^(B-1). (1) k = 1, alpha 2,
        // beta 1: x = 2^(B-1) - 1 gives acc = 2^B - 1 and u = 2^(B-1) exactly (rounded up), so W = B, not B - 1
        // (the half step of the rounding counts). (2) k = 0, alpha 1, beta 0, s_z = B - 1: max|u| = 2^(B-1) - 1, so
        // W = B - 1 <= s_z and the upper clamp cannot bind (no upper step); one more bit would need an upper step at
        // s_z = B - 1, outside the budget: setup would refuse the node
        QuantizedModel rounded = hardSigmoid(2, 1, 1, 16);
        ProvingKey pk = ModelSetup.setup(rounded, Visibility.ALL_PUBLIC);
        assertEquals(List.of(2L, 1L, 1L, 16L), java.util.Arrays.stream(spec(pk, "HardSigmoid").p).boxed().toList());
        provesQuantized(pk, ramp(8, (1L << (B - 1)) - 1));
        ProvingKey exact = ModelSetup.setup(hardSigmoid(1, B - 1 - 16, 0, B - 1), Visibility.ALL_PUBLIC);
        assertEquals(0, spec(exact, "HardSigmoid").p[2]);
        assertTrue(exact.vk.circuit.ranges.stream().noneMatch(rc -> rc.what.contains(".upper")), "no upper step");
        provesQuantized(exact, ramp(8, (1L << (B - 1)) - 1));
    }

    @Test
    void aKeyWithALeakyReluSlopeScaleBeyondTheLimitIsMalformed() {
        // the verifier's declaration applies the same scale limit to a key from elsewhere
        List<Vec> tensors = List.of(new Vec(0, "x", Vec.Kind.INPUT, new int[] {4}), new Vec(1, "a", Vec.Kind.CONST, new int[] {1}),
                new Vec(2, "y", Vec.Kind.OUTPUT, new int[] {4}));
        NodeSpec n = new NodeSpec("LeakyRelu", "l", new int[] {0, 1}, new int[] {2}, new long[] {61 - B}, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Circuit.build(tensors, List.of(n), B));
        assertEquals("node 'l' (LeakyRelu): slope at scale 2^" + (61 - B) + " (at most 2^" + (60 - B) + ")", e.getMessage());
    }

    // ------------------------------------------------------------------ Where, Or

    @Test
    void aWhereSelectingEachUpShiftedOperandProves() {
        // Where(x[:, :1] > -0.2, x, -x) with the output 3 bits finer than both operands: row 0 selects x, row 1 selects
        // -x, so each operand's factor 2^3 enters the relation
        G h = new G(701, 2, 6);
        QuantizedModel m = CompareLogicProofTest.tensorWhere(h, 3);
        double[] x = h.input(1);
        x[0] = 0.5;
        x[6] = -0.5;
        ProvingKey pk = ElementwiseProofTest.proves(m, x);
        assertEquals(List.of(3L, 3L), java.util.Arrays.stream(spec(pk, "Where").p).boxed().toList());
    }

    @Test
    void anUpShiftedWhereOutputOffItsBudgetLimbsIsCaughtByItsBound() {
        // the output's budget quantity q + 2^(B-1), one limb bit flipped: only the budget relation reads it
        G h = new G(702, 2, 6);
        QuantizedModel m = CompareLogicProofTest.tensorWhere(h, 3);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        NodeSpec where = spec(pk, "Where");
        String msg = rejected(pk, quantized(pk, h.input(1)), GraphVerifierGuardTest.lowLimbFlipped(range(pk.vk.circuit, where.name + ".bound")));
        assertEquals(where.where() + ": output outside the range budget", msg);
    }

    @Test
    void anOrAndAXorWhoseSumchecksLieConsistentlyAreCaughtByTheirRelationsByName() {
        // two full-shape booleans share every variable, so the product x y is a sumcheck; a consistent liar passes its
        // rounds and only the operator's relation at the end objects, under its own name
        for (String op : new String[] {"Or", "Xor"}) {
            G g = new G(703, 2, 6);
            String a = g.op("Less", "x", g.c(0.7, 6)), b = g.op("Greater", "x", g.c(0.7, 6));
            ProvingKey pk = ModelSetup.setup(g.compile(g.op(op, a, b), 1), Visibility.ALL_PUBLIC);
            NodeSpec n = spec(pk, op);
            String msg = rejected(pk, quantized(pk, g.input(1)), new GraphProtocol.Cheat() {
                @Override
                public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                    if (node == null || !node.name.equals(n.name)) return null;
                    return SumcheckAdversary.consistent(claimed, 0, p -> p[p.length - 1] = p[p.length - 1].add(GoldilocksExt2.ofBase(5)));
                }
            });
            assertEquals(n.where() + ": " + (op.equals("Or") ? "output is not x + y - x y" : "output is not x + y - 2 x y"), msg);
        }
    }

    // ------------------------------------------------------------------ Requant: the limits of a requantized operand

    /** RequantProofTest's tiny-input model with Gemm's operand {@code i} used at 2^-e of its scale. */
    private static QuantizedModel tinyUsedAt(int i, int e) {
        QuantizedModel m = RequantProofTest.tinyInput();
        QNode gemm = qnode(m, "Gemm");
        gemm.put("use" + i, gemm.inScales[i] - e);
        return m;
    }

    @Test
    void anOperandRequantizedAtEachLimitProvesAndBeyondIsRefused() {
        // e in [1, 62 - B] keeps the Requant relation 2^e u + rem - 2^(e-1) = x below 2^62; e = 0 is no requantization
        for (int e : new int[] {1, 62 - B}) {
            ProvingKey pk = ModelSetup.setup(tinyUsedAt(0, e), Visibility.ALL_PUBLIC);
            assertTrue(pk.vk.circuit.nodes.stream().anyMatch(n -> n.op.equals(RequantProof.OP) && n.p[0] == e), "a Requant by 2^" + e);
            provesQuantized(pk, pk.model.quantizeInputs(List.of(RequantProofTest.tiny(new SplittableRandom(e)))).get(0));
        }
        for (int e : new int[] {0, 63 - B}) assertTrue(refused(tinyUsedAt(0, e)).getMessage().endsWith("(operand 0 requantized by 2^" + e + ")"));
        // a constant (Gemm's weights, operand 1) is quantized at its use scale directly, never requantized by a node
        assertTrue(refused(tinyUsedAt(1, 1)).getMessage().endsWith("(constant operand 1 requantized before use)"));
    }
}
