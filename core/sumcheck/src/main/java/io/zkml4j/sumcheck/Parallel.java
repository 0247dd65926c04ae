package io.zkml4j.sumcheck;

import io.zkml4j.field.Goldilocks;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Splits a round's sum over pairs into two contiguous halves on two threads when the round is large. Rounds
 * are sums over independent contiguous ranges of pairs, the structure a distributed prover will also use
 * (each worker a slice); here the slices are just threads. Accumulators are unreduced 192-bit sums in groups
 * of three words, merged exactly, so the result does not depend on the split.
 *
 * <p>The one place the provers' loops reach threads: the JavaScript verifier (web/verifier-js) swaps this class for
 * a serial one, since TeaVM has neither ForkJoinPool nor parallel streams.
 */
public final class Parallel {
    private Parallel() {}

    /** Below this many pairs a round runs on the calling thread (a fork costs tens of microseconds). */
    static final int MIN_PAIRS = 1 << 12;
    /** -Dzkml4j.sumcheck.serial=true keeps every round on the calling thread (for measurements). */
    private static final boolean ENABLED = Runtime.getRuntime().availableProcessors() > 1 && !Boolean.getBoolean("zkml4j.sumcheck.serial");

    public interface RangeKernel {
        /** Adds the contribution of pairs [from, to) to acc. */
        void run(int from, int to, long[] acc);
    }

    /** body(i) for every i in [0, n), on the common pool's threads when {@code parallel}. */
    public static void forEach(int n, boolean parallel, IntConsumer body) {
        IntStream is = IntStream.range(0, n);
        if (parallel) is = is.parallel();
        is.forEach(body);
    }

    /** The accumulators (accLen words, a multiple of 3) of kernel over pairs [0, pairs). */
    public static long[] sum(int pairs, int accLen, RangeKernel kernel) {
        long[] acc = new long[accLen];
        if (!ENABLED || pairs < MIN_PAIRS) {
            kernel.run(0, pairs, acc);
            return acc;
        }
        int mid = (pairs / 2) & ~1; // even split keeps pair-of-pairs kernels aligned
        long[] other = new long[accLen];
        ForkJoinTask<?> task = ForkJoinPool.commonPool().submit(() -> kernel.run(mid, pairs, other));
        kernel.run(0, mid, acc);
        task.join();
        for (int g = 0; g < accLen; g += 3) {
            long lo = acc[g] + other[g];
            long c = io.zkml4j.field.Goldilocks.carry(acc[g], other[g], lo);
            long hi1 = acc[g + 1] + other[g + 1];
            long c1 = io.zkml4j.field.Goldilocks.carry(acc[g + 1], other[g + 1], hi1);
            long hi = hi1 + c;
            c1 += io.zkml4j.field.Goldilocks.carry(hi1, c, hi);
            acc[g] = lo;
            acc[g + 1] = hi;
            acc[g + 2] += other[g + 2] + c1;
        }
        return acc;
    }
}
