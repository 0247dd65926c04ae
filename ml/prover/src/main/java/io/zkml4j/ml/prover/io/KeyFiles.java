package io.zkml4j.ml.prover.io;

/** The file names of a key directory as {@code setup} writes it; {@code prove} and the proving service read them. */
public final class KeyFiles {
    /** Prover only: holds the weights. */
    public static final String PROVING_KEY = "proving.key";
    /** Public: no weights. */
    public static final String VERIFYING_KEY = "verifying.key";

    private KeyFiles() {}
}
