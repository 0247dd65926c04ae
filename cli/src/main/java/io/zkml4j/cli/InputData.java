package io.zkml4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Model inputs and outputs as JSON, in ezkl's layout: {@code {"input_data": [[...], ...]}} with one
 * flattened row-major list per graph input, and {@code {"output_data": [[...], ...]}} one per output.
 * Calibration files may also hold many samples as {@code {"inputs": [sample, ...]}} where a sample is
 * a flat list (single-input model) or one list per input. Every problem is reported in one line that
 * names the file, the input and what is wrong.
 */
public final class InputData {
    /** Inputs beyond this magnitude are rejected before quantization: no model input is meaningfully that large. */
    public static final double MAX_ABS = 1e12;
    /** Input files above this size are refused rather than parsed into memory. */
    static final long MAX_FILE_BYTES = 1L << 30;

    /** NaN and Infinity tokens are parsed so that they can be reported by position instead of as a syntax error. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private InputData() {
    }

    /** Parses a JSON file; a missing, oversized or malformed file is a one-line CliException. */
    public static JsonNode readJson(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new CliException(file + " is a directory, expected a JSON file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new CliException(file + " is too large (" + size + " bytes)");
            }
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                throw new CliException(file + " is empty, expected a JSON object");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new CliException("file not found: " + file);
        } catch (JsonProcessingException e) {
            String loc = e.getLocation() != null && e.getLocation().getLineNr() > 0
                    ? " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() : "";
            throw new CliException(file + ": malformed JSON" + loc + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Reads {"input_data": [...]} and checks it against the model's inputs. */
    public static List<double[]> readInput(Path file, List<String> names, List<int[]> shapes) {
        JsonNode root = readJson(file);
        return parseInputData(root, file.toString(), names, shapes);
    }

    /**
     * Reads calibration samples: {"input_data": [...]} (one sample) or {"inputs": [...]} (many).
     */
    public static List<List<double[]>> readSamples(Path file, List<String> names, List<int[]> shapes) {
        JsonNode root = readJson(file);
        String src = file.toString();
        if (!root.isObject()) {
            throw new CliException(src + ": expected a JSON object with \"input_data\" or \"inputs\"");
        }
        if (root.has("input_data")) {
            return List.of(parseInputData(root, src, names, shapes));
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null) {
            throw new CliException(src + ": missing key \"input_data\" (or \"inputs\" for a list of samples)");
        }
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw new CliException(src + ": \"inputs\" must be a non-empty list of samples");
        }
        List<List<double[]>> samples = new ArrayList<>();
        for (int s = 0; s < inputs.size(); s++) {
            JsonNode sample = inputs.get(s);
            String where = src + ": sample " + s;
            if (!sample.isArray()) {
                throw new CliException(where + " is not a list");
            }
            boolean perInput = sample.size() > 0 && sample.get(0).isArray() && names.size() > 1;
            if (perInput) {
                samples.add(parseLists(sample, where, names, shapes));
            } else {
                if (names.size() != 1) {
                    throw new CliException(where + " is a flat list, but the model has " + names.size()
                            + " inputs " + names + "; give one list per input");
                }
                samples.add(List.of(values(sample, where, names.get(0), shapes.get(0))));
            }
        }
        return samples;
    }

    /** Checks an {"input_data": ...} object against the model's inputs and returns one array per input. */
    public static List<double[]> parseInputData(JsonNode root, String src, List<String> names, List<int[]> shapes) {
        if (!root.isObject()) {
            throw new CliException(src + ": expected a JSON object with key \"input_data\"");
        }
        JsonNode data = root.get("input_data");
        if (data == null) {
            throw new CliException(src + ": missing key \"input_data\"");
        }
        if (!data.isArray()) {
            throw new CliException(src + ": \"input_data\" must be a list of lists (one per model input)");
        }
        return parseLists(data, src, names, shapes);
    }

    private static List<double[]> parseLists(JsonNode data, String src, List<String> names, List<int[]> shapes) {
        // A model without inputs may still come with ezkl's [[]] placeholder.
        if (names.isEmpty() && data.size() <= 1 && (data.isEmpty() || data.get(0).isArray() && data.get(0).isEmpty())) {
            return List.of();
        }
        int[] at = positions(data.size(), names);
        if (at == null) {
            throw new CliException(src + ": \"input_data\" has " + data.size() + " list(s), the model has "
                    + names.size() + " input(s) " + names);
        }
        List<double[]> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(values(data.get(at[i]), src, names.get(i), shapes.get(i)));
        }
        return out;
    }

    /**
     * Which list feeds each model input: one list per input in order; or, when the file has more lists than the model
     * has inputs, the exporter's positional names ("input", "input1", "input2", ... for inputs 0, 1, 2, ...; PyTorch
     * drops unused inputs from the graph but ezkl's files keep a list for each), when every input has such a name
     * within the file's lists. Null when neither reading applies.
     */
    static int[] positions(int lists, List<String> names) {
        int[] at = new int[names.size()];
        if (lists == names.size()) {
            for (int i = 0; i < at.length; i++) at[i] = i;
            return at;
        }
        if (lists < names.size()) return null;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        java.util.regex.Pattern positional = java.util.regex.Pattern.compile("input(\\d*)");
        for (int i = 0; i < at.length; i++) {
            java.util.regex.Matcher m = positional.matcher(names.get(i));
            if (!m.matches() || m.group(1).length() > 6) return null;
            at[i] = m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1));
            if (at[i] >= lists || !seen.add(at[i]) || i > 0 && at[i] <= at[i - 1]) return null;
        }
        return at;
    }

    /** One input's values: a (possibly nested) list of numbers or booleans, checked for count and range. */
    static double[] values(JsonNode list, String src, String name, int[] shape) {
        String what = src + ": input '" + name + "'";
        if (!list.isArray()) {
            throw new CliException(what + " must be a list of numbers");
        }
        long expected = 1;
        for (int d : shape) {
            expected *= d;
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(list, flat, what, 0);
        if (flat.size() != expected) {
            throw new CliException(what + " has " + flat.size() + " values, expected " + expected + " (shape "
                    + Arrays.toString(shape) + ")");
        }
        double[] v = new double[flat.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = flat.get(i);
            double d;
            if (x.isNumber()) {
                d = x.doubleValue();
            } else if (x.isBoolean()) {
                d = x.booleanValue() ? 1 : 0;
            } else {
                throw new CliException(what + " value " + i + " is not a number: " + abbreviate(x.toString()));
            }
            if (Double.isNaN(d)) {
                throw new CliException(what + " value " + i + " is NaN");
            }
            if (Double.isInfinite(d)) {
                throw new CliException(what + " value " + i + " is infinite");
            }
            if (Math.abs(d) > MAX_ABS) {
                throw new CliException(what + " value " + i + " = " + d + " is too large (limit " + MAX_ABS + ")");
            }
            v[i] = d;
        }
        return v;
    }

    private static void flatten(JsonNode n, List<JsonNode> out, String what, int depth) {
        if (depth > 32) {
            throw new CliException(what + " is nested too deeply");
        }
        for (JsonNode x : n) {
            if (x.isArray()) {
                flatten(x, out, what, depth + 1);
            } else {
                out.add(x);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Writes {"output_data": [[...], ...]} one flat list per output. */
    public static void writeOutputs(List<double[]> outputs, Writer w) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode lists = root.putArray("output_data");
        for (double[] o : outputs) {
            ArrayNode a = lists.addArray();
            for (double x : o) {
                a.add(x);
            }
        }
        JSON.writeValue(w, root);
    }
}
