package io.zkml4j.ml.quant;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.Shapes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TopK along the last axis as comparisons and products ({@link #topK}), and ScatterElements (reduction none) with
 * indices computed at run time, rewritten before quantization as the ScatterND
 * the prover proves: each index entry's full coordinates are its own position with the axis coordinate replaced by
 * the index (constant coordinate grids and the unsqueezed index, joined by Concat on a new last axis), and the updates
 * are written there. Constant indices are left to the static index map.
 */
final class IndexRewrite {
    private IndexRewrite() {}

    static Graph apply(Graph g, Map<String, Tensor> reference) {
        if (g.opset() < 13) return g; // Unsqueeze's axes as an input
        Map<String, Tensor> init = new LinkedHashMap<>(g.initializers());
        List<Node> out = new ArrayList<>();
        boolean changed = false;
        for (Node n : g.nodes()) {
            if (n.opType().equals("TopK") && topK(n, reference, constantK(g, n, init, reference), init, out)) {
                changed = true;
                continue;
            }
            Tensor data = n.opType().equals("ScatterElements") && n.inputs().size() == 3 ? reference.get(n.inputs().get(0)) : null;
            Tensor idx = data == null ? null : reference.get(n.inputs().get(1));
            if (idx == null || init.containsKey(n.inputs().get(1)) || !"none".equals(n.attrString("reduction", "none"))) {
                out.add(n);
                continue;
            }
            int rank = data.shape().length, axis = Shapes.axis(n.attrInt("axis", 0), rank, n.describe());
            int[] is = idx.shape(), gs = java.util.Arrays.copyOf(is, rank + 1);
            gs[rank] = 1;
            String p = n.name() + "/as_scatternd/";
            init.put(p + "last", Tensor.ofInts(DType.INT64, new int[] {1}, new long[] {-1}));
            List<String> parts = new ArrayList<>();
            int size = Shapes.size(is);
            int[] stride = Shapes.strides(is);
            for (int d = 0; d < rank; d++) {
                if (d == axis) {
                    out.add(new Node(p + "unsqueeze", "Unsqueeze", "", List.of(n.inputs().get(1), p + "last"), List.of(p + "axis_coord"), Map.of()));
                    parts.add(p + "axis_coord");
                    continue;
                }
                long[] c = new long[size];
                for (int f = 0; f < size; f++) c[f] = (f / stride[d]) % is[d];
                init.put(p + "grid" + d, Tensor.ofInts(DType.INT64, gs, c));
                parts.add(p + "grid" + d);
            }
            out.add(new Node(p + "coords", "Concat", "", parts, List.of(p + "coords"), Map.of("axis", Attribute.ofInt("axis", -1))));
            out.add(new Node(p + "scatter", "ScatterND", "", List.of(n.inputs().get(0), p + "coords", n.inputs().get(2)), n.outputs(), Map.of()));
            changed = true;
        }
        return changed ? g.withNodes(out, init) : g;
    }

    /** Largest last axis a TopK is rewritten for: the rewrite compares every pair of entries. */
    static final int MAX_TOPK_AXIS = 1024;

    /**
     * TopK along the last axis (N &lt;= {@link #MAX_TOPK_AXIS}, constant K) as comparisons and products the prover
     * proves: entry i's rank is the number of entries before it in the order (strictly larger, or equal with a smaller
     * index: ties keep index order, as ONNX's TopK does), S[i][p] = [rank_i = p] for p &lt; K, values = x S and indices =
     * (0, 1, ..., N-1) S. Writes the nodes into {@code out} and returns true, or returns false (left whole).
     */
    private static boolean topK(Node n, Map<String, Tensor> reference, Tensor k, Map<String, Tensor> init, List<Node> out) {
        Tensor x = reference.get(n.inputs().get(0));
        if (x == null || k == null || x.shape().length < 1 || x.dtype() == DType.BOOL) return false;
        int rank = x.shape().length, axis = Shapes.axis(n.attrInt("axis", -1), rank, n.describe()), len = x.shape()[rank - 1];
        int kk = (int) k.getAsDouble(0);
        if (axis != rank - 1 || len > MAX_TOPK_AXIS || kk < 1 || kk > len) return false;
        boolean largest = n.attrInt("largest", 1) == 1;
        String p = n.name() + "/as_comparisons/", xi = n.inputs().get(0);
        init.put(p + "m1", Tensor.ofInts(DType.INT64, new int[] {1}, new long[] {-1}));
        init.put(p + "m2", Tensor.ofInts(DType.INT64, new int[] {1}, new long[] {-2}));
        long[] lower = new long[len * len];
        double[] iota = new double[len], ranks = new double[kk];
        for (int i = 0; i < len; i++) {
            iota[i] = i;
            for (int j = 0; j < i; j++) lower[i * len + j] = 1;
        }
        for (int q = 0; q < kk; q++) ranks[q] = q;
        init.put(p + "before", Tensor.ofInts(DType.BOOL, new int[] {len, len}, lower));
        long[] iotaL = new long[len];
        for (int i = 0; i < len; i++) iotaL[i] = i;
        // S, the positions and the products in x's own type: a float model stays float, an integer one integer
        init.put(p + "iota", x.dtype().isFloat() ? Tensor.ofFloats(new int[] {1, len}, iota) : Tensor.ofInts(x.dtype(), new int[] {1, len}, iotaL));
        init.put(p + "ranks", Tensor.ofFloats(new int[] {1, kk}, ranks));
        out.add(GraphPasses.node(p + "col", "Unsqueeze", p + "xi", xi, p + "m1")); // x_i down the rows
        out.add(GraphPasses.node(p + "row", "Unsqueeze", p + "xj", xi, p + "m2")); // x_j along the columns
        out.add(GraphPasses.node(p + "ahead", largest ? "Greater" : "Less", p + "ahead", p + "xj", p + "xi"));
        out.add(GraphPasses.node(p + "tie", "Equal", p + "tie", p + "xj", p + "xi"));
        out.add(GraphPasses.node(p + "tieahead", "And", p + "tiefirst", p + "tie", p + "before"));
        out.add(GraphPasses.node(p + "precedes", "Or", p + "precedes", p + "ahead", p + "tiefirst"));
        out.add(new Node(p + "count", "Cast", "", List.of(p + "precedes"), List.of(p + "pf"), Map.of("to", Attribute.ofInt("to", DType.FLOAT.onnxCode()))));
        out.add(new Node(p + "rank", "ReduceSum", "", List.of(p + "pf", p + "m1"), List.of(p + "rank"), Map.of("keepdims", Attribute.ofInt("keepdims", 1))));
        out.add(GraphPasses.node(p + "select", "Equal", p + "sel", p + "rank", p + "ranks"));
        out.add(new Node(p + "selectf", "Cast", "", List.of(p + "sel"), List.of(p + "s"), Map.of("to", Attribute.ofInt("to", x.dtype().onnxCode()))));
        out.add(GraphPasses.node(p + "values", "MatMul", p + "v", p + "xj", p + "s"));
        out.add(GraphPasses.node(p + "valuesq", "Squeeze", n.outputs().get(0), p + "v", p + "m2"));
        if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
            out.add(GraphPasses.node(p + "indices", "MatMul", p + "ix", p + "iota", p + "s"));
            out.add(GraphPasses.node(p + "indicesq", "Squeeze", p + "ixs", p + "ix", p + "m2"));
            out.add(new Node(p + "indicesi", "Cast", "", List.of(p + "ixs"), List.of(n.outputs().get(1)), Map.of("to", Attribute.ofInt("to", DType.INT64.onnxCode()))));
        }
        return true;
    }

    /** TopK's K when it is a constant (an initializer or a Constant node's output), else null. */
    private static Tensor constantK(Graph g, Node n, Map<String, Tensor> init, Map<String, Tensor> reference) {
        if (n.inputs().size() < 2) return null;
        String k = n.inputs().get(1);
        if (init.containsKey(k)) return init.get(k);
        for (Node c : g.nodes()) if (c.outputs().contains(k)) return c.opType().equals("Constant") ? reference.get(k) : null;
        return null;
    }
}
