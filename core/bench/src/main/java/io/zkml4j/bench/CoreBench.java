package io.zkml4j.bench;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.Ntt;
import java.util.LinkedHashMap;
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

    double nttMillis(int logN) {
        long[] v = randomVector(1 << logN);
        return Timing.medianMillis(2, runs, () -> {
            Ntt.forward(v);
            return v[1];
        });
    }
}
