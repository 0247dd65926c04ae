package io.zkml4j.server;

import java.nio.file.Path;

/**
 * How the proving service runs: the key directories it serves, where accepted jobs live, how many proofs run at once
 * and how many wait, the optional bearer token for submitting jobs, and the request body limit.
 *
 * @param keysDir     a directory of key directories (each as {@code setup -o KEYDIR} writes it; the name is the model's)
 * @param jobsDir     accepted jobs, their state, proofs and outputs (created if missing; scanned at start)
 * @param port        TCP port (0: any free port, see {@link ProvingService#port()})
 * @param workers     proofs run at once
 * @param queue       jobs accepted but not yet running, at most; beyond it a submission gets 503
 * @param token       bearer token required to submit jobs, or null for none
 * @param maxBody     request bodies above this many bytes get 413
 */
public record ServiceConfig(Path keysDir, Path jobsDir, String host, int port, int workers, int queue, String token, long maxBody) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_QUEUE = 64;
    public static final long DEFAULT_MAX_BODY = 16L << 20;

    public ServiceConfig {
        if (workers < 1) throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        if (queue < 1) throw new IllegalArgumentException("--queue must be at least 1, got " + queue);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        if (maxBody < 1) throw new IllegalArgumentException("--max-body must be at least 1 byte, got " + maxBody);
        if (token != null && token.isBlank()) throw new IllegalArgumentException("--token must not be blank");
    }

    /** The defaults (one worker, a queue of 64, 16 MiB bodies, no token) over {@code keysDir} and {@code jobsDir}. */
    public static ServiceConfig of(Path keysDir, Path jobsDir, int port) {
        return new ServiceConfig(keysDir, jobsDir, "0.0.0.0", port, 1, DEFAULT_QUEUE, null, DEFAULT_MAX_BODY);
    }

    public ServiceConfig withWorkers(int n) {
        return new ServiceConfig(keysDir, jobsDir, host, port, n, queue, token, maxBody);
    }

    public ServiceConfig withQueue(int n) {
        return new ServiceConfig(keysDir, jobsDir, host, port, workers, n, token, maxBody);
    }

    public ServiceConfig withToken(String t) {
        return new ServiceConfig(keysDir, jobsDir, host, port, workers, queue, t, maxBody);
    }

    public ServiceConfig withMaxBody(long bytes) {
        return new ServiceConfig(keysDir, jobsDir, host, port, workers, queue, token, bytes);
    }

    public ServiceConfig withHost(String h) {
        return new ServiceConfig(keysDir, jobsDir, h, port, workers, queue, token, maxBody);
    }
}
