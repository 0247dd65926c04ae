package io.zkml4j.bench;

import java.util.Arrays;

/** Whole-operation timing: warm-up runs, then the median of measured runs (medians resist a shared machine's noise). */
public final class Timing {
    private Timing() {}

    /** Something to time; returns a value that is consumed so the JIT cannot drop the work. */
    @FunctionalInterface
    public interface Work {
        long run();
    }

    private static volatile long sink;

    /** Median wall time in milliseconds of {@code runs} executions after {@code warmup} untimed ones. */
    public static double medianMillis(int warmup, int runs, Work work) {
        for (int i = 0; i < warmup; i++) sink += work.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            sink += work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    }

    /** One line naming the JVM, so every benchmark result says which JDK produced it. */
    public static String jvmDescription() {
        return "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }
}
