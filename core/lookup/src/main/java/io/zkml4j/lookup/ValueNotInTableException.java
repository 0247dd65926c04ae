package io.zkml4j.lookup;

/** The prover was asked to look up a value (tuple) that its table does not contain; the message names where. */
public final class ValueNotInTableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ValueNotInTableException(String message) {
        super(message);
    }
}
