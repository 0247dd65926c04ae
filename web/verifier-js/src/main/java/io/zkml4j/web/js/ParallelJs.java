package io.zkml4j.web.js;

import io.zkml4j.sumcheck.Parallel;

import java.util.function.IntConsumer;

/** {@link Parallel} in JavaScript: one thread, so every loop runs on the caller (TeaVM has no ForkJoinPool). */
public final class ParallelJs {
    private ParallelJs() {}

    public static void forEach(int n, boolean parallel, IntConsumer body) {
        for (int i = 0; i < n; i++) body.accept(i);
    }

    public static long[] sum(int pairs, int accLen, Parallel.RangeKernel kernel) {
        long[] acc = new long[accLen];
        kernel.run(0, pairs, acc);
        return acc;
    }
}
