package io.zkml4j.transcript;

/**
 * A proof failed verification. The message names the check that failed (which commitment, round,
 * query or opening), so a rejected proof can be diagnosed from one line.
 */
public class VerificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
        super(message);
    }

    public VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
