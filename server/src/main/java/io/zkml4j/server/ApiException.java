package io.zkml4j.server;

/** A request the service refuses: the HTTP status and one line for {@code {"error": "..."}}. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    /** Seconds for a Retry-After header, or 0 for none. */
    final int retryAfter;

    ApiException(int status, String message) {
        this(status, message, 0);
    }

    ApiException(int status, String message, int retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }
}
