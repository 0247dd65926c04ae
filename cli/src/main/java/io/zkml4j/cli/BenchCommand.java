package io.zkml4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.zkml4j.bench.CoreBench;
import io.zkml4j.bench.Timing;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zkml4j bench core [--json FILE]}: the proof-system core's figures (issue 2's keys), medians in one process. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. 'core': field, NTT, commitment, sumcheck and lookup at 2^20 (medians); "
                + "'jmh [REGEX]': the JMH micro-benchmarks.")
final class BenchCommand extends CliCommand {
    @Parameters(index = "0", description = "core | jmh")
    String suite;

    @Parameters(index = "1..*", arity = "0..*", description = "for jmh: JMH arguments (e.g. a benchmark regex)")
    List<String> rest = List.of();

    @Option(names = "--json", paramLabel = "FILE", description = "also write the figures as JSON")
    Path json;

    @Option(names = "--runs", description = "measured runs per figure (default: ${DEFAULT-VALUE})")
    int runs = 7;

    @Override
    protected int execute() throws Exception {
        switch (suite) {
            case "core":
                return core();
            case "jmh":
                org.openjdk.jmh.Main.main(rest.toArray(new String[0]));
                return Main.EXIT_OK;
            default:
                throw new CliException("unknown benchmark suite '" + suite + "' (expected: core, jmh)");
        }
    }

    private int core() throws Exception {
        if (runs < 1) throw new CliException("--runs must be at least 1");
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
}
