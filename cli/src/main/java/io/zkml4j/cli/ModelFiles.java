package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantPolicy;
import io.zkml4j.ml.quant.QuantizedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Shared model handling of the commands: loading .onnx / .zkm and compiling with the user's options. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** Quantization options shared by every command that compiles. */
    public static final class QuantOptions {
        @Option(names = "--act-bits", paramLabel = "BITS", description = "Signed bits for activations (default: ${DEFAULT-VALUE}).")
        int actBits = QuantPolicy.defaults().actBits;

        @Option(names = "--weight-bits", paramLabel = "BITS", description = "Signed bits for weights (default: ${DEFAULT-VALUE}).")
        int weightBits = QuantPolicy.defaults().weightBits;

        @Option(names = "--batch", paramLabel = "N", description = "Batch size for a symbolic first input dimension (default: ${DEFAULT-VALUE}).")
        int batch = 1;

        public CompileOptions compileOptions() {
            if (batch < 1) throw new CliException("--batch must be at least 1, got " + batch);
            try {
                return new CompileOptions(new QuantPolicy(actBits, weightBits, QuantPolicy.defaults().headroom), batch);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
    }

    public static boolean isOnnx(Path model) {
        return model.getFileName() != null && model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    public static Graph loadOnnx(Path model, int batch) {
        return OnnxLoader.load(model, batch);
    }

    public static List<String> inputNames(Graph g) {
        return g.inputs().stream().map(ValueInfo::name).toList();
    }

    public static List<int[]> inputShapes(Graph g) {
        return g.inputs().stream().map(ValueInfo::shape).toList();
    }

    /** The input.json beside the model, used as default calibration data, or null. */
    public static Path defaultCalibration(Path model) {
        Path dir = model.toAbsolutePath().getParent();
        Path p = dir == null ? null : dir.resolve("input.json");
        return p != null && Files.isRegularFile(p) ? p : null;
    }

    /** Compiles a loaded graph; fails on the first unsupported operator before reading any data. */
    public static QuantizedModel compile(Graph g, List<List<double[]>> calibration, CompileOptions options) {
        ModelCompiler.checkSupported(g);
        return ModelCompiler.compile(g, calibration, options);
    }

    /** A .zkm file, or an .onnx file compiled on the fly with {@code calibration} as its calibration data. */
    public static QuantizedModel loadOrCompile(Path model, Path calibration, CompileOptions options) {
        if (!isOnnx(model)) {
            return QuantizedModel.read(model);
        }
        Graph g = loadOnnx(model, options.batchSize());
        ModelCompiler.checkSupported(g);
        List<List<double[]>> samples = InputData.readSamples(calibration, inputNames(g), inputShapes(g));
        return ModelCompiler.compile(g, samples, options);
    }
}
