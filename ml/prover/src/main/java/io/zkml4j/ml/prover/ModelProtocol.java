package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;

/** What prover and verifier share: the protocol label, the statement binding and small MLE helpers (one place each). */
final class ModelProtocol {
    /** Domain label of every model proof's transcript; the version changes whenever the protocol does. */
    static final String LABEL = "zkml4j.model-proof/v1";

    private ModelProtocol() {}

    /**
     * A transcript bound to the statement before any challenge: protocol label (domain), the verifying key's digest
     * (graph, shapes, scales, shifts, PCS parameters, weight commitments), the public input and the public output
     * (as field elements of the signed integers; absorbFields binds their lengths too).
     */
    static Transcript statement(VerifyingKey vk, long[] input, long[] output) {
        Transcript t = new Transcript(LABEL);
        t.absorbBytes("model.vk", vk.digest());
        t.absorbFields("model.input", toField(input));
        t.absorbFields("model.output", toField(output));
        return t;
    }

    static long[] toField(long[] signed) {
        long[] r = new long[signed.length];
        for (int i = 0; i < r.length; i++) r[i] = Goldilocks.fromSigned(signed[i]);
        return r;
    }

    /** The signed vector as field elements, zero-padded to 2^vars. */
    static long[] padded(long[] signed, int vars) {
        long[] r = new long[1 << vars];
        for (int i = 0; i < signed.length; i++) r[i] = Goldilocks.fromSigned(signed[i]);
        return r;
    }

    /** MLE of a public (signed) vector zero-padded to 2^point.length, at point. */
    static GoldilocksExt2 evalPublic(long[] signed, GoldilocksExt2[] point) {
        return Mle.evaluate(padded(signed, point.length), point);
    }

    /** MLE at point of the padding indicator of a vector of len values: 1 on rows len .. 2^point.length - 1, else 0. */
    static GoldilocksExt2 padEval(int len, GoldilocksExt2[] point) {
        long[] ones = new long[len];
        java.util.Arrays.fill(ones, 1);
        return GoldilocksExt2.ONE.sub(evalPublic(ones, point));
    }

    static GoldilocksExt2[] concat(GoldilocksExt2[] a, GoldilocksExt2[] b) {
        GoldilocksExt2[] r = new GoldilocksExt2[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static GoldilocksExt2 ext(long base) {
        return GoldilocksExt2.ofBase(base);
    }
}
