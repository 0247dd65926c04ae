package io.zkml4j.lookup;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.pcs.LigeroParams;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.transcript.Transcript;
import java.util.SplittableRandom;

/** Shared helpers for the lookup tests. */
final class Fixtures {
    private Fixtures() {}

    static final String DOMAIN = "zkml4j.test.lookup";
    static final LigeroPcs PCS = new LigeroPcs(LigeroParams.DEFAULT);

    static Transcript transcript() {
        Transcript t = new Transcript(DOMAIN);
        t.absorbBytes("statement", new byte[] {1, 2, 3});
        return t;
    }

    /** 2^logN random values in [0, 2^bits). */
    static long[] randomRange(SplittableRandom r, int logN, int bits) {
        long[] v = new long[1 << logN];
        for (int i = 0; i < v.length; i++) v[i] = r.nextLong(1L << bits);
        return v;
    }

    static long randomField(SplittableRandom r) {
        return Goldilocks.reduce64(r.nextLong());
    }

    /** The honest prove + verify round trip through bytes; returns the verifier's claims after checking they match the prover's. */
    static LookupClaims roundTrip(LookupWitness w, PcsCommitment... bindings) {
        LookupProverOutput out = LookupProver.prove(w, transcript(), bindings);
        byte[] bytes = out.proof().toBytes();
        LookupProof decoded = LookupProof.fromBytes(bytes, w.table(), w.shape());
        LookupClaims c = LookupVerifier.verify(w.table(), w.shape(), decoded, transcript(), bindings);
        if (!c.sameAs(out.claims())) throw new AssertionError("verifier's claims differ from the prover's");
        return c;
    }

    /** Proves with the given cheat and verifies honestly; returns true iff accepted. */
    static boolean accepted(LookupWitness w, LookupProver.Cheat cheat, PcsCommitment... bindings) {
        LookupProverOutput out = LookupProver.prove(w, transcript(), bindings, cheat);
        return acceptedWithClaims(w, out.proof(), bindings) != null;
    }

    /** The verifier's claims, or null if it rejected; also checks the claims against the witness (what a PCS would do). */
    static LookupClaims acceptedWithClaims(LookupWitness w, LookupProof proof, PcsCommitment... bindings) {
        try {
            LookupClaims c = LookupVerifier.verify(w.table(), w.shape(), proof, transcript(), bindings);
            return ClaimCheck.holds(w, c) ? c : null;
        } catch (io.zkml4j.transcript.VerificationException e) {
            return null;
        }
    }
}
