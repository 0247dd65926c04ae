package io.zkml4j.ml.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.T;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LSTM and GRU unrolled into Gather, Gemm, MatMul, Sigmoid, Tanh, Mul, Add, Sub, Unsqueeze, Concat: the same function. */
class RecurrentUnrollTest {
    static Tensor random(Random r, double scale, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * r.nextGaussian();
        return Tensor.ofFloats(shape, v);
    }

    /** One LSTM or GRU node reading x [steps, batch, in], its outputs Y, Y_h (and Y_c) all graph outputs. */
    static Graph graph(String op, int opset, int steps, int batch, int in, int hidden, boolean bias, long lbr, boolean initialZeros, Random r) {
        int g = op.equals("LSTM") ? 4 : 3;
        Map<String, Tensor> init = new LinkedHashMap<>();
        init.put("W", random(r, 0.5, 1, g * hidden, in));
        init.put("R", random(r, 0.5, 1, g * hidden, hidden));
        List<String> ins = new ArrayList<>(List.of("x", "W", "R"));
        if (bias || initialZeros) {
            if (bias) init.put("B", random(r, 0.3, 1, 2 * g * hidden));
            ins.add(bias ? "B" : "");
        }
        if (initialZeros) {
            ins.add("");
            init.put("h0", Tensor.ofFloats(new int[] {1, batch, hidden}, new double[batch * hidden]));
            ins.add("h0");
        }
        List<String> outs = new ArrayList<>(List.of("Y", "Y_h"));
        if (g == 4) outs.add("Y_c");
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("hidden_size", Attribute.ofInt("hidden_size", hidden));
        if (g == 3) attrs.put("linear_before_reset", Attribute.ofInt("linear_before_reset", lbr));
        List<ValueInfo> gouts = new ArrayList<>();
        for (String o : outs) gouts.add(new ValueInfo(o, DType.FLOAT, new int[0]));
        return new Graph("rnn", opset, Map.of("", opset), List.of(new ValueInfo("x", DType.FLOAT, new int[] {steps, batch, in})), gouts,
                List.of(new Node("rnn", op, "", ins, outs, attrs)), init, Map.of());
    }

    @Test
    void unrolledLstmAndGruComputeTheirNodes() {
        Random r = new Random(11);
        for (int opset : new int[] {11, 14}) {
            for (String op : new String[] {"LSTM", "GRU"}) {
                for (long lbr : op.equals("GRU") ? new long[] {0, 1} : new long[] {0}) {
                    for (boolean bias : new boolean[] {true, false}) {
                        Graph g = graph(op, opset, 3, 2, 4, 5, bias, lbr, !bias, r);
                        double[] x = T.d(random(r, 1, 3, 2, 4));
                        Map<String, Tensor> ref = FloatExecutor.runAll(g, List.of(x));
                        Graph u = RecurrentUnroll.apply(g, ref);
                        String what = op + " opset " + opset + " lbr " + lbr + " bias " + bias;
                        assertTrue(u.nodes().stream().noneMatch(n -> n.opType().equals(op)), what);
                        Map<String, Tensor> got = FloatExecutor.runAll(u, List.of(x));
                        for (ValueInfo o : g.outputs()) {
                            assertArrayEquals(ref.get(o.name()).shape(), got.get(o.name()).shape(), what + " " + o.name());
                            double[] want = T.d(ref.get(o.name())), have = T.d(got.get(o.name()));
                            for (int i = 0; i < want.length; i++) assertEquals(want[i], have[i], 1e-9, what + " " + o.name() + " at " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void whatIsNotCoveredStaysWhole() {
        Random r = new Random(12);
        Graph g = graph("LSTM", 14, 2, 1, 3, 2, true, 0, false, r);
        Node n = g.nodes().get(0);
        Map<String, Attribute> reverse = new LinkedHashMap<>(n.attributes());
        reverse.put("direction", Attribute.ofString("direction", "reverse"));
        Graph rev = g.withNodes(List.of(new Node(n.name(), n.opType(), "", n.inputs(), n.outputs(), reverse)), g.initializers());
        Map<String, Tensor> ref = FloatExecutor.runAll(rev, List.of(T.d(random(r, 1, 2, 1, 3))));
        assertTrue(RecurrentUnroll.apply(rev, ref) == rev);
    }
}
