package io.zkml4j.server;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.io.InputException;
import io.zkml4j.ml.prover.io.ProofFile;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepted jobs and the workers proving them. At most {@code capacity} jobs wait (a submission beyond gets 503: the
 * queue's memory is bounded, and a waiting job holds only its id; its input is read back from disk when it runs);
 * {@code workers} proofs run at once. Jobs recovered from disk at start are queued whatever the capacity: they were
 * accepted already.
 */
final class JobQueue implements AutoCloseable {
    /** Seconds a client is told to wait when the queue is full. */
    static final int RETRY_AFTER = 5;

    private final Map<String, ServedModel> models;
    private final JobStore store;
    private final int capacity;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor pool;
    private final AtomicInteger waiting = new AtomicInteger(), running = new AtomicInteger();
    private volatile boolean closed;
    /** While set, a worker waits on it before it starts a job: tests fill the queue without racing the prover. */
    private volatile CountDownLatch hold;

    JobQueue(Map<String, ServedModel> models, JobStore store, int workers, int capacity) {
        this.models = models;
        this.store = store;
        this.capacity = capacity;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "prover-" + n.incrementAndGet());
            t.setDaemon(true); // a stopped service never keeps the JVM alive
            return t;
        });
    }

    /** Reports finished jobs found on disk and queues every other one again; returns {queued, done, failed}. */
    int[] recover() throws IOException {
        int[] counts = new int[3];
        for (Job j : store.scan()) {
            jobs.put(j.id, j);
            Job.State s = j.state();
            if (s == Job.State.done) {
                counts[1]++;
            } else if (s == Job.State.failed) {
                counts[2]++;
            } else {
                if (s != Job.State.queued) {
                    j.queued();
                    store.saveState(j);
                }
                waiting.incrementAndGet();
                pool.execute(() -> run(j));
                counts[0]++;
            }
        }
        return counts;
    }

    /**
     * Validates the input against the model (400 with the reason), persists the job and queues it; 503 when the queue
     * is full. When this returns the job is on disk: a restart finishes it.
     */
    Job submit(ServedModel m, byte[] body) throws IOException {
        List<double[]> x = InputData.parseInput(body, "input", m.inputNames, m.inputShapes);
        try {
            m.pk.model().quantizeInputs(x); // out-of-range values are refused now, not after a wait in the queue
        } catch (ModelException e) {
            throw new InputException("input: " + e.getMessage());
        }
        synchronized (this) {
            if (closed) throw new ApiException(503, "the service is stopping", RETRY_AFTER);
            if (waiting.get() >= capacity) {
                throw new ApiException(503, "the job queue is full (" + capacity + " waiting); retry later", RETRY_AFTER);
            }
            Job j = new Job(UUID.randomUUID().toString(), m.name, System.currentTimeMillis());
            store.accept(j, body);
            jobs.put(j.id, j);
            waiting.incrementAndGet();
            pool.execute(() -> run(j));
            return j;
        }
    }

    Job get(String id) {
        return id == null ? null : jobs.get(id);
    }

    int waiting() {
        return waiting.get();
    }

    int running() {
        return running.get();
    }

    int capacity() {
        return capacity;
    }

    boolean closed() {
        return closed;
    }

    void holdWorkers(CountDownLatch latch) {
        hold = latch;
    }

    private void run(Job j) {
        CountDownLatch h = hold;
        if (h != null) {
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        waiting.decrementAndGet();
        if (closed) return; // stays queued on disk: the next start proves it
        running.incrementAndGet();
        try {
            j.started(System.currentTimeMillis());
            store.saveState(j);
            ServedModel m = models.get(j.model);
            if (m == null) throw new InputException("model '" + j.model + "' is not served any more");
            List<double[]> x = InputData.parseInput(store.read(j.id, JobStore.INPUT), "input", m.inputNames, m.inputShapes);
            ModelProver.Result r = ModelProver.prove(m.pk, x, (stage, done, total) -> j.progress(stage, total == 0 ? 0 : (double) done / total));
            byte[] proof = new ProofFile(m.vk.digest(), orEmpty(r.publicInput), orEmpty(r.publicOutput), r.proof).encode();
            byte[] output = InputData.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(InputData.outputJson(r, m.vk));
            store.saveResult(j.id, proof, output); // before the job says done: whoever sees done can fetch them
            j.done(System.currentTimeMillis(), proof.length);
            store.saveState(j);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            j.failed(System.currentTimeMillis(), oneLine(e));
            try {
                store.saveState(j);
            } catch (RuntimeException ignored) {
                // the disk refused too: the job is queued again at the next start
            }
        } finally {
            running.decrementAndGet();
        }
    }

    private static long[] orEmpty(long[] v) {
        return v == null ? new long[0] : v;
    }

    static String oneLine(Throwable e) {
        String msg = e instanceof ModelException || e instanceof InputException ? e.getMessage()
                : e instanceof OutOfMemoryError ? "out of memory (the service's heap is too small for this model)"
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return String.valueOf(msg).replaceAll("[\\r\\n]+", " ");
    }

    /**
     * Stops taking jobs and starting proofs; waits for running proofs to finish (the prover cannot be interrupted) so
     * that their files are whole. Waiting jobs stay queued on disk.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Job j : jobs.values()) {
            synchronized (j) {
                j.notifyAll();
            }
        }
    }
}
