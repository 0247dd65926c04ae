package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.MLP;
import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.zkKey;
import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.zkProve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.sumcheck.SumcheckAdversary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The claim reduction of a zero-knowledge proof ({@link ClaimBatch} in the encrypted transcript, docs/zero-knowledge.md):
 * the claims on each committed table are reduced to one before they become evaluation terms of the constraint proof, and
 * each of the reduction's checks is load-bearing against a prover that lies exactly there.
 */
class ZeroKnowledgeClaimsTest {
    /** The prover's sumchecks outside the nodes: the padding check's (when the key has one), then one reduction per table. */
    static int unnodedSumchecks(ProvingKey pk, long[] x) {
        int[] count = {0};
        zkProve(pk, x, 70, new GraphProtocol.Cheat() {
            @Override
            public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                if (node == null) count[0]++;
                return null;
            }
        });
        return count[0];
    }

    @Test
    void theConstraintProofCarriesOneEvaluationTermPerReducedTable() {
        ProvingKey pk = zkKey(MLP, Visibility.DEFAULT);
        long[] x = Models.randomInput(7, 12);
        ModelProver.Result r = zkProve(pk, x, 71);
        ModelVerifier.verify(pk.verifyingKey(), null, r.publicOutput, r.proof);
        List<ClaimBatch.Reduced> left = GraphProtocol.zkReduced(pk.verifyingKey(), null, r.publicOutput, r.proof);
        // the advice's claims reduced to one, the constants' small tensors to one, each large weight its own term
        long advice = left.stream().filter(c -> c.index() == 1).count();
        assertEquals(1, advice, "advice terms");
        assertTrue(left.size() <= 4, "evaluation terms: " + left.size());
        // every value left is a form over the pads (received masked), never a public constant
        for (ClaimBatch.Reduced c : left) assertTrue(c.value().isSymbolic(), "a claim's value in the clear");
    }

    /**
     * A liar inside each reduction's sumcheck (one round changed, every later round kept consistent): the rounds' checks
     * pass, only the reduction's final relation f(s) g(s) = the reduced claim (a constraint) can object. Deleting that
     * constraint from the symbolic {@code ClaimReduction.verify} lets these proofs through (checked by hand).
     */
    @Test
    void aLiarInEachReductionSumcheckIsRejected() {
        long[] x = Models.randomInput(7, 12);
        int total = unnodedSumchecks(zkKey(MLP, Visibility.DEFAULT), x);
        Circuit c = zkKey(MLP, Visibility.DEFAULT).vk.circuit;
        // before the reductions: the padding zero-checks (the advice's, and the constants' in every zk proof)
        int first = (c.paddingBlock >= 0 ? 1 : 0) + (c.constPaddingBlock >= 0 ? 1 : 0);
        assertEquals(first + 2, total, "the advice's and the constants' reductions");
        for (int target = first; target < total; target++) {
            int t = target;
            ProvingKey pk = zkKey(MLP, Visibility.DEFAULT);
            ModelProver.Result r = zkProve(pk, x, 72 + t, new GraphProtocol.Cheat() {
                @Override
                public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                    if (node != null || index != t) return null;
                    return SumcheckAdversary.consistent(claimed, 0, g -> g[g.length - 1] = g[g.length - 1].add(GoldilocksExt2.ofBase(5)));
                }
            });
            assertFalse(rejects(pk.verifyingKey(), null, r.publicOutput, r.proof).isEmpty(), "reduction " + t);
        }
    }

    /**
     * A lying claimed evaluation (one node's message): the reduction is run on the committed table, so its first round
     * does not sum to the batched claims (a round constraint).
     */
    @Test
    void aLyingClaimIsCaughtByTheReduction() {
        long[] x = Models.randomInput(7, 12);
        ProvingKey pk = zkKey(MLP, Visibility.DEFAULT);
        int[] lies = {0};
        ModelProver.Result r = zkProve(pk, x, 80, new GraphProtocol.Cheat() {
            @Override
            public GoldilocksExt2 evaluation(NodeSpec node, Vec vec, GoldilocksExt2[] point, GoldilocksExt2 value) {
                return lies[0]++ == 0 ? value.add(GoldilocksExt2.ONE) : value;
            }
        });
        assertFalse(rejects(pk.verifyingKey(), null, r.publicOutput, r.proof).isEmpty());
    }

    /**
     * Every message made from the honest witness, but another advice table committed (one entry changed): the nodes, the
     * lookups and the reduction all hold; only the reduced claims' evaluation terms on the committed tableau object. The
     * same cheat against the validity proof is caught by its opening.
     */
    @Test
    void anAdviceCommitmentToAnotherTableIsRejected() {
        long[] x = Models.randomInput(7, 12);
        GraphProtocol.Cheat other = new GraphProtocol.Cheat() {
            @Override
            public long[] advice(long[] table) {
                table[0] = Goldilocks.add(table[0], 1);
                return table;
            }
        };
        ProvingKey pk = zkKey(MLP, Visibility.DEFAULT);
        ModelProver.Result r = zkProve(pk, x, 90, other);
        assertFalse(rejects(pk.verifyingKey(), null, r.publicOutput, r.proof).isEmpty());
        ProvingKey vpk = ModelSetup.setup(MLP, Visibility.DEFAULT);
        ModelProver.Result v = ModelProver.prove(vpk, x, other, ProveProgress.NONE);
        assertFalse(rejects(vpk.verifyingKey(), null, v.publicOutput, v.proof).isEmpty());
    }

    /**
     * The prover takes its pad count from a dry run of the verifier ({@link GraphProtocol#padCount}: shapes from the key,
     * every value zero): it is exactly what the verifier of a real proof receives, on keys with lookups (range limbs,
     * activation tables) and with a private output.
     */
    @Test
    void thePadCountFromTheKeyIsWhatTheVerifierReceives() {
        for (ProvingKey base : List.of(MaliciousProverTest.linearPk(), MaliciousProverTest.actPk())) {
            for (Visibility v : List.of(Visibility.DEFAULT, new Visibility(false, false, false))) {
                ProvingKey pk = zkKey(base.model, v);
                long[] x = Models.randomInput(60, pk.vk.inputLength());
                ModelProver.Result r = zkProve(pk, x, 61);
                ModelVerifier.verify(pk.verifyingKey(), null, r.publicOutput, r.proof);
                long[] y = v.outputPublic() ? r.publicOutput : new long[0];
                assertEquals(GraphProtocol.zkMessages(pk.verifyingKey(), null, r.publicOutput, r.proof).size(), GraphProtocol.padCount(pk.vk, new long[0], y));
            }
        }
    }
}
