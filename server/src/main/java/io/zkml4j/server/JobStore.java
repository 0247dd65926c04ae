package io.zkml4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkml4j.ml.prover.io.InputData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jobs directory: one directory per accepted job, {@code ID/input.json} (the request body as received),
 * {@code ID/job.json} (its state), and when proven {@code ID/proof} (the proof file, as {@code prove -o} writes it)
 * and {@code ID/output.json} (as {@code prove --output} writes it). Every file is written to a temporary name and
 * moved into place, so a kill at any moment leaves each file whole or absent; a job directory appears in one move,
 * input and state together, before the job is acknowledged.
 */
final class JobStore {
    static final String INPUT = "input.json", STATE = "job.json", PROOF = "proof", OUTPUT = "output.json";

    final Path dir;

    JobStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Path file(String id, String name) {
        return dir.resolve(id).resolve(name);
    }

    /** Persists a new job with its input; it exists (for a restart) from the moment this returns. */
    void accept(Job job, byte[] input) throws IOException {
        Path tmp = dir.resolve(".incoming-" + job.id);
        Files.createDirectories(tmp);
        writeDurably(tmp.resolve(INPUT), input);
        writeDurably(tmp.resolve(STATE), InputData.JSON.writeValueAsBytes(job.persisted()));
        syncDirectory(tmp);
        move(tmp, dir.resolve(job.id));
        syncDirectory(dir);
    }

    void saveState(Job job) {
        write(job.id, STATE, bytes(job));
    }

    /** A proven job's files; its state is saved after them, so a job.json saying done always has its files. */
    void saveResult(String id, byte[] proof, byte[] output) {
        write(id, PROOF, proof);
        write(id, OUTPUT, output);
    }

    byte[] read(String id, String name) throws IOException {
        return Files.readAllBytes(file(id, name));
    }

    /**
     * Every job on disk, oldest first. A job whose state says done but lacks its files, or whose state is unreadable,
     * comes back as queued (its input is there, so it is proven again); leftovers of an interrupted acceptance (never
     * acknowledged) are removed.
     */
    List<Job> scan() throws IOException {
        List<Job> jobs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".incoming-")) {
                    deleteTree(p);
                    continue;
                }
                if (!Files.isDirectory(p) || name.startsWith(".") || !Files.isRegularFile(p.resolve(INPUT))) continue;
                Job j;
                try {
                    JsonNode state = InputData.JSON.readTree(p.resolve(STATE).toFile());
                    j = Job.fromPersisted(state);
                    if (!j.id.equals(name)) continue;
                } catch (IOException | RuntimeException e) {
                    continue; // not a job this service wrote
                }
                if (j.state() == Job.State.done && !(Files.isRegularFile(p.resolve(PROOF)) && Files.isRegularFile(p.resolve(OUTPUT)))) j.queued();
                jobs.add(j);
            }
        }
        jobs.sort(Comparator.comparingLong((Job j) -> j.submittedAt).thenComparing(j -> j.id));
        return jobs;
    }

    private void write(String id, String name, byte[] data) {
        Path target = file(id, name), tmp = target.resolveSibling(name + ".tmp");
        try {
            writeDurably(tmp, data);
            move(tmp, target);
            syncDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Job job) {
        try {
            return InputData.JSON.writeValueAsBytes(job.persisted());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bytes on the disk before the rename that publishes them: a job acknowledged to a client (or a state saying
     * done) must survive a power loss, not only a killed process, or a restart would find an empty file under its name.
     */
    private static void writeDurably(Path file, byte[] data) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
    }

    /** The directory's entries (a rename) on the disk too; a file system that cannot sync a directory is left as is. */
    private static void syncDirectory(Path d) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(d, java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every platform opens a directory for reading (Windows): the rename is still atomic there
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
