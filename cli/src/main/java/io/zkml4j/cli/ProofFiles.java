package io.zkml4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.quant.FixedPoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Files of the prove/verify commands: the verifying key, the proof, and output.json with the exact integer output. */
final class ProofFiles {
    private ProofFiles() {}

    static byte[] readBytes(Path file, String what) throws IOException {
        try {
            if (Files.size(file) > InputData.MAX_FILE_BYTES) throw new CliException(what + " " + file + " is too large");
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(what + " not found: " + file);
        }
    }

    static VerifyingKey readVk(Path file) throws IOException {
        try {
            return VerifyingKey.fromBytes(readBytes(file, "verifying key"));
        } catch (ProofFormatException e) {
            throw new CliException(file + ": not a verifying key (" + e.getMessage() + ")");
        }
    }

    /**
     * {"output_data": [[dequantized]], "quantized_output": [[integers]], "output_scale": s}: output_data keeps ezkl's
     * layout; the integers are what the proof is about (output_data is exactly integer / 2^s).
     */
    static void writeOutput(Path file, ModelProver.Result r, int scale) throws IOException {
        ObjectNode root = InputData.JSON.createObjectNode();
        ArrayNode f = root.putArray("output_data").addArray();
        for (double v : r.outputValues) f.add(v);
        ArrayNode q = root.putArray("quantized_output").addArray();
        for (long v : r.output) q.add(v);
        root.put("output_scale", scale);
        InputData.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /** The integer output from output.json; output_data, when present, must be exactly those integers / 2^scale. */
    static long[] readOutput(Path file, VerifyingKey vk) {
        JsonNode root = InputData.readJson(file);
        JsonNode q = root.path("quantized_output").path(0);
        JsonNode scale = root.path("output_scale");
        int n = vk.outputLength();
        if (!q.isArray() || q.size() != n) throw new CliException(file + ": needs \"quantized_output\": [[" + n + " integers]]");
        if (!scale.isInt() || scale.asInt() != vk.outputScale()) throw new CliException(file + ": output_scale must be " + vk.outputScale());
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            JsonNode v = q.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new CliException(file + ": quantized_output[" + i + "] is not an integer");
            y[i] = v.asLong();
        }
        JsonNode f = root.path("output_data").path(0);
        if (!f.isMissingNode()) {
            if (!f.isArray() || f.size() != n) throw new CliException(file + ": output_data must hold " + n + " values");
            for (int i = 0; i < n; i++) {
                if (!f.get(i).isNumber() || f.get(i).asDouble() != FixedPoint.dequantize(y[i], vk.outputScale())) {
                    throw new CliException(file + ": output_data[" + i + "] disagrees with quantized_output");
                }
            }
        }
        return y;
    }

    /** The input quantized at the key's input scale (the same rounding as the compiler: ties up). */
    static long[] quantizedInput(Path file, VerifyingKey vk) {
        List<double[]> in = InputData.readInput(file, List.of(vk.inputName()), List.of(vk.inputShape()));
        double[] x = in.get(0);
        long[] q = new long[x.length];
        for (int i = 0; i < x.length; i++) q[i] = FixedPoint.quantize(x[i], vk.inputScale());
        return q;
    }
}
