package io.zkml4j.field.codec;

/** A serialized proof or key is not the canonical encoding of any valid object. */
public final class ProofFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProofFormatException(String message) {
        super(message);
    }
}
