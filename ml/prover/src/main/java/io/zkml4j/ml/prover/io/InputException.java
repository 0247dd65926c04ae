package io.zkml4j.ml.prover.io;

/** A user's file or request body is not what it should be; the message is one line naming the source and the problem. */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }
}
