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

    /** The prover's {@link #begin}: returns the claim bound (a test's {@link SumcheckAdversary} may bind another). */
    public static GoldilocksExt2 beginProver(Transcript t, int numVars, int degree, GoldilocksExt2 claimedSum) {
        SumcheckAdversary a = ADVERSARY.get();
        GoldilocksExt2 bound = a == null ? claimedSum : a.claim(numVars, degree, claimedSum);
        begin(t, numVars, degree, bound);
        return bound;
    }

    /** Prover: absorbs round message g(0..d) (a test's adversary may alter it in place first) and returns the round's challenge. */
    public static GoldilocksExt2 round(Transcript t, GoldilocksExt2[] evals) {
        SumcheckAdversary a = ADVERSARY.get();
        if (a != null) a.round(evals);
        absorbRound(t, evals);
        GoldilocksExt2 c = t.challengeExt("sumcheck.challenge");
        if (a != null) a.challenge(c);
        return c;
    }

    private static final ThreadLocal<SumcheckAdversary> ADVERSARY = new ThreadLocal<>();

    /** Test seam: runs {@code body} with every sumcheck message this thread's provers send passing through {@code a}. */
    public static <T> T withAdversary(SumcheckAdversary a, java.util.function.Supplier<T> body) {
        SumcheckAdversary before = ADVERSARY.get();
        ADVERSARY.set(a);
        try {
            return body.get();
        } finally {
            if (before == null) ADVERSARY.remove();
            else ADVERSARY.set(before);
        }
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
