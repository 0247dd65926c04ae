package io.zkml4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.zkml4j.bench.CoreBench;
import io.zkml4j.bench.Timing;
import io.zkml4j.ml.prover.bench.BenchModels;
import io.zkml4j.ml.prover.bench.ProveBench;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zkml4j bench core [--json FILE]}: the proof-system core's figures (issue 2's keys), medians in one process;
 * {@code zkml4j bench prove [--models a,b] [--runs N] [--json FILE]}: model proofs from 10K to 18M parameters.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. 'core': field, NTT, commitment, sumcheck and lookup at 2^20 (medians); "
                + "'prove': setup, integer inference, prove and verify of dense networks (10K-18M parameters) and "
                + "digits_lenet/digits_mlp/digits_transformer and a 4-layer GPT decoder, gpt_4l (medians, sizes, heap); 'jmh [REGEX]': the JMH micro-benchmarks.")
final class BenchCommand extends CliCommand {
    @Parameters(index = "0", description = "core | prove | jmh")
    String suite;

    @Parameters(index = "1..*", arity = "0..*", description = "for jmh: JMH arguments (e.g. a benchmark regex)")
    List<String> rest = List.of();

    @Option(names = "--json", paramLabel = "FILE", description = "also write the figures as JSON")
    Path json;

    @Option(names = "--runs", description = "measured runs per figure (default: 7 for core; 5 for prove, where "
            + "models of 1M+ parameters use at most 3; verification at least 9)")
    Integer runs;

    @Option(names = "--models", split = ",", paramLabel = "A,B", description = "for prove: the models to run (default: all), by name or as a folder holding network.onnx and input.json")
    List<String> models;

    @Option(names = "--stages", description = "for prove: also print where each proof's time goes (between the prover's progress steps)")
    boolean stages;

    @Option(names = "--zk", description = "for prove: also prove each model in zero knowledge (private input and parameters; rows MODEL+zk, MODEL+zk16 beside its validity row, and MODEL+zkpub: private input, public parameters)")
    boolean zk;

    @Override
    protected int execute() throws Exception {
        switch (suite) {
            case "core":
                return core();
            case "prove":
                return prove();
            case "jmh":
                org.openjdk.jmh.Main.main(rest.toArray(new String[0]));
                return Main.EXIT_OK;
            default:
                throw new CliException("unknown benchmark suite '" + suite + "' (expected: core, prove, jmh)");
        }
    }

    private int runs(int dflt) {
        int n = runs == null ? dflt : runs;
        if (n < 1) throw new CliException("--runs must be at least 1");
        return n;
    }

    private int core() throws Exception {
        int runs = runs(7);
        out().println("zkml4j bench core on " + Timing.jvmDescription());
        out().flush();
        long t0 = System.nanoTime();
        Map<String, Double> figures = new CoreBench(runs).run();
        out().printf("%-36s %16s%n", "figure", "median");
        for (Map.Entry<String, Double> e : figures.entrySet()) {
            double v = e.getValue();
            String shown = e.getKey().endsWith("_per_s") ? String.format("%,.0f", v)
                    : e.getKey().endsWith("_ms") ? String.format("%.1f", v) : String.format("%,.0f", v);
            out().printf("%-36s %16s%n", e.getKey(), shown);
        }
        out().printf("(total %.1f s)%n", (System.nanoTime() - t0) / 1e9);
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("jdk", System.getProperty("java.version"));
            doc.put("cores", Runtime.getRuntime().availableProcessors());
            doc.put("runs", runs);
            doc.putAll(figures);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
        }
        return Main.EXIT_OK;
    }

    private int prove() throws Exception {
        int n = runs(5);
        List<BenchModels.Spec> specs;
        try {
            specs = models == null ? BenchModels.all() : BenchModels.select(models);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        out().println("zkml4j bench prove on " + ProveBench.jvm());
        out().println("medians after warm-up; prove cpu = CPU ms of the whole process per proof (all threads, GC included; "
                + "steadier than wall time on a loaded machine); heap MB = peak heap used during setup..verify (sampled "
                + "every 2 ms and at each GC, garbage included), live MB = largest heap after a GC in that span (0: no GC ran)");
        out().flush();
        long t0 = System.nanoTime();
        List<String> archs = new java.util.ArrayList<>();
        ProveBench bench = new ProveBench(n, zk, msg -> {
            err().println("  " + msg);
            err().flush();
        });
        out().println(ProveBench.header());
        out().flush();
        List<ProveBench.Row> rows = bench.run(specs, r -> {
            out().println(ProveBench.format(r));
            out().flush();
            archs.add(String.format("  %-13s %s", r.model(), r.architecture()));
        });
        out().println("overhead = prove / integer inference; runs = warm-up + measured. Models:");
        archs.forEach(out()::println);
        if (stages) {
            out().println("prove time between the prover's progress steps (ms, last measured run; each step's time ends at its name):");
            for (ProveBench.Row r : rows) if (r.ok()) out().printf("  %-13s %s%n", r.model(), ProveBench.formatStages(r));
        }
        out().printf("(total %.1f s)%n", (System.nanoTime() - t0) / 1e9);
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("jdk", System.getProperty("java.version"));
            doc.put("vendor", System.getProperty("java.vendor"));
            doc.put("vm", System.getProperty("java.vm.name"));
            doc.put("cores", Runtime.getRuntime().availableProcessors());
            doc.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1 << 20));
            doc.put("runs", n);
            doc.put("models", rows);
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
        }
        return Main.EXIT_OK;
    }
}
