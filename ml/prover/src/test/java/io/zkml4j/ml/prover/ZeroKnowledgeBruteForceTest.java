package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.Blinding;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.pcs.LigeroParams;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.poly.Mle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The brute-force test of gnark's advisory GHSA-9xcg (a commitment to private values that was not hiding: whoever could
 * enumerate the candidates recomputed it and found the secret). The private input is one of 2^10 candidates; the
 * attacker knows the model (parameters public here, so it can compute every value a proof is about for each
 * candidate) and tries every candidate against the proof bytes and the verifier's view: the deterministic commitment
 * to that candidate's advice table, and the value of its advice table at each point where the proof's claims on the
 * advice end (the claim the verifier receives masked). Output private too, so the statement itself names no candidate.
 * None matches; with the masks left out, exactly the secret matches.
 */
class ZeroKnowledgeBruteForceTest {
    private static final int BITS = 10;
    private static final Visibility INPUT_AND_OUTPUT_PRIVATE = new Visibility(false, false, true);

    /** Candidate i: the base input with its first BITS entries moved by i's bits. */
    private static long[] candidate(long[] base, int i) {
        long[] x = base.clone();
        for (int j = 0; j < BITS; j++) x[j] += (i >> j) & 1;
        return x;
    }

    /** The advice table a proof for input x commits (the same layout under any key of this model and visibility). */
    private static long[] adviceTable(ProvingKey validity, long[] x) {
        long[][] seen = new long[1][];
        ModelProver.prove(validity, x, new GraphProtocol.Cheat() {
            @Override
            public long[] advice(long[] table) {
                seen[0] = table.clone();
                return table;
            }
        }, ProveProgress.NONE);
        return seen[0];
    }

    /** How many candidates the attacker's tests single out against this proof. */
    private static List<Integer> matches(ProvingKey validity, long[] base, VerifyingKey zkVk, byte[] proof) {
        List<ClaimBatch.Reduced> reduced = GraphProtocol.zkReduced(zkVk, null, null, proof);
        Circuit c = zkVk.circuit;
        List<GoldilocksExt2[]> points = new ArrayList<>();
        List<GoldilocksExt2> received = new ArrayList<>();
        for (ClaimBatch.Reduced r : reduced) {
            if (r.point().length != c.adviceVars) continue;
            points.add(r.point());
            received.add(r.value().padsZero()); // what the verifier is sent for this claim (its pad's part is unknown to it)
        }
        assertTrue(!points.isEmpty(), "the proof ends in a claim on the advice");
        String proofHex = HexFormat.of().formatHex(proof);
        LigeroPcs binding = new LigeroPcs(LigeroParams.DEFAULT);
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < 1 << BITS; i++) {
            long[] table = adviceTable(validity, candidate(base, i));
            boolean hit = proofHex.contains(HexFormat.of().formatHex(((LigeroCommitment) binding.commit(table, Blinding.NONE).commitment()).root()));
            for (int k = 0; k < points.size() && !hit; k++) hit = Mle.evaluate(table, points.get(k)).equals(received.get(k));
            if (hit) hits.add(i);
        }
        return hits;
    }

    @Test
    void noneOfTheCandidatesIsSingledOutAndWithoutMasksTheSecretIs() {
        long[] base = Models.randomInput(91, 12);
        int secret = 0b1011001110;
        ProvingKey validity = ModelSetup.setup(ZeroKnowledgeProofTest.MLP, INPUT_AND_OUTPUT_PRIVATE);
        ProvingKey zk = ModelSetup.setupZeroKnowledge(ZeroKnowledgeProofTest.MLP, new HidingLigeroPcs(HidingLigeroParams.DEFAULT), INPUT_AND_OUTPUT_PRIVATE, 2);
        ModelProver.Result r = ModelProver.proveQuantized(zk, candidate(base, secret));
        ModelVerifier.verify(zk.verifyingKey(), null, null, r.proof); // the verifier's view: accepted, whichever the candidate
        assertEquals(List.of(), matches(validity, base, zk.verifyingKey(), r.proof));

        // the same proof with every pad zero (the masks left out): the claims on the advice are sent in the clear
        ModelProver.Result clear = ModelProver.prove(zk, candidate(base, secret), new GraphProtocol.Cheat() {
            @Override
            public void pads(GoldilocksExt2[] pads) {
                Arrays.fill(pads, GoldilocksExt2.ZERO);
            }
        }, ProveProgress.NONE, Blinding.from(new SplittableRandom(5)));
        ModelVerifier.verify(zk.verifyingKey(), null, null, clear.proof);
        assertEquals(List.of(secret), matches(validity, base, zk.verifyingKey(), clear.proof));
    }
}
