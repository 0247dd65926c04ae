package io.zkml4j.bench.jmh;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.Ntt;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** JMH micro-benchmarks of the field kernels: {@code ./zkml4j bench jmh FieldJmh}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FieldJmh {
    static final int N = 1 << 12;
    long[] a, b, c, d, out0, out1, ntt;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        a = new long[N];
        b = new long[N];
        c = new long[N];
        d = new long[N];
        for (int i = 0; i < N; i++) {
            a[i] = Goldilocks.reduce64(r.nextLong());
            b[i] = Goldilocks.reduce64(r.nextLong());
            c[i] = Goldilocks.reduce64(r.nextLong());
            d[i] = Goldilocks.reduce64(r.nextLong());
        }
        out0 = new long[N];
        out1 = new long[N];
        ntt = a.clone();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] baseMul() {
        for (int i = 0; i < N; i++) out0[i] = Goldilocks.mul(a[i], b[i]);
        return out0;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] baseAdd() {
        for (int i = 0; i < N; i++) out0[i] = Goldilocks.add(a[i], b[i]);
        return out0;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] extMul() {
        for (int i = 0; i < N; i++) {
            out0[i] = GoldilocksExt2.mul0(a[i], b[i], c[i], d[i]);
            out1[i] = GoldilocksExt2.mul1(a[i], b[i], c[i], d[i]);
        }
        return out1;
    }

    @Benchmark
    public long[] ntt4096() {
        Ntt.forward(ntt);
        return ntt;
    }
}
