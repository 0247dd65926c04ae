package io.zkml4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml4j.ml.prover.ModelVerifier;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.io.ProofCheck;
import io.zkml4j.ml.prover.io.ProofFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of the proving service as a separate process: {@code jobs} jobs from {@code clients} clients at once, every
 * proof verified here with ModelVerifier, the service killed with SIGKILL once {@code killAfter} jobs are accepted and
 * started again on the same jobs directory; no accepted job may be lost. Prints proofs per second, p50/p99 latency
 * (submission to proof fetched, client side) and the service's peak heap (polled from /api/health).
 *
 * <p>Run by bench/serve-load.sh ({@link Load#main}); {@code ServeLoadTest} runs a small one in the build.
 */
final class ServeLoad {
    private ServeLoad() {}

    /** What to run and how much; {@code command} starts the service (its port and jobs dir are fixed in it). */
    record Plan(List<String> command, Map<String, String> env, int port, Path jobsDir, String model, byte[] input,
                int jobs, int clients, int killAfter, Duration limit) {}

    record Report(int accepted, int done, int lost, int verified, double seconds, double proofsPerSecond, long p50Ms, long p99Ms,
                  long peakHeap, long heapMax, int restarts, String recovered, String java) {
        String text() {
            return String.format(Locale.ROOT, "service on Java %s; jobs accepted %d, done %d, lost %d, proofs verified %d; restarts (kill -9) %d, %s%n"
                            + "wall %.1f s, %.2f proofs/s, latency p50 %d ms, p99 %d ms; peak heap used %.0f MiB of max %.0f MiB",
                    java, accepted, done, lost, verified, restarts, recovered, seconds, proofsPerSecond, p50Ms, p99Ms, peakHeap / 1048576.0, heapMax / 1048576.0);
        }
    }

    static Report run(Plan plan) throws Exception {
        Http http = new Http(plan.port());
        Service service = new Service(plan);
        service.start();
        VerifyingKey vk = VerifyingKey.fromBytes(http.get("/api/models/" + plan.model() + "/vk").body());
        AtomicLong peak = new AtomicLong(), max = new AtomicLong();
        String java = http.get("/api/health").json().path("java").asText();
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    JsonNode h = http.get("/api/health").json();
                    peak.accumulateAndGet(h.get("heapUsed").asLong(), Math::max);
                    max.set(h.get("heapMax").asLong());
                } catch (IOException e) {
                    // down between a kill and the restart
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-poller");
        poller.setDaemon(true);
        poller.start();

        AtomicInteger next = new AtomicInteger(), acceptedCount = new AtomicInteger(), verified = new AtomicInteger();
        Set<String> accepted = ConcurrentHashMap.newKeySet(), done = ConcurrentHashMap.newKeySet();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + plan.limit().toNanos();
        long t0 = System.nanoTime();
        Thread killer = new Thread(() -> {
            try {
                killMidRun(http, service, acceptedCount, plan.killAfter(), deadline);
            } catch (Exception e) {
                service.failure = e;
            }
        }, "killer");
        killer.setDaemon(true);
        killer.start();
        ExecutorService clients = Executors.newFixedThreadPool(plan.clients());
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < plan.clients(); c++) {
            futures.add(clients.submit(() -> {
                while (next.getAndIncrement() < plan.jobs()) {
                    long start = System.nanoTime();
                    String id = submit(http, plan, deadline);
                    accepted.add(id);
                    acceptedCount.incrementAndGet();
                    JsonNode s = await(http, id, deadline);
                    if (!s.get("state").asText().equals("done")) throw new AssertionError("job " + id + " " + s);
                    byte[] proof = retry(() -> http.get("/api/jobs/" + id + "/proof"), deadline).body();
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                    ProofFile pf = ProofFile.decode(proof);
                    String why = ProofCheck.rejection(vk, pf, null, null, null, null);
                    if (why != null) throw new AssertionError("job " + id + ": the service's proof is rejected: " + why);
                    ModelVerifier.verify(vk, vk.visibility().inputPublic() ? pf.input() : null, pf.output(), pf.proof());
                    verified.incrementAndGet();
                    done.add(id);
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            clients.shutdownNow();
            poller.interrupt();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        killer.join(TimeUnit.MINUTES.toMillis(2));
        if (service.failure != null) throw new AssertionError("the kill and restart failed", service.failure);
        // No accepted job lost: each one is done in the service's own records too (after the restart).
        int lost = 0;
        for (String id : accepted) {
            JsonNode s = http.get("/api/jobs/" + id).json();
            if (!"done".equals(s.path("state").asText())) lost++;
        }
        service.stop();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Report(accepted.size(), done.size(), lost, verified.get(), seconds, done.size() / seconds,
                percentile(sorted, 50), percentile(sorted, 99), peak.get(), max.get(), service.restarts, service.recovered, java);
    }

    /**
     * Once {@code after} jobs are accepted, kills the service with SIGKILL while jobs are in it (two or more waiting or
     * running, by /api/health; or whatever is there 5 s later) and starts it again.
     */
    private static void killMidRun(Http http, Service service, AtomicInteger accepted, int after, long deadline) throws Exception {
        while (accepted.get() < after) {
            if (System.nanoTime() > deadline) return;
            Thread.sleep(2);
        }
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int inFlight;
        do {
            JsonNode h = http.get("/api/health").json();
            inFlight = h.get("waiting").asInt() + h.get("running").asInt();
        } while (inFlight < 2 && System.nanoTime() < giveUp);
        service.killAndRestart(inFlight);
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** Submits until accepted: a full queue (503) or a service being restarted is waited out. */
    private static String submit(Http http, Plan plan, long deadline) throws Exception {
        while (true) {
            if (System.nanoTime() > deadline) throw new AssertionError("time limit reached while submitting");
            try {
                Http.Response r = http.post("/api/models/" + plan.model() + "/jobs", plan.input(), "application/json", null);
                if (r.status() == 202) return r.json().get("id").asText();
                if (r.status() != 503) throw new AssertionError("submit: " + r.status() + " " + new String(r.body()));
            } catch (IOException e) {
                // the service is down (killed): try again once it is back
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode await(Http http, String id, long deadline) throws Exception {
        while (true) {
            JsonNode s = retry(() -> http.get("/api/jobs/" + id), deadline).json();
            String state = s.path("state").asText();
            if (state.equals("done") || state.equals("failed")) return s;
            if (System.nanoTime() > deadline) throw new AssertionError("time limit reached waiting for job " + id + " (" + state + ")");
            Thread.sleep(20);
        }
    }

    interface Call {
        Http.Response call() throws IOException, InterruptedException;
    }

    /** A GET that rides out the service's restart. */
    private static Http.Response retry(Call c, long deadline) throws Exception {
        while (true) {
            try {
                Http.Response r = c.call();
                if (r.status() == 200) return r;
                throw new AssertionError(r.status() + " " + new String(r.body()));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(100);
            }
        }
    }

    /** The service process: started, killed with SIGKILL, started again. */
    static final class Service {
        private final Plan plan;
        private Process process;
        volatile int restarts;
        volatile String recovered = "no restart";
        volatile Exception failure;

        Service(Plan plan) {
            this.plan = plan;
        }

        synchronized void start() throws Exception {
            ProcessBuilder pb = new ProcessBuilder(plan.command()).redirectErrorStream(true);
            pb.environment().putAll(plan.env());
            process = pb.start();
            Process p = process;
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                    for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "service-output");
            reader.setDaemon(true);
            reader.start();
            Http http = new Http(plan.port());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                if (!p.isAlive()) throw new AssertionError("the service exited (" + p.exitValue() + "): " + String.join(" | ", lines));
                try {
                    if (http.get("/api/health").status() == 200) break;
                } catch (ConnectException e) {
                    // not listening yet
                }
                if (System.nanoTime() > end) throw new AssertionError("the service did not start: " + String.join(" | ", lines));
                Thread.sleep(100);
            }
            for (String l : lines) if (l.startsWith("jobs in ")) recovered = l.substring(l.indexOf(": ") + 2);
        }

        synchronized void killAndRestart(int inFlight) throws Exception {
            process.destroyForcibly(); // SIGKILL: no shutdown hook runs
            process.waitFor();
            restarts++;
            start();
            recovered = "killed with " + inFlight + " job(s) waiting or running; at restart " + recovered;
        }

        synchronized void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    /** bench/serve-load.sh: ZKML4J KEYS JOBS_DIR PORT JOBS CLIENTS WORKERS HEAP [LIMIT_SECONDS]. */
    static final class Load {
        public static void main(String[] a) throws Exception {
            String zkml4j = a[0];
            Path keys = Path.of(a[1]), jobsDir = Path.of(a[2]);
            int port = Integer.parseInt(a[3]), jobs = Integer.parseInt(a[4]), clients = Integer.parseInt(a[5]), workers = Integer.parseInt(a[6]);
            String heap = a[7];
            int limit = a.length > 8 ? Integer.parseInt(a[8]) : 900;
            Path input = TestKeys.digitsInput();
            Plan plan = new Plan(List.of(zkml4j, "serve", "--keys", keys.toString(), "--port", Integer.toString(port), "--host", "127.0.0.1",
                    "--jobs-dir", jobsDir.toString(), "--workers", Integer.toString(workers)),
                    Map.of("ZKML4J_JAVA_OPTS", "-Xmx" + heap + " -XX:+UseParallelGC"), port, jobsDir, "digits_mlp", Files.readAllBytes(input),
                    jobs, clients, jobs * 2 / 5, Duration.ofSeconds(limit));
            Report r = run(plan);
            System.out.printf("serve-load: %d jobs, %d clients, %d worker(s), service heap cap -Xmx%s (client on Java %s)%n", jobs, clients, workers, heap, Runtime.version());
            System.out.println(r.text());
            System.exit(r.lost() == 0 && r.verified() == jobs ? 0 : 1);
        }
    }
}
