package io.zkml4j.cli;

import io.zkml4j.ml.prover.ProveProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.Console;

/**
 * A terminal progress bar (on stderr) driven by the prover's {@link ProveProgress}; nothing at all when stdout is not
 * an interactive terminal, so pipes, files and CI logs never see control characters.
 */
final class ProgressDisplay implements ProveProgress, AutoCloseable {
    private final String task;
    private ProgressBar bar; // created on the first step: the prover knows the total only then

    private ProgressDisplay(String task) {
        this.task = task;
    }

    /** A bar when stdout is a terminal, else null (try-with-resources accepts null). */
    static ProgressDisplay forTerminal(String task) {
        return isTerminal() ? new ProgressDisplay(task) : null;
    }

    /** System.console() alone is not enough: from JDK 22 it may be non-null on a pipe, and Console.isTerminal() tells. */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) return false;
        if (Runtime.version().feature() < 22) return true;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void step(String stage, int done, int total) {
        if (bar == null) {
            // A fixed width keeps jline from probing the terminal (native code, warnings on recent JDKs).
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(total, 1)).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(100).setConsumer(new ConsoleProgressBarConsumer(System.err, width())).hideEta().build();
        }
        if (done >= total) {
            bar.stepTo(bar.getMax()); // the prover's final ("done", 1, 1) completes the bar it started
        } else {
            if (total != bar.getMax()) bar.maxHint(total);
            bar.stepTo(done);
        }
        bar.setExtraMessage(stage);
    }

    private static int width() {
        try {
            int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
            return Math.max(40, w - 1);
        } catch (NumberFormatException e) {
            return 79;
        }
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
