package io.zkml4j.pcs;

/** Prover data read from a file does not match the commitment it stands for (a damaged key file): nothing is proven. */
public final class CorruptProverDataException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public CorruptProverDataException(String message) {
        super(message);
    }
}
