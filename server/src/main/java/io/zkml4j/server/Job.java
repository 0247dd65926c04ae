package io.zkml4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml4j.ml.prover.io.InputData;

/**
 * One proof job: what is persisted in its job.json (id, model, state, times, error, proof size) and, in memory only,
 * the progress of a running proof. Every change bumps a version and wakes those waiting in {@link #awaitChange}
 * (the server-sent event streams).
 */
final class Job {
    enum State {
        queued, running, done, failed;

        boolean finished() {
            return this == done || this == failed;
        }
    }

    final String id;
    final String model;
    final long submittedAt;
    private State state = State.queued;
    private double progress;
    private String stage = "queued";
    private long startedAt, finishedAt;
    private String error;
    private long proofBytes;
    private long version;

    Job(String id, String model, long submittedAt) {
        this.id = id;
        this.model = model;
        this.submittedAt = submittedAt;
    }

    synchronized State state() {
        return state;
    }

    synchronized void queued() {
        state = State.queued;
        stage = "queued";
        progress = 0;
        changed();
    }

    synchronized void started(long at) {
        state = State.running;
        startedAt = at;
        stage = "start";
        progress = 0;
        changed();
    }

    synchronized void progress(String stage, double fraction) {
        this.stage = stage;
        this.progress = Math.max(0, Math.min(1, fraction));
        changed();
    }

    synchronized void done(long at, long proofBytes) {
        this.proofBytes = proofBytes;
        progress = 1;
        finish(State.done, at);
    }

    synchronized void failed(long at, String error) {
        this.error = error;
        finish(State.failed, at);
    }

    private void finish(State s, long at) {
        state = s;
        finishedAt = at;
        stage = s.name();
        changed();
    }

    private void changed() {
        version++;
        notifyAll();
    }

    /** Waits until the version differs from {@code seen} or {@code millis} pass; returns the version then. */
    synchronized long awaitChange(long seen, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        for (long left = millis; version == seen && left > 0; left = end - System.currentTimeMillis()) wait(left);
        return version;
    }

    /** What job.json holds: enough to report the job or queue it again after a restart. */
    synchronized ObjectNode persisted() {
        ObjectNode o = InputData.JSON.createObjectNode();
        o.put("id", id);
        o.put("model", model);
        o.put("state", state.name());
        o.put("submittedAt", submittedAt);
        if (startedAt > 0) o.put("startedAt", startedAt);
        if (finishedAt > 0) o.put("finishedAt", finishedAt);
        if (error != null) o.put("error", error);
        if (proofBytes > 0) o.put("proofBytes", proofBytes);
        return o;
    }

    static Job fromPersisted(JsonNode o) {
        Job j = new Job(o.path("id").asText(), o.path("model").asText(), o.path("submittedAt").asLong());
        j.state = State.valueOf(o.path("state").asText());
        j.startedAt = o.path("startedAt").asLong();
        j.finishedAt = o.path("finishedAt").asLong();
        j.error = o.hasNonNull("error") ? o.get("error").asText() : null;
        j.proofBytes = o.path("proofBytes").asLong();
        j.stage = j.state.name();
        j.progress = j.state == State.done ? 1 : 0;
        return j;
    }

    /** The API's view: the persisted fields, progress and stage, and the times in queue and proving. */
    synchronized ObjectNode status() {
        ObjectNode o = persisted();
        o.put("progress", progress);
        o.put("stage", stage);
        if (startedAt > 0) o.put("queuedMs", startedAt - submittedAt);
        if (finishedAt > 0 && startedAt > 0) o.put("provingMs", finishedAt - startedAt);
        return o;
    }
}
