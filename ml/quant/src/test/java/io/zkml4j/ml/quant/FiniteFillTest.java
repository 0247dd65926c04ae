package io.zkml4j.ml.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A causal mask filled with -inf (PyTorch's masked_fill before Softmax) quantizes: masked entries 0, the rest close. */
class FiniteFillTest {
    @Test
    void infiniteFillBeforeSoftmaxQuantizes() {
        int t = 6;
        long[] mask = new long[t * t];
        for (int i = 0; i < t; i++) for (int j = 0; j < t; j++) mask[i * t + j] = j > i ? 1 : 0;
        Graph g = new Graph("mask", 17, Map.of("", 17), List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, t, t})),
                List.of(new ValueInfo("y", DType.FLOAT, new int[] {1, t, t})),
                List.of(new Node("where", "Where", "", List.of("mask", "fill", "x"), List.of("w"), Map.of()),
                        new Node("softmax", "Softmax", "", List.of("w"), List.of("y"), Map.of("axis", Attribute.ofInt("axis", -1)))),
                Map.of("mask", Tensor.ofInts(DType.BOOL, new int[] {1, t, t}, mask), "fill", Tensor.scalarFloat(Double.NEGATIVE_INFINITY)), Map.of());
        Random r = new Random(2);
        List<List<double[]>> cal = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            double[] x = new double[t * t];
            for (int i = 0; i < x.length; i++) x[i] = 2 * r.nextGaussian();
            cal.add(List.of(x));
        }
        QuantizedModel m = ModelCompiler.compile(g, cal, CompileOptions.defaults());
        for (List<double[]> x : cal) {
            double[] want = FloatExecutor.run(g, x).get(0), have = m.run(x).get(0);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], have[i], 1e-3, "entry " + i);
                if (mask[i] != 0) assertEquals(0, have[i], "masked entry " + i);
            }
        }
    }
}
