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
 * ScatterElements (reduction none) with indices computed at run time, rewritten before quantization as the ScatterND
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
}
