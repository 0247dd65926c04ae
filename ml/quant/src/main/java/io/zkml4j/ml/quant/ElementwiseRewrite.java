package io.zkml4j.ml.quant;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.T;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Element-wise operators with no proof of their own, rewritten before quantization into ones the prover proves (the
 * quantized model then computes the rewritten graph, as for LayerNormalization): Sum and Mean as chains of Add (Mean
 * times 1/n), Max(a, b) = Relu(a - b) + b and Min(a, b) = a - Relu(a - b) (chained for more operands), HardSwish(x) =
 * x HardSigmoid(x; 1/6, 1/2), Softsign(x) = x / (1 + |x|), ReduceLogSum = Log(ReduceSum). Only float tensors (from
 * {@code reference}, a run of the graph) are rewritten; integer ones keep their nodes. Also Hardmax (opset 13 and later)
 * as ArgMax then OneHot, and InstanceNormalization with constant scale and bias as LayerNormalization's rewrite over
 * the spatial axes (scale and bias reshaped to [C, 1, ...]).
 */
final class ElementwiseRewrite {
    private ElementwiseRewrite() {}

    static Graph apply(Graph g, Map<String, Tensor> reference) {
        return GraphPasses.rewriteFloatNodes(g, reference, (n, init) -> rewrite(n, g.opset(), init, reference));
    }

    private static List<Node> rewrite(Node n, int opset, Map<String, Tensor> init, Map<String, Tensor> reference) {
        String p = n.name() + "/rewritten/", y = n.outputs().get(0);
        List<String> in = new ArrayList<>();
        for (String s : n.inputs()) if (!s.isEmpty()) in.add(s);
        List<Node> r = new ArrayList<>();
        switch (n.opType()) {
            case "Sum", "Mean" -> {
                if (in.isEmpty()) return null;
                boolean mean = n.opType().equals("Mean") && in.size() > 1;
                String acc = chain(p, "Add", in, mean ? p + "sum" : y, (a, b, o, k) -> r.add(GraphPasses.node(p + "add" + k, "Add", o, a, b)));
                if (in.size() == 1) r.add(GraphPasses.node(p + "copy", "Identity", y, acc));
                if (mean) {
                    init.put(p + "inv", Tensor.scalarFloat(1f / in.size()));
                    r.add(GraphPasses.node(p + "mean", "Mul", y, acc, p + "inv"));
                }
            }
            case "Max", "Min" -> {
                if (in.isEmpty()) return null;
                boolean max = n.opType().equals("Max");
                String acc = chain(p, n.opType(), in, y, (a, b, o, k) -> {
                    r.add(GraphPasses.node(p + "diff" + k, "Sub", p + "d" + k, a, b));
                    r.add(GraphPasses.node(p + "relu" + k, "Relu", p + "r" + k, p + "d" + k));
                    r.add(max ? GraphPasses.node(p + "max" + k, "Add", o, p + "r" + k, b) : GraphPasses.node(p + "min" + k, "Sub", o, a, p + "r" + k));
                });
                if (in.size() == 1) r.add(GraphPasses.node(p + "copy", "Identity", y, acc));
            }
            case "HardSwish" -> {
                Map<String, Attribute> a = Map.of("alpha", Attribute.ofFloat("alpha", 1f / 6), "beta", Attribute.ofFloat("beta", 0.5f));
                r.add(new Node(p + "gate", "HardSigmoid", "", List.of(in.get(0)), List.of(p + "gate"), a));
                r.add(GraphPasses.node(p + "mul", "Mul", y, in.get(0), p + "gate"));
            }
            case "Softsign" -> {
                init.put(p + "one", Tensor.scalarFloat(1f));
                r.add(GraphPasses.node(p + "abs", "Abs", p + "abs", in.get(0)));
                r.add(GraphPasses.node(p + "add", "Add", p + "den", p + "abs", p + "one"));
                r.add(GraphPasses.node(p + "div", "Div", y, in.get(0), p + "den"));
            }
            case "ReduceLogSum" -> {
                Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
                List<String> sumIn = new ArrayList<>(n.inputs());
                Attribute axes = attrs.get("axes");
                if (axes != null && opset >= 13) { // ReduceSum reads its axes as an input from opset 13
                    attrs.remove("axes");
                    long[] v = axes.ints();
                    init.put(p + "axes", Tensor.ofInts(DType.INT64, new int[] {v.length}, v));
                    sumIn = List.of(in.get(0), p + "axes");
                }
                r.add(new Node(p + "sum", "ReduceSum", "", sumIn, List.of(p + "sum"), attrs));
                r.add(GraphPasses.node(p + "log", "Log", y, p + "sum"));
            }
            case "Hardmax" -> { // opset 13's per-axis form: the first maximum's one-hot row
                Tensor x = reference.get(in.get(0));
                if (opset < 13 || x == null) return null;
                int axis = io.zkml4j.ml.ops.Shapes.axis(n.attrInt("axis", -1), x.shape().length, n.describe());
                init.put(p + "depth", Tensor.ofInts(DType.INT64, new int[] {1}, new long[] {x.shape()[axis]}));
                init.put(p + "values", Tensor.ofFloats(new int[] {2}, new double[] {0, 1}));
                r.add(new Node(p + "argmax", "ArgMax", "", List.of(in.get(0)), List.of(p + "idx"),
                        Map.of("axis", Attribute.ofInt("axis", axis), "keepdims", Attribute.ofInt("keepdims", 0))));
                r.add(new Node(p + "onehot", "OneHot", "", List.of(p + "idx", p + "depth", p + "values"), List.of(y), Map.of("axis", Attribute.ofInt("axis", axis))));
            }
            case "InstanceNormalization" -> { // LayerNormalization's rewrite over the spatial axes, per channel
                Tensor x = reference.get(in.get(0)), scale = in.size() > 1 ? init.get(in.get(1)) : null, bias = in.size() > 2 ? init.get(in.get(2)) : null;
                if (x == null || scale == null || bias == null || x.shape().length < 3) return null;
                int rank = x.shape().length;
                long[] axes = new long[rank - 2];
                int[] chan = new int[rank - 1];
                java.util.Arrays.fill(chan, 1);
                chan[0] = x.shape()[1];
                for (int i = 0; i < axes.length; i++) axes[i] = 2 + i;
                init.put(p + "scale", Tensor.ofFloats(chan, T.d(scale)));
                init.put(p + "bias", Tensor.ofFloats(chan, T.d(bias)));
                GraphPasses.normalization(r, init, opset, p, in.get(0), axes, n.attrFloat("epsilon", 1e-5f), p + "scale", p + "bias", y);
            }
            default -> {
                return null;
            }
        }
        return r;
    }

    private interface Step {
        void add(String a, String b, String out, int k);
    }

    /** Folds the operands left to right with {@code step}, the last result named {@code y}; returns it. */
    private static String chain(String p, String what, List<String> in, String y, Step step) {
        String acc = in.get(0);
        for (int k = 1; k < in.size(); k++) {
            String o = k == in.size() - 1 ? y : p + what + k;
            step.add(acc, in.get(k), o, k);
            acc = o;
        }
        return acc;
    }
}
