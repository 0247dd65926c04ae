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
        beginEncrypted(t, numVars, degree);
        t.absorbExt(CLAIM, claimedSum);
    }

    /** The symbolic verifier's {@link #begin}: the shape, then the claim as the sink binds it ({@link SymSink#bind}). */
    public static void begin(Transcript t, int numVars, int degree, Sym claimedSum, SymSink sink) {
        beginEncrypted(t, numVars, degree);
        sink.bind(t, CLAIM, claimedSum);
    }

    private static final String CLAIM = "sumcheck.claim";

    /** The prover's {@link #begin}: returns the claim bound (a test's {@link SumcheckAdversary} may bind another). */
    public static GoldilocksExt2 beginProver(Transcript t, int numVars, int degree, GoldilocksExt2 claimedSum) {
        return beginProver(t, numVars, degree, claimedSum, null);
    }

    /** {@link #beginProver(Transcript, int, int, GoldilocksExt2)} for messages masked by {@code enc} (null: in the clear): an encrypted claim is not absorbed, it is not public. */
    public static GoldilocksExt2 beginProver(Transcript t, int numVars, int degree, GoldilocksExt2 claimedSum, Encryption enc) {
        SumcheckAdversary a = ADVERSARY.get();
        GoldilocksExt2 bound = a == null ? claimedSum : a.claim(numVars, degree, claimedSum);
        if (enc != null) beginEncrypted(t, numVars, degree);
        else begin(t, numVars, degree, bound);
        return bound;
    }

    /** Prover: absorbs round message g(0..d) (a test's adversary may alter it in place first) and returns the round's challenge. */
    public static GoldilocksExt2 round(Transcript t, GoldilocksExt2[] evals) {
        return round(t, evals, null);
    }

    /** {@link #round(Transcript, GoldilocksExt2[])} with the message masked by {@code enc} (null: in the clear) before it is absorbed and sent. */
    public static GoldilocksExt2 round(Transcript t, GoldilocksExt2[] evals, Encryption enc) {
        SumcheckAdversary a = ADVERSARY.get();
        if (a != null) a.round(evals);
        absorbRound(t, enc == null ? evals : enc.round(evals.clone()));
        GoldilocksExt2 c = t.challengeExt("sumcheck.challenge");
        if (a != null) a.challenge(c);
        return c;
    }

    private static final ThreadLocal<SumcheckAdversary> ADVERSARY = new ThreadLocal<>();

    /**
     * The encrypted sumcheck's hand on every message ({@link EncryptedSumcheck}), passed explicitly to the prover: the
     * values sent and absorbed in place of a round message, e = g - p with one-time pads p. The prover keeps computing
     * with g, so a prover that passes it on to {@link #beginProver} and {@link #round} runs encrypted unchanged.
     */
    public interface Encryption {
        /** The masked message to absorb and send for round message g(0..d) (a copy, which it may overwrite). */
        GoldilocksExt2[] round(GoldilocksExt2[] evals);
    }

    /** An encrypted sumcheck binds the shape only: its claim is a hidden value, bound by the pads' commitment. */
    public static void beginEncrypted(Transcript t, int numVars, int degree) {
        t.absorbFields("sumcheck.shape", new long[] {numVars, degree});
    }

    /** Test seam: runs {@code body} with every sumcheck message this thread's provers send passing through {@code a}. */
    public static <T> T withAdversary(SumcheckAdversary a, java.util.function.Supplier<T> body) {
        return with(ADVERSARY, a, body);
    }

    private static <H, T> T with(ThreadLocal<H> slot, H value, java.util.function.Supplier<T> body) {
        H before = slot.get();
        slot.set(value);
        try {
            return body.get();
        } finally {
            if (before == null) slot.remove();
            else slot.set(before);
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
