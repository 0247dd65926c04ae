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

    /** Every name a node or the graph's outputs read. */
    static Set<String> readNames(Graph g) {
        Set<String> read = new HashSet<>();
        for (Node n : g.nodes()) read.addAll(n.inputs());
        for (ValueInfo o : g.outputs()) read.add(o.name());
        return read;
    }

    /**
     * Rewrites LayerNormalization(X, Scale, B; axis, epsilon) into the pattern PyTorch exports before opset 17 (and
     * the prover proves node by node): mean = ReduceMean(X), d = X - mean, var = ReduceMean(d d), y = d / Sqrt(var +
     * epsilon) * Scale + B, the means over the axes from {@code axis} on (kept dimensions). A node whose Mean or
     * InvStdDev output is read stays as it is. {@code reference} gives the input's rank (a run of the graph).
     */
    /** Room below every finite value that an infinite fill keeps: Softmax's exp table is 0 below -24. */
    static final double FILL_MARGIN = 32;

    /**
     * A Where whose constant branch holds -inf/+inf (PyTorch's masked_fill(mask, float("-inf")) before a Softmax)
     * gets that branch with the infinities replaced by -/+(M + 32), M the largest finite |value| of the Where's output
     * on the reference run: calibration then sizes the output's scale and Softmax's exp table for the fill (which
     * fixed point cannot hold as infinity), and the Softmax still gives the masked entries 0 (exp(-32) ~ 1e-14).
     */
    public static Graph finiteFills(Graph g, Map<String, Tensor> reference) {
        Map<String, Tensor> init = new LinkedHashMap<>(g.initializers());
        List<Node> out = new ArrayList<>();
        boolean changed = false;
        for (Node n : g.nodes()) {
            Tensor y = reference.get(n.outputs().get(0));
            if (!n.opType().equals("Where") || y == null || !y.dtype().isFloat()) {
                out.add(n);
                continue;
            }
            List<String> ins = new ArrayList<>(n.inputs());
            for (int i = 1; i < ins.size(); i++) {
                Tensor c = init.get(ins.get(i));
                if (c == null || !c.dtype().isFloat()) continue;
                double[] v = c.toDoubles();
                if (java.util.Arrays.stream(v).noneMatch(Double::isInfinite)) continue;
                double m = 0;
                for (double e : y.toDoubles()) if (Double.isFinite(e)) m = Math.max(m, Math.abs(e));
                for (int k = 0; k < v.length; k++) if (Double.isInfinite(v[k])) v[k] = Math.copySign(m + FILL_MARGIN, v[k]);
                String name = n.name() + "/finite_fill" + i;
                init.put(name, Tensor.ofFloats(c.dtype(), c.shape(), v));
                ins.set(i, name);
            }
            if (ins.equals(n.inputs())) {
                out.add(n);
                continue;
            }
            out.add(new Node(n.name(), n.opType(), n.domain(), ins, n.outputs(), n.attributes()));
            changed = true;
        }
        return changed ? prune(g, out, init) : g;
    }

    public static Graph decomposeLayerNorm(Graph g, Map<String, Tensor> reference) {
        Set<String> read = readNames(g);
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
            boolean bias = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty();
            normalization(out, init, g.opset(), n.name() + "/decomposed/", n.inputs().get(0), axes, n.attrFloat("epsilon", 1e-5f),
                    n.inputs().get(1), bias ? n.inputs().get(2) : null, n.outputs().get(0));
            changed = true;
        }
        return changed ? g.withNodes(out, init) : g;
    }

    /** One node's replacement: its nodes (new constants go into {@code init}), or null to keep the node. */
    interface NodeRewrite {
        List<Node> apply(Node n, Map<String, Tensor> init);
    }

    /**
     * Each node whose first output is a float tensor in {@code reference} replaced by what {@code rewrite} returns for it:
     * the rewrites before quantization touch float tensors only, so integer models keep their exact semantics.
     */
    static Graph rewriteFloatNodes(Graph g, Map<String, Tensor> reference, NodeRewrite rewrite) {
        return rewriteNodes(g, (n, init) -> {
            Tensor y = n.outputs().isEmpty() ? null : reference.get(n.outputs().get(0));
            return y == null || !y.dtype().isFloat() ? null : rewrite.apply(n, init);
        });
    }

    /** Each node replaced by what {@code rewrite} returns for it (null: kept). */
    static Graph rewriteNodes(Graph g, NodeRewrite rewrite) {
        Map<String, Tensor> init = new LinkedHashMap<>(g.initializers());
        List<Node> out = new ArrayList<>();
        boolean changed = false;
        for (Node n : g.nodes()) {
            List<Node> r = rewrite.apply(n, init);
            if (r == null) {
                out.add(n);
                continue;
            }
            out.addAll(r);
            changed = true;
        }
        return changed ? g.withNodes(out, init) : g;
    }

    /** A node without attributes and one output (what the rewrites before quantization emit most). */
    static Node node(String name, String op, String out, String... in) {
        return new Node(name, op, "", List.of(in), List.of(out), Map.of());
    }

    /**
     * Appends y = (x - mean) / sqrt(var + epsilon) * scale (+ bias), mean and var over {@code axes} with kept dimensions:
     * the pattern PyTorch exports before opset 17, which the prover proves node by node (LayerNormalization's rewrite,
     * InstanceNormalization's over the spatial axes). ReduceMean's axes are an input from opset 18, an attribute before.
     * Names start with {@code p}; {@code bias} may be null.
     */
    static void normalization(List<Node> out, Map<String, Tensor> init, int opset, String p, String x, long[] axes, float epsilon,
            String scale, String bias, String y) {
        Map<String, Attribute> meanAttrs = new LinkedHashMap<>(Map.of("keepdims", Attribute.ofInt("keepdims", 1)));
        List<String> meanIn = new ArrayList<>(List.of(x));
        if (opset >= 18) {
            init.put(p + "axes", Tensor.ofInts(io.zkml4j.ml.ir.DType.INT64, new int[] {axes.length}, axes));
            meanIn.add(p + "axes");
        } else {
            meanAttrs.put("axes", Attribute.ofInts("axes", axes));
        }
        init.put(p + "epsilon", Tensor.scalarFloat(epsilon));
        out.add(new Node(p + "mean", "ReduceMean", "", meanIn, List.of(p + "mean"), meanAttrs));
        out.add(new Node(p + "centre", "Sub", "", List.of(x, p + "mean"), List.of(p + "d"), Map.of()));
        out.add(new Node(p + "square", "Mul", "", List.of(p + "d", p + "d"), List.of(p + "d2"), Map.of()));
        List<String> varIn = new ArrayList<>(meanIn);
        varIn.set(0, p + "d2");
        out.add(new Node(p + "var", "ReduceMean", "", varIn, List.of(p + "var"), meanAttrs));
        out.add(new Node(p + "eps", "Add", "", List.of(p + "var", p + "epsilon"), List.of(p + "vare"), Map.of()));
        out.add(new Node(p + "std", "Sqrt", "", List.of(p + "vare"), List.of(p + "std"), Map.of()));
        out.add(new Node(p + "normalize", "Div", "", List.of(p + "d", p + "std"), List.of(p + "n"), Map.of()));
        out.add(new Node(p + "scale", "Mul", "", List.of(p + "n", scale), List.of(bias != null ? p + "scaled" : y), Map.of()));
        if (bias != null) out.add(new Node(p + "shift", "Add", "", List.of(p + "scaled", bias), List.of(y), Map.of()));
    }

    /**
     * Rewrites ConvTranspose(X, W, B) with constant W (any spatial rank, strides, dilations, explicit pads or auto_pad
     * or output_shape, output_padding, groups) into index operators and a Conv the prover proves: X is spread onto a
     * zero grid (Reshape to interleave unit dimensions, Pad them to the strides, Reshape back), padded or cropped by
     * (k_eff - 1 - pad_begin) before and what makes the output's length after (Pad, negative amounts crop), then
     * convolved with stride 1 by W' (input and output channels exchanged per group, every spatial axis flipped):
     * Y[o] = sum_x,k X[x] W[k] over o = x s + k d - pad_begin, written as sum_t Z[o + t d] W'[t]. Pad's amounts are an
     * input from opset 11, an attribute before; X's shape comes from {@code reference}. Other nodes are left as they are.
     */
    public static Graph decomposeConvTranspose(Graph g, Map<String, Tensor> reference) {
        if (g.opset() < 5) return g; // Reshape's shape is an input from opset 5
        Map<String, Tensor> init = new LinkedHashMap<>(g.initializers());
        List<Node> out = new ArrayList<>();
        boolean changed = false;
        for (Node n : g.nodes()) {
            Tensor x = n.opType().equals("ConvTranspose") ? reference.get(n.inputs().get(0)) : null;
            Tensor w = x == null || n.inputs().size() < 2 ? null : init.get(n.inputs().get(1));
            if (w == null || !w.dtype().isFloat() || x.shape().length < 3 || w.shape().length != x.shape().length) {
                out.add(n);
                continue;
            }
            int[] xs = x.shape(), ws = w.shape();
            int d = xs.length - 2, group = (int) n.attrInt("group", 1);
            int c = xs[1], mg = ws[1], m = mg * group;
            if (ws[0] != c || c % group != 0) {
                out.add(n);
                continue;
            }
            long[] st = n.attrInts("strides", null), dl = n.attrInts("dilations", null), opad = n.attrInts("output_padding", null);
            long[] pads = n.attrInts("pads", null), outShape = n.attrInts("output_shape", null);
            String auto = n.attrString("auto_pad", "NOTSET");
            int[] s = new int[d], dil = new int[d], k = new int[d], before = new int[d], len = new int[d];
            for (int i = 0; i < d; i++) {
                s[i] = st == null ? 1 : (int) st[i];
                dil[i] = dl == null ? 1 : (int) dl[i];
                k[i] = ws[i + 2];
                int eff = (k[i] - 1) * dil[i] + 1, in = xs[i + 2];
                int full = s[i] * (in - 1) + (opad == null ? 0 : (int) opad[i]) + eff;
                int pb, od;
                if (outShape != null || auto.startsWith("SAME")) { // as ConvTransposeOp: the executor's reading of the spec
                    int target = outShape != null ? (int) outShape[outShape.length - d + i] : in * s[i];
                    int total = Math.max(0, full - target);
                    pb = auto.equals("SAME_UPPER") ? total - total / 2 : total / 2;
                    od = target;
                } else {
                    pb = pads == null ? 0 : (int) pads[i];
                    od = full - pb - (pads == null ? 0 : (int) pads[i + d]);
                }
                before[i] = eff - 1 - pb; // zeros (or, negative, a crop) before the spread input
                len[i] = od + eff - 1; // the conv input's length: od outputs of a stride-1 window of eff
            }
            String p = n.name() + "/decomposed/";
            // 1. spread: [N, C, D1, 1, D2, 1, ...] padded to [N, C, D1, s1, ...] and reshaped to [N, C, D1 s1, ...]
            long[] unit = new long[2 + 2 * d], spread = new long[2 + d];
            unit[0] = xs[0];
            unit[1] = c;
            spread[0] = xs[0];
            spread[1] = c;
            long[] zeroPads = new long[2 * (2 + 2 * d)];
            for (int i = 0; i < d; i++) {
                unit[2 + 2 * i] = xs[2 + i];
                unit[3 + 2 * i] = 1;
                spread[2 + i] = (long) xs[2 + i] * s[i];
                zeroPads[2 + 2 * d + 3 + 2 * i] = s[i] - 1; // after the unit dimension
            }
            // 2. the conv input: before[i] zeros first (crop when negative), then up to len[i]
            long[] convPads = new long[2 * (2 + d)];
            for (int i = 0; i < d; i++) {
                convPads[2 + i] = before[i];
                convPads[2 + d + 2 + i] = len[i] - before[i] - spread[2 + i];
            }
            init.put(p + "unit", Tensor.ofInts(io.zkml4j.ml.ir.DType.INT64, new int[] {unit.length}, unit));
            boolean padInput = g.opset() >= 11;
            if (padInput) init.put(p + "zeros", Tensor.ofInts(io.zkml4j.ml.ir.DType.INT64, new int[] {zeroPads.length}, zeroPads));
            init.put(p + "spread", Tensor.ofInts(io.zkml4j.ml.ir.DType.INT64, new int[] {spread.length}, spread));
            if (padInput) init.put(p + "pads", Tensor.ofInts(io.zkml4j.ml.ir.DType.INT64, new int[] {convPads.length}, convPads));
            // 3. W' [M, C/g, K...]: W'[gi (M/g) + j][cl][t] = W[gi (C/g) + cl][j][K - 1 - t]
            double[] wv = T.d(w), wf = new double[wv.length];
            int cg = c / group, kn = 1;
            for (int i = 0; i < d; i++) kn *= k[i];
            for (int gi = 0; gi < group; gi++) {
                for (int j = 0; j < mg; j++) {
                    for (int cl = 0; cl < cg; cl++) {
                        int src = ((gi * cg + cl) * mg + j) * kn, dst = ((gi * mg + j) * cg + cl) * kn;
                        for (int t = 0; t < kn; t++) wf[dst + t] = wv[src + kn - 1 - t]; // every axis flipped: the flat index reversed
                    }
                }
            }
            int[] wfs = new int[2 + d];
            wfs[0] = m;
            wfs[1] = cg;
            for (int i = 0; i < d; i++) wfs[2 + i] = k[i];
            init.put(p + "weight", Tensor.ofFloats(wfs, wf));
            out.add(new Node(p + "unit", "Reshape", "", List.of(n.inputs().get(0), p + "unit"), List.of(p + "x1"), Map.of()));
            out.add(padInput ? new Node(p + "zeros", "Pad", "", List.of(p + "x1", p + "zeros"), List.of(p + "x2"), Map.of())
                    : new Node(p + "zeros", "Pad", "", List.of(p + "x1"), List.of(p + "x2"), Map.of("pads", Attribute.ofInts("pads", zeroPads))));
            out.add(new Node(p + "spread", "Reshape", "", List.of(p + "x2", p + "spread"), List.of(p + "x3"), Map.of()));
            out.add(padInput ? new Node(p + "pad", "Pad", "", List.of(p + "x3", p + "pads"), List.of(p + "z"), Map.of())
                    : new Node(p + "pad", "Pad", "", List.of(p + "x3"), List.of(p + "z"), Map.of("pads", Attribute.ofInts("pads", convPads))));
            List<String> convIn = new ArrayList<>(List.of(p + "z", p + "weight"));
            if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) convIn.add(n.inputs().get(2));
            long[] dils = new long[d];
            for (int i = 0; i < d; i++) dils[i] = dil[i];
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            attrs.put("dilations", Attribute.ofInts("dilations", dils));
            attrs.put("group", Attribute.ofInt("group", group));
            out.add(new Node(p + "conv", "Conv", "", convIn, List.of(n.outputs().get(0)), attrs));
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
