package io.zkml4j.server;

import io.zkml4j.ml.prover.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load test, small (10 jobs, 2 clients): the service in its own JVM with a heap cap, killed with SIGKILL after 4
 * jobs are accepted and started again; every accepted job finishes and every proof verifies. The 200-job run is
 * bench/serve-load.sh (not part of the build: CI's time).
 */
class ServeLoadTest {
    @TempDir
    Path dir;

    @Test
    void killedAndRestartedServiceLosesNoAcceptedJob() throws Exception {
        Path keys = dir.resolve("keys");
        TestKeys.setup(TestKeys.digits(), Visibility.DEFAULT, keys, "digits_mlp");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", cp, Main.class.getName(), keys.toString(), dir.resolve("jobs").toString(), Integer.toString(port));
        ServeLoad.Report r = ServeLoad.run(new ServeLoad.Plan(command, Map.of(), port, dir.resolve("jobs"), "digits_mlp",
                Files.readAllBytes(TestKeys.digitsInput()), 10, 2, 4, Duration.ofSeconds(120)));
        assertEquals(10, r.accepted(), r.text());
        assertEquals(0, r.lost(), r.text());
        assertEquals(10, r.verified(), r.text());
        assertEquals(1, r.restarts(), r.text());
        assertTrue(r.peakHeap() > 0 && r.peakHeap() <= r.heapMax(), r.text());
        System.out.println("ServeLoadTest: " + r.text());
    }

    /** The service alone, as 'zkml4j serve' runs it (the CLI is built after this module): KEYS JOBS_DIR PORT. */
    static final class Main {
        public static void main(String[] a) throws Exception {
            ProvingService s = ProvingService.start(ServiceConfig.of(Path.of(a[0]), Path.of(a[1]), Integer.parseInt(a[2])).withHost("127.0.0.1").withWorkers(2));
            int[] rec = s.recovered();
            System.out.printf("jobs in %s: %d queued again, %d done, %d failed%n", a[1], rec[0], rec[1], rec[2]);
            new CountDownLatch(1).await();
        }
    }
}
