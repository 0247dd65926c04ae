package io.zkml4j.bench;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.LigeroParams;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.pcs.MultilinearPcs;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.pcs.PcsProverData;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Binding-only Ligero against the hiding Ligero commitment: commit, open (one claim at a random point) and verify
 * (decode + verify) of one 2^n table, medians over runs in one process, and the proof size. A hiding commitment is
 * opened once, so every run commits afresh (for both schemes, alike); the schemes alternate run by run. Usage (docs/benchmarks.md, "Hiding commitment"):
 * {@code java -Xmx6g -cp <core/bench classpath> io.zkml4j.bench.HidingPcsBench [runs] [n...]}.
 */
public final class HidingPcsBench {
    private HidingPcsBench() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] sizes = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {20, 22};
        System.out.println(Timing.jvmDescription());
        System.out.println("n  scheme                                           commit_ms  open_ms  verify_ms  total_ms  proof_bytes");
        for (int n : sizes) {
            // the two schemes alternate run by run, so a shared machine's load shifts both alike
            double[][] both = measure(new MultilinearPcs[] {new LigeroPcs(LigeroParams.DEFAULT), new HidingLigeroPcs(HidingLigeroParams.DEFAULT)}, n, runs);
            double[] plain = both[0], hiding = both[1];
            print(n, LigeroParams.DEFAULT.toString(), plain);
            print(n, HidingLigeroParams.DEFAULT.toString(), hiding);
            System.out.printf("%d  ratio hiding/binding: commit %.2f, open %.2f, verify %.2f, total %.2f, proof %.2f%n", n, hiding[0] / plain[0],
                    hiding[1] / plain[1], hiding[2] / plain[2], hiding[3] / plain[3], hiding[4] / plain[4]);
        }
    }

    private static void print(int n, String scheme, double[] m) {
        System.out.printf("%d  %-48s %9.1f %8.1f %10.1f %9.1f %12.0f%n", n, scheme, m[0], m[1], m[2], m[3], m[4]);
    }

    /** Per scheme: medians of commit, open, verify and their sum (ms), and the proof size (bytes), after one warm-up run each. */
    static double[][] measure(MultilinearPcs[] schemes, int n, int runs) {
        SplittableRandom rnd = new SplittableRandom(n);
        long[] table = new long[1 << n];
        for (int i = 0; i < table.length; i++) table[i] = Goldilocks.reduce64(rnd.nextLong());
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) z[i] = GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
        List<EvalClaim> claims = List.of(new EvalClaim(0, z, Mle.evaluate(table, z)));
        double[][][] t = new double[schemes.length][4][runs];
        double[] bytes = new double[schemes.length];
        for (int rep = -1; rep < runs; rep++) {
            for (int k = 0; k < schemes.length; k++) {
                MultilinearPcs pcs = schemes[k];
                long t0 = System.nanoTime();
                PcsProverData d = pcs.commit(table, pcs.commitBlinding());
                long t1 = System.nanoTime();
                List<PcsCommitment> cs = List.of(d.commitment());
                byte[] proof = pcs.open(List.of(d), claims, transcript(cs)).toBytes();
                long t2 = System.nanoTime();
                pcs.verify(cs, claims, pcs.proofFromBytes(proof, cs, claims), transcript(cs));
                long t3 = System.nanoTime();
                bytes[k] = proof.length;
                if (rep < 0) continue;
                t[k][0][rep] = (t1 - t0) / 1e6;
                t[k][1][rep] = (t2 - t1) / 1e6;
                t[k][2][rep] = (t3 - t2) / 1e6;
                t[k][3][rep] = (t3 - t0) / 1e6;
            }
        }
        double[][] out = new double[schemes.length][];
        for (int k = 0; k < schemes.length; k++) out[k] = new double[] {median(t[k][0]), median(t[k][1]), median(t[k][2]), median(t[k][3]), bytes[k]};
        return out;
    }

    private static Transcript transcript(List<PcsCommitment> cs) {
        Transcript tr = new Transcript("zkml4j.bench.hiding-pcs/v1");
        for (PcsCommitment c : cs) c.absorbInto(tr);
        return tr;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
