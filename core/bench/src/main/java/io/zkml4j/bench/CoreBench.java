package io.zkml4j.bench;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.Ntt;
import io.zkml4j.lookup.LookupBench;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.pcs.LigeroParams;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.pcs.LigeroProof;
import io.zkml4j.pcs.LigeroProverData;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumOfProducts;
import io.zkml4j.sumcheck.SumcheckClaim;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.sumcheck.SumcheckProver;
import io.zkml4j.sumcheck.SumcheckProverOutput;
import io.zkml4j.sumcheck.SumcheckVerifier;
import io.zkml4j.transcript.Transcript;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The core benchmark behind {@code zkml4j bench core}: throughput of the field arithmetic and wall
 * time of each protocol at 2^20, as medians over repeated runs in one process. Keys are stable: they
 * are what `--json` writes and what the targets in issue 2 refer to.
 */
public final class CoreBench {
    private final int runs;
    private final SplittableRandom rnd = new SplittableRandom(20261125);

    public CoreBench(int runs) {
        this.runs = runs;
    }

    long[] randomVector(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = Goldilocks.reduce64(rnd.nextLong());
        return v;
    }

    /** Runs every measurement; values are numbers (per second, milliseconds or bytes, as the key says). */
    public Map<String, Double> run() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("field_mul_per_s", fieldMulPerSecond());
        out.put("ext_mul_per_s", extMulPerSecond());
        out.put("ntt_2^20_ms", nttMillis(20));
        pcs(20, out);
        sumcheck(20, out);
        lookup(20, 16, out);
        return out;
    }

    /** Element-wise products of two 2^16 vectors, repeated: independent multiplies, one thread. */
    double fieldMulPerSecond() {
        int n = 1 << 16, reps = 64;
        long[] a = randomVector(n), b = randomVector(n), c = new long[n];
        double ms = Timing.medianMillis(3, runs * 3, () -> {
            long[] x = a, z = c;
            for (int r = 0; r < reps; r++) {
                for (int i = 0; i < n; i++) z[i] = Goldilocks.mul(x[i], b[i]);
                long[] t = x;
                x = z;
                z = t;
            }
            return x[7];
        });
        return (double) n * reps / (ms / 1e3);
    }

    /** Extension-field products on parallel coordinate arrays, one thread. */
    double extMulPerSecond() {
        int n = 1 << 16, reps = 16;
        long[] a0 = randomVector(n), a1 = randomVector(n), b0 = randomVector(n), b1 = randomVector(n);
        long[] c0 = new long[n], c1 = new long[n];
        double ms = Timing.medianMillis(3, runs * 3, () -> {
            for (int r = 0; r < reps; r++) {
                for (int i = 0; i < n; i++) {
                    long x0 = a0[i], x1 = a1[i], y0 = b0[i], y1 = b1[i];
                    c0[i] = GoldilocksExt2.mul0(x0, x1, y0, y1);
                    c1[i] = GoldilocksExt2.mul1(x0, x1, y0, y1);
                }
                a0[r] = c0[r];
            }
            return c0[3] ^ c1[5];
        });
        return (double) n * reps / (ms / 1e3);
    }

    GoldilocksExt2[] randomPoint(int n) {
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) z[i] = GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
        return z;
    }

    private static Transcript pcsTranscript(LigeroCommitment c) {
        Transcript t = new Transcript("zkml4j.bench.pcs/v1");
        c.absorbInto(t);
        return t;
    }

    /** Ligero (default parameters) on one 2^logN table with one evaluation claim: commit, open, verify (decode included). */
    void pcs(int logN, Map<String, Double> out) {
        long[] table = randomVector(1 << logN);
        GoldilocksExt2[] z = randomPoint(logN);
        List<EvalClaim> claims = List.of(new EvalClaim(0, z, Mle.evaluate(table, z)));
        LigeroPcs pcs = new LigeroPcs(LigeroParams.DEFAULT);
        LigeroProverData[] data = new LigeroProverData[1];
        out.put("commit_2^" + logN + "_ms", Timing.medianMillis(2, runs, () -> {
            data[0] = pcs.commit(table);
            return data[0].commitment().numVars();
        }));
        LigeroCommitment c = data[0].commitment();
        byte[][] proof = new byte[1][];
        out.put("open_2^" + logN + "_ms", Timing.medianMillis(2, runs, () -> {
            proof[0] = pcs.open(List.of(data[0]), claims, pcsTranscript(c)).toBytes();
            return proof[0].length;
        }));
        out.put("verify_2^" + logN + "_ms", Timing.medianMillis(3, runs, () -> {
            LigeroProof p = pcs.proofFromBytes(proof[0], List.of(c), claims);
            pcs.verify(List.of(c), claims, p, pcsTranscript(c));
            return 1;
        }));
        out.put("proof_bytes_2^" + logN, (double) proof[0].length);
        out.put("pcs_soundness_bits", LigeroParams.DEFAULT.soundnessBits(logN, 1));
    }

    /** Degree-2 product sumcheck over 2^logN base-field entries: prove, and verify (with the final check). */
    void sumcheck(int logN, Map<String, Double> out) {
        long[] a = randomVector(1 << logN), b = randomVector(1 << logN);
        SumcheckProverOutput[] res = new SumcheckProverOutput[1];
        out.put("sumcheck_2^" + logN + "_ms", Timing.medianMillis(2, runs, () -> {
            res[0] = SumcheckProver.proveProduct(a, b, new Transcript("zkml4j.bench.sumcheck/v1"));
            return res[0].finalClaim().c0;
        }));
        byte[] bytes = res[0].proof().toBytes();
        GoldilocksExt2 claimed = res[0].claimedSum();
        GoldilocksExt2[] evals = res[0].finalEvals();
        out.put("sumcheck_verify_2^" + logN + "_ms", Timing.medianMillis(3, runs, () -> {
            SumcheckProof proof = SumcheckProof.fromBytes(bytes, logN, 2);
            SumcheckClaim c = SumcheckVerifier.verify(logN, 2, claimed, proof, new Transcript("zkml4j.bench.sumcheck/v1"));
            SumcheckVerifier.checkFinal(c, SumOfProducts.product(2), evals);
            return c.value().c0;
        }));
    }

    /**
     * LogUp-GKR: 2^logN random values looked up in the range table [0, 2^logTable), prove + verify, multiplicities
     * computed inside; committing the multiplicity vector (2^logTable entries) is reported on its own.
     */
    void lookup(int logN, int logTable, Map<String, Double> out) {
        long[] values = new long[1 << logN];
        for (int i = 0; i < values.length; i++) values[i] = rnd.nextLong(1L << logTable);
        out.put("lookup_2^" + logN + "_in_2^" + logTable + "_ms",
                Timing.medianMillis(2, runs, () -> LookupBench.proveAndVerify(values, logTable)));
        long[] multiplicities = randomVector(1 << logTable);
        LigeroPcs pcs = new LigeroPcs(LigeroParams.DEFAULT);
        out.put("lookup_commit_multiplicities_2^" + logTable + "_ms",
                Timing.medianMillis(2, runs, () -> pcs.commit(multiplicities).commitment().numVars()));
    }

    double nttMillis(int logN) {
        long[] v = randomVector(1 << logN);
        return Timing.medianMillis(2, runs, () -> {
            Ntt.forward(v);
            return v[1];
        });
    }
}
