package io.zkml4j.lookup;

import io.zkml4j.transcript.Transcript;
import java.util.Arrays;
import java.util.Random;

/**
 * Timing entry points for `bench core` (and a standalone main). Not used by any protocol.
 *
 * <p>{@code java -cp ... io.zkml4j.lookup.LookupBench [logN] [logTable] [runs]} prints median milliseconds of the
 * whole range lookup (multiplicities + prove + verify, no PCS) and of its phases.
 */
public final class LookupBench {
    private LookupBench() {}

    /** 2^logN random values in [0, 2^logTable). */
    public static long[] randomValues(int logN, int logTable, Random rnd) {
        long[] v = new long[1 << logN];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(1 << logTable);
        return v;
    }

    /**
     * One range lookup of 2^logN random values into [0, 2^logTable): multiplicities, proof, verification (all
     * included; committing the multiplicities is the PCS's cost and not included). Returns a word of the output so
     * the work cannot be optimised away; throws if verification fails.
     */
    public static long proveAndVerifyRange(int logN, int logTable, Random rnd) {
        return proveAndVerify(randomValues(logN, logTable, rnd), logTable);
    }

    /** Same on given values (so a harness can exclude generating them). */
    public static long proveAndVerify(long[] values, int logTable) {
        RangeTable table = new RangeTable(logTable);
        LookupWitness w = LookupWitness.of(table, values);
        LookupProverOutput out = LookupProver.prove(w, new Transcript("zkml4j.bench.lookup"));
        LookupClaims c = LookupVerifier.verify(table, w.shape(), out.proof(), new Transcript("zkml4j.bench.lookup"));
        return c.multiplicities().c0;
    }

    private static volatile long sink;

    private interface Work {
        long run();
    }

    static double median(int warmup, int runs, Work w) {
        for (int i = 0; i < warmup; i++) sink += w.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            sink += w.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    }

    public static void main(String[] args) {
        int logN = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int logTable = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 11;
        long[] values = randomValues(logN, logTable, new Random(1));
        RangeTable table = new RangeTable(logTable);
        System.out.println("JDK " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.printf("range lookup 2^%d in 2^%d, total (m + prove + verify): %.1f ms (median of %d)%n", logN, logTable,
                median(3, runs, () -> proveAndVerify(values, logTable)), runs);
        System.out.printf("  multiplicities: %.1f ms%n", median(2, runs, () -> LookupWitness.of(table, values).multiplicities()[0]));
        LookupWitness w = LookupWitness.of(table, values);
        System.out.printf("  prove:          %.1f ms%n", median(2, runs, () -> LookupProver.prove(w, new Transcript("b")).claims().multiplicities().c0));
        LookupProof proof = LookupProver.prove(w, new Transcript("b")).proof();
        System.out.printf("  verify:         %.2f ms%n", median(5, runs, () -> LookupVerifier.verify(table, w.shape(), proof, new Transcript("b")).multiplicities().c0));
        System.out.printf("  proof size:     %d bytes%n", proof.toBytes().length);
        // CPU time of the calling thread (meaningful with -Dzkml4j.lookup.serial=true): robust to other load on the machine
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            sink += proveAndVerify(values, logTable);
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(cpu);
        System.out.printf("  calling-thread CPU time, total: %.1f ms (median)%n", cpu[runs / 2]);
    }
}
