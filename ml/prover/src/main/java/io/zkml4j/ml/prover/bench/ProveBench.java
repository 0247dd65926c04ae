package io.zkml4j.ml.prover.bench;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ModelVerifier;
import io.zkml4j.ml.prover.ProveProgress;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code bench prove}: for each model of {@link BenchModels}, compile (calibrated), set up once, then after warm-up
 * the median of a few runs of integer inference, prove and verify, with proof and verifying-key sizes and the heap
 * the run needed ({@link HeapWatch}). A model the prover rejects at setup (operator not provable yet) becomes a row
 * saying so, and the bench goes on; so does a model that runs out of heap.
 */
public final class ProveBench {
    /** Models of at least this many parameters run fewer times (each proof takes seconds). */
    static final long LARGE = 1_000_000;

    /**
     * One model's figures; the measured ones are null unless {@code status} is "ok". Times are medians in
     * milliseconds; {@code stagesMs} splits the last measured proof at the prover's progress steps (each entry is
     * the time from the previous step to the named one).
     */
    public record Row(String model, String architecture, long parameters, String status, Integer warmup, Integer runs,
                      Double compileMs, Double setupMs, Double inferenceMs, Double proveMs, Double proveCpuMs, Double verifyMs,
                      Double proverOverhead, Long proofBytes, Long verifyingKeyBytes, Long peakHeapMb,
                      Long peakLiveHeapMb, Boolean verified, Map<String, Double> stagesMs, Long provingKeyBytes) {
        public boolean ok() {
            return "ok".equals(status);
        }

        static Row failed(BenchModels.Spec s, String status, Double compileMs, Double setupMs) {
            return new Row(s.name(), s.architecture(), s.parameters(), status, null, null, compileMs, setupMs, null, null,
                    null, null, null, null, null, null, null, null, null, null);
        }
    }

    private final int runs;
    private final Consumer<String> log;
    /** Also a zero-knowledge row per model (name + "+zk"), beside its validity row. */
    private final boolean zk;

    /** {@code runs}: measured proving runs for models under 1M parameters (larger ones use at most 3); verification runs at least 9 times. */
    public ProveBench(int runs, Consumer<String> log) {
        this(runs, false, log);
    }

    /** As {@link #ProveBench(int, Consumer)}; with {@code zk}, each model also proves in zero knowledge (the defaults: private input and parameters). */
    public ProveBench(int runs, boolean zk, Consumer<String> log) {
        if (runs < 1) throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        this.runs = runs;
        this.zk = zk;
        this.log = log;
    }

    /** Runs every model in turn, handing each row to {@code onRow} as soon as it is measured. */
    public List<Row> run(List<BenchModels.Spec> specs, Consumer<Row> onRow) {
        List<Row> rows = new ArrayList<>();
        for (BenchModels.Spec s : specs) {
            Row r = run(s);
            rows.add(r);
            onRow.accept(r);
            if (zk) {
                for (int proofs : new int[] {1, ModelSetup.DEFAULT_ZK_PROOFS, 0}) {
                    Row z = runZk(s, proofs);
                    rows.add(z);
                    onRow.accept(z);
                }
            }
        }
        return rows;
    }

    public Row run(BenchModels.Spec spec) {
        try {
            return measure(spec);
        } catch (OutOfMemoryError e) {
            // everything the attempt held is unreachable once measure() has unwound
            System.gc();
            return Row.failed(spec, "out of memory with max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB: needs a larger -Xmx", null, null);
        }
    }

    private Row measure(BenchModels.Spec spec) {
        int warmup = spec.parameters() >= LARGE ? 1 : 2;
        int n = spec.parameters() >= LARGE ? Math.min(runs, 3) : runs;
        log.accept(spec.name() + ": building and compiling " + spec.architecture());
        long t0 = System.nanoTime();
        BenchModels.Loaded loaded = spec.load();
        QuantizedModel model = ModelCompiler.compile(loaded.graph(), loaded.calibration(), CompileOptions.defaults());
        double compileMs = ms(t0);
        loaded = new BenchModels.Loaded(null, null, loaded.input(), loaded.architecture()); // let the float graph go
        double[] x = loaded.input();
        try (HeapWatch heap = HeapWatch.start()) {
            log.accept(spec.name() + ": setup");
            long t1 = System.nanoTime();
            ProvingKey pk;
            try {
                pk = ModelSetup.setup(model);
            } catch (ModelException e) {
                String m = e.getMessage();
                return Row.failed(spec, m.contains("not provable yet") ? "not provable yet: " + m : "setup failed: " + m, compileMs, null);
            }
            double setupMs = ms(t1);
            VerifyingKey vk = pk.verifyingKey();
            long vkBytes = vk.toBytes().length;

            // held through arrays so that both can be dropped before verification is timed (below)
            ProvingKey[] prover = {pk};
            QuantizedModel[] quantized = {model};
            pk = null;
            model = null;
            long[] q = quantized[0].quantizeInputs(List.of(x)).get(0);
            long[] expected = quantized[0].execute(List.of(q)).output(0).values();
            double inferMs = median(3, Math.max(n, 5), () -> quantized[0].execute(List.of(q))).wallMs();

            log.accept(spec.name() + ": proving (" + warmup + " warm-up + " + n + " runs)");
            StageClock clock = new StageClock();
            ModelProver.Result[] last = new ModelProver.Result[1];
            Timed prove = median(warmup, n, () -> {
                clock.reset();
                last[0] = ModelProver.prove(prover[0], x, clock);
            });
            double proveMs = prove.wallMs();
            ModelProver.Result r = last[0];
            if (!Arrays.equals(r.output, expected)) {
                return Row.failed(spec, "the prover's output differs from integer inference", compileMs, setupMs);
            }
            // a verifier holds the verifying key and the proof, not the prover's key, weights and encoded tables: drop
            // them, so that verification is not timed inside the prover's heap (collections of gigabytes at 18M)
            prover[0] = null;
            quantized[0] = null;
            System.gc();
            double verifyMs;
            try {
                // verification is cheap at every size: more runs for a steadier median
                verifyMs = median(3, Math.max(n, 9), () -> ModelVerifier.verify(vk, r.publicInput, r.publicOutput, r.proof)).wallMs();
            } catch (RuntimeException e) {
                return Row.failed(spec, "proof rejected: " + e.getMessage(), compileMs, setupMs);
            }
            long mb = 1 << 20;
            return new Row(spec.name(), loaded.architecture(), spec.parameters(), "ok", warmup, n, compileMs, setupMs,
                    inferMs, proveMs, prove.cpuMs(), verifyMs, proveMs / inferMs, (long) r.proof.length, vkBytes,
                    heap.peakUsedBytes() / mb, heap.peakLiveBytes() / mb, true, clock.stages(), null);
        }
    }

    /**
     * The zero-knowledge row of a model, its keys made for {@code proofs} proofs each (B); an out-of-memory is a failed
     * row, as for {@link #run(BenchModels.Spec)}.
     */
    public Row runZk(BenchModels.Spec spec, int proofs) {
        try {
            return measureZk(spec, proofs);
        } catch (OutOfMemoryError e) {
            System.gc();
            return Row.failed(zkSpec(spec, proofs), "out of memory with max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB", null, null);
        }
    }

    /** MODEL+zk for keys of one proof, MODEL+zkB for keys of B, MODEL+zkpub for a key with public parameters (proofs = 0: no budget). */
    private static BenchModels.Spec zkSpec(BenchModels.Spec spec, int proofs) {
        return new BenchModels.Spec(spec.name() + "+zk" + (proofs == 0 ? "pub" : proofs == 1 ? "" : String.valueOf(proofs)), spec.parameters(), spec.architecture(), spec::load);
    }

    /** The +zkpub rows' visibility: input private, output and parameters public. */
    private static final io.zkml4j.ml.prover.Visibility PUBLIC_PARAMS = new io.zkml4j.ml.prover.Visibility(false, true, true);

    /**
     * A zero-knowledge key makes {@code proofs} proofs (its constants' commitment holds that many mask sets), so the
     * runs set up again, untimed, whenever the key is spent (every run for B = 1); setup ms is the median of those
     * setups. {@code proofs} 0: a key with public parameters (constants binding-only, no budget: one setup). Prove and verify as in the validity row; the proving key's bytes are its file's (written once, deleted).
     */
    private Row measureZk(BenchModels.Spec spec, int proofs) {
        BenchModels.Spec named = zkSpec(spec, proofs);
        int warmup = spec.parameters() >= LARGE ? 1 : 2;
        int n = spec.parameters() >= LARGE ? Math.min(runs, 3) : runs;
        log.accept(named.name() + ": compiling, then " + (warmup + n) + " setups and zero-knowledge proofs");
        long t0 = System.nanoTime();
        BenchModels.Loaded loaded = spec.load();
        QuantizedModel model = ModelCompiler.compile(loaded.graph(), loaded.calibration(), CompileOptions.defaults());
        double compileMs = ms(t0);
        long[] q = model.quantizeInputs(List.of(loaded.input())).get(0);
        long[] expected = model.execute(List.of(q)).output(0).values();
        double inferMs = median(3, Math.max(n, 5), () -> model.execute(List.of(q))).wallMs();
        io.zkml4j.pcs.HidingLigeroPcs pcs = new io.zkml4j.pcs.HidingLigeroPcs(io.zkml4j.pcs.HidingLigeroParams.DEFAULT);
        try (HeapWatch heap = HeapWatch.start()) {
            List<Double> setup = new ArrayList<>();
            double[] wall = new double[n], cpu = new double[n];
            ModelProver.Result r = null;
            VerifyingKey vk = null;
            ProvingKey pk = null;
            for (int i = 0; i < warmup + n; i++) {
                if (pk == null || pk.proofsLeft() == 0) {
                    long s0 = System.nanoTime();
                    try {
                        pk = proofs == 0 ? ModelSetup.setupPublicParams(model, new io.zkml4j.pcs.LigeroPcs(io.zkml4j.pcs.LigeroParams.DEFAULT), pcs, PUBLIC_PARAMS, io.zkml4j.ml.prover.ProveProgress.NONE)
                                : ModelSetup.setupZeroKnowledge(model, pcs, io.zkml4j.ml.prover.Visibility.DEFAULT, proofs);
                    } catch (ModelException e) {
                        return Row.failed(named, "setup failed: " + e.getMessage(), compileMs, null);
                    }
                    setup.add(ms(s0));
                }
                long c0 = OS.getProcessCpuTime(), p0 = System.nanoTime();
                r = ModelProver.proveZeroKnowledge(pk, q);
                if (i >= warmup) {
                    wall[i - warmup] = ms(p0);
                    cpu[i - warmup] = (OS.getProcessCpuTime() - c0) / 1e6;
                }
                vk = pk.verifyingKey();
            }
            double setupMs = median(setup.stream().mapToDouble(Double::doubleValue).toArray());
            if (!Arrays.equals(r.output, expected)) return Row.failed(named, "the prover's output differs from integer inference", compileMs, setupMs);
            ModelProver.Result last = r;
            VerifyingKey key = vk;
            double verifyMs;
            try {
                verifyMs = median(3, Math.max(n, 9), () -> ModelVerifier.verify(key, last.publicInput, last.publicOutput, last.proof)).wallMs();
            } catch (RuntimeException e) {
                return Row.failed(named, "proof rejected: " + e.getMessage(), compileMs, setupMs);
            }
            long mb = 1 << 20;
            double proveMs = median(wall);
            return new Row(named.name(), spec.architecture(), spec.parameters(), "ok", warmup, n, compileMs, setupMs, inferMs, proveMs,
                    median(cpu), verifyMs, proveMs / inferMs, (long) r.proof.length, (long) key.toBytes().length,
                    heap.peakUsedBytes() / mb, heap.peakLiveBytes() / mb, true, null, fileBytes(pk));
        }
    }

    /** The size of the key's file (written to a temporary file, then deleted). */
    private static long fileBytes(ProvingKey pk) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("zkml4j-bench", ".key");
            try {
                pk.write(f);
                return java.nio.file.Files.size(f);
            } finally {
                java.nio.file.Files.deleteIfExists(f);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Times between the prover's progress steps, labelled by the step that ends each interval. */
    private static final class StageClock implements ProveProgress {
        private final Map<String, Double> stages = new LinkedHashMap<>();
        private long last;

        void reset() {
            stages.clear();
            last = System.nanoTime();
        }

        @Override
        public void step(String stage, int done, int total) {
            long now = System.nanoTime();
            stages.merge(stage, (now - last) / 1e6, Double::sum);
            last = now;
        }

        Map<String, Double> stages() {
            return new LinkedHashMap<>(stages);
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Median wall time and median CPU time of the whole process (all threads, GC included) per run. On a shared
     * machine the CPU figure is the steadier one: wall time grows with other processes' load, CPU time barely.
     */
    record Timed(double wallMs, double cpuMs) {}

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static Timed median(int warmup, int runs, Runnable work) {
        for (int i = 0; i < warmup; i++) work.run();
        double[] wall = new double[runs], cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            work.run();
            wall[i] = ms(t0);
            cpu[i] = (OS.getProcessCpuTime() - c0) / 1e6;
        }
        return new Timed(median(wall), median(cpu));
    }

    private static double median(double[] t) {
        Arrays.sort(t);
        int n = t.length;
        return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    }

    /** The JVM the figures come from: version, vendor, VM, cores and max heap. */
    public static String jvm() {
        return "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + "), " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB";
    }

    /** Column headers of {@link #format(Row)}. */
    public static String header() {
        return String.format("%-13s %11s %9s %9s %9s %9s %9s %9s %6s %11s %8s %9s %9s %13s",
                "model", "params", "setup ms", "infer ms", "prove ms", "prove cpu", "verify ms", "overhead", "runs", "proof B",
                "vk B", "heap MB", "live MB", "zk pk B");
    }

    /** One table line; a model that was not measured shows its status instead of figures. */
    public static String format(Row r) {
        if (!r.ok()) return String.format("%-13s %,11d  %s", r.model(), r.parameters(), r.status());
        return String.format("%-13s %,11d %9.0f %9.2f %9.1f %9.0f %9.1f %8.0fx %6s %,11d %,8d %,9d %,9d %13s",
                r.model(), r.parameters(), r.setupMs(), r.inferenceMs(), r.proveMs(), r.proveCpuMs(), r.verifyMs(), r.proverOverhead(),
                r.warmup() + "+" + r.runs(), r.proofBytes(), r.verifyingKeyBytes(), r.peakHeapMb(), r.peakLiveHeapMb(),
                r.provingKeyBytes() == null ? "" : String.format("%,d", r.provingKeyBytes()));
    }

    /** The prove-time split of a row, one line ("stage ms, ..."), or empty. */
    public static String formatStages(Row r) {
        if (r.stagesMs() == null) return "";
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : r.stagesMs().entrySet()) {
            if (b.length() > 0) b.append(", ");
            b.append(e.getKey()).append(String.format(" %.1f", e.getValue()));
        }
        return b.toString();
    }
}
