package io.zkml4j.ml.onnx;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Emitter;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rewrites ai.onnx.ml TreeEnsembleClassifier and TreeEnsembleRegressor nodes, at import, into default-domain operators
 * the rest of the pipeline (float executor, quantizer, prover) already handles, the way Hummingbird's GEMM strategy
 * evaluates trees: every split of every tree at once, then each leaf's path as one dot product.
 * <ol>
 *   <li>per comparison mode: Gather of the split features (constant indices), Less/LessOrEqual/Greater/GreaterOrEqual/
 *       Equal against the thresholds, Where(cond, 1, 0) into a 0/1 float column per split (Concat of the modes);
 *   <li>S = MatMul(splits, A), A[m, l] = +1 if leaf l's path takes split m's true branch, -1 for its false branch;
 *       S[l] reaches its maximum (the number of true branches on the path) exactly when the path is taken, so
 *       Equal(S, that count) then Where(., 1, 0) is the one-hot leaf of every tree (all integers: exact when quantized);
 *   <li>MatMul of the leaves with their class (target) weights, Add of base_values, then the post_transform (NONE,
 *       LOGISTIC: Sigmoid, SOFTMAX: Softmax); the classifier's label is the ArgMax (a Gather of classlabels_int64s
 *       when they are not 0..C-1).
 * </ol>
 * A node outside this (string labels that are read, ORT's binary one-weight-column case, the regressor's MIN/MAX
 * aggregates, other post transforms, inputs not 2-D) is left as is, and the support check names it.
 */
public final class TreeEnsembleLowering {
    private TreeEnsembleLowering() {}

    static final String ML = "ai.onnx.ml";

    public static Graph apply(Graph g) {
        Set<String> read = new TreeSet<>();
        for (Node n : g.nodes()) read.addAll(n.inputs());
        g.outputs().forEach(o -> read.add(o.name()));
        Map<String, Tensor> init = new LinkedHashMap<>(g.initializers());
        List<Node> out = new ArrayList<>();
        boolean changed = false;
        for (Node n : g.nodes()) {
            boolean classifier = n.opType().equals("TreeEnsembleClassifier"), regressor = n.opType().equals("TreeEnsembleRegressor");
            if (!ML.equals(n.domain()) || !(classifier || regressor)) {
                out.add(n);
                continue;
            }
            List<Node> emitted = new ArrayList<>();
            Map<String, Tensor> consts = new LinkedHashMap<>();
            if (new Lowering(n, classifier, read, emitted, consts, g.opset()).run()) {
                out.addAll(emitted);
                init.putAll(consts);
                changed = true;
            } else {
                out.add(n);
            }
        }
        return changed ? g.withNodes(out, init) : g;
    }

    private static final class Lowering {
        final Node n;
        final boolean classifier;
        final Set<String> read;
        final List<Node> out;
        final Map<String, Tensor> init;
        final int opset;
        final Emitter e;

        Lowering(Node n, boolean classifier, Set<String> read, List<Node> out, Map<String, Tensor> init, int opset) {
            this.n = n;
            this.classifier = classifier;
            this.read = read;
            this.out = out;
            this.init = init;
            this.opset = opset;
            this.e = new Emitter(n.name() + "/trees/", out, init);
        }

        long[] ints(String a) {
            return n.attrInts(a, new long[0]);
        }

        double[] floats(String a) {
            if (n.hasAttr(a + "_as_tensor")) return n.attrTensor(a + "_as_tensor").toDoubles();
            float[] f = n.attrFloats(a, new float[0]);
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            return d;
        }

        String node(String op, Map<String, Attribute> attrs, String... in) {
            return e.node(op, attrs, in);
        }

        String constant(String what, Tensor t) {
            return e.constant(what, t);
        }

        String floats(String what, int[] shape, double[] v) {
            return constant(what, Tensor.ofFloats(shape, v));
        }

        /** Where(c, 1, 0): the boolean as a 0/1 float the linear layers take. */
        String asFloat(String c) {
            return node("Where", Map.of(), c, floats("one", new int[0], new double[] {1}), floats("zero", new int[0], new double[] {0}));
        }

        boolean run() {
            String prefix = classifier ? "class_" : "target_";
            long[] treeIds = ints("nodes_treeids"), nodeIds = ints("nodes_nodeids"), features = ints("nodes_featureids");
            long[] trueIds = ints("nodes_truenodeids"), falseIds = ints("nodes_falsenodeids");
            String[] modes = n.hasAttr("nodes_modes") ? n.attributes().get("nodes_modes").strings() : new String[0];
            double[] values = floats("nodes_values");
            long[] wTree = ints(prefix + "treeids"), wNode = ints(prefix + "nodeids"), wId = ints(prefix + "ids");
            double[] w = floats(prefix + "weights");
            int k = nodeIds.length;
            if (k == 0 || treeIds.length != k || features.length != k || trueIds.length != k || falseIds.length != k
                    || modes.length != k || values.length != k || wNode.length != wTree.length || wId.length != wTree.length
                    || w.length != wTree.length) return false;
            String post = n.attrString("post_transform", "NONE");
            if (!post.equals("NONE") && !post.equals("LOGISTIC") && !post.equals("SOFTMAX")) return false;
            int outs;
            long[] labels = null;
            if (classifier) {
                labels = ints("classlabels_int64s");
                boolean readLabel = read.contains(n.outputs().get(0));
                if (labels.length == 0 && (readLabel || !n.hasAttr("classlabels_strings"))) return false;
                outs = labels.length > 0 ? labels.length : n.attributes().get("classlabels_strings").strings().length;
                if (outs == 2 && Arrays.stream(wId).distinct().count() == 1) return false; // ORT's binary case
            } else {
                outs = (int) n.attrInt("n_targets", 1);
                String agg = n.attrString("aggregate_function", "SUM");
                if (!agg.equals("SUM") && !agg.equals("AVERAGE")) return false;
                if (agg.equals("AVERAGE")) {
                    double trees = Arrays.stream(treeIds).distinct().count();
                    for (int i = 0; i < w.length; i++) w[i] /= trees;
                }
            }
            for (long id : wId) if (id < 0 || id >= outs) return false;

            // Splits and leaves, tree by tree from each root (the node no other node points to).
            Map<Long, Map<Long, Integer>> byTree = new LinkedHashMap<>();
            for (int i = 0; i < k; i++) byTree.computeIfAbsent(treeIds[i], t -> new HashMap<>()).put(nodeIds[i], i);
            int[] seen = new int[k]; // walk's visit marks: -1 not yet
            Arrays.fill(seen, -1);
            List<Integer> splits = new ArrayList<>();
            List<Integer> leafNode = new ArrayList<>();
            List<List<int[]>> leafPath = new ArrayList<>(); // (split index, +1 true / -1 false)
            for (Map.Entry<Long, Map<Long, Integer>> e : byTree.entrySet()) {
                Map<Long, Integer> nodes = e.getValue();
                Set<Long> children = new TreeSet<>();
                for (int i : nodes.values()) if (!modes[i].equals("LEAF")) {
                    children.add(trueIds[i]);
                    children.add(falseIds[i]);
                }
                List<Long> roots = nodes.keySet().stream().filter(id -> !children.contains(id)).toList();
                if (roots.size() != 1) return false;
                if (!walk(nodes.get(roots.get(0)), nodes, new ArrayList<>(), modes, trueIds, falseIds, seen, splits, leafNode, leafPath, 0))
                    return false;
            }
            int m = splits.size(), leaves = leafNode.size();
            if (m == 0) return false;
            Map<Integer, Integer> leafOf = new HashMap<>();
            for (int l = 0; l < leaves; l++) leafOf.put(leafNode.get(l), l);

            // 1. one 0/1 column per split, grouped by comparison operator
            Map<String, List<Integer>> byOp = new LinkedHashMap<>();
            for (int s : splits) byOp.computeIfAbsent(compareOp(modes[s]), o -> new ArrayList<>()).add(s);
            int[] order = new int[k]; // split node -> its column in the concatenated splits
            List<String> groups = new ArrayList<>();
            int col = 0;
            for (Map.Entry<String, List<Integer>> e : byOp.entrySet()) {
                List<Integer> ss = e.getValue();
                long[] f = new long[ss.size()];
                double[] thr = new double[ss.size()];
                for (int j = 0; j < ss.size(); j++) {
                    f[j] = features[ss.get(j)];
                    thr[j] = (float) values[ss.get(j)];
                    order[ss.get(j)] = col++;
                }
                String x = node("Gather", Map.of("axis", Attribute.ofInt("axis", 1)), n.inputs().get(0),
                        constant("features", Tensor.ofInts(DType.INT64, new int[] {f.length}, f)));
                groups.add(asFloat(node(e.getKey(), Map.of(), x, floats("thresholds", new int[] {thr.length}, thr))));
            }
            String cond = groups.size() == 1 ? groups.get(0) : node("Concat", Map.of("axis", Attribute.ofInt("axis", 1)), groups.toArray(String[]::new));

            // 2. each leaf's path as a +-1 column; taken iff the sum reaches its number of true branches
            double[] a = new double[m * leaves], target = new double[leaves];
            for (int l = 0; l < leaves; l++) {
                for (int[] step : leafPath.get(l)) {
                    boolean neq = modes[step[0]].equals("BRANCH_NEQ"); // Equal's true branch is NEQ's false one
                    int sign = neq ? -step[1] : step[1];
                    a[order[step[0]] * leaves + l] = sign;
                    if (sign > 0) target[l]++;
                }
            }
            String s = node("MatMul", Map.of(), cond, floats("paths", new int[] {m, leaves}, a));
            String hit = asFloat(node("Equal", Map.of(), s, floats("path_lengths", new int[] {leaves}, target)));

            // 3. leaf weights, base values, post transform
            double[] lw = new double[leaves * outs];
            for (int i = 0; i < w.length; i++) {
                Map<Long, Integer> nodes = byTree.get(wTree[i]);
                Integer node = nodes == null ? null : nodes.get(wNode[i]);
                Integer l = node == null ? null : leafOf.get(node);
                if (l == null) return false;
                lw[l * outs + (int) wId[i]] += w[i];
            }
            String z = node("MatMul", Map.of(), hit, floats("leaf_weights", new int[] {leaves, outs}, lw));
            double[] base = floats("base_values");
            if (base.length != 0 && base.length != outs) return false;
            if (Arrays.stream(base).anyMatch(v -> v != 0)) z = node("Add", Map.of(), z, floats("base_values", new int[] {outs}, base));
            if (post.equals("LOGISTIC")) z = node("Sigmoid", Map.of(), z);
            if (post.equals("SOFTMAX")) z = node("Softmax", Map.of("axis", Attribute.ofInt("axis", opset >= 13 ? -1 : 1)), z);

            String scores = classifier ? n.outputs().get(1) : n.outputs().get(0);
            Node last = out.remove(out.size() - 1); // z's node, renamed to write the node's own output
            out.add(new Node(scores, last.opType(), "", last.inputs(), List.of(scores), last.attributes()));
            z = scores;
            if (classifier && read.contains(n.outputs().get(0))) {
                String label = n.outputs().get(0);
                boolean identity = true;
                for (int i = 0; i < labels.length; i++) identity &= labels[i] == i;
                Map<String, Attribute> am = Map.of("axis", Attribute.ofInt("axis", 1), "keepdims", Attribute.ofInt("keepdims", 0));
                if (identity) {
                    out.add(new Node(label, "ArgMax", "", List.of(z), List.of(label), am));
                } else {
                    String idx = node("ArgMax", am, z);
                    String lab = constant("labels", Tensor.ofInts(DType.INT64, new int[] {labels.length}, labels));
                    out.add(new Node(label, "Gather", "", List.of(lab, idx), List.of(label), Map.of("axis", Attribute.ofInt("axis", 0))));
                }
            }
            return true;
        }

        /** Depth-first from node i, recording splits in order and each leaf with its path; false on a cycle or dangling id. */
        boolean walk(int i, Map<Long, Integer> nodes, List<int[]> path, String[] modes, long[] trueIds, long[] falseIds,
                     int[] seen, List<Integer> splits, List<Integer> leafNode, List<List<int[]>> leafPath, int depth) {
            if (depth > 64 || seen[i] >= 0) return false;
            seen[i] = 1;
            if (modes[i].equals("LEAF")) {
                leafNode.add(i);
                leafPath.add(List.copyOf(path));
                return true;
            }
            if (compareOp(modes[i]) == null) return false;
            splits.add(i);
            Integer t = nodes.get(trueIds[i]), f = nodes.get(falseIds[i]);
            if (t == null || f == null) return false;
            path.add(new int[] {i, 1});
            boolean ok = walk(t, nodes, path, modes, trueIds, falseIds, seen, splits, leafNode, leafPath, depth + 1);
            path.set(path.size() - 1, new int[] {i, -1});
            ok = ok && walk(f, nodes, path, modes, trueIds, falseIds, seen, splits, leafNode, leafPath, depth + 1);
            path.remove(path.size() - 1);
            return ok;
        }

        static String compareOp(String mode) {
            return switch (mode) {
                case "BRANCH_LEQ" -> "LessOrEqual";
                case "BRANCH_LT" -> "Less";
                case "BRANCH_GTE" -> "GreaterOrEqual";
                case "BRANCH_GT" -> "Greater";
                case "BRANCH_EQ", "BRANCH_NEQ" -> "Equal";
                default -> null;
            };
        }
    }
}
