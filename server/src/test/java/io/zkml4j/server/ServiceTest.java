package io.zkml4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ModelVerifier;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.io.KeyFiles;
import io.zkml4j.ml.prover.io.ProofCheck;
import io.zkml4j.ml.prover.io.ProofFile;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proving service end to end over HTTP on digits_mlp: two key directories set up once ("mlp" with ezkl's default
 * visibility, "mlp_pub" with a public input), a service started per test on a free port and its own jobs directory.
 */
class ServiceTest {
    @TempDir
    static Path keys;
    static ProvingKey mlp, mlpPub;
    static byte[] input;

    @TempDir
    Path jobs;
    private final List<ProvingService> started = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        QuantizedModel q = TestKeys.digits();
        mlp = TestKeys.setup(q, Visibility.DEFAULT, keys, "mlp");
        mlpPub = TestKeys.setup(q, new Visibility(true, true, false), keys, "mlp_pub");
        input = Files.readAllBytes(TestKeys.digitsInput());
    }

    @AfterEach
    void stop() {
        started.forEach(ProvingService::close);
    }

    private Http start(ServiceConfig c) throws Exception {
        return new Http(startService(c).port());
    }

    private ProvingService startService(ServiceConfig c) throws Exception {
        ProvingService s = ProvingService.start(c);
        started.add(s);
        return s;
    }

    private ServiceConfig config() {
        return ServiceConfig.of(keys, jobs, 0).withHost("127.0.0.1");
    }

    private static String submit(Http h, String model, byte[] body) throws Exception {
        Http.Response r = h.post("/api/models/" + model + "/jobs", body, "application/json", null);
        assertEquals(202, r.status(), new String(r.body()));
        assertEquals("/api/jobs/" + r.json().get("id").asText(), r.header("Location"));
        return r.json().get("id").asText();
    }

    private static void assertError(Http.Response r, int status, String containing) {
        assertEquals(status, r.status(), new String(r.body()));
        JsonNode e = r.json();
        assertEquals(1, e.size(), "only an error field: " + e);
        String msg = e.get("error").asText();
        assertFalse(msg.contains("\n"), msg);
        assertTrue(msg.contains(containing), msg + " should contain " + containing);
    }

    /** Checks a proof from the service with ModelVerifier itself, against the output the service reports. */
    private static void assertVerifies(ProvingKey pk, byte[] proofFile, JsonNode output) {
        VerifyingKey vk = pk.verifyingKey();
        ProofFile pf = ProofFile.decode(proofFile);
        assertArrayEquals(vk.digest(), pf.modelDigest());
        long[] y = pf.output();
        JsonNode q = output.get("quantized_output").get(0);
        assertEquals(vk.outputLength(), q.size());
        for (int i = 0; i < y.length; i++) assertEquals(q.get(i).asLong(), y[i]);
        ModelVerifier.verify(vk, vk.visibility().inputPublic() ? pf.input() : null, y, pf.proof());
    }

    @Test
    void modelsListEveryKeyWithDigestShapesAndVisibility() throws Exception {
        Http h = start(config());
        JsonNode models = h.get("/api/models").json();
        assertEquals(2, models.size());
        JsonNode m = models.get(0);
        assertEquals("mlp", m.get("name").asText());
        assertEquals(HexFormat.of().formatHex(mlp.verifyingKey().digest()), m.get("digest").asText());
        assertEquals("input", m.get("inputs").get(0).get("name").asText());
        assertEquals("[1,64]", m.get("inputs").get(0).get("shape").toString());
        assertEquals("private", m.get("visibility").get("input").asText());
        assertEquals("public", m.get("visibility").get("output").asText());
        assertEquals("public", models.get(1).get("visibility").get("input").asText());
        assertEquals(m, h.get("/api/models/mlp").json());
        Http.Response vk = h.get("/api/models/mlp/vk");
        assertEquals(200, vk.status());
        assertArrayEquals(Files.readAllBytes(keys.resolve("mlp").resolve(KeyFiles.VERIFYING_KEY)), vk.body());
        JsonNode health = h.get("/api/health").json();
        assertTrue(health.get("heapUsed").asLong() > 0 && health.get("heapMax").asLong() >= health.get("heapUsed").asLong(), health.toString());
        assertEquals(2, health.get("models").asInt());
    }

    @Test
    void aJobIsProvenAndItsProofVerifies() throws Exception {
        Http h = start(config());
        String id = submit(h, "mlp", input);
        JsonNode s = h.await(id, Duration.ofMinutes(1));
        assertEquals("done", s.get("state").asText(), s.toString());
        assertEquals(1.0, s.get("progress").asDouble());
        assertTrue(s.has("queuedMs") && s.has("provingMs") && s.get("proofBytes").asLong() > 0, s.toString());
        JsonNode out = h.get("/api/jobs/" + id + "/output").json();
        assertEquals(10, out.get("output_data").get(0).size());
        byte[] proof = h.get("/api/jobs/" + id + "/proof").body();
        assertEquals(s.get("proofBytes").asLong(), proof.length);
        assertVerifies(mlp, proof, out);
        // The files on disk are the ones served, as prove writes them.
        assertArrayEquals(proof, Files.readAllBytes(jobs.resolve(id).resolve(JobStore.PROOF)));
    }

    @Test
    void verifyGivesTheVerdictForRawAndJsonBodies() throws Exception {
        Http h = start(config());
        String id = submit(h, "mlp_pub", input);
        h.await(id, Duration.ofMinutes(1));
        byte[] proof = h.get("/api/jobs/" + id + "/proof").body();
        JsonNode output = h.get("/api/jobs/" + id + "/output").json();

        JsonNode ok = h.post("/api/models/mlp_pub/verify", proof, "application/octet-stream", null).json();
        assertTrue(ok.get("verified").asBoolean(), ok.toString());

        ObjectNode req = InputData.JSON.createObjectNode();
        req.put("proof", Base64.getEncoder().encodeToString(proof));
        req.set("input", InputData.JSON.readTree(input));
        req.set("output", output);
        JsonNode both = h.post("/api/models/mlp_pub/verify", InputData.JSON.writeValueAsBytes(req), "application/json", null).json();
        assertTrue(both.get("verified").asBoolean(), both.toString());

        ObjectNode other = (ObjectNode) InputData.JSON.readTree(input);
        ((com.fasterxml.jackson.databind.node.ArrayNode) other.get("input_data").get(0)).set(0, InputData.JSON.getNodeFactory().numberNode(7.5));
        req.set("input", other);
        JsonNode wrongInput = h.post("/api/models/mlp_pub/verify", InputData.JSON.writeValueAsBytes(req), "application/json", null).json();
        assertFalse(wrongInput.get("verified").asBoolean());
        assertTrue(wrongInput.get("reason").asText().contains("differs from the proof's public input"), wrongInput.toString());

        byte[] tampered = proof.clone();
        tampered[tampered.length - 100] ^= 1;
        JsonNode bad = h.post("/api/models/mlp_pub/verify", tampered, "application/octet-stream", null).json();
        assertFalse(bad.get("verified").asBoolean(), bad.toString());
        assertNotNull(bad.get("reason"));

        JsonNode otherModel = h.post("/api/models/mlp/verify", proof, "application/octet-stream", null).json();
        assertFalse(otherModel.get("verified").asBoolean());
        assertTrue(otherModel.get("reason").asText().contains("the proof is for model"), otherModel.toString());

        JsonNode notAProof = h.post("/api/models/mlp/verify", "hello".getBytes(StandardCharsets.UTF_8), "application/octet-stream", null).json();
        assertFalse(notAProof.get("verified").asBoolean());
        assertTrue(notAProof.get("reason").asText().startsWith("not a proof file"), notAProof.toString());

        // Requests that cannot be read are 400; an expected input of a private input is refused as verify refuses it.
        assertError(h.post("/api/models/mlp/verify", "{\"proof\": 5}".getBytes(StandardCharsets.UTF_8), "application/json", null), 400, "expected {\"proof\"");
        assertError(h.post("/api/models/mlp/verify", "{\"proof\": \"@@\"}".getBytes(StandardCharsets.UTF_8), "application/json", null), 400, "not base64");
        req.set("input", InputData.JSON.readTree(input));
        assertError(h.post("/api/models/mlp/verify", InputData.JSON.writeValueAsBytes(req), "application/json", null), 400, "declares the input private");
    }

    @Test
    void unknownModelsJobsAndRoutesAre404() throws Exception {
        Http h = start(config());
        assertError(h.get("/api/models/nope"), 404, "no model 'nope'");
        assertError(h.get("/api/models/nope/vk"), 404, "no model 'nope'");
        assertError(h.post("/api/models/nope/jobs", input, "application/json", null), 404, "no model 'nope'");
        assertError(h.post("/api/models/nope/verify", new byte[] {1}, "application/octet-stream", null), 404, "no model 'nope'");
        for (String suffix : new String[] {"", "/events", "/output", "/proof"}) assertError(h.get("/api/jobs/123" + suffix), 404, "no job '123'");
        assertError(h.get("/api/nothing"), 404, "/api/nothing");
    }

    @Test
    void malformedInputIs400WithTheReason() throws Exception {
        Http h = start(config());
        assertError(h.post("/api/models/mlp/jobs", "{\"input_data\": [[1, 2".getBytes(StandardCharsets.UTF_8), "application/json", null), 400, "malformed JSON");
        assertError(h.post("/api/models/mlp/jobs", "{\"input_data\": [[1, 2]]}".getBytes(StandardCharsets.UTF_8), "application/json", null), 400, "has 2 values, expected 64");
        assertError(h.post("/api/models/mlp/jobs", "{\"inputs\": []}".getBytes(StandardCharsets.UTF_8), "application/json", null), 400, "missing key \"input_data\"");
        assertError(h.post("/api/models/mlp/jobs", new byte[0], "application/json", null), 400, "empty");
        String nan = new String(input, StandardCharsets.UTF_8).replaceFirst("[-0-9.eE]+", "NaN");
        assertError(h.post("/api/models/mlp/jobs", nan.getBytes(StandardCharsets.UTF_8), "application/json", null), 400, "is NaN");
        try (Stream<Path> s = Files.list(jobs)) {
            assertEquals(0, s.count(), "a refused job leaves nothing on disk");
        }
    }

    @Test
    void aTokenIsRequiredToSubmitWhenSet() throws Exception {
        Http h = start(config().withToken("s3cret"));
        Http.Response none = h.post("/api/models/mlp/jobs", input, "application/json", null);
        assertError(none, 401, "Authorization: Bearer");
        assertEquals("Bearer", none.header("WWW-Authenticate"));
        assertError(h.post("/api/models/mlp/jobs", input, "application/json", "wrong"), 401, "wrong bearer token");
        Http.Response ok = h.post("/api/models/mlp/jobs", input, "application/json", "s3cret");
        assertEquals(202, ok.status());
        assertEquals(200, h.get("/api/models").status(), "reading needs no token");
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        Http h = start(config().withMaxBody(4096));
        byte[] big = new byte[10_000];
        java.util.Arrays.fill(big, (byte) ' ');
        assertError(h.post("/api/models/mlp/jobs", big, "application/json", null), 413, "over the limit of 4096 bytes");
        assertError(h.post("/api/models/mlp/verify", big, "application/octet-stream", null), 413, "over the limit of 4096 bytes");
        assertEquals(202, h.post("/api/models/mlp/jobs", input, "application/json", null).status(), "within the limit");
    }

    @Test
    void aFullQueueIs503WithRetryAfterAndEveryAcceptedJobFinishes() throws Exception {
        ProvingService s = startService(config().withQueue(2));
        Http h = new Http(s.port());
        CountDownLatch hold = new CountDownLatch(1);
        s.queue().holdWorkers(hold); // a proof is faster than a submission: unheld, the queue may never fill
        List<String> accepted = new ArrayList<>();
        Http.Response refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            Http.Response r = h.post("/api/models/mlp/jobs", input, "application/json", null);
            if (r.status() == 202) accepted.add(r.json().get("id").asText());
            else refused = r;
        }
        hold.countDown();
        assertNotNull(refused, "20 submissions against a queue of 2 and one held worker");
        assertEquals(2, accepted.size(), "the queue holds 2");
        assertError(refused, 503, "queue is full");
        assertEquals(String.valueOf(JobQueue.RETRY_AFTER), refused.header("Retry-After"));
        for (String id : accepted) assertEquals("done", h.await(id, Duration.ofMinutes(1)).get("state").asText());
    }

    @Test
    void eventsStreamProgressThenAFinalEvent() throws Exception {
        ProvingService s = startService(config());
        Http h = new Http(s.port());
        CountDownLatch hold = new CountDownLatch(1);
        s.queue().holdWorkers(hold); // the job is seen waiting first, then running, whatever the host's speed
        String id = submit(h, "mlp", input);
        List<String> events = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        try (Stream<String> lines = h.lines("/api/jobs/" + id + "/events")) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event: ")) hold.countDown();
                if (line.startsWith("event: ")) events.add(line.substring(7));
                if (line.startsWith("data: ")) data.add(InputData.JSON.readTree(line.substring(6)));
            }
        }
        assertEquals("done", events.get(events.size() - 1), events.toString());
        assertTrue(events.size() >= 2 && events.subList(0, events.size() - 1).stream().allMatch("progress"::equals), events.toString());
        double last = -1;
        for (JsonNode d : data) {
            double p = d.get("progress").asDouble();
            assertTrue(p >= last, "progress never goes back: " + data);
            last = p;
        }
        assertEquals(1.0, last);
        assertTrue(data.stream().anyMatch(d -> d.get("state").asText().equals("running") || d.get("state").asText().equals("queued")), data.toString());
        // The stream of a finished job is its final event alone.
        try (Stream<String> lines = h.lines("/api/jobs/" + id + "/events")) {
            assertEquals(List.of("event: done"), lines.filter(l -> l.startsWith("event:")).toList());
        }
    }

    @Test
    void thePageAndTheVerifierScriptAreServedFromTheClasspath() throws Exception {
        Http h = start(config());
        Http.Response page = h.get("/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertTrue(page.header("Content-Security-Policy").startsWith("default-src 'self'"), page.header("Content-Security-Policy"));
        String html = new String(page.body(), StandardCharsets.UTF_8);
        for (String id : new String[] {"model", "pad", "prove", "js-verdict", "jvm-verdict", "tamper"}) assertTrue(html.contains("id=\"" + id + "\""), id);
        for (ProvingService.PageFile f : ProvingService.PAGE) assertEquals(200, h.get(f.path()).status(), f.path());
        Http.Response js = h.get("/zkml4j-verifier.js");
        if (ProvingService.class.getResource(ProvingService.VERIFIER_JS) != null) {
            assertEquals(200, js.status());
            assertTrue(new String(js.body(), StandardCharsets.UTF_8).contains("zkml4j"));
        } else {
            assertError(js, 404, "no JavaScript verifier in this build");
        }
    }

    @Test
    void openApiListsEveryRouteAndNothingElse() throws Exception {
        Http h = start(config());
        JsonNode doc = h.get("/openapi.json").json();
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        JsonNode paths = doc.get("paths");
        int operations = 0;
        for (ProvingService.Route r : ProvingService.ROUTES) {
            assertTrue(paths.path(r.path()).has(r.method().toLowerCase(java.util.Locale.ROOT)), r + " is not in openapi.json");
        }
        for (JsonNode p : paths) operations += p.size();
        assertEquals(ProvingService.ROUTES.size(), operations, "openapi.json describes routes the service does not have");
    }

    @Test
    void aRestartedServiceFinishesEveryAcceptedJob() throws Exception {
        ProvingService first = ProvingService.start(config().withQueue(50));
        first.queue().holdWorkers(new CountDownLatch(1)); // never released: the stop finds every job waiting
        Http h = new Http(first.port());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) ids.add(submit(h, "mlp", input));
        first.close();
        long unfinished = ids.stream().filter(id -> !jobState(id).equals("done")).count();
        assertEquals(8, unfinished, "stopped before the queue drained");

        ProvingService second = ProvingService.start(config());
        started.add(second);
        int[] rec = second.recovered();
        assertEquals(8, rec[0] + rec[1], "every accepted job is found again");
        assertEquals(unfinished, rec[0], "the unfinished ones are queued again");
        Http h2 = new Http(second.port());
        for (String id : ids) {
            JsonNode s = h2.await(id, Duration.ofMinutes(1));
            assertEquals("done", s.get("state").asText(), s.toString());
            assertVerifies(mlp, h2.get("/api/jobs/" + id + "/proof").body(), h2.get("/api/jobs/" + id + "/output").json());
        }
    }

    @Test
    void atStartFinishedJobsAreReportedAndTheRestProven() throws Exception {
        writeJob("failed-job", "{\"id\":\"failed-job\",\"model\":\"mlp\",\"state\":\"failed\",\"submittedAt\":1,\"error\":\"out of memory\"}");
        writeJob("done-without-files", "{\"id\":\"done-without-files\",\"model\":\"mlp\",\"state\":\"done\",\"submittedAt\":2}");
        writeJob("was-running", "{\"id\":\"was-running\",\"model\":\"mlp\",\"state\":\"running\",\"submittedAt\":3}");
        Files.createDirectories(jobs.resolve(".incoming-never-acknowledged"));
        ProvingService s = ProvingService.start(config());
        started.add(s);
        assertArrayEquals(new int[] {2, 0, 1}, s.recovered());
        assertFalse(Files.exists(jobs.resolve(".incoming-never-acknowledged")));
        Http h = new Http(s.port());
        JsonNode failed = h.get("/api/jobs/failed-job").json();
        assertEquals("failed", failed.get("state").asText());
        assertEquals("out of memory", failed.get("error").asText());
        assertError(h.get("/api/jobs/failed-job/output"), 409, "failed, it has no output: out of memory");
        assertError(h.get("/api/jobs/failed-job/proof"), 409, "failed, it has no proof");
        for (String id : List.of("done-without-files", "was-running")) {
            assertEquals("done", h.await(id, Duration.ofMinutes(1)).get("state").asText());
            assertVerifies(mlp, h.get("/api/jobs/" + id + "/proof").body(), h.get("/api/jobs/" + id + "/output").json());
        }
    }

    private void writeJob(String id, String state) throws java.io.IOException {
        Path d = Files.createDirectories(jobs.resolve(id));
        Files.write(d.resolve(JobStore.INPUT), input);
        Files.writeString(d.resolve(JobStore.STATE), state);
    }

    private String jobState(String id) {
        try {
            return InputData.JSON.readTree(jobs.resolve(id).resolve(JobStore.STATE).toFile()).get("state").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void proofsMadeConcurrentlyOnOneKeyAreTheSequentialProof() throws Exception {
        List<double[]> x = InputData.readInput(TestKeys.digitsInput(), ProofCheck.inputNames(mlp.verifyingKey()), ProofCheck.inputShapes(mlp.verifyingKey()));
        byte[] sequential = ModelProver.prove(mlp, x, io.zkml4j.ml.prover.ProveProgress.NONE).proof;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> proofs = new ArrayList<>();
            for (int i = 0; i < 4; i++) proofs.add(pool.submit(() -> ModelProver.prove(mlp, x, io.zkml4j.ml.prover.ProveProgress.NONE).proof));
            for (Future<byte[]> f : proofs) assertArrayEquals(sequential, f.get());
        } finally {
            pool.shutdown();
        }
    }
}
