package io.zkml4j.cli;

import io.zkml4j.ml.prover.io.InputData;
import io.zkml4j.ml.quant.QuantizedModel;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs the exact integer model on one input and prints the dequantized outputs. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the quantized model on an input; an .onnx model is compiled on the fly, calibrated on that input.")
public final class RunCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A .zkm model, or an .onnx model.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "INPUT.json", description = "{\"input_data\": [[...], ...]}, one flat list per model input.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUTPUT.json", description = "Where to write {\"output_data\": [[...]]} (default: stdout).")
    Path output;

    @Mixin
    ModelFiles.QuantOptions quant = new ModelFiles.QuantOptions();

    @Override
    protected int execute() throws IOException {
        QuantizedModel q = ModelFiles.loadOrCompile(model, input, quant.compileOptions());
        List<double[]> x = InputData.readInput(input, q.inputNames(), q.inputShapes());
        List<double[]> y = q.run(x);
        if (output == null) {
            InputData.writeOutputs(y, out());
            out().println();
        } else {
            try (Writer w = Files.newBufferedWriter(output)) {
                InputData.writeOutputs(y, w);
            }
        }
        return Main.EXIT_OK;
    }
}
