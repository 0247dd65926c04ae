package io.zkml4j.tools;

import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.prover.io.InputException;
import com.fasterxml.jackson.databind.JsonNode;
import io.zkml4j.cli.CliCommand;
import io.zkml4j.cli.CliException;
import io.zkml4j.cli.Main;
import io.zkml4j.cli.TimeLimited;
import io.zkml4j.cli.ModelFiles;
import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * For every folder of DIR holding network.onnx: is the model supported, and how far are the quantized
 * integer outputs from ONNX Runtime's float outputs? Calibration uses the folder's own data: all samples
 * of inputs.json when present (the shared models: 32 each), else input.json. One bad folder never stops
 * the run: each is evaluated in its own task with a time limit.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Compare the quantized models of every folder under DIR with ONNX Runtime (float).")
public final class ConformanceCommand extends CliCommand {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders of model folders (network.onnx + input.json or inputs.json).")
    List<Path> dirs;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the tables as Markdown to FILE.")
    Path markdown;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "Time limit per model (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--tolerance", defaultValue = "0.01", description = "Largest relative error counted as ok (default: ${DEFAULT-VALUE}).")
    double tolerance;

    /** One folder's result. */
    static final class Row {
        String model;
        int samples;
        boolean loaded;
        boolean supported;
        String unsupported = "";
        String reference = "ORT";
        double floatError = Double.NaN;
        double relError = Double.NaN;
        int argmaxAgree;
        int argmaxTotal;
        String status = "";
        String note = "";
        boolean ok;
        double seconds;
    }

    @Override
    protected int execute() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Conformance against ONNX Runtime\n\n")
          .append("Generated on ").append(LocalDate.now()).append(" with Java ").append(Runtime.version())
          .append(" by\n\n    ./zkml4j conformance");
        for (Path d : dirs) {
            md.append(' ').append(d);
        }
        md.append(" --markdown ").append(markdown == null ? "FILE" : markdown).append("\n\n")
          .append(EXPLANATION);
        boolean allOk = true;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new CliException("not a directory: " + dir);
            }
            List<Row> rows = new ArrayList<>();
            printHeader(dir);
            for (Path folder : modelFolders(dir)) {
                Row r = evaluateWithTimeout(folder);
                rows.add(r);
                printRow(r);
            }
            String summary = summary(rows);
            out().println(summary);
            out().println();
            out().flush();
            appendMarkdown(md, dir, rows, summary);
            // A folder without input.json is not a model folder with data: reported, but not a failure.
            allOk &= rows.stream().allMatch(r -> r.ok || NO_INPUT.equals(r.status));
        }
        if (markdown != null) {
            Files.writeString(markdown, md.toString());
            out().println("wrote " + markdown);
        }
        return allOk ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    private static final String EXPLANATION =
            "Each model is compiled to exact integer arithmetic (default policy: 20-bit activations, 16-bit weights),\n"
            + "calibrated on its folder's data: all of `inputs.json` where present (the shared models, 32 inputs each),\n"
            + "otherwise the single `input.json`. The quantized outputs are compared with ONNX Runtime 1.23.2 (CPU, float32)\n"
            + "on the same inputs.\n\n"
            + "- *rel. error*: for each output, max|quantized - reference| / max|reference| with both maxima over all\n"
            + "  elements and all samples (the error relative to the output's magnitude on the evaluated inputs); the\n"
            + "  worst output is shown. Per-sample normalisation would judge a sigmoid output of 4e-5 against itself.\n"
            + "- *float error*: the same measure for zkml4j's float64 executor against ONNX Runtime.\n"
            + "- *argmax*: samples whose first output has the same argmax as the reference (only for outputs with >1 value).\n"
            + "- *reference*: `ORT`, or `own float` where ONNX Runtime rejects the model (then the zkml4j float executor\n"
            + "  is the only reference, which checks quantization but not operator semantics).\n"
            + "- *status*: `ok` when rel. error <= 1% and every argmax agrees; `ok*` the same against the own float\n"
            + "  reference only (ONNX Runtime rejects the model).\n\n";

    static List<Path> modelFolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("network.onnx"))).sorted().toList();
        }
    }

    // ------------------------------------------------------------------------------- evaluation

    private Row evaluateWithTimeout(Path folder) {
        long t0 = System.nanoTime();
        Row row = TimeLimited.run("conformance-" + folder.getFileName(), timeoutSeconds, () -> evaluate(folder),
                (status, note) -> failed(folder, status, note));
        row.seconds = (System.nanoTime() - t0) / 1e9;
        return row;
    }

    private static Row failed(Path folder, String status, String note) {
        Row r = new Row();
        r.model = folder.getFileName().toString();
        r.status = status;
        r.note = note;
        return r;
    }

    Row evaluate(Path folder) {
        Row r = new Row();
        r.model = folder.getFileName().toString();
        Path onnx = folder.resolve("network.onnx");
        Graph g;
        try {
            g = OnnxLoader.load(onnx, 1);
            r.loaded = true;
        } catch (ModelException e) {
            r.status = "load error";
            r.note = e.getMessage();
            return r;
        }
        try {
            ModelCompiler.checkSupported(g);
            r.supported = true;
        } catch (ModelException e) {
            r.status = "unsupported";
            r.unsupported = unsupportedNode(e.getMessage());
            r.note = e.getMessage();
            return r;
        }
        List<List<double[]>> samples;
        try {
            samples = readSamples(folder, g);
        } catch (InputException | ModelException e) {
            r.status = NO_INPUT;
            r.note = e.getMessage();
            return r;
        }
        r.samples = samples.size();

        List<List<double[]>> reference = new ArrayList<>();
        List<List<double[]>> ownFloat = new ArrayList<>();
        try {
            for (List<double[]> s : samples) {
                ownFloat.add(FloatExecutor.run(g, s));
            }
        } catch (RuntimeException e) {
            r.status = "float error";
            r.note = message(e);
            return r;
        }
        try (OrtReference ort = new OrtReference(onnx, g)) {
            for (List<double[]> s : samples) {
                reference.add(ort.run(s));
            }
            r.floatError = worst(ownFloat, reference);
        } catch (Exception e) {
            reference = ownFloat;
            r.reference = "own float";
            r.note = "ONNX Runtime rejects the model: " + ortReason(message(e));
        }

        QuantizedModel q;
        List<List<double[]>> quantized = new ArrayList<>();
        try {
            q = ModelCompiler.compile(g, samples, CompileOptions.defaults());
            for (List<double[]> s : samples) {
                quantized.add(q.run(s));
            }
        } catch (RuntimeException e) {
            r.status = "compile/run error";
            r.note = message(e);
            return r;
        }
        r.relError = worst(quantized, reference);
        boolean allZero = reference.stream().flatMap(List::stream).allMatch(a -> java.util.Arrays.stream(a).allMatch(v -> v == 0));
        if (allZero) {
            r.note = (r.note.isEmpty() ? "" : r.note + "; ") + "reference output is all zero (absolute error shown)";
        }
        for (int i = 0; i < samples.size(); i++) {
            double[] qf = quantized.get(i).get(0);
            double[] rf = reference.get(i).get(0);
            if (rf.length > 1 && qf.length == rf.length) {
                r.argmaxTotal++;
                if (Metrics.argmax(qf) == Metrics.argmax(rf)) {
                    r.argmaxAgree++;
                }
            }
        }
        boolean close = r.relError <= tolerance;
        boolean argmaxOk = r.argmaxAgree == r.argmaxTotal;
        r.ok = close && argmaxOk;
        r.status = r.ok ? (r.reference.equals("ORT") ? "ok" : "ok*") : !close ? "MISMATCH" : "argmax differs";
        return r;
    }

    /** Worst relative error over the outputs, each measured over all samples (see {@link Metrics}). */
    private static double worst(List<List<double[]>> got, List<List<double[]>> ref) {
        double w = 0;
        int outputs = ref.get(0).size();
        for (int i = 0; i < ref.size(); i++) {
            if (got.get(i).size() != outputs || ref.get(i).size() != outputs) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int o = 0; o < outputs; o++) {
            final int k = o;
            w = Math.max(w, Metrics.relativeError(got.stream().map(s -> s.get(k)).toList(), ref.stream().map(s -> s.get(k)).toList()));
        }
        return w;
    }

    private static String message(Throwable e) {
        return e instanceof ModelException || e instanceof InputException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The reason in an ORT load error, without the boilerplate around it. */
    private static String ortReason(String m) {
        int i = m.indexOf("failed:");
        String reason = i >= 0 ? m.substring(i + "failed:".length()) : m;
        return firstLine(reason.replace("This is an invalid model. ", "").strip());
    }

    private static String firstLine(String s) {
        String l = s == null ? "" : s.lines().findFirst().orElse("");
        return l.length() > 220 ? l.substring(0, 220) + "..." : l;
    }

    private static final Pattern NODE = Pattern.compile("unsupported operator (\\S+) at node '([^']*)'");

    private static String unsupportedNode(String msg) {
        Matcher m = NODE.matcher(msg);
        return m.find() ? m.group(1) + " (" + m.group(2) + ")" : msg;
    }

    /** All of inputs.json if present, else input.json (with ezkl's extra lists mapped by input name). */
    static List<List<double[]>> readSamples(Path folder, Graph g) {
        List<String> names = ModelFiles.inputNames(g);
        List<int[]> shapes = ModelFiles.inputShapes(g);
        Path many = folder.resolve("inputs.json");
        if (Files.isRegularFile(many)) {
            return InputData.readSamples(many, names, shapes);
        }
        Path one = folder.resolve("input.json");
        if (!Files.isRegularFile(one)) {
            throw new CliException("no input.json");
        }
        JsonNode root = InputData.readJson(one);
        JsonNode data = root.get("input_data");
        if (data != null && data.isArray() && data.size() > names.size() && !names.isEmpty()) {
            root = selectByName(root, data, g);
        }
        return List.of(InputData.parseInputData(root, one.toString(), names, shapes));
    }

    private static final Pattern INPUT_K = Pattern.compile("input(\\d*)");

    /**
     * ezkl's exporter writes one list per original PyTorch input even when the ONNX export pruned unused
     * ones; those inputs are named input, input1, input2, ... so the index in the name picks the list.
     */
    private static JsonNode selectByName(JsonNode root, JsonNode data, Graph g) {
        var picked = InputData.JSON.createArrayNode();
        for (ValueInfo vi : g.inputs()) {
            Matcher m = INPUT_K.matcher(vi.name());
            if (!m.matches()) {
                return root;
            }
            int k = m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1));
            if (k >= data.size()) {
                return root;
            }
            picked.add(data.get(k));
        }
        var copy = InputData.JSON.createObjectNode();
        copy.set("input_data", picked);
        return copy;
    }

    // ---------------------------------------------------------------------------------- output

    private static final String FORMAT = "%-26s %-7s %-34s %-10s %-11s %-9s %-10s %s%n";

    private void printHeader(Path dir) {
        PrintWriter out = out();
        out.println("conformance of " + dir + " (Java " + Runtime.version() + ")");
        out.printf(Locale.ROOT, FORMAT, "model", "samples", "supported / first unsupported", "reference", "rel. error", "argmax", "status", "note");
        out.flush();
    }

    private void printRow(Row r) {
        out().printf(Locale.ROOT, FORMAT, r.model, r.samples == 0 ? "-" : String.valueOf(r.samples), supportedText(r),
                r.relError == r.relError ? r.reference : "-", percent(r.relError), argmaxText(r), r.status, firstLine(r.note));
        out().flush();
    }

    private static String supportedText(Row r) {
        if (!r.loaded) {
            return "-";
        }
        return r.supported ? "yes" : "no: " + r.unsupported;
    }

    private static String argmaxText(Row r) {
        return r.argmaxTotal == 0 ? "-" : r.argmaxAgree + "/" + r.argmaxTotal;
    }

    static String percent(double e) {
        if (e != e) {
            return "-";
        }
        if (Double.isInfinite(e)) {
            return "inf";
        }
        return String.format(Locale.ROOT, e < 1e-4 ? "%.2g%%" : "%.3f%%", 100 * e);
    }

    static final String NO_INPUT = "no input";

    private String summary(List<Row> rows) {
        long total = rows.size();
        long supported = rows.stream().filter(r -> r.supported).count();
        long measured = rows.stream().filter(r -> r.relError == r.relError).count();
        long ok = rows.stream().filter(r -> r.ok).count();
        long ortRef = rows.stream().filter(r -> r.relError == r.relError && r.reference.equals("ORT")).count();
        long ortOk = rows.stream().filter(r -> r.ok && r.reference.equals("ORT")).count();
        return String.format(Locale.ROOT,
                "%d folders: %d supported (%.0f%%), %d measured, %d within %.2g%% (against ONNX Runtime: %d of %d)",
                total, supported, total == 0 ? 0.0 : 100.0 * supported / total, measured, ok, 100 * tolerance, ortOk, ortRef);
    }

    private void appendMarkdown(StringBuilder md, Path dir, List<Row> rows, String summary) {
        md.append("## ").append(dir.getFileName()).append("\n\n").append(summary).append(".\n\n");
        md.append("| model | samples | supported | reference | float error | rel. error | argmax | status | note |\n");
        md.append("| --- | ---: | --- | --- | ---: | ---: | ---: | --- | --- |\n");
        for (Row r : rows) {
            md.append("| ").append(r.model)
              .append(" | ").append(r.samples == 0 ? "-" : String.valueOf(r.samples))
              .append(" | ").append(escape(supportedText(r)))
              .append(" | ").append(r.relError == r.relError ? r.reference : "-")
              .append(" | ").append(percent(r.floatError))
              .append(" | ").append(percent(r.relError))
              .append(" | ").append(argmaxText(r))
              .append(" | ").append(r.status)
              .append(" | ").append(escape(firstLine(r.note)))
              .append(" |\n");
        }
        md.append('\n');
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
