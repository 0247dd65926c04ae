package io.zkml4j.ml.quant;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.T;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Graph rewrites before quantization: constant folding (with static shapes) and BatchNormalization folding. */
public final class GraphPasses {
    private GraphPasses() {}

    /** Operators whose result depends only on the (static) shape of their input. */
    private static final Set<String> SHAPE_ONLY = Set.of("Shape", "Size", "EyeLike");

    /**
     * Evaluates every node whose inputs are all constant (Constant nodes, the Shape/Gather/Unsqueeze/Concat
     * chains exporters emit) and every shape-only node, given the values of one reference run
     * ({@code reference}: any run of the graph, for the static shapes). The result keeps only live nodes
     * and the initializers they read.
     */
    public static Graph foldConstants(Graph g, Map<String, Tensor> reference) {
        Map<String, Tensor> consts = new HashMap<>(g.initializers());
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes()) {
            boolean allConst = true;
            for (String in : n.inputs()) if (!in.isEmpty() && !consts.containsKey(in)) allConst = false;
            boolean shapeOnly = SHAPE_ONLY.contains(n.opType()) && reference.containsKey(n.inputs().get(0));
            if (allConst || shapeOnly) {
                Map<String, Tensor> env = new HashMap<>(consts);
                if (shapeOnly && !allConst) env.put(n.inputs().get(0), reference.get(n.inputs().get(0)));
                Tensor[] out = FloatExecutor.evaluate(n, env);
                for (int j = 0; j < out.length && j < n.outputs().size(); j++) {
                    if (!n.outputs().get(j).isEmpty()) consts.put(n.outputs().get(j), out[j]);
                }
            } else {
                kept.add(n);
            }
        }
        return prune(g, kept, consts);
    }

    /** Drops nodes whose outputs nobody reads and the initializers no kept node or output reads. */
    static Graph prune(Graph g, List<Node> nodes, Map<String, Tensor> consts) {
        Set<String> live = new HashSet<>();
        for (ValueInfo o : g.outputs()) live.add(o.name());
        List<Node> rev = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            boolean used = false;
            for (String o : n.outputs()) used |= live.contains(o);
            if (!used) continue;
            rev.add(0, n);
            live.addAll(n.inputs());
        }
        Map<String, Tensor> init = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : consts.entrySet()) if (live.contains(e.getKey())) init.put(e.getKey(), e.getValue());
        return g.withNodes(rev, init);
    }

    /**
     * Folds y = BatchNormalization(Conv(x)) (or Gemm) into the Conv's weights and bias when the Conv's
     * output has no other reader: W'[m] = W[m] * a[m], b'[m] = b[m] * a[m] + (beta - mean * a)[m] with
     * a = gamma / sqrt(var + eps).
     */
    public static Graph foldBatchNorm(Graph g) {
        Map<String, Integer> readers = new HashMap<>();
        for (Node n : g.nodes()) for (String in : n.inputs()) readers.merge(in, 1, Integer::sum);
        for (ValueInfo o : g.outputs()) readers.merge(o.name(), 1, Integer::sum);
        Map<String, Node> producer = new HashMap<>();
        for (Node n : g.nodes()) for (String o : n.outputs()) producer.put(o, n);
        Map<String, Tensor> init = new LinkedHashMap<>(g.initializers());
        List<Node> out = new ArrayList<>(g.nodes());
        boolean changed = false;
        for (Node bn : g.nodes()) {
            if (!bn.opType().equals("BatchNormalization") || bn.outputs().size() > 1 && !bn.outputs().get(1).isEmpty()) continue;
            Node conv = producer.get(bn.inputs().get(0));
            if (conv == null || !conv.opType().equals("Conv") || readers.getOrDefault(bn.inputs().get(0), 0) != 1) continue;
            boolean ok = init.containsKey(conv.inputs().get(1)) && (conv.inputs().size() < 3 || conv.inputs().get(2).isEmpty() || init.containsKey(conv.inputs().get(2)));
            for (int i = 1; i < 5; i++) ok &= init.containsKey(bn.inputs().get(i));
            if (!ok) continue;
            double eps = bn.attrFloat("epsilon", 1e-5f);
            double[] gamma = T.d(init.get(bn.inputs().get(1))), beta = T.d(init.get(bn.inputs().get(2)));
            double[] mean = T.d(init.get(bn.inputs().get(3))), var = T.d(init.get(bn.inputs().get(4)));
            Tensor w = init.get(conv.inputs().get(1));
            double[] wv = T.d(w).clone();
            int m = w.shape()[0];
            int per = wv.length / m;
            double[] bias = new double[m];
            if (conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty()) bias = T.d(init.get(conv.inputs().get(2))).clone();
            for (int c = 0; c < m; c++) {
                double a = gamma[c] / Math.sqrt(var[c] + eps);
                for (int k = 0; k < per; k++) wv[c * per + k] *= a;
                bias[c] = bias[c] * a + beta[c] - mean[c] * a;
            }
            String wName = conv.name() + ".bnfolded.W", bName = conv.name() + ".bnfolded.B";
            init.put(wName, Tensor.ofFloats(w.shape(), wv));
            init.put(bName, Tensor.ofFloats(new int[] {m}, bias));
            Node folded = new Node(conv.name(), "Conv", conv.domain(), List.of(conv.inputs().get(0), wName, bName),
                    List.of(bn.outputs().get(0)), conv.attributes());
            out.set(out.indexOf(conv), folded);
            out.remove(bn);
            changed = true;
        }
        return changed ? prune(g, out, init) : g;
    }
}
