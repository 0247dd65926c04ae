package io.zkml4j.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.prover.io.InputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every subcommand: runs {@link #execute()} and turns any failure into exactly one line
 * "error: ..." on stderr with exit code 1 - never a stack trace, however the CommandLine was built.
 */
public abstract class CliCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;
    /** Where the command writes when run without picocli ({@link #run}); null: picocli's streams. */
    private PrintWriter out, err;

    /** The command's work; returns the exit code. */
    protected abstract int execute() throws Exception;

    /** The exit code for a failure that escapes {@link #execute()} (verify keeps 1 for "the proof does not hold"). */
    protected int failureExit() {
        return Main.EXIT_FAILURE;
    }

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            err().println(describe(e));
            err().flush();
            return failureExit();
        } finally {
            out().flush();
        }
    }

    /** Runs the command, its fields already set ({@link DirectArgs}), writing to {@code out} and {@code err}. */
    final int run(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
        try {
            return call();
        } finally {
            err.flush();
        }
    }

    protected PrintWriter out() {
        return out != null ? out : spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return err != null ? err : spec.commandLine().getErr();
    }

    /** One line for any failure. Expected failures carry their own message; others name their type. */
    static String describe(Throwable e) {
        String msg;
        if (e instanceof ModelException || e instanceof InputException) {
            msg = e.getMessage();
        } else if (e instanceof JsonProcessingException) {
            JsonProcessingException j = (JsonProcessingException) e;
            JsonLocation loc = j.getLocation();
            msg = "malformed JSON: " + j.getOriginalMessage()
                    + (loc != null && loc.getLineNr() > 0 ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : "");
        } else if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            msg = "file not found: " + e.getMessage();
        } else if (e instanceof AccessDeniedException) {
            msg = "permission denied: " + e.getMessage();
        } else if (e instanceof UncheckedIOException) {
            return describe(e.getCause());
        } else if (e instanceof IOException) {
            msg = "I/O error: " + e.getMessage();
        } else if (e instanceof OutOfMemoryError) {
            msg = "out of memory (model or input too large for the heap; raise -Xmx via ZKML4J_JAVA_OPTS)";
        } else if (e instanceof StackOverflowError) {
            msg = "stack overflow (model nested too deeply)";
        } else {
            msg = "internal error (" + e.getClass().getSimpleName() + "): " + e.getMessage();
        }
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        return "error: " + msg.replaceAll("[\\r\\n]+", " ");
    }
}
