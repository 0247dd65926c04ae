package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.MLP;
import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.zkProve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.sumcheck.SumcheckAdversary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Group 17 of the mutation runs (docs/mutation.md): the bindings and bounds groups 15 and 16 left open. First, the pad
 * commitment of a zero-knowledge proof absorbed before its first message ({@code GraphProtocol.zkHeader}).
 */
class MutationGroup17Test {
    private static final HidingLigeroPcs PCS = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);

    /** What the first run of the forgery records: its pads, the target sumcheck's sums, first round and first challenge. */
    private static final class Seen {
        GoldilocksExt2[] pads;
        GoldilocksExt2 claimed, honest, r1;
        GoldilocksExt2[] round1;
    }

    /**
     * The cheat both runs share: a false public output y' (y with one entry moved), the committed witness's output
     * moved with it so that the last Gemm's sumcheck is asked for acc'(r) = acc(r) + 2^s (y' - y)(r), while its
     * tables still sum to acc(r). {@code round1}: a change to that sumcheck's first round (null: none); {@code pads}:
     * a change to the pads as drawn (null: none).
     */
    private static GraphProtocol.Cheat falseOutput(VerifyingKey vk, Seen seen, GoldilocksExt2[] round1, java.util.function.Consumer<GoldilocksExt2[]> pads) {
        int out = vk.outputs[0];
        long[][] yFalse = new long[1][];
        return new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                yFalse[0] = w.values(out).clone();
                yFalse[0][0] += 1;
                w.set(out, yFalse[0].clone());
            }

            @Override
            public long[] claimedOutput(long[] y) {
                return yFalse[0].clone();
            }

            @Override
            public void pads(GoldilocksExt2[] p) {
                if (pads != null) pads.accept(p);
                if (seen != null) seen.pads = p.clone();
            }

            @Override
            public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                if (node == null || node.out[0] != out || index != 0) return null;
                if (seen != null) seen.claimed = claimed;
                return new SumcheckAdversary() {
                    private int round;

                    @Override
                    public GoldilocksExt2 claim(int numVars, int degree, GoldilocksExt2 honest) {
                        if (seen != null) seen.honest = honest;
                        return honest;
                    }

                    @Override
                    public void round(GoldilocksExt2[] evals) {
                        if (round == 0 && round1 != null) for (int k = 0; k < evals.length; k++) evals[k] = evals[k].add(round1[k]);
                        if (round == 0 && seen != null) seen.round1 = evals.clone();
                    }

                    @Override
                    public void challenge(GoldilocksExt2 c) {
                        if (round++ == 0 && seen != null) seen.r1 = c;
                    }
                };
            }
        };
    }

    /**
     * A prover that chooses its pads (so the decrypted messages) after the challenges: against a verifier that did not
     * bind the pad commitment before the first message, the challenges would depend on the masked messages e = m - p
     * only, so a second run that sends the same e with other pads sees the same challenges.
     *
     * <p>Run A: the statement claims a false output y' (one entry moved by one), the prover's messages are honest
     * (its last Gemm's sumcheck sums to acc(r), the verifier asks for acc'(r) != acc(r)), and the run records that
     * sumcheck's first round g and first challenge r_1, and the pads. Run B: the same randomness, the first round
     * replaced by g + (acc' - acc) L with L(X) = (X - r_1)/(1 - 2 r_1) (so g'(0) + g'(1) = acc' and g'(r_1) = g(r_1):
     * every later round is the honest one), and exactly the pads of that round moved by the same differences, so
     * every masked message, and hence every challenge, is run A's if the pads are not bound: the decrypted transcript
     * is a valid one for the false output and every constraint holds. Rejected only because {@code GraphProtocol.zkHeader}
     * absorbs the pad commitment before the first message: B's pads move every challenge, r_1 included. With that
     * absorb removed the forged proof verifies ("verifier accepted"; checked by hand).
     */
    @Test
    void padsChosenAfterTheChallengesForAFalseOutputAreRejectedBecauseThePadCommitmentIsBoundFirst() {
        ProvingKey pk = ModelSetup.setupZeroKnowledge(MLP, PCS, Visibility.DEFAULT, 2);
        VerifyingKey vk = pk.verifyingKey();
        long[] x = Models.randomInput(7, 12);
        long seed = 171;
        Seen a = new Seen();
        ModelProver.Result runA = zkProve(pk, x, seed, falseOutput(vk, a, null, null));
        long[] yFalse = runA.output;
        assertNotNull(a.round1, "the last Gemm's sumcheck ran");
        assertNotEquals(a.claimed, a.honest, "the false output changes the sum asked for");
        assertFalse(rejects(vk, null, yFalse, runA.proof).isEmpty()); // the honest messages do not prove y'

        // the decrypted messages of run A; the first round of the target sumcheck among them
        List<GoldilocksExt2> sent = GraphProtocol.zkMessages(vk, null, yFalse, runA.proof);
        int d = a.round1.length, at = -1;
        for (int i = 0; i + d <= sent.size() && at < 0; i++) {
            boolean match = true;
            for (int k = 0; k < d && match; k++) match = sent.get(i + k).add(a.pads[i + k]).equals(a.round1[k]);
            if (match) at = i;
        }
        assertTrue(at >= 0, "the first round among the decrypted messages");

        // g' = g + (acc' - acc) L: L(0) + L(1) = 1, L(r_1) = 0; the pads of that round moved alike (e unchanged)
        GoldilocksExt2 lie = a.claimed.sub(a.honest), inv = GoldilocksExt2.ONE.sub(a.r1.mulBase(2)).inv();
        GoldilocksExt2[] shift = new GoldilocksExt2[d];
        for (int k = 0; k < d; k++) shift[k] = lie.mul(GoldilocksExt2.ofBase(k).sub(a.r1)).mul(inv);
        assertEquals(lie, shift[0].add(shift[1]));
        int first = at;
        ModelProver.Result runB = zkProve(pk, x, seed, falseOutput(vk, null, shift, p -> {
            for (int k = 0; k < d; k++) p[first + k] = p[first + k].add(shift[k]);
        }));
        assertTrue(java.util.Arrays.equals(yFalse, runB.output));
        // bound, B's pads moved every challenge: the forged round no longer meets them (the constraint proof refuses)
        assertFalse(rejects(vk, null, yFalse, runB.proof).isEmpty());
        assertNotEquals(sent, GraphProtocol.zkMessages(vk, null, yFalse, runB.proof));
    }

    // ------------------------------------------------------------------ SqrtProof.declare: the committed root's width

    /** The range budget B of {@link PowSqrtProofTest#single}'s models. */
    private static final int B = ModelSetup.rangeBitsFor(20);

    /** Sqrt of x [1, 1] at e = 2 s_out - s_in, x public, the root a private (committed, range-checked) output. */
    private static ProvingKey privateRoot(int e) {
        int sIn = Math.floorMod(e, 2), sOut = (e + sIn) / 2;
        ProvingKey pk = ModelSetup.setup(PowSqrtProofTest.single("Sqrt", 1, sIn, sOut, q -> {}), new Visibility(true, false, true));
        assertEquals(B, pk.vk.rangeBits);
        assertEquals(e, (int) ElementwiseProofTest.spec(pk, "Sqrt").p[0]);
        return pk;
    }

    /**
     * The committed root's range check is min(bits of the largest root, B - 1) wide: the largest root is 2^(m-1) when
     * 4 w_max = (2^(B-1) - 1) 2^(e+2) is 2^(2m) - 2^(e+2) (B - 1 + e even, e &lt; B - 1), so its isqrt is 2^m - 1 and
     * the root of v = 2^(B-1) - 1 is exactly 2^(m-1), which needs all m bits: an honest proof at the top of the range.
     * Kills SqrtProof.declare's width with (tMax - 1) &gt;&gt; 1 (m - 1 bits: the honest root refused).
     */
    @Test
    void theLargestRootOfTheBudgetProvesWithItsCommittedRangeCheck() {
        int e = (B - 1) % 2 == 0 ? 2 : 1, m = (B - 1 + e + 2) / 2;
        ProvingKey pk = privateRoot(e);
        long v = (1L << (B - 1)) - 1;
        ModelProver.Result r = ModelProver.proveQuantized(pk, new long[] {v});
        assertEquals(1L << (m - 1), r.output[0]);
        assertEquals(r.output[0], io.zkml4j.ml.quant.FixedPoint.sqrtRound(v << e));
        ModelVerifier.verify(pk.verifyingKey(), new long[] {v}, null, r.proof);
    }

    /**
     * At e = B the largest root has B bits, beyond the budget |y| &lt; 2^(B-1), so the width is B - 1 (the min): the root
     * of v = 2^(B-2), w = 2^(2B-2), is exactly 2^(B-1), the executor's value and one past the budget. A prover that
     * slips it past its own output guard (the output set in range for the guard, then back with its honest brackets) is
     * refused by the root's range check. Kills SqrtProof.declare's width with B + 1 in the min (B bits: the root out of
     * the budget accepted, every other relation being the honest one's).
     */
    @Test
    void aRootOnePastTheBudgetIsRefusedByTheRootsRangeCheck() {
        int e = B;
        ProvingKey pk = privateRoot(e);
        VerifyingKey vk = pk.verifyingKey();
        Circuit c = vk.circuit;
        // below the budget's limit the root proves
        long below = (1L << (B - 2)) - 1;
        ModelProver.Result ok = ModelProver.proveQuantized(pk, new long[] {below});
        assertTrue(ok.output[0] < 1L << (B - 1));
        ModelVerifier.verify(vk, new long[] {below}, null, ok.proof);
        long v = 1L << (B - 2), y = io.zkml4j.ml.quant.FixedPoint.sqrtRound(v << e);
        assertEquals(1L << (B - 1), y);
        int at = c.nodes.indexOf(ElementwiseProofTest.spec(pk, "Sqrt"));
        NodeSpec n = c.nodes.get(at);
        GraphProtocol.Cheat past = new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                w.set(n.out[0], new long[] {y - 1}); // for the prover's output guard only
            }

            @Override
            public void witness(Witness w) {
                w.set(n.out[0], new long[] {y});
                new SqrtProof().witness(n, c.decls.get(at), w); // the honest brackets, bit and root quantity of y
            }
        };
        ModelProver.Result r = ModelProver.prove(pk, new long[] {v}, past, ProveProgress.NONE);
        assertFalse(rejects(vk, new long[] {v}, null, r.proof).isEmpty());
    }

    // ------------------------------------------------------------------ HardSigmoidProof.bounds: the rescale relation

    /**
     * HardSigmoidProof.bounds' rescale relation 2^k u + rem - 2^(k-1), |u| &lt; 2^W, rem &lt; 2^k, refused when its bound
     * 2^(W+k) + 2^k reaches 2^62. With acc = |alpha| (2^(B-1) - 1) + |beta| below 2^61 (its own guard), W + k is at
     * most 62, so the term decides only at W + k = 62 exactly: at B = 8, k = 56 and beta = 31 2^56 (u = 32, W = 6) it
     * is refused, beta = 15 2^56 (W = 5, W + k = 61) decodes. Kills the bound's `w + k` as `w - k` and its `+ 2^k` as
     * `- 2^k` (both accept W + k = 62).
     */
    @Test
    void aHardSigmoidsRescaleRelationIsBoundedAtExactlyTwoToThe62() {
        VerifyingKey hard = ModelSetup.setup(PowSqrtProofTest.single("HardSigmoid", 8, 16, 16, q -> q.put("alpha", 2, 1, 1)), Visibility.ALL_PUBLIC).verifyingKey();
        NodeSpec n = NodeKeyEdits.node(hard, "HardSigmoid");
        java.util.function.Function<long[], java.util.function.Consumer<MutationGroup10Test.Parts>> params =
                p -> MutationGroup15Test.rangeBits(8).andThen(NodeKeyEdits.editNode("HardSigmoid", m -> NodeKeyEdits.withParams(m, p)));
        NodeKeyEdits.accepted(hard, params.apply(new long[] {1, 15L << 56, 56, 5}));
        assertEquals("parameters out of range", NodeKeyEdits.refused(hard, n, params.apply(new long[] {1, 31L << 56, 56, 5})));
    }

    // ------------------------------------------------------------------ GatherProof: shape rules no key test reached

    /**
     * GatherND's shape rule (ScatterND's too): m = idx.shape[-1] coordinates, at least one and at most the data's rank;
     * out = idx.shape[:-1] + data.shape[m:]. Indices of rank 1 (one coordinate tuple) fit; m one beyond the data's rank
     * is refused by its message (without that bound the rule indexes past the data's shape). Kills ndShapeError's
     * `is.length < 1` as `<= 1` and the removal of `m > rank`.
     */
    @Test
    void aGatherNDsShapeRuleTakesOneTupleAndRefusesMoreCoordinatesThanTheDataHas() {
        assertEquals(null, GatherProof.ndShapeError(new int[] {3, 5}, new int[] {1}, new int[] {5}));
        assertEquals(null, GatherProof.ndShapeError(new int[] {3, 5}, new int[] {2}, new int[] {}));
        assertEquals("indices of shape [4, 3] for data of rank 2", GatherProof.ndShapeError(new int[] {3, 5}, new int[] {4, 3}, new int[] {4}));
        assertEquals("updates of shape [4], expected [4, 5]", GatherProof.ndShapeError(new int[] {3, 5}, new int[] {4, 1}, new int[] {4}, "updates"));
    }

    // ------------------------------------------------------------------ LogicProof and IndexProof key guards

    /**
     * An index map over two inputs carries one up-shift per input, each checked in [0, MAX_UP]: the second one out of
     * range is refused (the map's last index, 5, sits just before the shifts). Kills IndexProof.declare's `p[at + t]`
     * read as `p[at - t]` in either half of the check (the second shift unchecked).
     */
    @Test
    void theSecondInputsUpShiftIsCheckedToo() {
        ElementwiseProofTest.G g = new ElementwiseProofTest.G(1550, 2, 3);
        VerifyingKey transpose = ModelSetup.setup(g.compile(g.op("Transpose", ConvProofTest.attrs("perm", new long[] {1, 0}), "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
        NodeSpec n = NodeKeyEdits.node(transpose, "Transpose");
        long[] honest = n.p.clone();
        assertEquals(10, honest.length);
        java.util.function.Function<long[], java.util.function.Consumer<MutationGroup10Test.Parts>> twoInputs = up -> NodeKeyEdits.editNode("Transpose", m -> {
            long[] p = java.util.Arrays.copyOf(honest, honest.length + 2);
            p[honest.length] = up[0];
            p[honest.length + 1] = up[1];
            return NodeKeyEdits.withParams(NodeKeyEdits.withInputs(m, 0, 0), p);
        });
        NodeKeyEdits.accepted(transpose, twoInputs.apply(new long[] {0, IndexProof.MAX_UP}));
        for (long u : new long[] {-1, IndexProof.MAX_UP + 1}) assertEquals("up-shift out of range", NodeKeyEdits.refused(transpose, n, twoInputs.apply(new long[] {0, u})));
    }

    /** x [3, 5]'s argmax per row, [3] (GatherProofTest's runtime indices). */
    private static String argmax(ElementwiseProofTest.G g) {
        return g.op("ArgMax", java.util.Map.of("axis", io.zkml4j.ml.ir.Attribute.ofInt("axis", 1), "keepdims", io.zkml4j.ml.ir.Attribute.ofInt("keepdims", 0)), "x");
    }

    /**
     * Honest proofs of the index shapes no other test model has: a GatherND and a ScatterND whose indices are one
     * coordinate tuple (rank 1: the smallest argmax, [1], picks a row of x [3, 5]) and a OneHot of indices of rank 2
     * ([3, 1]). Kill the stricter-only mutants of their guards: GatherProof.declareNd's and ScatterProof.declare's
     * `is.length < 1` as `<= 1` (the rank-1 key refused) and declareOneHot's H shape built with the indices' counter
     * stepping back (an index -1 for rank 2: the key refused).
     */
    @Test
    void indicesOfOneTupleAndAOneHotOfRankTwoIndicesProve() {
        java.util.Map<String, java.util.function.Function<ElementwiseProofTest.G, String>> models = java.util.Map.of(
                "GatherND", g -> g.op("GatherND", "x", g.op("ReduceMin", java.util.Map.of("keepdims", io.zkml4j.ml.ir.Attribute.ofInt("keepdims", 1)), argmax(g))),
                "ScatterND", g -> g.op("ScatterND", "x", g.op("ReduceMin", java.util.Map.of("keepdims", io.zkml4j.ml.ir.Attribute.ofInt("keepdims", 1)), argmax(g)),
                        g.c(io.zkml4j.ml.ir.Tensor.ofFloats(new int[] {5}, new double[] {0.25, -0.5, 0.75, 0.125, -0.25}))),
                "OneHot", g -> g.op("OneHot", java.util.Map.of("axis", io.zkml4j.ml.ir.Attribute.ofInt("axis", -1)), g.op("Reshape", argmax(g), g.ints(3, 1)), g.ints(5),
                        g.c(io.zkml4j.ml.ir.Tensor.ofFloats(new int[] {2}, new double[] {-0.5, 2.0}))));
        for (var e : models.entrySet()) {
            ElementwiseProofTest.G g = new ElementwiseProofTest.G(41, 3, 5);
            ProvingKey pk = ModelSetup.setup(g.compile(e.getValue().apply(g), 1), Visibility.ALL_PUBLIC);
            NodeSpec n = ElementwiseProofTest.spec(pk, e.getKey());
            int idx = e.getKey().equals("OneHot") ? n.in[0] : n.in[1];
            assertEquals(e.getKey().equals("OneHot") ? 2 : 1, pk.vk.tensors.get(idx).shape.length, e.getKey());
            ElementwiseProofTest.provesEveryOutput(pk, GatherProofTest.X);
        }
    }
}
