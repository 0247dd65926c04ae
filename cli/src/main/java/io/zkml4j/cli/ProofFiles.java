package io.zkml4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.prover.ModelProver;
import io.zkml4j.ml.prover.ProvingKey;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.Visibility;
import io.zkml4j.ml.quant.FixedPoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Files of setup / prove / verify: the key directory (proving.key, verifying.key), the proof file ({@link ProofFile}),
 * input.json and output.json, and how public values are shown.
 */
final class ProofFiles {
    static final String PROVING_KEY = "proving.key";
    static final String VERIFYING_KEY = "verifying.key";
    /** Vectors longer than this are shown as their first entries and their length. */
    static final int SHOWN = 10;

    private ProofFiles() {}

    /** {@code keyOrDir} itself, or {@code keyOrDir/name} when it is a directory. */
    static Path keyFile(Path keyOrDir, String name) {
        return Files.isDirectory(keyOrDir) ? keyOrDir.resolve(name) : keyOrDir;
    }

    /** A readable regular file of sane size, or a one-line CliException naming {@code what} it should be. */
    static void requireFile(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) throw new CliException(what + " " + file + " is a directory, expected a file");
        if (!Files.exists(file)) throw new CliException(what + " not found: " + file);
        if (Files.size(file) > InputData.MAX_FILE_BYTES) throw new CliException(what + " " + file + " is too large");
    }

    static byte[] readBytes(Path file, String what) throws IOException {
        requireFile(file, what);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(what + " not found: " + file);
        }
    }

    static VerifyingKey readVk(Path file) throws IOException {
        byte[] b = readBytes(file, "verifying key");
        try {
            return VerifyingKey.fromBytes(b);
        } catch (ProofFormatException | IllegalArgumentException e) {
            throw new CliException(file + ": not a verifying key (" + e.getMessage() + ")");
        }
    }

    static ProvingKey readPk(Path file) throws IOException {
        requireFile(file, "proving key");
        try {
            return ProvingKey.read(file);
        } catch (ProofFormatException | IllegalArgumentException e) {
            throw new CliException(file + ": not a proving key (" + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage());
        } catch (ModelException e) {
            throw new CliException(file + ": not a proving key (" + e.getMessage() + ")");
        }
    }

    static ProofFile readProof(Path file) throws IOException {
        byte[] b = readBytes(file, "proof");
        try {
            return ProofFile.decode(b);
        } catch (ProofFile.FormatException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
    }

    /**
     * {"output_data": [[dequantized], ...], "quantized_output": [[integers], ...], "output_scale": s (or [s, ...] for
     * several outputs)}: one list per model output, in the model's order (ezkl's layout); the integers are what the
     * proof is about (output_data is exactly integer / 2^s).
     */
    static void writeOutput(Path file, ModelProver.Result r, VerifyingKey vk) throws IOException {
        ObjectNode root = InputData.JSON.createObjectNode();
        ArrayNode f = root.putArray("output_data"), q = root.putArray("quantized_output");
        List<VerifyingKey.Io> outs = vk.outputs();
        for (VerifyingKey.Io o : outs) {
            ArrayNode fo = f.addArray(), qo = q.addArray();
            for (int i = 0; i < o.length(); i++) {
                fo.add(r.outputValues[o.offset() + i]);
                qo.add(r.output[o.offset() + i]);
            }
        }
        if (outs.size() == 1) {
            root.put("output_scale", outs.get(0).scale());
        } else {
            ArrayNode sc = root.putArray("output_scale");
            for (VerifyingKey.Io o : outs) sc.add(o.scale());
        }
        InputData.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /**
     * Why the output file does not match the proof's public output {@code y}, or null when it does. Every value the
     * file states is checked: "quantized_output" (as prove writes it) must equal the proven integers and
     * "output_scale" the key's; "output_data" beside it must be exactly those integers dequantized (what prove
     * writes), and without it every "output_data" value must be within half a unit of 2^-scale of the proven value
     * (what it rounds to). So a file whose readable numbers differ from what was proven is never accepted.
     */
    static String outputMismatch(Path file, VerifyingKey vk, long[] y) {
        JsonNode root = InputData.readJson(file);
        List<VerifyingKey.Io> outs = vk.outputs();
        JsonNode qAll = root.path("quantized_output");
        if (!qAll.isMissingNode()) {
            if (!qAll.isArray() || qAll.size() != outs.size()) throw new CliException(file + ": \"quantized_output\" must hold " + outs.size() + " list(s), one per model output");
            JsonNode scale = root.path("output_scale");
            for (int j = 0; j < outs.size(); j++) {
                VerifyingKey.Io o = outs.get(j);
                JsonNode q = qAll.get(j);
                if (!q.isArray() || q.size() != o.length()) throw new CliException(file + ": quantized_output[" + j + "] must be a list of " + o.length() + " integers");
                JsonNode sj = scale.isArray() ? scale.path(j) : scale;
                if (!sj.isMissingNode() && (!sj.isInt() || sj.asInt() != o.scale() || (scale.isInt() && outs.size() != 1))) {
                    return file + ": output '" + o.name() + "' is at output scale " + sj + ", the key's is " + o.scale();
                }
                for (int i = 0; i < o.length(); i++) {
                    JsonNode v = q.get(i);
                    if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new CliException(file + ": quantized_output[" + j + "][" + i + "] is not an integer");
                    long proven = y[o.offset() + i];
                    if (v.asLong() != proven) return file + ": quantized_output[" + j + "][" + i + "] = " + v.asLong() + ", the proof's output is " + proven;
                }
            }
        }
        boolean exact = !qAll.isMissingNode();
        JsonNode f = root.path("output_data");
        if (f.isMissingNode()) {
            if (exact) return null;
            throw new CliException(file + ": missing key \"output_data\" (or \"quantized_output\")");
        }
        if (!f.isArray() || f.size() != outs.size()) throw new CliException(file + ": \"output_data\" must hold " + outs.size() + " list(s), one per model output");
        for (int j = 0; j < outs.size(); j++) {
            VerifyingKey.Io o = outs.get(j);
            double[] values = InputData.values(f.get(j), file.toString(), o.name(), o.shape());
            double halfUnit = exact ? 0 : Math.scalb(0.5, -o.scale());
            for (int i = 0; i < o.length(); i++) {
                double proven = FixedPoint.dequantize(y[o.offset() + i], o.scale());
                if (!(Math.abs(values[i] - proven) <= halfUnit)) {
                    return file + ": output_data[" + j + "][" + i + "] = " + values[i] + ", the proof's output is " + proven;
                }
            }
        }
        return null;
    }

    /** Every model input quantized at its scale (the same rounding as the compiler: ties up), concatenated. */
    static long[] quantizedInput(Path file, VerifyingKey vk) {
        List<VerifyingKey.Io> ins = vk.inputs();
        List<double[]> in = InputData.readInput(file, ins.stream().map(VerifyingKey.Io::name).toList(), ins.stream().map(VerifyingKey.Io::shape).toList());
        long[] q = new long[vk.inputLength()];
        try {
            for (int j = 0; j < ins.size(); j++) {
                double[] x = in.get(j);
                for (int i = 0; i < x.length; i++) q[ins.get(j).offset() + i] = FixedPoint.quantize(x[i], ins.get(j).scale());
            }
        } catch (ModelException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
        return q;
    }

    /** The public tensor holding value {@code i} of the concatenated public values. */
    static VerifyingKey.Io at(List<VerifyingKey.Io> ios, int i) {
        for (VerifyingKey.Io io : ios) if (i >= io.offset() && i < io.offset() + io.length()) return io;
        throw new IllegalArgumentException("value " + i + " is beyond the public values");
    }

    /** Lowercase hex of the first 8 bytes: enough to tell models apart by eye. */
    static String shortHex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) s.append(String.format("%02x", b[i]));
        return s.toString();
    }

    /** "[v0, v1, ...] (first 10 of N)": integers dequantized at {@code scale}. */
    static String values(long[] v, int scale) {
        StringBuilder s = new StringBuilder("[");
        int shown = Math.min(v.length, SHOWN);
        for (int i = 0; i < shown; i++) {
            if (i > 0) s.append(", ");
            s.append(format(FixedPoint.dequantize(v[i], scale)));
        }
        s.append(v.length > shown ? ", ...] (first " + shown + " of " + v.length + ")" : "]");
        return s.toString();
    }

    /** Index of the largest value (the first on ties), or -1 for an empty vector. */
    static int argmax(long[] v) {
        int best = -1;
        for (int i = 0; i < v.length; i++) if (best < 0 || v[i] > v[best]) best = i;
        return best;
    }

    /** The public input and output as verify and prove show them. */
    /** The input and output values (null: not known here, a private part on the verifier's side). */
    static void printValues(PrintWriter out, VerifyingKey vk, long[] x, long[] y) {
        if (x != null) {
            for (VerifyingKey.Io i : vk.inputs()) {
                out.printf("input:   '%s' %s, integers / 2^%d: %s%n", i.name(), shape(i.shape()), i.scale(), values(i.of(x), i.scale()));
            }
        }
        if (y != null) {
            for (VerifyingKey.Io o : vk.outputs()) {
                long[] yo = o.of(y);
                out.printf("output:  '%s' %s, integers / 2^%d: %s, argmax %d%n", o.name(), shape(o.shape()), o.scale(), values(yo, o.scale()), argmax(yo));
            }
        }
    }

    /** What the verifier is given and what it is not, and what a proof hides today. */
    static void printVisibility(PrintWriter out, VerifyingKey vk) {
        Visibility v = vk.visibility();
        java.util.List<String> pub = new java.util.ArrayList<>(), priv = new java.util.ArrayList<>();
        (v.inputPublic() ? pub : priv).add("input");
        (v.outputPublic() ? pub : priv).add("output");
        (v.paramsPublic() ? pub : priv).add("parameters");
        out.printf("public:  %s%n", pub.isEmpty() ? "nothing (model digest only)" : String.join(", ", pub));
        if (!priv.isEmpty()) {
            out.printf("private: %s (never given to the verifier; this proof is NOT zero-knowledge yet and may reveal information about them: docs/security.md)%n",
                    String.join(", ", priv));
        }
    }

    static long[] orEmpty(long[] v) {
        return v == null ? new long[0] : v;
    }

    static String shape(int[] shape) {
        return java.util.Arrays.toString(shape);
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+(e|$)", "$1");
    }
}
