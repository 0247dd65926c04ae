package io.zkml4j.ml.quant;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.T;
import java.util.ArrayList;
import java.util.Arrays;
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
     * Rewrites LayerNormalization(X, Scale, B; axis, epsilon) into the pattern PyTorch exports before opset 17 (and
     * the prover proves node by node): mean = ReduceMean(X), d = X - mean, var = ReduceMean(d d), y = d / Sqrt(var +
     * epsilon) * Scale + B, the means over the axes from {@code axis} on (kept dimensions). A node whose Mean or
     * InvStdDev output is read stays as it is. {@code reference} gives the input's rank (a run of the graph).
     */
    public static Graph decomposeLayerNorm(Graph g, Map<String, Tensor> reference) {
        Set<String> read = new HashSet<>();
        for (Node n : g.nodes()) read.addAll(n.inputs());
        for (ValueInfo o : g.outputs()) read.add(o.name());
        Map<String, Tensor> init = new LinkedHashMap<>(g.initializers());
        List<Node> out = new ArrayList<>();
        boolean changed = false;
        for (Node n : g.nodes()) {
            boolean extra = false;
            for (int j = 1; j < n.outputs().size(); j++) extra |= !n.outputs().get(j).isEmpty() && read.contains(n.outputs().get(j));
            Tensor x = reference.get(n.inputs().get(0));
            if (!n.opType().equals("LayerNormalization") || extra || x == null || n.inputs().size() < 2) {
                out.add(n);
                continue;
            }
            int rank = x.shape().length;
            int axis = io.zkml4j.ml.ops.Shapes.axis(n.attrInt("axis", -1), rank, n.describe());
            long[] axes = new long[rank - axis];
            for (int i = 0; i < axes.length; i++) axes[i] = axis + i;
            String p = n.name() + "/decomposed/";
            Map<String, Attribute> keep = Map.of("keepdims", Attribute.ofInt("keepdims", 1));
            List<String> meanIn = new ArrayList<>(List.of(n.inputs().get(0)));
            Map<String, Attribute> meanAttrs = new LinkedHashMap<>(keep);
            if (g.opset() >= 18) {
                init.put(p + "axes", Tensor.ofInts(io.zkml4j.ml.ir.DType.INT64, new int[] {axes.length}, axes));
                meanIn.add(p + "axes");
            } else {
                meanAttrs.put("axes", Attribute.ofInts("axes", axes));
            }
            init.put(p + "epsilon", Tensor.scalarFloat(n.attrFloat("epsilon", 1e-5f)));
            String y = n.outputs().get(0);
            boolean bias = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty();
            out.add(new Node(p + "mean", "ReduceMean", "", meanIn, List.of(p + "mean"), meanAttrs));
            out.add(new Node(p + "centre", "Sub", "", List.of(n.inputs().get(0), p + "mean"), List.of(p + "d"), Map.of()));
            out.add(new Node(p + "square", "Mul", "", List.of(p + "d", p + "d"), List.of(p + "d2"), Map.of()));
            List<String> varIn = new ArrayList<>(meanIn);
            varIn.set(0, p + "d2");
            out.add(new Node(p + "var", "ReduceMean", "", varIn, List.of(p + "var"), meanAttrs));
            out.add(new Node(p + "eps", "Add", "", List.of(p + "var", p + "epsilon"), List.of(p + "vare"), Map.of()));
            out.add(new Node(p + "std", "Sqrt", "", List.of(p + "vare"), List.of(p + "std"), Map.of()));
            out.add(new Node(p + "normalize", "Div", "", List.of(p + "d", p + "std"), List.of(p + "n"), Map.of()));
            out.add(new Node(p + "scale", "Mul", "", List.of(p + "n", n.inputs().get(1)), List.of(bias ? p + "scaled" : y), Map.of()));
            if (bias) out.add(new Node(p + "shift", "Add", "", List.of(p + "scaled", n.inputs().get(2)), List.of(y), Map.of()));
            changed = true;
        }
        return changed ? g.withNodes(out, init) : g;
    }

    /**
     * Folds y = BatchNormalization(Conv(x)) or BatchNormalization(Gemm(x)) into the producer's weights and bias
     * when the producer's output has no other reader and its weights are constants. With a = gamma / sqrt(var + eps)
     * per output channel m (Conv's output channel, Gemm's output column): W'[m] = W[m] * a[m],
     * b'[m] = b[m] * a[m] + (beta - mean * a)[m]. Gemm's alpha and beta fold into B and C on the way (the folded Gemm
     * has alpha = beta = 1); a Gemm whose C is a full matrix rather than a per-column vector is left alone.
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
            Node prod = producer.get(bn.inputs().get(0));
            if (prod == null || readers.getOrDefault(bn.inputs().get(0), 0) != 1) continue;
            boolean conv = prod.opType().equals("Conv"), gemm = prod.opType().equals("Gemm");
            if (!conv && !gemm) continue;
            boolean hasBias = prod.inputs().size() > 2 && !prod.inputs().get(2).isEmpty();
            boolean ok = init.containsKey(prod.inputs().get(1)) && (!hasBias || init.containsKey(prod.inputs().get(2)));
            for (int i = 1; i < 5; i++) ok &= init.containsKey(bn.inputs().get(i));
            if (!ok) continue;
            double eps = bn.attrFloat("epsilon", 1e-5f);
            double[] gamma = T.d(init.get(bn.inputs().get(1))), beta = T.d(init.get(bn.inputs().get(2)));
            double[] mean = T.d(init.get(bn.inputs().get(3))), var = T.d(init.get(bn.inputs().get(4)));
            Tensor w = init.get(prod.inputs().get(1));
            double[] wv = T.d(w).clone();
            Map<String, Attribute> attrs = new LinkedHashMap<>(prod.attributes());
            // Output channel m of element k of W: Conv [M, C/g, kh, kw] and Gemm with transB, B = [M, K]: row m;
            // Gemm without transB, B = [K, M]: column m.
            boolean columns = gemm && prod.attrInt("transB", 0) == 0;
            if (gemm && w.shape().length != 2) continue;
            int m = columns ? w.shape()[1] : w.shape()[0];
            if (gamma.length != m) continue;
            double[] bias = new double[m];
            if (hasBias) {
                double[] c = T.d(init.get(prod.inputs().get(2)));
                if (c.length == m) bias = c.clone();
                else if (c.length == 1) Arrays.fill(bias, c[0]);
                else continue; // a full C matrix: no per-channel fold
            }
            if (gemm) {
                double alpha = prod.attrFloat("alpha", 1f), betaG = prod.attrFloat("beta", 1f);
                for (int k = 0; k < wv.length; k++) wv[k] *= alpha;
                for (int c = 0; c < m; c++) bias[c] *= betaG;
                attrs.remove("alpha");
                attrs.remove("beta");
            }
            int per = wv.length / m;
            for (int c = 0; c < m; c++) {
                double a = gamma[c] / Math.sqrt(var[c] + eps);
                if (columns) for (int k = 0; k < per; k++) wv[k * m + c] *= a;
                else for (int k = 0; k < per; k++) wv[c * per + k] *= a;
                bias[c] = bias[c] * a + beta[c] - mean[c] * a;
            }
            String wName = prod.name() + ".bnfolded.W", bName = prod.name() + ".bnfolded.B";
            init.put(wName, Tensor.ofFloats(w.shape(), wv));
            init.put(bName, Tensor.ofFloats(new int[] {m}, bias));
            Node folded = new Node(prod.name(), prod.opType(), prod.domain(), List.of(prod.inputs().get(0), wName, bName),
                    List.of(bn.outputs().get(0)), attrs);
            out.set(out.indexOf(prod), folded);
            out.remove(bn);
            changed = true;
        }
        return changed ? prune(g, out, init) : g;
    }
}
