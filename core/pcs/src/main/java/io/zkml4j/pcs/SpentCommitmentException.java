package io.zkml4j.pcs;

/** A hiding commitment asked to open a second time: its masks and hiding coefficients were spent by the first opening. */
public final class SpentCommitmentException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SpentCommitmentException(String message) {
        super(message);
    }
}
