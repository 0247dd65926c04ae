package io.zkml4j.ml.ir;

/**
 * The one exception the ML layer throws for a bad model or a bad input. Its message is a single
 * line naming what is wrong (file, node, operator, shape), so the CLI can print it as is.
 */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(oneLine(message));
    }

    public ModelException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Messages may embed names taken from a file; a newline there must not split the report. */
    private static String oneLine(String message) {
        return message == null ? "unknown model error" : message.replaceAll("[\\r\\n]+", " ");
    }
}
