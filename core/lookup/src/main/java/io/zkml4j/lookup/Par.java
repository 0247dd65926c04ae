package io.zkml4j.lookup;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a loop over [0, n) into two contiguous halves on two threads when it is large (a contiguous slice per
 * worker, as a distributed prover would split rows). Results never depend on the split: accumulators are unreduced
 * 192-bit sums merged exactly, and element-wise loops write disjoint ranges.
 */
final class Par {
    private Par() {}

    /** Below this many iterations a loop stays on the calling thread (a fork costs tens of microseconds). */
    static final int MIN = 1 << 12;
    /** -Dzkml4j.lookup.serial=true keeps every loop on the calling thread (for measurements). */
    private static final boolean ENABLED = Runtime.getRuntime().availableProcessors() > 1 && !Boolean.getBoolean("zkml4j.lookup.serial");

    interface Range {
        void run(int from, int to);
    }

    interface AccRange {
        /** Adds the contribution of [from, to) into acc. */
        void run(int from, int to, long[] acc);
    }

    static void forRange(int n, Range body) {
        if (!ENABLED || n < MIN) {
            body.run(0, n);
            return;
        }
        int mid = (n >>> 1) & ~1;
        ForkJoinTask<?> task = ForkJoinPool.commonPool().submit(() -> body.run(mid, n));
        body.run(0, mid);
        task.join();
    }

    static long[] sum(int n, int accLen, AccRange body) {
        long[] acc = new long[accLen];
        if (!ENABLED || n < MIN) {
            body.run(0, n, acc);
            return acc;
        }
        int mid = (n >>> 1) & ~1;
        long[] other = new long[accLen];
        ForkJoinTask<?> task = ForkJoinPool.commonPool().submit(() -> body.run(mid, n, other));
        body.run(0, mid, acc);
        task.join();
        ExtKernels.merge(acc, other);
        return acc;
    }
}
