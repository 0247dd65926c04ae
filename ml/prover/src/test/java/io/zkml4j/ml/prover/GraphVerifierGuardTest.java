package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.sumcheck.SumcheckAdversary;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks of the graph protocol's verifier that the mutation run (docs/mutation.md) found without a test of their own:
 * each test reaches one check with a cheat that every other check lets through, and names the check that rejects.
 */
class GraphVerifierGuardTest {
    @Test
    void eachBatchedClaimsSumcheckIsCheckedByItsFinalRelation() {
        // the claims on each committed table are reduced to one by a sumcheck after the padding check's (ClaimBatch):
        // another round polynomial, kept consistent, passes the rounds; only f(s) g(s) = the reduced claim can object
        int checked = 0;
        for (ProvingKey pk : List.of(MaliciousProverTest.linearPk(), MaliciousProverTest.actPk())) {
            long[] x = Models.randomInput(81, pk.vk.inputLength());
            int[] count = {0};
            ModelProver.prove(pk, x, new GraphProtocol.Cheat() {
                @Override
                public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                    if (node == null) count[0]++;
                    return null;
                }
            }, ProveProgress.NONE);
            int first = pk.vk.circuit.paddingBlock >= 0 ? 1 : 0;
            // the advice table's claims, and those on the constants' small tensors (biases), each reduced once
            assertEquals(first + 2, count[0], "batched claims");
            for (int target = first; target < count[0]; target++) {
                int t = target;
                String msg = MaliciousProverTest.rejected(pk, x, new GraphProtocol.Cheat() {
                    @Override
                    public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                        if (node != null || index != t) return null;
                        return SumcheckAdversary.consistent(claimed, 0, g -> g[g.length - 1] = g[g.length - 1].add(GoldilocksExt2.ofBase(5)));
                    }
                });
                assertEquals("claim reduction: f(s) g(s) does not match the sumcheck's reduced claim", msg);
                checked++;
            }
        }
        assertTrue(checked >= 2, "batch sumchecks: " + checked);
    }

    @Test
    void aPaddingSumcheckLiarIsCaughtByThePaddingCheckFinalRelation() {
        // an honest witness whose padding sumcheck moves one round and stays consistent with the required sum 0: the
        // rounds pass, only the relation E(rho) A(rho) = final value can object
        PaddingForgeryTest.Producer p = PaddingForgeryTest.PRODUCERS.get(0);
        ProvingKey pk = PaddingForgeryTest.model(p, 901);
        long[] x = quantized(pk, new G(902, p.shape()).input(1));
        String msg = MaliciousProverTest.rejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                if (node != null || index != 0) return null;
                return SumcheckAdversary.consistent(claimed, 0, g -> g[g.length - 1] = g[g.length - 1].add(GoldilocksExt2.ofBase(5)));
            }
        });
        assertEquals(PaddingCheck.WHAT, msg);
    }

    @Test
    void rescaledOutputBudgetLimbsAlteredAreCaughtByTheBudgetCheck() {
        // a Gemm's hidden output q keeps its value; the committed limbs of its range budget (q + 2^(B-1)) change in one
        // entry and stay in the limb table (lookups and opening hold): only the budget relation at the node sees it
        ProvingKey pk = MaliciousProverTest.linearPk();
        Circuit c = pk.vk.circuit;
        RangeCheck bound = null;
        String node = null;
        for (NodeSpec n : c.nodes) {
            if (!n.op.equals("Gemm") || c.vec(n.out[0]).isPublic()) continue;
            for (RangeCheck rc : c.ranges) if (rc.what.startsWith(n.name + ".") && rc.what.endsWith(".bound")) bound = rc;
            if (bound != null) {
                node = n.name;
                break;
            }
        }
        assertTrue(bound != null, "no rescale with a range budget");
        RangeCheck rc = bound;
        String msg = MaliciousProverTest.rejected(pk, Models.randomInput(77, pk.vk.inputLength()), lowLimbFlipped(rc));
        assertTrue(msg.startsWith("node '" + node + "' (Gemm): ") && msg.endsWith("rescaled output outside the range budget"), msg);
    }

    private static ModelProver.Result honest(ProvingKey pk) {
        return ModelProver.prove(pk, Models.randomInput(78, pk.vk.inputLength()), null, ProveProgress.NONE);
    }

    /** The test models of several suites: Gemm, MatMul, Relu, Sigmoid, Tanh, Exp, Flatten, Reshape, Reciprocal, Div, Softmax, LogSoftmax, Conv, AveragePool, a comparison, Gather, GatherElements and OneHot with runtime indices, integer division, ScatterND. */
    static List<ProvingKey> models() {
        List<ProvingKey> r = new java.util.ArrayList<>(List.of(MaliciousProverTest.linearPk(), MaliciousProverTest.actPk(), MaliciousProverTest.pubActPk(),
                MaliciousProverTest.indexPk(), MaliciousProverTest.satPk()));
        long seed = 930;
        for (PaddingForgeryTest.Producer p : PaddingForgeryTest.PRODUCERS) r.add(PaddingForgeryTest.model(p, seed++));
        r.add(expBeyondTheBudget());
        r.add(hiddenLogSoftmax());
        r.add(ModelSetup.setup(ConvProofTest.compile(ConvProofTest.SPECS[0], 931), Visibility.ALL_PUBLIC)); // Conv (3x3, bias, Relu after)
        r.add(RoundSignProofTest.PK); // Round (half to even: quotient and half quotient budget checks), Sign
        r.add(ModelSetup.setup(DivReduceProofTest.reduce(new G(932, 2, 3, 5), "ReduceSum", new long[] {1}, 1, true), Visibility.ALL_PUBLIC)); // ReduceSum, Relu after
        for (String form : GatherProofTest.MODELS.keySet()) r.add(GatherProofTest.key(form, Visibility.ALL_PUBLIC)); // Gather, GatherElements at run time
        r.add(ModelSetup.setup(IntDivProofTest.model(3), Visibility.ALL_PUBLIC)); // integer division
        r.add(ScatterProofTest.key(Visibility.ALL_PUBLIC)); // ScatterND at run time
        return r;
    }

    @Test
    void aPadWithANonzeroConstantProves() {
        // the fill term of the index map (entries no input supplies take the constant): an honest proof needs it
        G g = new G(934, 2, 3);
        String y = g.op("Pad", "x", g.ints(0, 1, 0, 1), PowSqrtProofTest.scalar(g, 0.5));
        ProvingKey pk = ModelSetup.setup(g.compile(g.op("Relu", y), 1), Visibility.ALL_PUBLIC);
        assertTrue(pk.vk.circuit.nodes.stream().anyMatch(n -> n.op.equals("Pad")), "Pad proved as an index map");
        ElementwiseProofTest.provesEveryOutput(pk, g.input(1));
    }

    @Test
    void aConcatOutputItsInputSharesDoNotAddUpToIsRejected() {
        // one entry of a two-input Concat's output moved (the Relu after it redone): the shares the prover sends are
        // the honest ones, each proved by its sumcheck; only their sum against the output's opening can object
        G g = new G(933, 2, 3);
        String y = g.op("Concat", java.util.Map.of("axis", io.zkml4j.ml.ir.Attribute.ofInt("axis", 1)), "x", g.op("Relu", "x"));
        ProvingKey pk = ModelSetup.setup(g.compile(g.op("Relu", y), 1), Visibility.ALL_PUBLIC);
        long[] x = quantized(pk, g.input(1));
        String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, y, v -> v[1] += 1));
        assertTrue(msg.contains("(Concat): ") && msg.contains("input shares do not add up to the output"), msg);
    }

    private static ProvingKey hiddenLogSoftmax;

    /** LogSoftmax with a committed output (a Relu after it): the output gets a budget check, the log of the sum a lookup. */
    static synchronized ProvingKey hiddenLogSoftmax() {
        if (hiddenLogSoftmax == null) {
            ElementwiseProofTest.G g = new ElementwiseProofTest.G(521, 2, 3, 5);
            String y = g.op("LogSoftmax", java.util.Map.of("axis", io.zkml4j.ml.ir.Attribute.ofInt("axis", -1)), "x");
            hiddenLogSoftmax = ModelSetup.setup(g.compile(g.op("Relu", y), 1), Visibility.ALL_PUBLIC);
        }
        return hiddenLogSoftmax;
    }

    private static ProvingKey expBeyond;

    /** Exp with a table whose largest entries exceed the range budget: its committed output gets a budget check. */
    static synchronized ProvingKey expBeyondTheBudget() {
        if (expBeyond == null) expBeyond = ModelSetup.setup(Models.mlp(63, 12, "Gemm8", "Exp/10/8/0", "Gemm4"), Visibility.ALL_PUBLIC);
        return expBeyond;
    }

    /**
     * The lowest bit of the range check's lowest committed limb flipped at entry 0 (still in the limb table, so the
     * lookups and the opening hold): only a relation of the node that reads the range check can object.
     */
    static GraphProtocol.Cheat lowLimbFlipped(RangeCheck rc) {
        return new GraphProtocol.Cheat() {
            @Override
            public void padded(Witness w) {
                w.setPadded(rc.limbs[0], 0, w.padded(rc.limbs[0])[0] ^ 1);
            }
        };
    }

    @Test
    void everyRangeChecksLimbsAreBoundByTheNodeThatDeclaresIt() {
        int checked = 0;
        for (ProvingKey pk : models()) checked += everyRangeCheckIsBoundByItsNode(pk, Models.randomInput(79, pk.vk.inputLength()));
        assertTrue(checked >= 20, "range checks: " + checked);
    }

    /**
     * Each range check of the model in turn, one committed limb of one real entry changed within the limb table
     * ({@link #lowLimbFlipped}: lookups and the opening hold): the relation of the declaring node that reads the range
     * check's value (or its top-limb check) must object. Returns the number of range checks.
     */
    static int everyRangeCheckIsBoundByItsNode(ProvingKey pk, long[] x) {
        Circuit c = pk.vk.circuit;
        for (RangeCheck rc : c.ranges) {
            NodeSpec node = null;
            for (NodeSpec n : c.nodes) if (rc.what.startsWith(n.name + ".") && (node == null || n.name.length() > node.name.length())) node = n;
            assertTrue(node != null, rc.what);
            String msg = MaliciousProverTest.rejected(pk, x, lowLimbFlipped(rc));
            assertTrue(msg.startsWith("node '" + node.name + "' (" + node.op + "): "), rc.what + ": " + msg);
        }
        return c.ranges.size();
    }

    @Test
    void aTableOutputBeyondTheBudgetHasABudgetCheck() {
        Circuit c = expBeyondTheBudget().vk.circuit;
        assertTrue(c.ranges.stream().anyMatch(rc -> rc.what.startsWith("n1.") && rc.what.endsWith("bound")), "Exp's table output gets a range budget");
    }

    @Test
    void everyNodeSumchecksFinalValueIsCheckedByItsNode() {
        int checked = 0;
        for (ProvingKey pk : models()) checked += everySumcheckIsCheckedByItsNode(pk, Models.randomInput(80, pk.vk.inputLength()));
        assertTrue(checked >= 15, "sumchecks: " + checked);
    }

    /**
     * Each sumcheck of each node of the model in turn: another round polynomial, kept consistent, so the rounds pass and
     * the lie reaches the relation the node checks at the sumcheck's point; that relation (of the same node) must
     * object. Returns the number of sumchecks.
     */
    static int everySumcheckIsCheckedByItsNode(ProvingKey pk, long[] x) {
        List<String> seen = new java.util.ArrayList<>();
        List<NodeSpec> nodes = new java.util.ArrayList<>();
        List<Integer> indices = new java.util.ArrayList<>();
        ModelProver.prove(pk, x, new GraphProtocol.Cheat() {
            @Override
            public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                if (node != null && seen.add(node.name + "#" + index)) {
                    nodes.add(node);
                    indices.add(index);
                }
                return null;
            }
        }, ProveProgress.NONE);
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec target = nodes.get(i);
            int idx = indices.get(i);
            String msg = MaliciousProverTest.rejected(pk, x, new GraphProtocol.Cheat() {
                @Override
                public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                    if (node == null || !node.name.equals(target.name) || index != idx) return null;
                    return SumcheckAdversary.consistent(claimed, 0, g -> g[g.length - 1] = g[g.length - 1].add(GoldilocksExt2.ofBase(5)));
                }
            });
            assertTrue(msg.startsWith("node '" + target.name + "' (" + target.op + "): ") && !msg.contains("sumcheck round"), target.name + "#" + idx + ": " + msg);
        }
        return nodes.size();
    }

    @Test
    void publicValuesAreCheckedAgainstTheKeyBeforeAnythingElse() {
        ProvingKey pk = MaliciousProverTest.linearPk();
        VerifyingKey vk = pk.verifyingKey();
        ModelProver.Result r = honest(pk);
        VerificationException e = assertThrows(VerificationException.class, () -> GraphProtocol.verify(vk, null, r.output, r.proof));
        assertEquals("public input has 0 values, the key expects " + vk.inputLength(), e.getMessage());
        e = assertThrows(VerificationException.class, () -> GraphProtocol.verify(vk, r.input, null, r.proof));
        assertEquals("public output has 0 values, the key expects " + vk.outputLength(), e.getMessage());
        long bound = 1L << (vk.rangeBits - 1);
        for (long v : new long[] {bound, -bound}) {
            long[] x = r.input.clone();
            x[1] = v;
            e = assertThrows(VerificationException.class, () -> GraphProtocol.verify(vk, x, r.output, r.proof));
            assertEquals("public input value 1 out of range |v| < 2^" + (vk.rangeBits - 1), e.getMessage());
            long[] y = r.output.clone();
            y[0] = v;
            e = assertThrows(VerificationException.class, () -> GraphProtocol.verify(vk, r.input, y, r.proof));
            assertEquals("public output value 0 out of range |v| < 2^" + (vk.rangeBits - 1), e.getMessage());
        }
        for (long v : new long[] {bound - 1, -bound + 1}) { // in range: the public check passes, the proof is about other values
            long[] x = r.input.clone();
            x[1] = v;
            e = assertThrows(VerificationException.class, () -> GraphProtocol.verify(vk, x, r.output, r.proof));
            assertTrue(!e.getMessage().startsWith("public"), e.getMessage());
        }
    }

    @Test
    void anAdviceCommitmentOfAnotherSizeIsRejectedByName() {
        ProvingKey pk = MaliciousProverTest.linearPk();
        ModelProver.Result r = honest(pk);
        int vars = pk.vk.circuit.adviceVars;
        assertEquals(vars, new FieldReader(Arrays.copyOfRange(r.proof, 1, 5)).u32("numVars"));
        for (int other : new int[] {vars - 1, vars + 1}) {
            byte[] forged = r.proof.clone();
            System.arraycopy(new FieldWriter().u32(other).toByteArray(), 0, forged, 1, 4);
            VerificationException e = assertThrows(VerificationException.class, () -> ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, forged));
            assertEquals("advice commitment of 2^" + other + " entries, the key needs 2^" + vars, e.getMessage());
        }
    }

    @Test
    void aProofWithoutClaimsStillRejectsTrailingBytes() {
        // a Flatten from the public input to the public output: no advice, no claims, no opening
        ProvingKey pk = ModelSetup.setup(Models.mlp(61, 12, "Flatten"), Visibility.ALL_PUBLIC);
        Circuit c = pk.vk.circuit;
        assertEquals(-1, c.adviceVars);
        ModelProver.Result r = honest(pk);
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        byte[] longer = Arrays.copyOf(r.proof, r.proof.length + 1);
        assertThrows(ProofFormatException.class, () -> ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, longer));
    }

    @Test
    void paddingGuardsOfTheLayout() {
        assertThrows(IllegalArgumentException.class, () -> Padding.log2Ceil(0));
        assertEquals(0, Padding.log2Ceil(1));
        assertEquals(2, Padding.log2Ceil(3));
        assertThrows(IllegalArgumentException.class, () -> Padding.size(new int[] {65536, 32768}));
        assertEquals(Integer.MAX_VALUE, Padding.size(new int[] {Integer.MAX_VALUE, 1}));
        assertThrows(IllegalArgumentException.class, () -> Padding.pad(new long[5], new int[] {2, 3}));
        assertEquals(List.of(io.zkml4j.field.Goldilocks.fromSigned(-7)), Arrays.stream(Padding.pad(new long[] {-7}, new int[0])).boxed().toList());
        long[] p = Padding.pad(new long[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3});
        assertEquals(List.of(1L, 2L, 3L, 0L, 4L, 5L, 6L, 0L), Arrays.stream(p).boxed().toList());
    }
}
