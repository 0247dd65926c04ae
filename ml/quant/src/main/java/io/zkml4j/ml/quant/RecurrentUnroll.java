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
import java.util.Set;

/**
 * Unrolls LSTM and GRU nodes over their (static) sequence into the operators the prover proves node by node: per step
 * and gate a Gemm of the step's input (a constant-index Gather) with the gate's transposed weights and bias, a MatMul
 * of the previous hidden state, Sigmoid and Tanh, element-wise products and sums; the outputs Y (Concat of the steps),
 * Y_h and Y_c as read. Covered: forward direction, the default activations, no clip, peepholes or sequence lengths,
 * layout 0, constant weights, initial states absent or zero (both GRU forms, linear_before_reset 0 and 1). Any other
 * node is left whole (the executor runs it; the prover names it).
 */
final class RecurrentUnroll {
    private RecurrentUnroll() {}

    static Graph apply(Graph g, Map<String, Tensor> reference) {
        Set<String> read = GraphPasses.readNames(g);
        Map<String, Tensor> init = new LinkedHashMap<>(g.initializers());
        List<Node> out = new ArrayList<>();
        boolean changed = false;
        for (Node n : g.nodes()) {
            boolean lstm = n.opType().equals("LSTM"), gru = n.opType().equals("GRU");
            if ((!lstm && !gru) || !unrollable(n, g, init, reference, lstm)) {
                out.add(n);
                continue;
            }
            new Unroller(n, init, out, read, reference.get(n.inputs().get(0)).shape(), lstm, g.opset()).run();
            changed = true;
        }
        return changed ? g.withNodes(out, init) : g;
    }

    private static boolean unrollable(Node n, Graph g, Map<String, Tensor> init, Map<String, Tensor> reference, boolean lstm) {
        if (!"forward".equals(n.attrString("direction", "forward")) || n.attrInt("layout", 0) != 0 || n.hasAttr("clip")) return false;
        if (lstm && n.attrInt("input_forget", 0) != 0) return false;
        if (n.hasAttr("activations")) {
            List<String> want = lstm ? List.of("Sigmoid", "Tanh", "Tanh") : List.of("Sigmoid", "Tanh");
            String[] a = n.attributes().get("activations").strings();
            for (int i = 0; i < a.length; i++) if (!a[i].equalsIgnoreCase(want.get(i % want.size()))) return false;
        }
        Tensor x = reference.get(n.inputs().get(0));
        if (x == null || x.shape().length != 3) return false;
        for (int i = 1; i < n.inputs().size(); i++) {
            String in = n.inputs().get(i);
            if (in.isEmpty()) continue;
            if (i == 4) return false; // sequence_lens
            if (lstm && i == 7) return false; // peepholes
            Tensor t = init.get(in);
            if (t == null) return false;
            if (i >= 5) for (double v : T.d(t)) if (v != 0) return false; // initial states: zero only
        }
        return init.containsKey(n.inputs().get(1)) && init.containsKey(n.inputs().get(2));
    }

    /** Emits one node's unrolled graph. */
    private static final class Unroller {
        final Node n;
        final Map<String, Tensor> init;
        final List<Node> out;
        final Set<String> read;
        final boolean lstm;
        final int steps, batch, inputs, hidden, gates;
        final String p;
        final int opset;
        final double[] w, r, b;
        int names;

        Unroller(Node n, Map<String, Tensor> init, List<Node> out, Set<String> read, int[] xs, boolean lstm, int opset) {
            this.opset = opset;
            this.n = n;
            this.init = init;
            this.out = out;
            this.read = read;
            this.lstm = lstm;
            this.steps = xs[0];
            this.batch = xs[1];
            this.inputs = xs[2];
            this.gates = lstm ? 4 : 3;
            this.hidden = (int) n.attrInt("hidden_size", init.get(n.inputs().get(2)).shape()[2]);
            this.p = n.name() + "/unrolled/";
            this.w = T.d(init.get(n.inputs().get(1)));
            this.r = T.d(init.get(n.inputs().get(2)));
            boolean hasB = n.inputs().size() > 3 && !n.inputs().get(3).isEmpty();
            this.b = hasB ? T.d(init.get(n.inputs().get(3))) : new double[2 * gates * hidden];
        }

        String fresh(String what) {
            return p + what + (names++);
        }

        String node(String op, Map<String, Attribute> attrs, String... in) {
            String o = fresh(op.toLowerCase() + "_");
            out.add(new Node(o, op, "", List.of(in), List.of(o), attrs));
            return o;
        }

        String constant(String what, int[] shape, double[] v) {
            String c = fresh(what);
            init.put(c, Tensor.ofFloats(shape, v));
            return c;
        }

        /** Gate k's rows of a [gates H, cols] matrix m, transposed to [cols, H]. */
        String transposed(double[] m, int cols, int k, String what) {
            double[] t = new double[cols * hidden];
            for (int h = 0; h < hidden; h++) for (int c = 0; c < cols; c++) t[c * hidden + h] = m[(k * hidden + h) * cols + c];
            return constant(what, new int[] {cols, hidden}, t);
        }

        double[] bias(int offset, int k) {
            double[] v = new double[hidden];
            System.arraycopy(b, offset + k * hidden, v, 0, hidden);
            return v;
        }

        void run() {
            String[] wt = new String[gates], rt = new String[gates];
            for (int k = 0; k < gates; k++) {
                wt[k] = transposed(w, inputs, k, "W" + k);
                rt[k] = transposed(r, hidden, k, "R" + k);
            }
            String h = null, c = null;
            List<String> hs = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                String idx = fresh("t");
                init.put(idx, Tensor.ofInts(DType.INT64, new int[0], new long[] {t}));
                String x = node("Gather", Map.of("axis", Attribute.ofInt("axis", 0)), n.inputs().get(0), idx);
                if (lstm) {
                    String[] pre = new String[4];
                    for (int k = 0; k < 4; k++) pre[k] = gate(x, h, wt[k], rt[k], k, true);
                    String i = node("Sigmoid", Map.of(), pre[0]), o = node("Sigmoid", Map.of(), pre[1]);
                    String f = node("Sigmoid", Map.of(), pre[2]), gg = node("Tanh", Map.of(), pre[3]);
                    String ig = node("Mul", Map.of(), i, gg);
                    c = c == null ? ig : node("Add", Map.of(), node("Mul", Map.of(), f, c), ig);
                    h = node("Mul", Map.of(), o, node("Tanh", Map.of(), c));
                } else {
                    String z = node("Sigmoid", Map.of(), gate(x, h, wt[0], rt[0], 0, true));
                    String rr = node("Sigmoid", Map.of(), gate(x, h, wt[1], rt[1], 1, true));
                    String cand;
                    String xw = node("Gemm", Map.of(), x, wt[2], constant("Wb2_", new int[] {hidden}, bias(0, 2)));
                    double[] rb = bias(gates * hidden, 2);
                    if (n.attrInt("linear_before_reset", 0) != 0) {
                        String hr = h == null ? constant("Rb2_", new int[] {hidden}, rb) : node("Add", Map.of(), node("MatMul", Map.of(), h, rt[2]), constant("Rb2_", new int[] {hidden}, rb));
                        cand = node("Tanh", Map.of(), node("Add", Map.of(), xw, node("Mul", Map.of(), rr, hr)));
                    } else {
                        String rb2 = constant("Rb2_", new int[] {hidden}, rb);
                        String hr = h == null ? rb2 : node("Add", Map.of(), node("MatMul", Map.of(), node("Mul", Map.of(), rr, h), rt[2]), rb2);
                        cand = node("Tanh", Map.of(), node("Add", Map.of(), xw, hr));
                    }
                    String keep = node("Sub", Map.of(), constant("one", new int[] {1}, new double[] {1}), z);
                    String next = node("Mul", Map.of(), keep, cand);
                    h = h == null ? next : node("Add", Map.of(), next, node("Mul", Map.of(), z, h));
                }
                hs.add(h);
            }
            List<String> outs = n.outputs();
            String axes01 = fresh("axes01"), axes0 = fresh("axes0");
            init.put(axes01, Tensor.ofInts(DType.INT64, new int[] {2}, new long[] {0, 1}));
            init.put(axes0, Tensor.ofInts(DType.INT64, new int[] {1}, new long[] {0}));
            if (outs.size() > 0 && read.contains(outs.get(0))) { // Y [steps, 1, batch, hidden]
                String[] parts = new String[steps];
                for (int t = 0; t < steps; t++) parts[t] = unsqueeze(hs.get(t), axes01, new long[] {0, 1});
                out.add(new Node(outs.get(0), "Concat", "", List.of(parts), List.of(outs.get(0)), Map.of("axis", Attribute.ofInt("axis", 0))));
            }
            if (outs.size() > 1 && read.contains(outs.get(1))) emit(h, axes0, new long[] {0}, outs.get(1)); // Y_h [1, batch, hidden]
            if (lstm && outs.size() > 2 && read.contains(outs.get(2))) emit(c, axes0, new long[] {0}, outs.get(2)); // Y_c
        }

        /** Gate k's pre-activation: x W_k^T + Wb_k + Rb_k (+ h R_k^T after the first step). */
        String gate(String x, String h, String wt, String rt, int k, boolean withRb) {
            double[] bk = bias(0, k), rb = bias(gates * hidden, k);
            if (withRb) for (int i = 0; i < hidden; i++) bk[i] += rb[i];
            String xw = node("Gemm", Map.of(), x, wt, constant("b" + k + "_", new int[] {hidden}, bk));
            return h == null ? xw : node("Add", Map.of(), xw, node("MatMul", Map.of(), h, rt));
        }

        String unsqueeze(String x, String axes, long[] axesValue) {
            String o = fresh("unsqueeze_");
            emit(x, axes, axesValue, o);
            return o;
        }

        /** Unsqueeze with axes as an input (opset 13+) or an attribute (before). */
        void emit(String x, String axes, long[] axesValue, String name) {
            if (opset >= 13) out.add(new Node(name, "Unsqueeze", "", List.of(x, axes), List.of(name), Map.of()));
            else out.add(new Node(name, "Unsqueeze", "", List.of(x), List.of(name), Map.of("axes", Attribute.ofInts("axes", axesValue))));
        }
    }
}
