package io.zkml4j.ml.quant;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums that are a MatMul in disguise, rewritten before quantization into MatMul, Transpose, Reshape and ReduceSum, which
 * the prover proves, and ReduceProd as a chain of Mul ({@link #reduceProd}). CumSum (constant axis of at most {@link #MAX_CUMSUM_AXIS} entries) is x times the constant 0/1
 * triangle along its axis (Transpose around it when the axis is not the last). Einsum with one or two operands, no
 * "..." and no index repeated within an operand: the indices found in one operand only and not in the output are
 * summed first (ReduceSum), then the operands are laid out as [batch, free, contracted] and [batch, contracted, free],
 * multiplied and laid out as the output asks. Only float tensors are rewritten; anything else keeps its node (and
 * stays without a proof).
 */
final class ContractionRewrite {
    private ContractionRewrite() {}

    /** Longest CumSum axis rewritten: its triangle is a constant of axis^2 entries. */
    static final int MAX_CUMSUM_AXIS = 2048;

    static Graph apply(Graph g, Map<String, Tensor> reference) {
        return GraphPasses.rewriteFloatNodes(g, reference, (n, init) -> {
            Emit e = new Emit(n.name() + (n.opType().equals("ReduceProd") ? "/as_mul_chain/" : "/as_matmul/"), g.opset(), init);
            boolean done = switch (n.opType()) {
                case "CumSum" -> cumSum(n, reference, e);
                case "Einsum" -> einsum(n, reference, e);
                case "ReduceProd" -> reduceProd(n, reference, e);
                default -> false;
            };
            return done ? e.finish(n.outputs().get(0)) : null;
        });
    }

    /** The nodes of one rewrite, each output named after its step; the last one renamed to the node's output. */
    private static final class Emit {
        final String p;
        final int opset;
        final Map<String, Tensor> init;
        final List<Node> nodes = new ArrayList<>();
        String cur;

        Emit(String p, int opset, Map<String, Tensor> init) {
            this.p = p;
            this.opset = opset;
            this.init = init;
        }

        String add(String step, String op, List<String> in, Map<String, Attribute> attrs) {
            nodes.add(new Node(p + step, op, "", in, List.of(p + step), attrs));
            return p + step;
        }

        String constant(String step, Tensor t) {
            init.put(p + step, t);
            return p + step;
        }

        /** x with its axes permuted (no node for the identity permutation). */
        String transpose(String step, String x, int[] perm) {
            boolean identity = true;
            for (int i = 0; i < perm.length; i++) identity &= perm[i] == i;
            if (identity) return x;
            long[] pl = new long[perm.length];
            for (int i = 0; i < perm.length; i++) pl[i] = perm[i];
            return add(step, "Transpose", List.of(x), Map.of("perm", Attribute.ofInts("perm", pl)));
        }

        /** x reshaped (no node when the shape stays). */
        String reshape(String step, String x, int[] from, int[] to) {
            if (Arrays.equals(from, to)) return x;
            long[] s = new long[to.length];
            for (int i = 0; i < to.length; i++) s[i] = to[i];
            return add(step, "Reshape", List.of(x, constant(step + "_shape", Tensor.ofInts(DType.INT64, new int[] {to.length}, s))), Map.of());
        }

        /** x summed over {@code axes}, dropped (ReduceSum reads its axes as an input from opset 13). */
        String reduceSum(String step, String x, long[] axes) {
            if (axes.length == 0) return x;
            Map<String, Attribute> attrs = new LinkedHashMap<>(Map.of("keepdims", Attribute.ofInt("keepdims", 0)));
            List<String> in = new ArrayList<>(List.of(x));
            if (opset >= 13) in.add(constant(step + "_axes", Tensor.ofInts(DType.INT64, new int[] {axes.length}, axes)));
            else attrs.put("axes", Attribute.ofInts("axes", axes));
            return add(step, "ReduceSum", in, attrs);
        }

        List<Node> finish(String y) {
            if (nodes.isEmpty() || !nodes.get(nodes.size() - 1).outputs().get(0).equals(cur)) {
                nodes.add(GraphPasses.node(p + "copy", "Identity", y, cur));
                return nodes;
            }
            Node last = nodes.remove(nodes.size() - 1);
            nodes.add(new Node(last.name(), last.opType(), last.domain(), last.inputs(), List.of(y), last.attributes()));
            return nodes;
        }
    }

    /** CumSum(x, axis) = x T along the axis, T[j][k] = 1 when x_j adds into y_k (exclusive: strictly; reverse: from the end). */
    private static boolean cumSum(Node n, Map<String, Tensor> reference, Emit e) {
        Tensor x = reference.get(n.inputs().get(0)), axisT = n.inputs().size() > 1 ? e.init.get(n.inputs().get(1)) : null;
        if (x == null || axisT == null || axisT.size() != 1 || x.shape().length == 0) return false;
        int[] s = x.shape();
        int rank = s.length, axis = Shapes.axis(axisT.getAsLong(0), rank, n.describe()), len = s[axis];
        if (len > MAX_CUMSUM_AXIS) return false;
        boolean exclusive = n.attrInt("exclusive", 0) != 0, reverse = n.attrInt("reverse", 0) != 0;
        double[] tri = new double[len * len];
        for (int j = 0; j < len; j++)
            for (int k = 0; k < len; k++) tri[j * len + k] = (reverse ? j > k : j < k) || !exclusive && j == k ? 1 : 0;
        int[] swap = new int[rank];
        for (int i = 0; i < rank; i++) swap[i] = i;
        swap[axis] = rank - 1;
        swap[rank - 1] = axis;
        String t = e.transpose("last", n.inputs().get(0), swap);
        t = e.add("sum", "MatMul", List.of(t, e.constant("triangle", Tensor.ofFloats(new int[] {len, len}, tri))), Map.of());
        e.cur = e.transpose("back", t, swap);
        return true;
    }

    /** Most factors a ReduceProd is rewritten for: one Mul (and its rescale) per factor. */
    static final int MAX_PROD_FACTORS = 64;

    /**
     * ReduceProd as a chain of Mul: the reduced axes moved last (Transpose) and flattened into one of n &lt;= {@link
     * #MAX_PROD_FACTORS} entries (Reshape), each entry taken by a Gather of a constant index, multiplied in order, and
     * reshaped to the output's shape.
     */
    private static boolean reduceProd(Node n, Map<String, Tensor> reference, Emit e) {
        Tensor x = reference.get(n.inputs().get(0)), y = reference.get(n.outputs().get(0));
        if (x == null || y == null) return false;
        int[] s = x.shape();
        int rank = s.length;
        long[] axes = n.inputs().size() > 1 && !n.inputs().get(1).isEmpty() ? (e.init.containsKey(n.inputs().get(1)) ? io.zkml4j.ml.ops.T.l(e.init.get(n.inputs().get(1))) : null)
                : n.attrInts("axes", new long[0]);
        if (axes == null) return false;
        boolean[] red = new boolean[rank];
        if (axes.length == 0) Arrays.fill(red, n.attrInt("noop_with_empty_axes", 0) == 0);
        for (long a : axes) red[Shapes.axis(a, rank, n.describe())] = true;
        int[] perm = new int[rank];
        List<Integer> kept = new ArrayList<>();
        int at = 0, factors = 1;
        for (int d = 0; d < rank; d++) if (!red[d]) { perm[at++] = d; kept.add(s[d]); }
        for (int d = 0; d < rank; d++) if (red[d]) { perm[at++] = d; factors *= s[d]; }
        if (factors > MAX_PROD_FACTORS || factors < 1) return false;
        String t = e.transpose("last", n.inputs().get(0), perm);
        int[] rows = new int[kept.size() + 1];
        for (int i = 0; i < kept.size(); i++) rows[i] = kept.get(i);
        rows[kept.size()] = factors;
        int[] permuted = new int[rank];
        for (int i = 0; i < rank; i++) permuted[i] = s[perm[i]];
        t = e.reshape("flat", t, permuted, rows);
        String acc = null;
        for (int k = 0; k < factors; k++) {
            String idx = e.constant("i" + k, Tensor.ofInts(DType.INT64, new int[0], new long[] {k}));
            String f = e.add("f" + k, "Gather", List.of(t, idx), Map.of("axis", Attribute.ofInt("axis", -1)));
            acc = acc == null ? f : e.add("mul" + k, "Mul", List.of(acc, f), Map.of());
        }
        e.cur = e.reshape("out", acc, Arrays.copyOf(rows, kept.size()), y.shape());
        return true;
    }

    /** An Einsum's terms: one letter string per operand and the output's (implicit: the letters seen once, ascending). */
    private static String[] terms(String equation) {
        String eq = equation.replaceAll("\\s", "");
        if (eq.contains(".")) return null;
        int arrow = eq.indexOf("->");
        String[] in = (arrow < 0 ? eq : eq.substring(0, arrow)).split(",", -1);
        String outTerm;
        if (arrow >= 0) {
            outTerm = eq.substring(arrow + 2);
        } else {
            StringBuilder o = new StringBuilder();
            String all = String.join("", in);
            for (char c = 'A'; c <= 'z'; c++) if (all.indexOf(c) >= 0 && all.indexOf(c) == all.lastIndexOf(c)) o.append(c);
            outTerm = o.toString();
        }
        String[] t = Arrays.copyOf(in, in.length + 1);
        t[in.length] = outTerm;
        for (String term : t) if (term.chars().distinct().count() != term.length()) return null; // a diagonal
        return t;
    }

    private static boolean einsum(Node n, Map<String, Tensor> reference, Emit e) {
        String[] t = terms(n.attrString("equation", ""));
        int ops = n.inputs().size();
        if (t == null || ops < 1 || ops > 2 || t.length != ops + 1) return false;
        String o = t[ops];
        String[] names = new String[ops], kept = new String[ops];
        int[][] shapes = new int[ops][];
        Map<Character, Integer> size = new LinkedHashMap<>();
        Tensor[] in = new Tensor[ops];
        for (int i = 0; i < ops; i++) {
            // a constant operand (an initializer the run does not list) is laid out by the same nodes
            in[i] = reference.containsKey(n.inputs().get(i)) ? reference.get(n.inputs().get(i)) : e.init.get(n.inputs().get(i));
            if (in[i] == null || in[i].shape().length != t[i].length()) return false;
        }
        for (int i = 0; i < ops; i++) {
            Tensor x = in[i];
            // an index in this operand only and not in the output: summed over first
            String other = ops == 2 ? t[1 - i] : "";
            List<Long> axes = new ArrayList<>();
            StringBuilder k = new StringBuilder();
            List<Integer> ks = new ArrayList<>();
            for (int d = 0; d < t[i].length(); d++) {
                char c = t[i].charAt(d);
                size.put(c, x.shape()[d]);
                if (o.indexOf(c) < 0 && other.indexOf(c) < 0) axes.add((long) d);
                else {
                    k.append(c);
                    ks.add(x.shape()[d]);
                }
            }
            names[i] = e.reduceSum("sum" + i, n.inputs().get(i), axes.stream().mapToLong(Long::longValue).toArray());
            kept[i] = k.toString();
            shapes[i] = ks.stream().mapToInt(Integer::intValue).toArray();
        }
        if (ops == 1) {
            e.cur = e.transpose("order", names[0], positions(kept[0], o));
            return true;
        }
        String batch = "", free0 = "", free1 = "", contracted = "";
        for (char c : o.toCharArray()) {
            boolean in0 = kept[0].indexOf(c) >= 0, in1 = kept[1].indexOf(c) >= 0;
            if (in0 && in1) batch += c;
            else if (in0) free0 += c;
            else free1 += c;
        }
        for (char c : kept[0].toCharArray()) if (o.indexOf(c) < 0) contracted += c;
        int nb = product(batch, size), m = product(free0, size), k = product(contracted, size), nn = product(free1, size);
        String a = e.transpose("layout0", names[0], positions(kept[0], batch + free0 + contracted));
        String b = e.transpose("layout1", names[1], positions(kept[1], batch + contracted + free1));
        a = e.reshape("matrix0", a, dims(batch + free0 + contracted, size), batch.isEmpty() ? new int[] {m, k} : new int[] {nb, m, k});
        b = e.reshape("matrix1", b, dims(batch + contracted + free1, size), batch.isEmpty() ? new int[] {k, nn} : new int[] {nb, k, nn});
        String c = e.add("product", "MatMul", List.of(a, b), Map.of());
        String layout = batch + free0 + free1;
        c = e.reshape("unfold", c, batch.isEmpty() ? new int[] {m, nn} : new int[] {nb, m, nn}, dims(layout, size));
        e.cur = e.transpose("order", c, positions(layout, o));
        return true;
    }

    /** perm with to[i] = from[perm[i]]. */
    private static int[] positions(String from, String to) {
        int[] perm = new int[to.length()];
        for (int i = 0; i < perm.length; i++) perm[i] = from.indexOf(to.charAt(i));
        return perm;
    }

    private static int[] dims(String letters, Map<Character, Integer> size) {
        int[] d = new int[letters.length()];
        for (int i = 0; i < d.length; i++) d[i] = size.get(letters.charAt(i));
        return d;
    }

    private static int product(String letters, Map<Character, Integer> size) {
        int p = 1;
        for (int d : dims(letters, size)) p *= d;
        return p;
    }
}
