package io.zkml4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ModelSetup;
import io.zkml4j.ml.prover.ModelVerifier;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.transcript.VerificationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole library flow on one model: ONNX -> quantized model -> keys -> proof -> verification.
 *
 * <pre>
 *   java -cp ... io.zkml4j.examples.QuickStart                      # the bundled digits_mlp (8x8 digit -> 10 classes)
 *   java -cp ... io.zkml4j.examples.QuickStart MODEL.onnx [INPUT.json]   # INPUT.json default: input.json beside the model
 * </pre>
 * INPUT.json is {@code {"input_data": [[...]]}}: it calibrates the quantization and is the input proven.
 */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args, System.out);
        } catch (ModelException | IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the example, printing to {@code out}; returns the predicted class (argmax of the proven output). */
    public static int run(String[] args, PrintStream out) throws IOException {
        Path onnx, inputJson;
        Path tmp = null;
        if (args.length == 0) {
            tmp = Files.createTempDirectory("zkml4j-quickstart");
            onnx = bundled(tmp, "network.onnx");
            inputJson = bundled(tmp, "input.json");
        } else {
            onnx = Path.of(args[0]);
            inputJson = args.length > 1 ? Path.of(args[1]) : onnx.toAbsolutePath().resolveSibling("input.json");
        }
        try {
            // 1. Load the ONNX graph and quantize it to exact integers, calibrated on sample inputs.
            Graph graph = OnnxLoader.load(onnx, 1);
            ModelCompiler.checkSupported(graph);
            double[] x = readInput(inputJson);
            QuantizedModel model = ModelCompiler.compile(graph, List.of(List.of(x)), CompileOptions.defaults());

            // 2. Setup: commit the weights. The proving key stays with the prover; the verifying key is public.
            //    Visibility.DEFAULT: private input, public output, private weights (ezkl's defaults).
            ProvingKey pk = ModelSetup.setup(model, Visibility.DEFAULT);
            byte[] vkBytes = pk.verifyingKey().toBytes();

            // 3. Prove: run the model on x and prove the output. The proof is about the quantized input and output.
            long t0 = System.nanoTime();
            ModelProver.Result r = ModelProver.prove(pk, x, (stage, done, total) -> { });
            long proveMs = (System.nanoTime() - t0) / 1_000_000;
            int predicted = ModelCompiler.argmax(r.outputValues);
            out.printf("proved %s in %d ms: %d-byte proof, output argmax %d%n", onnx.getFileName(), proveMs, r.proof.length, predicted);

            // 4. Verify, with only public data: the verifying key's bytes, the public output, the proof (no input: private).
            VerifyingKey vk = VerifyingKey.fromBytes(vkBytes);
            ModelVerifier.verify(vk, r.publicInput, r.publicOutput, r.proof); // throws if the proof does not hold
            out.println("verified: the output is the committed model's output on some input within range (the input stays with the prover)");

            // A claim about another output fails.
            long[] otherOutput = r.output.clone();
            otherOutput[0] += 1;
            try {
                ModelVerifier.verify(vk, r.publicInput, otherOutput, r.proof);
                throw new IllegalStateException("a changed output was accepted");
            } catch (VerificationException | ProofFormatException e) {
                out.println("a changed output is rejected: " + e.getMessage());
            }
            return predicted;
        } finally {
            if (tmp != null) {
                try (var s = Files.list(tmp)) {
                    for (Path p : s.toList()) Files.deleteIfExists(p);
                }
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The first list of {"input_data": [[...]]}: the input of a single-input model. */
    static double[] readInput(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("input file not found: " + file);
        JsonNode row = new ObjectMapper().readTree(file.toFile()).path("input_data").path(0);
        if (!row.isArray() || row.isEmpty()) throw new IllegalArgumentException(file + ": expected {\"input_data\": [[numbers...]]}");
        double[] x = new double[row.size()];
        for (int i = 0; i < x.length; i++) {
            if (!row.get(i).isNumber()) throw new IllegalArgumentException(file + ": input_data[0][" + i + "] is not a number");
            x[i] = row.get(i).asDouble();
        }
        return x;
    }

    private static Path bundled(Path dir, String name) throws IOException {
        try (InputStream in = QuickStart.class.getResourceAsStream("digits_mlp/" + name)) {
            if (in == null) throw new IOException("bundled model file digits_mlp/" + name + " is missing");
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p;
        }
    }
}
