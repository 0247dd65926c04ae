package io.zkml4j.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one unit of a batch (a model folder) on its own daemon thread with a time limit, so one bad unit never stops the batch. */
public final class TimeLimited {
    private TimeLimited() {}

    /** How a unit failed: its status ("timeout" or "error") and a one-line note. */
    public interface Failure<T> {
        T of(String status, String note);
    }

    public static <T> T run(String name, int seconds, Callable<T> work, Failure<T> failed) {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<T> f = ex.submit(work);
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return failed.of("timeout", "no result within " + seconds + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return failed.of("error", c instanceof OutOfMemoryError ? "out of memory" : CliCommand.describe(c).replaceFirst("^error: ", ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed.of("error", "interrupted");
        } finally {
            ex.shutdownNow();
        }
    }
}
