package io.zkml4j.tools;

import io.zkml4j.cli.CliCommand;
import io.zkml4j.cli.CliException;
import io.zkml4j.cli.Main;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Speed of the exact integer executor against ONNX Runtime (float, one thread) on the same model and
 * input, in the same process: median wall time of N runs each after warm-up.
 */
@Command(name = "bench-exec", mixinStandardHelpOptions = true,
        description = "Time the integer executor against ONNX Runtime on the same models (median of N runs).")
public final class BenchExecCommand extends CliCommand {
    @Parameters(arity = "1..*", paramLabel = "MODEL_DIR", description = "Folders with network.onnx and input.json (or inputs.json).")
    List<Path> dirs;

    @Option(names = "--runs", defaultValue = "30", description = "Timed runs per executor (default: ${DEFAULT-VALUE}).")
    int runs;

    // Enough untimed runs for the JIT to compile the kernels: with 5, the figures timed the interpreter.
    @Option(names = "--warmup", defaultValue = "100", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    protected int execute() throws Exception {
        if (runs < 1 || warmup < 0) {
            throw new CliException("--runs must be >= 1 and --warmup >= 0");
        }
        out().println("Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " cores; median of " + runs + " runs after " + warmup + " warm-up");
        String fmt = "%-24s %14s %14s %10s%n";
        out().printf(Locale.ROOT, fmt, "model", "integer (ms)", "ORT float (ms)", "int / ORT");
        for (Path dir : dirs) {
            Path onnx = dir.resolve("network.onnx");
            if (!Files.isRegularFile(onnx)) {
                throw new CliException("no network.onnx in " + dir);
            }
            Graph g = OnnxLoader.load(onnx, 1);
            List<List<double[]>> samples = ConformanceCommand.readSamples(dir, g);
            List<double[]> x = samples.get(0);
            QuantizedModel q = ModelCompiler.compile(g, samples, CompileOptions.defaults());
            double intMs = median(() -> q.run(x));
            double ortMs;
            try (OrtReference ort = new OrtReference(onnx, g)) {
                ortMs = median(() -> ort.run(x));
            } catch (Exception e) { // e.g. a model ONNX Runtime rejects as type-invalid: report the row, go on
                out().printf(Locale.ROOT, fmt, dir.getFileName(), String.format(Locale.ROOT, "%.4f", intMs), "-",
                        "(ORT: " + e.getMessage().replaceAll("[\\r\\n]+", " ") + ")");
                continue;
            }
            out().printf(Locale.ROOT, fmt, dir.getFileName(), String.format(Locale.ROOT, "%.4f", intMs),
                    String.format(Locale.ROOT, "%.4f", ortMs), String.format(Locale.ROOT, "%.1fx", intMs / ortMs));
            out().flush();
        }
        return Main.EXIT_OK;
    }

    interface Task {
        void run() throws Exception;
    }

    private double median(Task t) throws Exception {
        for (int i = 0; i < warmup; i++) {
            t.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            t.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    }
}
