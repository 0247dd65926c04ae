package io.zkml4j.ml.quant;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Element-wise operators with no proof of their own, rewritten before quantization into ones the prover proves (the
 * quantized model then computes the rewritten graph, as for LayerNormalization): Sum and Mean as chains of Add (Mean
 * times 1/n), Max(a, b) = Relu(a - b) + b and Min(a, b) = a - Relu(a - b) (chained for more operands), HardSwish(x) =
 * x HardSigmoid(x; 1/6, 1/2), Softsign(x) = x / (1 + |x|), ReduceLogSum = Log(ReduceSum). Only float tensors (from
 * {@code reference}, a run of the graph) are rewritten; integer ones keep their nodes.
 */
final class ElementwiseRewrite {
    private ElementwiseRewrite() {}

    static Graph apply(Graph g, Map<String, Tensor> reference) {
        Map<String, Tensor> init = new LinkedHashMap<>(g.initializers());
        List<Node> out = new ArrayList<>();
        boolean changed = false;
        for (Node n : g.nodes()) {
            Tensor y = n.outputs().isEmpty() ? null : reference.get(n.outputs().get(0));
            List<Node> r = y == null || !y.dtype().isFloat() ? null : rewrite(n, g.opset(), init);
            if (r == null) {
                out.add(n);
                continue;
            }
            out.addAll(r);
            changed = true;
        }
        return changed ? g.withNodes(out, init) : g;
    }

    private static List<Node> rewrite(Node n, int opset, Map<String, Tensor> init) {
        String p = n.name() + "/rewritten/", y = n.outputs().get(0);
        List<String> in = new ArrayList<>();
        for (String s : n.inputs()) if (!s.isEmpty()) in.add(s);
        List<Node> r = new ArrayList<>();
        switch (n.opType()) {
            case "Sum", "Mean" -> {
                if (in.isEmpty()) return null;
                boolean mean = n.opType().equals("Mean") && in.size() > 1;
                String acc = chain(p, "Add", in, mean ? p + "sum" : y, (a, b, o, k) -> r.add(node(p + "add" + k, "Add", o, a, b)));
                if (in.size() == 1) r.add(node(p + "copy", "Identity", y, acc));
                if (mean) {
                    init.put(p + "inv", Tensor.scalarFloat(1f / in.size()));
                    r.add(node(p + "mean", "Mul", y, acc, p + "inv"));
                }
            }
            case "Max", "Min" -> {
                if (in.isEmpty()) return null;
                boolean max = n.opType().equals("Max");
                String acc = chain(p, n.opType(), in, y, (a, b, o, k) -> {
                    r.add(node(p + "diff" + k, "Sub", p + "d" + k, a, b));
                    r.add(node(p + "relu" + k, "Relu", p + "r" + k, p + "d" + k));
                    r.add(max ? node(p + "max" + k, "Add", o, p + "r" + k, b) : node(p + "min" + k, "Sub", o, a, p + "r" + k));
                });
                if (in.size() == 1) r.add(node(p + "copy", "Identity", y, acc));
            }
            case "HardSwish" -> {
                Map<String, Attribute> a = Map.of("alpha", Attribute.ofFloat("alpha", 1f / 6), "beta", Attribute.ofFloat("beta", 0.5f));
                r.add(new Node(p + "gate", "HardSigmoid", "", List.of(in.get(0)), List.of(p + "gate"), a));
                r.add(node(p + "mul", "Mul", y, in.get(0), p + "gate"));
            }
            case "Softsign" -> {
                init.put(p + "one", Tensor.scalarFloat(1f));
                r.add(node(p + "abs", "Abs", p + "abs", in.get(0)));
                r.add(node(p + "add", "Add", p + "den", p + "abs", p + "one"));
                r.add(node(p + "div", "Div", y, in.get(0), p + "den"));
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
                r.add(node(p + "log", "Log", y, p + "sum"));
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

    private static Node node(String name, String op, String out, String... in) {
        return new Node(name, op, "", List.of(in), List.of(out), Map.of());
    }
}
