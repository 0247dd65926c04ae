package io.zkml4j.cli;

import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ONNX -> quantized integer model (.zkm), calibrated on sample inputs. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Quantize an ONNX model into an integer model (.zkm), calibrated on sample inputs.")
public final class CompileCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX model.")
    Path model;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Calibration inputs: {\"input_data\": [[...]]} or {\"inputs\": [[...], ...]} (default: input.json beside the model).")
    Path calibration;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.zkm", description = "Where to write the quantized model.")
    Path output;

    @Mixin
    ModelFiles.QuantOptions quant = new ModelFiles.QuantOptions();

    @Override
    protected int execute() {
        Path cal = calibration != null ? calibration : ModelFiles.defaultCalibration(model);
        if (cal == null) {
            throw new CliException("no calibration data: pass --calibration FILE (there is no input.json beside " + model + ")");
        }
        Graph g;
        List<List<double[]>> samples;
        QuantizedModel q;
        try (ProgressDisplay bar = ProgressDisplay.forTerminal("compile")) {
            io.zkml4j.ml.prover.ProveProgress p = bar == null ? io.zkml4j.ml.prover.ProveProgress.NONE : bar;
            p.step("read ONNX", 0, 4);
            g = ModelFiles.loadOnnx(model, quant.compileOptions().batchSize());
            ModelCompiler.checkSupported(g);
            samples = InputData.readSamples(cal, ModelFiles.inputNames(g), ModelFiles.inputShapes(g));
            p.step("calibrate, quantize", 1, 4);
            q = ModelCompiler.compile(g, samples, quant.compileOptions());
            p.step("write", 3, 4);
            q.write(output);
            p.step("done", 4, 4);
        }
        out().println("compiled " + model + " (" + g.nodes().size() + " nodes) calibrated on " + samples.size()
                + " sample(s) from " + cal + " -> " + output);
        String report = q.report();
        if (report != null && !report.isBlank()) {
            out().println(report.stripTrailing());
        }
        return Main.EXIT_OK;
    }
}
