package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LSTM and GRU prove as their unrolled steps (RecurrentUnroll); a cheat in a hidden state is rejected. */
class RecurrentProofTest {
    static double[] gaussian(Random r, double scale, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * r.nextGaussian();
        return v;
    }

    static QuantizedModel model(String op, long seed) {
        Random r = new Random(seed);
        int steps = 3, in = 4, hidden = 5, g = op.equals("LSTM") ? 4 : 3;
        Map<String, Tensor> init = new LinkedHashMap<>();
        init.put("W", Tensor.ofFloats(new int[] {1, g * hidden, in}, gaussian(r, 0.5, g * hidden * in)));
        init.put("R", Tensor.ofFloats(new int[] {1, g * hidden, hidden}, gaussian(r, 0.5, g * hidden * hidden)));
        init.put("B", Tensor.ofFloats(new int[] {1, 2 * g * hidden}, gaussian(r, 0.3, 2 * g * hidden)));
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("hidden_size", Attribute.ofInt("hidden_size", hidden));
        if (g == 3) attrs.put("linear_before_reset", Attribute.ofInt("linear_before_reset", 1));
        List<String> outs = new ArrayList<>(List.of("Y", "Y_h"));
        if (g == 4) outs.add("Y_c");
        Graph graph = new Graph("rnn", 14, Map.of("", 14), List.of(new ValueInfo("x", DType.FLOAT, new int[] {steps, 1, in})),
                List.of(new ValueInfo("Y_h", DType.FLOAT, new int[0])), List.of(new Node("rnn", op, "", List.of("x", "W", "R", "B"), outs, attrs)), init, Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        for (int i = 0; i < 6; i++) cal.add(List.of(gaussian(r, 1, steps * in)));
        return ModelCompiler.compile(graph, cal, CompileOptions.defaults());
    }

    @Test
    void lstmAndGruProveAndACheatInAHiddenStateIsRejected() {
        for (String op : new String[] {"LSTM", "GRU"}) {
            QuantizedModel m = model(op, 71);
            assertTrue(m.nodes.stream().noneMatch(q -> q.op.equals(op)), op + " unrolled");
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            double[] x = gaussian(new Random(5), 1, 12);
            ElementwiseProofTest.provesEveryOutput(pk, x);
            long[] xq = quantized(pk, x);
            // the first step's hidden state (a product, read by the next step's gates) moved by one
            QNode mul = m.nodes.stream().filter(q -> q.op.equals("Mul")).skip(op.equals("LSTM") ? 1 : 0).findFirst().orElseThrow();
            String msg = MaliciousProverTest.rejected(pk, xq, new MaliciousProverTest.Alter(pk, mul.outputs.get(0), v -> v[0] += 1));
            assertFalse(msg.isEmpty(), op);
            ProvingKey priv = ModelSetup.setup(m, Visibility.DEFAULT);
            ModelProver.Result r = ModelProver.proveQuantized(priv, xq);
            ModelVerifier.verify(priv.verifyingKey(), null, r.publicOutput, r.proof);
        }
    }
}
