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

    /**
     * Messages may embed names taken from a file; a newline there must not split the report: each run of CR and LF
     * becomes one space. (A loop, not a regular expression: the verifier compiled to JavaScript would carry a regex
     * engine for this alone.)
     */
    private static String oneLine(String message) {
        if (message == null) return "unknown model error";
        StringBuilder b = new StringBuilder(message.length());
        boolean inBreak = false;
        for (int i = 0; i < message.length(); i++) {
            char ch = message.charAt(i);
            boolean br = ch == '\r' || ch == '\n';
            if (!br) b.append(ch);
            else if (!inBreak) b.append(' ');
            inBreak = br;
        }
        return b.toString();
    }
}
