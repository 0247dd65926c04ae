package io.zkml4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.prover.ModelEstimate;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.io.InputException;
import io.zkml4j.ml.prover.io.KeyFiles;
import io.zkml4j.ml.prover.io.ProofCheck;
import io.zkml4j.ml.prover.io.ProofFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The proving service: the models of a keys directory, a job queue and the HTTP API over them (Javalin), and a web
 * page over the API ({@link #PAGE}). Every API response is JSON except a verifying key and a proof (bytes), the event
 * stream and the JavaScript verifier; every error is one line {@code {"error": "..."}} with its status. The API is
 * described by {@code /openapi.json}.
 */
public final class ProvingService implements AutoCloseable {
    /** A route of the API; {@link #ROUTES} is the list the server registers and the OpenAPI test checks. */
    public record Route(String method, String path) {}

    public static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/health"),
            new Route("GET", "/api/models"),
            new Route("GET", "/api/models/{name}"),
            new Route("GET", "/api/models/{name}/vk"),
            new Route("POST", "/api/models/{name}/jobs"),
            new Route("POST", "/api/models/{name}/verify"),
            new Route("GET", "/api/jobs/{id}"),
            new Route("GET", "/api/jobs/{id}/events"),
            new Route("GET", "/api/jobs/{id}/output"),
            new Route("GET", "/api/jobs/{id}/proof"),
            new Route("GET", "/openapi.json"),
            new Route("GET", "/zkml4j-verifier.js"));

    /** The verifier compiled to JavaScript, from its module's jar when that is on the classpath (defines {@code zkml4j.verify}). */
    static final String VERIFIER_JS = "/io/zkml4j/web/zkml4j-verifier.js";

    /** A file of the web page: its URL path, its classpath resource and its type. Not API, so not in openapi.json. */
    record PageFile(String path, String resource, String type) {}

    static final List<PageFile> PAGE = List.of(
            new PageFile("/", "page/index.html", "text/html; charset=utf-8"),
            new PageFile("/page.js", "page/page.js", "text/javascript; charset=utf-8"),
            new PageFile("/page.css", "page/page.css", "text/css; charset=utf-8"),
            new PageFile("/verify-worker.js", "page/verify-worker.js", "text/javascript; charset=utf-8"));

    /** How often an idle event stream sends a comment, so proxies and clients keep it open. */
    static final long KEEPALIVE_MS = 15_000;

    private final ServiceConfig config;
    private final Map<String, ServedModel> models;
    private final JobQueue queue;
    private final Javalin app;
    private final int[] recovered;
    private final int bodyBudgetKib = (int) Math.max(1024, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 8 / 1024));
    private final Semaphore bodies = new Semaphore(bodyBudgetKib);

    JobQueue queue() {
        return queue;
    }

    private ProvingService(ServiceConfig config, Map<String, ServedModel> models, JobQueue queue, int[] recovered) {
        this.config = config;
        this.models = models;
        this.queue = queue;
        this.recovered = recovered;
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.http.maxRequestSize = config.maxBody();
            c.concurrency.useVirtualThreads = false;
            Map<Route, Handler> handlers = handlers();
            for (Route r : ROUTES) {
                Handler h = handlers.get(r);
                if (r.method().equals("GET")) c.routes.get(r.path(), h);
                else c.routes.post(r.path(), h);
            }
            for (PageFile f : PAGE) {
                c.routes.get(f.path(), ctx -> {
                    // The page's own scripts and styles only: no inline code, nothing from elsewhere.
                    // 'wasm-unsafe-eval': the verifier's field arithmetic compiles its own WebAssembly module (no other code is evaluated)
                    ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
                    resource(ctx, f.resource(), f.type(), "the page's " + f.resource() + " is missing from this build");
                });
            }
            c.routes.exception(ApiException.class, (e, ctx) -> {
                if (e.retryAfter > 0) ctx.header("Retry-After", Integer.toString(e.retryAfter));
                error(ctx, e.status, e.getMessage());
            });
            c.routes.exception(InputException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            // A model or input the prover refuses is the request's problem, not an internal error.
            c.routes.exception(ModelException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            c.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
            c.routes.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + JobQueue.oneLine(e)));
            c.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /openapi.json)");
            });
        });
    }

    /**
     * Loads every model under {@code config.keysDir()}, recovers the jobs directory (finished jobs reported, the rest
     * queued again) and starts serving. Bad keys fail the start with one line.
     */
    public static ProvingService start(ServiceConfig config) throws IOException {
        Map<String, ServedModel> models = loadModels(config.keysDir());
        JobQueue q = new JobQueue(models, new JobStore(config.jobsDir()), config.workers(), config.queue());
        int[] rec = q.recover();
        ProvingService s = new ProvingService(config, models, q, rec);
        try {
            s.app.start();
        } catch (RuntimeException e) {
            q.close();
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new InputException("cannot listen on " + config.host() + ":" + config.port() + ": " + JobQueue.oneLine(root));
        }
        return s;
    }

    /**
     * Every key directory directly under {@code keysDir} (or {@code keysDir} itself when it holds a proving key),
     * named by its directory; each proving key is read once and checked to fit the heap.
     */
    static Map<String, ServedModel> loadModels(Path keysDir) throws IOException {
        if (!Files.isDirectory(keysDir)) throw new InputException("--keys: not a directory: " + keysDir);
        List<Path> dirs;
        if (Files.isRegularFile(keysDir.resolve(KeyFiles.PROVING_KEY))) {
            dirs = List.of(keysDir);
        } else {
            try (Stream<Path> s = Files.list(keysDir)) {
                dirs = s.filter(p -> Files.isRegularFile(p.resolve(KeyFiles.PROVING_KEY))).sorted().toList();
            }
        }
        if (dirs.isEmpty()) throw new InputException("--keys: no key directory (with " + KeyFiles.PROVING_KEY + ") in " + keysDir + "; make one with 'zkml4j setup MODEL -o " + keysDir + "/NAME'");
        Map<String, ServedModel> out = new TreeMap<>();
        for (Path d : dirs) {
            String name = d.toAbsolutePath().normalize().getFileName().toString();
            ProvingKey pk;
            try {
                pk = ProvingKey.read(d.resolve(KeyFiles.PROVING_KEY));
            } catch (UncheckedIOException e) {
                throw new InputException(e.getMessage());
            }
            String refusal = ModelEstimate.of(pk).refusal(Runtime.getRuntime().maxMemory(), false);
            if (refusal != null) throw new InputException("model '" + name + "': " + refusal);
            out.put(name, new ServedModel(name, pk));
        }
        return out;
    }

    public int port() {
        return app.port();
    }

    /** The models served, by name. */
    public List<String> modelNames() {
        return List.copyOf(models.keySet());
    }

    /** Jobs found on disk at start: {queued again, done, failed}. */
    public int[] recovered() {
        return recovered.clone();
    }

    /** Stops listening and proving; running proofs finish, waiting jobs stay on disk for the next start. */
    @Override
    public void close() {
        queue.close();
        app.stop();
    }

    // ------------------------------------------------------------------ handlers

    private Map<Route, Handler> handlers() {
        Map<Route, Handler> h = new java.util.HashMap<>();
        h.put(ROUTES.get(0), this::health);
        h.put(ROUTES.get(1), ctx -> {
            ArrayNode a = InputData.JSON.createArrayNode();
            for (ServedModel m : models.values()) a.add(m.describe());
            json(ctx, 200, a);
        });
        h.put(ROUTES.get(2), ctx -> json(ctx, 200, model(ctx).describe()));
        h.put(ROUTES.get(3), ctx -> {
            ServedModel m = model(ctx);
            ctx.header("Content-Disposition", "attachment; filename=\"" + m.name + "." + KeyFiles.VERIFYING_KEY + "\"");
            bytes(ctx, m.vkBytes);
        });
        h.put(ROUTES.get(4), this::submit);
        h.put(ROUTES.get(5), this::verify);
        h.put(ROUTES.get(6), ctx -> json(ctx, 200, withLinks(job(ctx).status())));
        h.put(ROUTES.get(7), this::events);
        h.put(ROUTES.get(8), ctx -> {
            Job j = finished(ctx, "output");
            ctx.status(200).contentType("application/json").result(jobFile(j, JobStore.OUTPUT));
        });
        h.put(ROUTES.get(9), ctx -> {
            Job j = finished(ctx, "proof");
            ctx.header("Content-Disposition", "attachment; filename=\"" + j.id + ".proof\"");
            ctx.status(200).contentType("application/octet-stream").result(jobFile(j, JobStore.PROOF));
        });
        h.put(ROUTES.get(10), ctx -> resource(ctx, "openapi.json", "application/json", "openapi.json is missing from this build"));
        h.put(ROUTES.get(11), ctx -> resource(ctx, VERIFIER_JS, "text/javascript; charset=utf-8",
                "no JavaScript verifier in this build (the classpath lacks " + VERIFIER_JS.substring(1) + ")"));
        return h;
    }

    private void health(Context ctx) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ObjectNode o = InputData.JSON.createObjectNode();
        o.put("status", queue.closed() ? "stopping" : "ok");
        o.put("heapUsed", heap.getUsed());
        o.put("heapCommitted", heap.getCommitted());
        o.put("heapMax", heap.getMax());
        o.put("waiting", queue.waiting());
        o.put("running", queue.running());
        o.put("workers", config.workers());
        o.put("queueCapacity", queue.capacity());
        o.put("models", models.size());
        o.put("java", Runtime.version().toString());
        json(ctx, 200, o);
    }

    private void submit(Context ctx) throws Exception {
        requireToken(ctx);
        ServedModel m = model(ctx);
        withBody(ctx, body -> {
            Job j = queue.submit(m, body);
            ctx.header("Location", "/api/jobs/" + j.id);
            json(ctx, 202, withLinks(j.status()));
        });
    }

    /**
     * Body: the proof file's bytes, or JSON {"proof": base64, "input": {"input_data": ...}, "output": {...}} (input and
     * output optional, as {@code verify --input/--output} take them). 200 with the verdict either way; 400 only for a
     * request that cannot be read.
     */
    private void verify(Context ctx) throws Exception {
        ServedModel m = model(ctx);
        withBody(ctx, body -> verify(ctx, m, body));
    }

    private void verify(Context ctx, ServedModel m, byte[] body) {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        byte[] proof;
        long[] expectedInput = null;
        JsonNode expectedOutput = null;
        if (type.startsWith("application/json")) {
            JsonNode root;
            try {
                root = InputData.JSON.readTree(body);
            } catch (IOException e) {
                throw new InputException("body: malformed JSON (" + JobQueue.oneLine(e) + ")");
            }
            if (root == null || !root.isObject() || !root.path("proof").isTextual()) {
                throw new InputException("body: expected {\"proof\": base64 of the proof file, \"input\": {...}?, \"output\": {...}?}");
            }
            try {
                proof = Base64.getDecoder().decode(root.get("proof").asText());
            } catch (IllegalArgumentException e) {
                throw new InputException("body: \"proof\" is not base64 (" + e.getMessage() + ")");
            }
            JsonNode in = root.get("input"), out = root.get("output");
            ProofCheck.requireComparable(m.vk, in != null && !in.isNull(), "input", out != null && !out.isNull(), "output");
            if (in != null && !in.isNull()) {
                expectedInput = ProofCheck.quantizedInput(InputData.parseInputData(in, "input", m.inputNames, m.inputShapes), "input", m.vk);
            }
            if (out != null && !out.isNull()) expectedOutput = out;
        } else {
            proof = body;
        }
        ObjectNode v = InputData.JSON.createObjectNode();
        v.put("model", m.name);
        v.put("digest", m.digest);
        long t0 = System.nanoTime();
        String why;
        try {
            why = ProofCheck.rejection(m.vk, ProofFile.decode(proof), expectedInput, "input", expectedOutput, "output");
        } catch (ProofFile.FormatException e) {
            why = "not a proof file: " + e.getMessage();
        }
        v.put("verified", why == null);
        if (why != null) v.put("reason", why.replaceAll("[\\r\\n]+", " "));
        v.put("verifyMs", (System.nanoTime() - t0) / 1_000_000);
        v.put("proofBytes", proof.length);
        json(ctx, 200, v);
    }

    /**
     * Server-sent events: "progress" events with the job's status while it waits or runs, then one "done" or "failed"
     * event, and the stream ends. An idle stream gets a comment every {@link #KEEPALIVE_MS}.
     */
    private void events(Context ctx) throws IOException, InterruptedException {
        Job j = job(ctx);
        ctx.res().setStatus(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        long seen = -1;
        while (true) {
            long v = j.awaitChange(seen, KEEPALIVE_MS);
            if (v == seen) {
                if (queue.closed()) break;
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                continue;
            }
            seen = v;
            Job.State s = j.state();
            String event = s.finished() ? s.name() : "progress";
            out.write(("event: " + event + "\ndata: " + InputData.JSON.writeValueAsString(j.status()) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (s.finished() || queue.closed()) break;
        }
    }

    // ------------------------------------------------------------------ helpers

    private ServedModel model(Context ctx) {
        ServedModel m = models.get(ctx.pathParam("name"));
        if (m == null) throw new ApiException(404, "no model '" + ctx.pathParam("name") + "' (served: " + String.join(", ", models.keySet()) + ")");
        return m;
    }

    private Job job(Context ctx) {
        Job j = queue.get(ctx.pathParam("id"));
        if (j == null) throw new ApiException(404, "no job '" + ctx.pathParam("id") + "'");
        return j;
    }

    /** The job, when done; 409 naming its state otherwise. */
    private Job finished(Context ctx, String what) {
        Job j = job(ctx);
        Job.State s = j.state();
        if (s == Job.State.failed) throw new ApiException(409, "job " + j.id + " failed, it has no " + what + ": " + j.status().path("error").asText());
        if (s != Job.State.done) throw new ApiException(409, "job " + j.id + " is " + s + "; its " + what + " is ready when it is done");
        return j;
    }

    /** A finished job's file, streamed (a large model's proof is hundreds of MB: never read whole per request). */
    private InputStream jobFile(Job j, String name) {
        try {
            return Files.newInputStream(config.jobsDir().resolve(j.id).resolve(name));
        } catch (IOException e) {
            throw new ApiException(500, "job " + j.id + ": cannot read its " + name + " (" + e.getMessage() + ")");
        }
    }

    private void requireToken(Context ctx) {
        if (config.token() == null) return;
        String auth = ctx.header("Authorization");
        String expected = "Bearer " + config.token();
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, auth == null ? "submitting a job needs the header 'Authorization: Bearer TOKEN'" : "wrong bearer token");
        }
    }

    interface BodyHandler {
        void handle(byte[] body) throws Exception;
    }

    /**
     * Reads the request body, at most {@code maxBody} bytes (413 beyond: by its declared length, or as it is read), and
     * hands it to {@code h}. The bodies being read and parsed at once hold at most {@link #bodyBudgetKib} KiB (an
     * eighth of the heap: parsed JSON takes several times its text), each reserving its declared length (the limit
     * when undeclared); a request that cannot reserve its share within 10 s gets 503, never an out-of-memory.
     */
    private void withBody(Context ctx, BodyHandler h) throws Exception {
        long limit = config.maxBody(), declared = ctx.req().getContentLengthLong();
        String tooLarge = "request body over the limit of " + limit + " bytes";
        if (declared > limit) throw new ApiException(413, tooLarge + " (" + declared + " bytes)");
        int kib = (int) Math.min(bodyBudgetKib, ((declared >= 0 ? declared : limit) + 1023) / 1024 + 1);
        if (!bodies.tryAcquire(kib, 10, TimeUnit.SECONDS)) {
            throw new ApiException(503, "too many large requests at once; retry later", JobQueue.RETRY_AFTER);
        }
        try {
            byte[] b;
            try (InputStream in = ctx.req().getInputStream()) {
                b = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            } catch (IOException e) {
                throw new ApiException(400, "cannot read the request body: " + e.getMessage());
            }
            if (b.length > limit) throw new ApiException(413, tooLarge);
            h.handle(b);
        } finally {
            bodies.release(kib);
        }
    }

    private static ObjectNode withLinks(ObjectNode status) {
        String base = "/api/jobs/" + status.path("id").asText();
        ObjectNode l = status.putObject("links");
        l.put("status", base);
        l.put("events", base + "/events");
        l.put("output", base + "/output");
        l.put("proof", base + "/proof");
        return status;
    }

    private static void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(InputData.JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A classpath resource (relative to this class, or absolute), revalidated on every load; 404 with {@code missing} when absent. */
    private static void resource(Context ctx, String name, String type, String missing) throws IOException {
        try (InputStream in = ProvingService.class.getResourceAsStream(name)) {
            if (in == null) throw new ApiException(404, missing);
            ctx.header("Cache-Control", "no-cache");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.status(200).contentType(type).result(in.readAllBytes());
        }
    }

    private static void bytes(Context ctx, byte[] b) {
        ctx.status(200).contentType("application/octet-stream").result(b);
    }

    static void error(Context ctx, int status, String message) {
        ObjectNode o = InputData.JSON.createObjectNode();
        o.put("error", String.valueOf(message).replaceAll("[\\r\\n]+", " "));
        json(ctx, status, o);
    }
}
