package io.zkml4j.ml.prover;

/**
 * Progress of a proof, for a terminal progress bar: the prover calls {@link #step} as it goes, with a short stage
 * name and the number of steps done out of a total that stays fixed for one proof. Called on the proving thread.
 */
@FunctionalInterface
public interface ProveProgress {
    ProveProgress NONE = (stage, done, total) -> {};

    void step(String stage, int done, int total);
}
