package io.zkml4j.lookup;

/** Prover-side result: the proof to send and the claims (identical to what the verifier derives) to prove next. */
public final class LookupProverOutput {
    private final LookupProof proof;
    private final LookupClaims claims;

    LookupProverOutput(LookupProof proof, LookupClaims claims) {
        this.proof = proof;
        this.claims = claims;
    }

    public LookupProof proof() {
        return proof;
    }

    public LookupClaims claims() {
        return claims;
    }
}
