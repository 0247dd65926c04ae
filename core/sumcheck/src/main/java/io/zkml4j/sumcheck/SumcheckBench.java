package io.zkml4j.sumcheck;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.transcript.Transcript;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Timing entry points for `bench core` (and a standalone main): random instances and one prove call each, so a
 * harness can time the prover alone. Not used by any protocol.
 *
 * <p>{@code java -cp ... io.zkml4j.sumcheck.SumcheckBench [logN] [runs]} prints median milliseconds.
 */
public final class SumcheckBench {
    private SumcheckBench() {}

    /** Two random base tables of 2^logN entries. */
    public static long[][] randomProductInstance(int logN, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[][] t = new long[2][1 << logN];
        for (long[] v : t) for (int i = 0; i < v.length; i++) v[i] = Goldilocks.reduce64(r.nextLong());
        return t;
    }

    /** A random eq point of logN coordinates. */
    public static GoldilocksExt2[] randomPoint(int logN, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        GoldilocksExt2[] p = new GoldilocksExt2[logN];
        for (int i = 0; i < logN; i++) p[i] = GoldilocksExt2.of(Goldilocks.reduce64(r.nextLong()), Goldilocks.reduce64(r.nextLong()));
        return p;
    }

    /** Proves sum a*b once (fast path); returns a word of the output so the work cannot be optimised away. */
    public static long proveProduct(long[] a, long[] b) {
        return SumcheckProver.proveProduct(a, b, new Transcript("zkml4j.bench.sumcheck")).finalClaim().c0;
    }

    /** Proves sum eq(r,x) a b once (fast path). */
    public static long proveEqProduct(GoldilocksExt2[] r, long[] a, long[] b) {
        return SumcheckProver.proveEqProduct(r, a, b, new Transcript("zkml4j.bench.sumcheck")).finalClaim().c0;
    }

    /** Proves sum a*b once through the generic path (for comparison). */
    public static long proveProductGeneric(ExtVec a, ExtVec b) {
        return SumcheckProver.prove(SumOfProducts.product(2), new ExtVec[] {a, b}, new Transcript("zkml4j.bench.sumcheck"))
                .finalClaim().c0;
    }

    /** count true slot claims on random slots of 2^slotVars entries of table (2^n entries). */
    public static java.util.List<SlotClaim> randomSlotClaims(long[] table, int count, int slotVars, long seed) {
        int n = io.zkml4j.poly.Mle.numVars(table.length);
        SplittableRandom r = new SplittableRandom(seed);
        java.util.List<SlotClaim> cs = new java.util.ArrayList<>();
        for (int k = 0; k < count; k++) {
            GoldilocksExt2[] z = randomPoint(slotVars, r.nextLong());
            long slot = r.nextLong(1L << (n - slotVars));
            GoldilocksExt2 v = io.zkml4j.poly.Mle.evaluate(table, new SlotClaim(z, slot, GoldilocksExt2.ZERO).fullPoint(n));
            cs.add(new SlotClaim(z, slot, v));
        }
        return cs;
    }

    /** Reduces the claims to one (prover only). */
    public static long proveClaimReduction(long[] table, java.util.List<SlotClaim> claims) {
        return ClaimReduction.prove(table, claims, new Transcript("zkml4j.bench.sumcheck")).value().c0;
    }

    private static volatile long sink;

    private interface Work {
        long run();
    }

    private static double median(int warmup, int runs, Work w) {
        return medians(warmup, runs, w)[0];
    }

    /**
     * {wall ms, calling-thread CPU ms} medians. On a shared machine the CPU time of a serial run
     * (-Dzkml4j.sumcheck.serial=true) is the figure least disturbed by other processes.
     */
    private static double[] medians(int warmup, int runs, Work w) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup; i++) sink += w.run();
        double[] ms = new double[runs], cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += w.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        return new double[] {med(ms), med(cpu)};
    }

    private static double med(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    public static void main(String[] args) {
        int logN = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        long[][] t = randomProductInstance(logN, 1);
        GoldilocksExt2[] r = randomPoint(logN, 2);
        ExtVec ea = ExtVec.ofBase(t[0]), eb = ExtVec.ofBase(t[1]);
        System.out.println("JDK " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        double[] p = medians(5, runs, () -> proveProduct(t[0], t[1]));
        System.out.printf("product a*b        2^%d base: %.1f ms wall, %.1f ms calling-thread CPU (medians of %d)%n", logN, p[0], p[1], runs);
        System.out.printf("eq*a*b             2^%d base: %.1f ms%n", logN, median(3, runs, () -> proveEqProduct(r, t[0], t[1])));
        System.out.printf("generic a*b        2^%d ext : %.1f ms%n", logN, median(2, Math.max(3, runs / 3), () -> proveProductGeneric(ea, eb)));
        int slotVars = Math.max(0, logN - 6);
        java.util.List<SlotClaim> claims = randomSlotClaims(t[0], 32, slotVars, 3);
        double cr = median(2, runs, () -> proveClaimReduction(t[0], claims));
        ClaimReduction.Output out = ClaimReduction.prove(t[0], claims, new Transcript("zkml4j.bench.sumcheck"));
        double crv = median(5, runs, () -> ClaimReduction.verify(logN, claims, out.proof(), out.value(), new Transcript("zkml4j.bench.sumcheck"))[0].c0);
        System.out.printf("claim reduction    2^%d, 32 slot claims of 2^%d: prove %.1f ms, verify %.2f ms, proof %d bytes%n", logN, slotVars, cr, crv,
                out.proof().toBytes().length);
    }
}
