package io.zkml4j.pcs;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.hash.Sha256;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Manual timing harness (not a test): commit / open / verify of one 2^n table, medians of several runs in one
 * process, for two opening shapes: one claim at a random point (what a claim reduction leaves) and K "slot"
 * claims (the high n - s variables boolean, selecting an aligned slice of 2^s entries; the low s random), which
 * is how a model prover opens weights per layer. Uses only the public API. Run from the repository root after
 * {@code mvn -pl core/pcs test-compile}:
 * {@code java -Xmx8g -cp core/pcs/target/classes:core/pcs/target/test-classes:<field, hash, poly jars>
 * io.zkml4j.pcs.LigeroBench [n] [runs] [slotClaims] [slotVars] [preset]}.
 */
public final class LigeroBench {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int slotClaims = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int slotVars = args.length > 3 ? Integer.parseInt(args[3]) : Math.max(1, n - 6);
        LigeroParams params = args.length > 4 ? preset(args[4]) : LigeroParams.DEFAULT;
        SplittableRandom rnd = new SplittableRandom(1);
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) t[i] = Goldilocks.reduce64(rnd.nextLong());
        List<EvalClaim> one = List.of(claim(t, randomPoint(rnd, n)));
        List<EvalClaim> slots = new ArrayList<>();
        for (int k = 0; k < slotClaims; k++) {
            GoldilocksExt2[] z = randomPoint(rnd, n);
            long slot = rnd.nextLong(1L << (n - slotVars));
            for (int i = slotVars; i < n; i++) z[i] = ((slot >>> (i - slotVars)) & 1) == 1 ? GoldilocksExt2.ONE : GoldilocksExt2.ZERO;
            slots.add(claim(t, z));
        }
        LigeroPcs pcs = new LigeroPcs(params);
        LigeroPcs portable = new LigeroPcs(params, Sha256.INSTANCE);
        double[] commit = new double[runs], open1 = new double[runs], verify1 = new double[runs], verifyPure1 = new double[runs];
        double[] openK = new double[runs], verifyK = new double[runs];
        int bytes1 = 0, bytesK = 0;
        long heapAfterCommit = 0;
        for (int rep = -1; rep < runs; rep++) { // one warm-up round
            long t0 = System.nanoTime();
            LigeroProverData d = pcs.commit(t);
            long t1 = System.nanoTime();
            if (rep == 0) heapAfterCommit = usedHeapAfterGc();
            List<LigeroCommitment> cs = List.of(d.commitment());
            byte[] b1 = pcs.open(List.of(d), one, transcript(cs)).toBytes();
            long t2 = System.nanoTime();
            pcs.verify(cs, one, pcs.proofFromBytes(b1, cs, one), transcript(cs));
            long t3 = System.nanoTime();
            portable.verify(cs, one, portable.proofFromBytes(b1, cs, one), transcript(cs));
            long t4 = System.nanoTime();
            byte[] bK = slots.isEmpty() ? new byte[0] : pcs.open(List.of(d), slots, transcript(cs)).toBytes();
            long t5 = System.nanoTime();
            if (!slots.isEmpty()) pcs.verify(cs, slots, pcs.proofFromBytes(bK, cs, slots), transcript(cs));
            long t6 = System.nanoTime();
            if (rep >= 0) {
                commit[rep] = (t1 - t0) / 1e6;
                open1[rep] = (t2 - t1) / 1e6;
                verify1[rep] = (t3 - t2) / 1e6;
                verifyPure1[rep] = (t4 - t3) / 1e6;
                openK[rep] = (t5 - t4) / 1e6;
                verifyK[rep] = (t6 - t5) / 1e6;
            }
            bytes1 = b1.length;
            bytesK = bK.length;
        }
        System.out.printf("JDK %s, %d cores, max heap %d MB, %s, n=%d (logCols %d)%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, params, n, params.logCols(n));
        System.out.printf("commit %.0f ms (heap in use after commit %d MB, table %d MB, peak %d MB)%n", median(commit),
                heapAfterCommit >> 20, (8L << n) >> 20, peakHeap() >> 20);
        System.out.printf("1 random-point claim: open %.1f ms  verify %.1f ms  verify(pure-Java SHA) %.1f ms  proof %d bytes%n",
                median(open1), median(verify1), median(verifyPure1), bytes1);
        System.out.printf("%d slot claims (2^%d entries each): open %.1f ms  verify %.1f ms  proof %d bytes%n", slotClaims, slotVars,
                median(openK), median(verifyK), bytesK);
    }

    private static EvalClaim claim(long[] t, GoldilocksExt2[] z) {
        return new EvalClaim(0, z, Mle.evaluate(t, z));
    }

    private static GoldilocksExt2[] randomPoint(SplittableRandom rnd, int n) {
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) z[i] = GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
        return z;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) peak += p.getPeakUsage().getUsed();
        }
        return peak;
    }

    private static LigeroParams preset(String name) {
        switch (name) {
            case "small": return LigeroParams.SMALL_PROOF;
            case "balanced": return LigeroParams.BALANCED;
            default: return LigeroParams.DEFAULT;
        }
    }

    private static Transcript transcript(List<LigeroCommitment> cs) {
        Transcript t = new Transcript("zkml4j.bench/v1");
        for (LigeroCommitment c : cs) c.absorbInto(t);
        return t;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
