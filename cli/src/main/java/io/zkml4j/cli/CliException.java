package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.InputException;

/** A user-facing CLI failure (an {@link InputException}, so whoever reports input errors reports these too) (bad input file, bad option value); its message is printed as one line. */
public class CliException extends InputException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }
}
