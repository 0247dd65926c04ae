package io.zkml4j.ml.prover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.OnnxLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The models of {@code bench prove}: synthetic dense networks of 10K to 18M parameters (built in memory), the
 * bundled digits_lenet / digits_mlp / digits_transformer (copies of the shared corpus's ONNX files, calibrated on their 32
 * test inputs) and gpt_4l, a 4-layer GPT decoder (d=256, 32 tokens, 3.2M parameters, built in memory: {@link DecoderModel}).
 */
public final class BenchModels {
    private BenchModels() {}

    /** A graph ready to compile, its calibration inputs, the input that is proven, and a one-line description. */
    public record Loaded(Graph graph, List<List<double[]>> calibration, double[] input, String architecture) {}

    /** A model of the bench: its name, parameter count (weights + biases) and how to build it. */
    public record Spec(String name, long parameters, String architecture, java.util.function.Supplier<Loaded> loader) {
        public Loaded load() {
            return loader.get();
        }
    }

    /**
     * Widths of the synthetic dense networks: Gemm (weights ~ N(0, 1/fan_in), bias ~ N(0, 0.01)) between consecutive
     * widths, Relu between Gemms, batch 1. Powers of two, so no padding inflates the committed tables.
     */
    private static final Map<String, int[]> DENSE = new LinkedHashMap<>();

    static {
        DENSE.put("dense_10k", new int[] {64, 128, 16});
        DENSE.put("dense_100k", new int[] {256, 256, 128, 16});
        DENSE.put("dense_1m", new int[] {512, 1024, 512, 16});
        DENSE.put("dense_4m", new int[] {1024, 2048, 1024, 16});
        DENSE.put("dense_18m", new int[] {2048, 4096, 2048, 512});
    }

    private static final List<String> BUNDLED = List.of("digits_mlp", "digits_lenet", "digits_transformer");

    /** Every model of the bench, in the order it runs. */
    public static List<Spec> all() {
        List<Spec> r = new ArrayList<>();
        for (Map.Entry<String, int[]> e : DENSE.entrySet()) r.add(dense(e.getKey(), e.getValue()));
        for (String b : BUNDLED) r.add(bundled(b));
        r.add(DecoderModel.spec("gpt_4l", 64, 32, 256, 4, 4));
        return r;
    }

    public static List<String> names() {
        return all().stream().map(Spec::name).toList();
    }

    /** The named models, in the order given; an unknown name is one clear error listing the known ones. */
    public static List<Spec> select(List<String> names) {
        Map<String, Spec> byName = new LinkedHashMap<>();
        for (Spec s : all()) byName.put(s.name(), s);
        List<Spec> r = new ArrayList<>();
        for (String n : names) {
            Spec s = byName.get(n.trim());
            if (s == null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(n.trim(), "network.onnx"))) s = folder(java.nio.file.Path.of(n.trim()));
            if (s == null) {
                throw new IllegalArgumentException("unknown bench model '" + n.trim() + "' (known: " + String.join(", ", byName.keySet())
                        + ", or a folder holding network.onnx and input.json)");
            }
            r.add(s);
        }
        return r;
    }

    /**
     * A model folder (network.onnx and input.json, ezkl's layout; one model input): proves the first input of
     * input.json, calibrated on inputs.json's "inputs" when present, else on input.json's samples.
     */
    public static Spec folder(java.nio.file.Path dir) {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        Graph g = OnnxLoader.load(dir.resolve("network.onnx"), 1);
        String ops = String.join(",", g.operatorCounts().keySet());
        String arch = dir + " (" + ops + ")";
        return new Spec(name, g.parameterCount(), arch, () -> {
            JsonNode in = readJson(dir.resolve("input.json")).get("input_data");
            if (in == null || !in.isArray() || in.size() != 1) throw new ModelException(dir.resolve("input.json") + ": expected \"input_data\" with one list (the bench proves one-input models)");
            double[] x = doubles(in.get(0));
            List<List<double[]>> cal = new ArrayList<>();
            java.nio.file.Path many = dir.resolve("inputs.json");
            if (java.nio.file.Files.isRegularFile(many)) {
                for (JsonNode v : readJson(many).get("inputs")) cal.add(List.of(doubles(v)));
            } else {
                cal.add(List.of(x));
            }
            return new Loaded(OnnxLoader.load(dir.resolve("network.onnx"), 1), cal, x, arch);
        });
    }

    private static JsonNode readJson(java.nio.file.Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A synthetic dense network through the given widths. */
    public static Spec dense(String name, int[] widths) {
        long params = 0;
        for (int l = 0; l + 1 < widths.length; l++) params += (long) widths[l] * widths[l + 1] + widths[l + 1];
        String arch = "Gemm+Relu MLP " + java.util.Arrays.stream(widths).mapToObj(Integer::toString).collect(Collectors.joining("->"));
        return new Spec(name, params, arch, () -> denseGraph(name, widths, arch));
    }

    private static Loaded denseGraph(String name, int[] widths, String arch) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> init = new LinkedHashMap<>();
        String cur = "x";
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = widths[l], out = widths[l + 1];
            double sd = 1 / Math.sqrt(in);
            double[] w = new double[in * out];
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * sd;
            double[] b = new double[out];
            for (int i = 0; i < out; i++) b[i] = rnd.nextGaussian() * 0.1;
            init.put("W" + l, Tensor.ofFloats(new int[] {in, out}, w));
            init.put("B" + l, Tensor.ofFloats(new int[] {out}, b));
            String h = l == layers - 1 ? "y" : "h" + l;
            nodes.add(new Node("gemm" + l, "Gemm", "", List.of(cur, "W" + l, "B" + l), List.of(h), Map.of()));
            cur = h;
            if (l < layers - 1) {
                String r = "r" + l;
                nodes.add(new Node("relu" + l, "Relu", "", List.of(cur), List.of(r), Map.of()));
                cur = r;
            }
        }
        Graph g = new Graph("bench:" + name, 13, Map.of("", 13),
                List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, widths[0]})),
                List.of(new ValueInfo("y", DType.FLOAT, new int[] {1, widths[layers]})), nodes, init, Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        for (int i = 0; i < 4; i++) cal.add(List.of(uniform(rnd, widths[0])));
        return new Loaded(g, cal, uniform(rnd, widths[0]), arch);
    }

    private static double[] uniform(SplittableRandom rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextDouble(-1, 1);
        return x;
    }

    /** A model bundled as a resource: network.onnx, input.json (the proven input), inputs.json (calibration). */
    public static Spec bundled(String name) {
        // parameter count and operators come from the graph itself; loading these small models is cheap
        Graph g = OnnxLoader.parse(resource(name, "network.onnx"), null, name + " (bundled)", 1);
        String ops = String.join(",", g.operatorCounts().keySet());
        return new Spec(name, g.parameterCount(), "shared corpus " + name + " (" + ops + ")", () -> {
            Graph graph = OnnxLoader.parse(resource(name, "network.onnx"), null, name + " (bundled)", 1);
            List<List<double[]>> cal = new ArrayList<>();
            for (JsonNode v : json(name, "inputs.json").get("inputs")) cal.add(List.of(doubles(v)));
            double[] x = doubles(json(name, "input.json").get("input_data").get(0));
            return new Loaded(graph, cal, x, "shared corpus " + name + " (" + ops + ")");
        });
    }

    private static byte[] resource(String model, String file) {
        String path = model + "/" + file;
        try (InputStream in = BenchModels.class.getResourceAsStream(path)) {
            if (in == null) throw new ModelException("bench resource " + path + " is missing from the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bench resource " + path, e);
        }
    }

    private static JsonNode json(String model, String file) {
        try {
            return new ObjectMapper().readTree(resource(model, file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse bench resource " + model + "/" + file, e);
        }
    }

    private static double[] doubles(JsonNode arr) {
        double[] d = new double[arr.size()];
        for (int i = 0; i < d.length; i++) d[i] = arr.get(i).asDouble();
        return d;
    }
}
