package io.zkml4j.bench;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.pcs.Blinding;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.LigeroConstraints;
import io.zkml4j.pcs.LigeroParams;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.pcs.LigeroProof;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.pcs.PcsProverData;
import io.zkml4j.poly.Eq;
import io.zkml4j.sumcheck.EncryptedSumcheck;
import io.zkml4j.sumcheck.SumOfProducts;
import io.zkml4j.sumcheck.SumcheckClaim;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.sumcheck.SumcheckProver;
import io.zkml4j.sumcheck.SumcheckProverOutput;
import io.zkml4j.sumcheck.SumcheckVerifier;
import io.zkml4j.transcript.Transcript;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The encrypted (zero-knowledge) sumcheck against the validity one on the same statement, sum_x a(x) b(x) = H and
 * sum_x eq(tau, x) a(x) b(x) = H over a committed a || b: validity = commit a || b with LigeroPcs, today's sumcheck,
 * one opening of a(rho) and b(rho); zero knowledge = {@link EncryptedSumcheck} (hiding commitment of a || b and the
 * pads, masked rounds, the constraint tests). Prove includes the commitment (both commit per proof: a hiding
 * commitment is opened once); verify includes decoding the proof bytes. Medians over runs in one process, the two
 * alternating run by run so a shared machine's load shifts both alike. Usage (docs/zero-knowledge.md, "Cost"):
 * {@code java -Xmx6g -cp <core/bench classpath> io.zkml4j.bench.EncryptedSumcheckBench [runs] [n...]}.
 */
public final class EncryptedSumcheckBench {
    private EncryptedSumcheckBench() {}

    private static final LigeroPcs LIGERO = new LigeroPcs(LigeroParams.DEFAULT);
    private static final LigeroConstraints ZKC = new LigeroConstraints(new HidingLigeroPcs(HidingLigeroParams.DEFAULT));

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] sizes = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {16, 20};
        System.out.println(Timing.jvmDescription());
        System.out.println("n   shape        protocol     prove_ms  verify_ms  proof_bytes");
        for (int n : sizes) {
            for (boolean eq : new boolean[] {false, true}) {
                double[][] m = measure(n, eq, runs);
                String shape = eq ? "eq*a*b" : "a*b";
                System.out.printf("%-3d %-12s %-12s %8.1f %10.1f %12.0f%n", n, shape, "validity", m[0][0], m[0][1], m[0][2]);
                System.out.printf("%-3d %-12s %-12s %8.1f %10.1f %12.0f%n", n, shape, "encrypted", m[1][0], m[1][1], m[1][2]);
                System.out.printf("%-3d %-12s ratio zk/validity: prove %.2f, verify %.2f, proof %.2f%n", n, shape, m[1][0] / m[0][0], m[1][1] / m[0][1], m[1][2] / m[0][2]);
            }
        }
    }

    /** {validity, encrypted} x {prove ms, verify ms, proof bytes}, after one warm-up run each. */
    static double[][] measure(int n, boolean eq, int runs) {
        SplittableRandom rnd = new SplittableRandom(n);
        long[] a = new long[1 << n], b = new long[1 << n];
        for (int i = 0; i < a.length; i++) {
            a[i] = Goldilocks.reduce64(rnd.nextLong());
            b[i] = Goldilocks.reduce64(rnd.nextLong());
        }
        GoldilocksExt2[] tau = null;
        if (eq) {
            tau = new GoldilocksExt2[n];
            for (int i = 0; i < n; i++) tau[i] = GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
        }
        GoldilocksExt2 h = GoldilocksExt2.ZERO;
        for (int x = 0; x < a.length; x++) {
            GoldilocksExt2 ab = GoldilocksExt2.ofBase(Goldilocks.mul(a[x], b[x]));
            h = h.add(eq ? ab.mul(Eq.evalAtIndex(tau, x)) : ab);
        }
        double[][][] t = new double[2][2][runs];
        double[] bytes = new double[2];
        for (int rep = -1; rep < runs; rep++) {
            long t0 = System.nanoTime();
            byte[] v = validityProve(a, b, tau, h);
            long t1 = System.nanoTime();
            validityVerify(n, tau, h, v);
            long t2 = System.nanoTime();
            byte[] z = EncryptedSumcheck.prove(ZKC, a, b, tau, h, Blinding.fresh(), transcript()).toBytes();
            long t3 = System.nanoTime();
            EncryptedSumcheck.verify(ZKC, n, tau, h, EncryptedSumcheck.Proof.fromBytes(z, ZKC, n, eq), transcript());
            long t4 = System.nanoTime();
            bytes[0] = v.length;
            bytes[1] = z.length;
            if (rep < 0) continue;
            t[0][0][rep] = (t1 - t0) / 1e6;
            t[0][1][rep] = (t2 - t1) / 1e6;
            t[1][0][rep] = (t3 - t2) / 1e6;
            t[1][1][rep] = (t4 - t3) / 1e6;
        }
        return new double[][] {{median(t[0][0]), median(t[0][1]), bytes[0]}, {median(t[1][0]), median(t[1][1]), bytes[1]}};
    }

    private static Transcript transcript() {
        return new Transcript("zkml4j.bench.encrypted-sumcheck/v1");
    }

    private static GoldilocksExt2[] withTop(GoldilocksExt2[] point, GoldilocksExt2 top) {
        GoldilocksExt2[] p = Arrays.copyOf(point, point.length + 1);
        p[point.length] = top;
        return p;
    }

    /** Commitment, sumcheck proof, a(rho), b(rho), opening. */
    private static byte[] validityProve(long[] a, long[] b, GoldilocksExt2[] tau, GoldilocksExt2 h) {
        long[] ab = Arrays.copyOf(a, 2 * a.length);
        System.arraycopy(b, 0, ab, a.length, b.length);
        PcsProverData d = LIGERO.commit(ab);
        Transcript t = transcript();
        d.commitment().absorbInto(t);
        SumcheckProverOutput out = tau == null ? SumcheckProver.proveProduct(a, b, t) : SumcheckProver.proveEqProduct(tau, a, b, t);
        GoldilocksExt2[] f = out.finalEvals();
        List<EvalClaim> claims = List.of(new EvalClaim(0, withTop(out.point(), GoldilocksExt2.ZERO), f[0]), new EvalClaim(0, withTop(out.point(), GoldilocksExt2.ONE), f[1]));
        FieldWriter w = new FieldWriter();
        d.commitment().writeTo(w);
        out.proof().writeTo(w);
        w.ext(f[0]).ext(f[1]);
        LIGERO.open(List.of(d), claims, t).writeTo(w);
        return w.toByteArray();
    }

    private static void validityVerify(int n, GoldilocksExt2[] tau, GoldilocksExt2 h, byte[] bytes) {
        io.zkml4j.field.codec.FieldReader r = new io.zkml4j.field.codec.FieldReader(bytes);
        List<PcsCommitment> cs = List.of(LIGERO.readCommitment(r));
        int degree = tau == null ? 2 : 3;
        SumcheckProof sp = SumcheckProof.readFrom(r, n, degree);
        GoldilocksExt2 fa = r.ext("a(rho)"), fb = r.ext("b(rho)");
        Transcript t = transcript();
        cs.get(0).absorbInto(t);
        SumcheckClaim c = SumcheckVerifier.verify(n, degree, h, sp, t);
        SumOfProducts ab = SumOfProducts.builder(2).term(GoldilocksExt2.ONE, 0, 1).build();
        if (tau == null) SumcheckVerifier.checkFinal(c, ab, new GoldilocksExt2[] {fa, fb});
        else SumcheckVerifier.checkFinalEq(c, tau, ab, new GoldilocksExt2[] {fa, fb});
        List<EvalClaim> claims = List.of(new EvalClaim(0, withTop(c.point(), GoldilocksExt2.ZERO), fa), new EvalClaim(0, withTop(c.point(), GoldilocksExt2.ONE), fb));
        LigeroProof p = LIGERO.readProof(r, cs, claims);
        r.finish("validity proof");
        LIGERO.verify(cs, claims, p, t);
    }

    private static double median(double[] v) {
        return HidingPcsBench.median(v);
    }
}
