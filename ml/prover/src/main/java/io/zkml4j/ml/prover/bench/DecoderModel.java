package io.zkml4j.ml.prover.bench;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A GPT-style decoder built in memory, node for node what {@code torch.onnx.export} writes for
 * tools/models/make_library_models.py's Gpt (nanoGPT's block): token and learned position embeddings, per layer
 * LayerNorm, one qkv projection split into heads, scaled q k^T, a causal mask by Where, Softmax, the heads joined and
 * projected, a residual; LayerNorm, a 4d MLP with exact Gelu (x/2 (1 + erf(x / sqrt 2))), a residual; a final
 * LayerNorm and the LM head. Weights and biases N(0, 0.02) (GPT-2's initialisation), LayerNorm 1 and 0, so no
 * download or Python is needed to time it.
 */
final class DecoderModel {
    private final SplittableRandom rnd;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> init = new LinkedHashMap<>();
    private int count;

    private DecoderModel(long seed) {
        rnd = new SplittableRandom(seed);
    }

    /** The spec of a decoder with the given shape (vocabulary, context = tokens proven, width, heads, layers). */
    static BenchModels.Spec spec(String name, int vocab, int tokens, int d, int heads, int layers) {
        long params = (long) vocab * d + (long) tokens * d + layers * (12L * d * d + 13L * d) + 2L * d + (long) d * vocab + vocab;
        String arch = "GPT decoder: " + layers + " layers, d=" + d + ", " + heads + " heads, " + tokens + " tokens, vocabulary " + vocab
                + " (Gather, LayerNormalization, MatMul, Split, Softmax, Where, Erf)";
        return new BenchModels.Spec(name, params, arch, () -> new DecoderModel(name.hashCode()).build(name, vocab, tokens, d, heads, layers, arch));
    }

    private BenchModels.Loaded build(String name, int vocab, int tokens, int d, int heads, int layers, String arch) {
        String x = op("Gather", List.of(weight("tok", vocab, d), "tokens"), Map.of("axis", Attribute.ofInt("axis", 0)));
        x = op("Add", x, weight("pos", 1, tokens, d));
        boolean[] causal = new boolean[tokens * tokens];
        for (int i = 0; i < tokens; i++) for (int j = 0; j <= i; j++) causal[i * tokens + j] = true;
        long[] mask = new long[causal.length];
        for (int i = 0; i < mask.length; i++) mask[i] = causal[i] ? 1 : 0;
        String maskName = constant("mask", Tensor.ofInts(DType.BOOL, new int[] {1, 1, tokens, tokens}, mask));
        String blocked = constant("blocked", Tensor.ofFloats(new int[] {}, new double[] {-1e4}));
        String scale = constant("scale", Tensor.ofFloats(new int[] {}, new double[] {1 / Math.sqrt((double) d / heads)}));
        String heads4 = constant("heads", Tensor.ofInts(DType.INT64, new int[] {4}, new long[] {1, tokens, heads, d / heads}));
        String joined = constant("joined", Tensor.ofInts(DType.INT64, new int[] {3}, new long[] {1, tokens, d}));
        String thirds = constant("thirds", Tensor.ofInts(DType.INT64, new int[] {3}, new long[] {d, d, d}));
        for (int l = 0; l < layers; l++) {
            String h = linear(layerNorm(x, d), d, 3 * d);
            List<String> qkv = List.of(fresh("q"), fresh("k"), fresh("v"));
            nodes.add(new Node(fresh("split"), "Split", "", List.of(h, thirds), qkv, Map.of("axis", Attribute.ofInt("axis", 2))));
            String q = transpose(op("Reshape", qkv.get(0), heads4), 0, 2, 1, 3);
            String kT = transpose(op("Reshape", qkv.get(1), heads4), 0, 2, 3, 1);
            String v = transpose(op("Reshape", qkv.get(2), heads4), 0, 2, 1, 3);
            String att = op("Mul", op("MatMul", q, kT), scale);
            att = op("Where", List.of(maskName, att, blocked), Map.of());
            att = op("Softmax", List.of(att), Map.of("axis", Attribute.ofInt("axis", -1)));
            String y = op("Reshape", transpose(op("MatMul", att, v), 0, 2, 1, 3), joined);
            x = op("Add", x, linear(y, d, d));
            String f = linear(layerNorm(x, d), d, 4 * d);
            String erf = op("Erf", List.of(op("Div", f, constant("sqrt2", Tensor.ofFloats(new int[] {}, new double[] {Math.sqrt(2)})))), Map.of());
            String gelu = op("Mul", op("Mul", f, op("Add", erf, constant("one", Tensor.ofFloats(new int[] {}, new double[] {1})))),
                    constant("half", Tensor.ofFloats(new int[] {}, new double[] {0.5})));
            x = op("Add", x, linear(gelu, 4 * d, d));
        }
        String logits = linear(layerNorm(x, d), d, vocab);
        nodes.add(new Node(fresh("out"), "Identity", "", List.of(logits), List.of("logits"), Map.of()));
        Graph g = new Graph("bench:" + name, 17, Map.of("", 17),
                List.of(new ValueInfo("tokens", DType.INT64, new int[] {1, tokens})),
                List.of(new ValueInfo("logits", DType.FLOAT, new int[] {1, tokens, vocab})), nodes, init, Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        for (int i = 0; i < 4; i++) cal.add(List.of(tokens(vocab, tokens)));
        return new BenchModels.Loaded(g, cal, tokens(vocab, tokens), arch);
    }

    private double[] tokens(int vocab, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = rnd.nextInt(vocab);
        return t;
    }

    private String fresh(String what) {
        return what + "_" + count++;
    }

    private String constant(String what, Tensor t) {
        String n = fresh(what);
        init.put(n, t);
        return n;
    }

    private String weight(String what, int... shape) {
        int size = 1;
        for (int s : shape) size *= s;
        double[] w = new double[size];
        for (int i = 0; i < size; i++) w[i] = rnd.nextGaussian() * 0.02;
        return constant(what, Tensor.ofFloats(shape, w));
    }

    private String filled(String what, int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return constant(what, Tensor.ofFloats(new int[] {n}, a));
    }

    private String op(String type, String a, String b) {
        return op(type, List.of(a, b), Map.of());
    }

    private String op(String type, List<String> in, Map<String, Attribute> attrs) {
        String out = fresh(type.toLowerCase());
        nodes.add(new Node(fresh(type), type, "", in, List.of(out), attrs));
        return out;
    }

    private String linear(String x, int in, int out) {
        return op("Add", op("MatMul", x, weight("w", in, out)), weight("b", out));
    }

    private String layerNorm(String x, int d) {
        return op("LayerNormalization", List.of(x, filled("gamma", d, 1), filled("beta", d, 0)),
                Map.of("axis", Attribute.ofInt("axis", -1), "epsilon", Attribute.ofFloat("epsilon", 1e-5f)));
    }

    private String transpose(String x, long... perm) {
        return op("Transpose", List.of(x), Map.of("perm", Attribute.ofInts("perm", perm)));
    }
}
