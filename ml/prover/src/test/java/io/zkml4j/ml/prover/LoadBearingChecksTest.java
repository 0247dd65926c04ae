package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.sumcheck.SumcheckAdversary;
import io.zkml4j.transcript.Transcript;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.zkml4j.ml.prover.MaliciousProverTest.Alter;
import static io.zkml4j.ml.prover.MaliciousProverTest.first;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For each verifier check an audit found unguarded (deleting it left every test green), a cheating prover that only that
 * check stops; the transcript stays faithful (every lie is absorbed as sent), so each cheat reaches the check it targets.
 * The deletion experiment (docs/security.md) deletes each check in turn and sees the test named after it fail.
 */
class LoadBearingChecksTest {
    private static ProvingKey linear() {
        return MaliciousProverTest.linearPk();
    }

    private static long[] input(ProvingKey pk) {
        return Models.randomInput(77, pk.vk.inputLength());
    }

    /** Commits other multiplicities than the LogUp used (one entry + 1): only the multiplicities' claim binds them. */
    private static GraphProtocol.Cheat committedMultiplicities(int vec) {
        return new GraphProtocol.Cheat() {
            @Override
            public void committed(Witness w) {
                w.setPadded(vec, 0, Goldilocks.add(w.padded(vec)[0], 1));
            }
        };
    }

    @Test
    void rangeMultiplicitiesClaimBindsTheCommittedMultiplicities() {
        ProvingKey pk = linear();
        String msg = rejected(pk, input(pk), committedMultiplicities(pk.vk.circuit.rangeMultiplicities));
        // the claim from the LogUp (the multiplicities it used) disagrees with the committed table: the batched claims'
        // sumcheck over the committed table (ClaimBatch) objects, or the opening's evaluation row
        assertCommittedTableObjects(msg);
    }

    static void assertCommittedTableObjects(String msg) {
        assertTrue(msg.startsWith("sumcheck round") || msg.startsWith("claim reduction") || msg.startsWith("ligero: claim ") && msg.contains("evaluation row gives"), msg);
    }

    @Test
    void functionTableMultiplicitiesClaimBindsTheCommittedMultiplicities() {
        ProvingKey pk = MaliciousProverTest.actPk();
        int m = pk.vk.circuit.ruleMultiplicities.values().iterator().next();
        String msg = rejected(pk, input(pk), committedMultiplicities(m));
        assertCommittedTableObjects(msg);
    }

    /** A rescale remainder whose bit count is not a multiple of the limb width: its top limb is narrower. */
    private static RangeCheck narrowTopRemainder(Circuit c) {
        for (RangeCheck rc : c.ranges) if (rc.topBits < rc.limbBits && rc.what.endsWith(".linear.rem")) return rc;
        return null;
    }

    /**
     * q - 1 with rem + 2^k: acc = 2^k q + rem - 2^(k-1) still holds, rem + 2^k has k + 1 bits. Its limbs are all below
     * 2^w: the top limb is one bit too wide for its own width but within the limb width. Returns the key, the check and
     * the cheat (with {@code lieAboutWidth}, the width column claims the full limb width at that row).
     */
    private static Object[] topLimbOneBitTooWide(boolean lieAboutWidth) {
        ProvingKey pk = null;
        RangeCheck rc = null;
        for (int inLen : new int[] {20, 24, 40, 12}) { // inputs wider than 16 rescale the first Gemm by 2^10, else 2^8
            ProvingKey k = ModelSetup.setup(Models.mlp(90 + inLen, inLen, "Gemm16", "Relu", "Gemm4"), Visibility.ALL_PUBLIC);
            rc = narrowTopRemainder(k.vk.circuit);
            if (rc != null) {
                pk = k;
                break;
            }
        }
        assertTrue(pk != null, "no test model with a narrower top limb");
        RangeCheck rem = rc;
        Circuit c = pk.vk.circuit;
        NodeSpec gemm = c.nodes.get(0);
        String out = c.vec(gemm.out[0]).name;
        int[] at = new int[1];
        Alter a = new Alter(pk, out, v -> v[at[0] = first(v, i -> true)] -= 1) {
            @Override
            public long[] widths(long[] honest) {
                if (!lieAboutWidth) return honest;
                long[] w = honest.clone();
                int top = rem.limbs[rem.limbs.length - 1];
                w[(int) (c.vec(top).offset - c.rangeRegion.offset) + Padding.paddedIndex(at[0], rem.shape)] = rem.limbBits;
                return w;
            }
        };
        a.onPadded(w -> {
            long top = w.padded(rem.limbs[rem.limbs.length - 1])[Padding.paddedIndex(at[0], rem.shape)];
            assertTrue(top >= 1L << rem.topBits && top < 1L << rem.limbBits, "the top limb is one bit too wide but within the limb width: " + top);
        });
        return new Object[] {pk, a};
    }

    @Test
    void topLimbWiderThanItsWidthIsNotInTheRangeTable() {
        Object[] k = topLimbOneBitTooWide(false);
        ProvingKey pk = (ProvingKey) k[0];
        String msg = rejected(pk, input(pk), (Alter) k[1]);
        assertTrue(msg.contains("looked-up fractions do not sum"), msg);
    }

    @Test
    void theWidthClaimStopsATopLimbLookedUpAtTheFullLimbWidth() {
        // the lookup holds (the pair (w, top) is in the table); only the verifier's own widths object
        Object[] k = topLimbOneBitTooWide(true);
        ProvingKey pk = (ProvingKey) k[0];
        String msg = rejected(pk, input(pk), (Alter) k[1]);
        assertTrue(msg.contains("the claimed widths are not the limbs' widths"), msg);
    }

    @Test
    void clampZeroCheckFinalCheckStopsAReluLiar() {
        // z = x + 1 where x >= 0: z (z - x) = z != 0 at that entry, 2z - x = x + 2 in range. The zero-check's sum is not
        // zero, so the prover binds 0 anyway and shifts every round to stay consistent: every round check passes and
        // only the final check (the summand at the end point against the openings) objects.
        ProvingKey pk = linear();
        long[] x = input(pk);
        Circuit c = pk.vk.circuit;
        Alter a = new Alter(pk, "v1", null) {
            @Override
            public void tensors(Witness w) {
                long[] pre = w.values(MaliciousProverTest.vecId(c, "v0"));
                int i = first(pre, k -> pre[k] >= 0);
                new Alter(pk, "v1", v -> v[i] = pre[i] + 1).tensors(w);
            }

            @Override
            public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                return node != null && node.name.equals("n1") ? SumcheckAdversary.consistent(claimed, -1, null) : null;
            }
        };
        String msg = rejected(pk, x, a);
        assertTrue(msg.startsWith("node 'n1' (Relu): ") && msg.contains("output is neither the bound nor the input"), msg);
    }

    @Test
    void aRoundPolynomialReplacedMidwayIsCaughtByTheFinalCheck() {
        // the harness replaces any round polynomial (here round 1 of the first Gemm's sumcheck) and
        // keeps the rest consistent: the lie survives every round check and the node's final check catches it
        ProvingKey pk = linear();
        GraphProtocol.Cheat cheat = new GraphProtocol.Cheat() {
            @Override
            public SumcheckAdversary sumcheck(NodeSpec node, int index, GoldilocksExt2 claimed) {
                if (node == null || !node.name.equals("n0")) return null;
                // g(2) + 5: another polynomial (a constant change alone would be undone by the consistency shift)
                return SumcheckAdversary.consistent(claimed, 1, g -> g[2] = g[2].add(GoldilocksExt2.ofBase(5)));
            }
        };
        String msg = rejected(pk, input(pk), cheat);
        assertTrue(msg.startsWith("node 'n0' (Gemm): ") && !msg.contains("sumcheck round"), msg);
    }

    @Test
    void aClaimedEvaluationChangedIsCaughtWhereItIsUsed() {
        // any claimed evaluation can be changed (and is absorbed as sent): the first one the Relu opens
        ProvingKey pk = linear();
        GraphProtocol.Cheat cheat = new GraphProtocol.Cheat() {
            boolean done;

            @Override
            public GoldilocksExt2 evaluation(NodeSpec node, Vec vec, GoldilocksExt2[] point, GoldilocksExt2 value) {
                if (done || node == null || !node.name.equals("n1")) return value;
                done = true;
                return value.add(GoldilocksExt2.ONE);
            }
        };
        assertTrue(rejected(pk, input(pk), cheat).startsWith("node 'n1' (Relu): "));
    }

    // ------------------------------------------------------------------ every prover message is absorbed

    /** The challenges a proof draws (each one's label and state), and how many were drawn before each node message. */
    private record Run(List<String> labels, List<byte[]> states, List<Integer> drawnBeforeMessage, List<String> messageLabels) {}

    private static Run run(ProvingKey pk, long[] x, int alterMessage) {
        List<String> labels = new ArrayList<>();
        List<byte[]> states = new ArrayList<>();
        List<Integer> before = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        GraphProtocol.Cheat cheat = new GraphProtocol.Cheat() {
            @Override
            public GoldilocksExt2 message(NodeSpec node, String label, GoldilocksExt2 value) {
                before.add(states.size());
                sent.add(label);
                return before.size() - 1 == alterMessage ? value.add(GoldilocksExt2.ONE) : value;
            }
        };
        Transcript.tapped((label, state) -> {
            labels.add(label);
            states.add(state);
        }, () -> ModelProver.prove(pk, x, cheat, ProveProgress.NONE));
        return new Run(labels, states, before, sent);
    }

    @Test
    @Tag("slow") // not run against mutants (pit.excludedGroups, docs/mutation.md)
    void everyNodeMessageMovesTheNextChallenge() {
        // a message sent but not absorbed would leave the next challenge unchanged: the challenges would be known before
        // the values they bind (WindowMax's slot values, every claimed evaluation, Softmax's and the pools' messages)
        List<ProvingKey> keys = List.of(linear(), MaliciousProverTest.actPk(), ModelSetup.setup(Models.shared("digits_lenet"), Visibility.ALL_PUBLIC));
        for (ProvingKey pk : keys) {
            long[] x = input(pk);
            Run honest = run(pk, x, -1);
            int messages = honest.drawnBeforeMessage().size();
            assertTrue(messages > 4, "messages: " + messages);
            int step = Math.max(1, messages / 60);
            for (int j = 0; j < messages; j++) {
                if (j % step != 0 && honest.messageLabels().get(j).equals("model.eval")) continue; // every other kind, each
                int k = honest.drawnBeforeMessage().get(j); // the first challenge drawn after message j
                assertTrue(k < honest.states().size(), "a challenge follows message " + j);
                Run altered = run(pk, x, j);
                assertFalse(Arrays.equals(honest.states().get(k), altered.states().get(k)),
                        "message " + j + " does not move challenge '" + honest.labels().get(k) + "'");
            }
            assertTrue(pk != keys.get(2) || honest.messageLabels().contains("maxpool.slot"), "lenet sends MaxPool's slot values");
        }
    }
}
