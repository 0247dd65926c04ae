package io.zkml4j.cli;

import io.zkml4j.server.ProvingService;
import io.zkml4j.server.ServiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The proving service over HTTP (module server): runs until killed; accepted jobs survive a restart. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the models of a keys directory over HTTP: submit proof jobs, follow them, fetch outputs, proofs and verifying keys, verify proofs.",
                "A web page at / draws a digit, proves it and verifies the proof in the browser. API: GET /openapi.json. Jobs are kept in --jobs-dir: a restarted service finishes every job it accepted."})
public final class ServeCommand extends CliCommand {
    @Option(names = "--keys", required = true, paramLabel = "DIR",
            description = "A directory of key directories (each from 'setup -o DIR/NAME'; NAME is the model's name), or one key directory.")
    Path keys;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "TCP port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "Proofs run at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--queue", defaultValue = "" + ServiceConfig.DEFAULT_QUEUE, paramLabel = "N",
            description = "Jobs waiting at most; a submission beyond gets 503 with Retry-After (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--token", paramLabel = "T", description = "Require 'Authorization: Bearer T' to submit jobs (default: none).")
    String token;

    @Option(names = "--jobs-dir", defaultValue = "jobs", paramLabel = "D", description = "Where accepted jobs, proofs and outputs are kept (default: ${DEFAULT-VALUE}).")
    Path jobsDir;

    @Option(names = "--max-body", defaultValue = "" + ServiceConfig.DEFAULT_MAX_BODY, paramLabel = "BYTES",
            description = "Request bodies above this get 413 (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Override
    protected int execute() throws Exception {
        ServiceConfig c;
        try {
            c = new ServiceConfig(keys, jobsDir, host, port, workers, queue, token, maxBody);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        ProvingService s = ProvingService.start(c);
        int[] rec = s.recovered();
        out().printf("serving %s on http://%s:%d (%d worker(s), queue %d%s); page: /, API: /openapi.json%n", String.join(", ", s.modelNames()),
                host, s.port(), workers, queue, token != null ? ", token required to submit" : "");
        out().printf("jobs in %s: %d queued again, %d done, %d failed%n", jobsDir.toAbsolutePath(), rec[0], rec[1], rec[2]);
        out().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.close();
            stopped.countDown();
        }, "serve-shutdown"));
        stopped.await();
        return Main.EXIT_OK;
    }
}
