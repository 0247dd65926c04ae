package io.zkml4j.cli;

/** A user-facing CLI failure (bad input file, bad option value); its message is printed as one line. */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }
}
