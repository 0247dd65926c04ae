package io.zkml4j.pcs;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.hash.Hash;
import io.zkml4j.hash.Hashes;
import io.zkml4j.hash.Sha256;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Manual timing harness (not a test): commit / open / verify of one 2^n table with one claim, medians of
 * several runs in one process. Uses only the public API. Run from the repository root after
 * {@code mvn -pl core/pcs test-compile}:
 * {@code java -cp core/pcs/target/classes:core/pcs/target/test-classes:<field, hash, poly jars> io.zkml4j.pcs.LigeroBench [n] [runs] [preset]}.
 */
public final class LigeroBench {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        LigeroParams params = args.length > 2 ? preset(args[2]) : LigeroParams.DEFAULT;
        SplittableRandom rnd = new SplittableRandom(1);
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) t[i] = Goldilocks.reduce64(rnd.nextLong());
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) z[i] = GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
        List<EvalClaim> claims = List.of(new EvalClaim(0, z, Mle.evaluate(t, z)));
        LigeroPcs pcs = new LigeroPcs(params);
        LigeroPcs portable = new LigeroPcs(params, Sha256.INSTANCE);
        double[] commit = new double[runs], open = new double[runs], verify = new double[runs], verifyPure = new double[runs];
        int bytes = 0;
        for (int rep = -2; rep < runs; rep++) { // two warm-up rounds
            long t0 = System.nanoTime();
            LigeroProverData d = pcs.commit(t);
            long t1 = System.nanoTime();
            List<LigeroCommitment> cs = List.of(d.commitment());
            LigeroProof proof = pcs.open(List.of(d), claims, transcript(cs));
            long t2 = System.nanoTime();
            byte[] b = proof.toBytes();
            long t3 = System.nanoTime();
            pcs.verify(cs, claims, pcs.proofFromBytes(b, cs, claims), transcript(cs));
            long t4 = System.nanoTime();
            portable.verify(cs, claims, portable.proofFromBytes(b, cs, claims), transcript(cs));
            long t5 = System.nanoTime();
            if (rep >= 0) {
                commit[rep] = (t1 - t0) / 1e6;
                open[rep] = (t2 - t1) / 1e6;
                verify[rep] = (t4 - t3) / 1e6;
                verifyPure[rep] = (t5 - t4) / 1e6;
            }
            bytes = b.length;
        }
        Hash h = Hashes.sha256();
        System.out.printf("JDK %s, %d cores, %s, n=%d (logCols %d), hash %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), params, n, params.logCols(n), h.getClass().getSimpleName());
        System.out.printf("commit %.1f ms  open %.1f ms  verify %.1f ms  verify(pure-Java SHA) %.1f ms  proof %d bytes  soundness %.1f bits%n",
                median(commit), median(open), median(verify), median(verifyPure), bytes, params.soundnessBits(n, 1));
    }

    private static LigeroParams preset(String name) {
        switch (name) {
            case "fast": return LigeroParams.FAST_COMMIT;
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
