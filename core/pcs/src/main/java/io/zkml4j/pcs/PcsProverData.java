package io.zkml4j.pcs;

/**
 * What only the prover holds after committing (the committed table, its encoding, hash trees), a type
 * distinct from the public {@link PcsCommitment} so a verifier API cannot receive prover secrets.
 */
public interface PcsProverData {
    PcsCommitment commitment();
}
