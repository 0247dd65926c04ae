package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.transcript.Transcript;

/**
 * The absorb/squeeze sequence of a sumcheck, in one place so provers (here and in specialised provers such as
 * LogUp-GKR's layer prover) and the verifier cannot drift apart.
 */
public final class SumcheckTranscript {
    private SumcheckTranscript() {}

    /** Binds the shape (so a proof cannot pick its own degree or round count) and the claimed sum. */
    public static void begin(Transcript t, int numVars, int degree, GoldilocksExt2 claimedSum) {
        t.absorbFields("sumcheck.shape", new long[] {numVars, degree});
        t.absorbExt("sumcheck.claim", claimedSum);
    }

    /** Absorbs round message g(0..d) and returns the round's challenge. */
    public static GoldilocksExt2 round(Transcript t, GoldilocksExt2[] evals) {
        absorbRound(t, evals);
        return t.challengeExt("sumcheck.challenge");
    }

    public static void absorbRound(Transcript t, GoldilocksExt2[] evals) {
        long[] c0 = new long[evals.length], c1 = new long[evals.length];
        for (int i = 0; i < evals.length; i++) {
            c0[i] = evals[i].c0;
            c1[i] = evals[i].c1;
        }
        t.absorbExts("sumcheck.round", c0, c1);
    }
}
