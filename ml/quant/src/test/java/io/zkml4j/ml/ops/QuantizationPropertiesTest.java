package io.zkml4j.ml.ops;

import static io.zkml4j.ml.ops.TestGraphs.attrs;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ops.TestGraphs.In;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Quantized vs float on random magnitudes, shapes and weights: the scale choice must adapt to any range. */
class QuantizationPropertiesTest {
    private static List<double[]> sample(Random r, int n, double mag) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (2 * r.nextDouble() - 1) * mag;
        return List.of(v);
    }

    private static double check(Graph g, int n, double mag, long seed) {
        Random r = new Random(seed);
        List<List<double[]>> cal = new ArrayList<>();
        for (int i = 0; i < 4; i++) cal.add(sample(r, n, mag));
        QuantizedModel m = ModelCompiler.compile(g, cal, CompileOptions.defaults());
        double worst = 0;
        for (int i = 0; i < 4; i++) {
            List<double[]> x = sample(r, n, mag);
            worst = Math.max(worst, ModelCompiler.relativeError(m.run(x).get(0), FloatExecutor.run(g, x).get(0)));
        }
        return worst;
    }

    @Property(tries = 40)
    void elementwiseChainsAtAnyMagnitude(@ForAll @DoubleRange(min = -3, max = 3) double logMag, @ForAll long seed) {
        double mag = Math.pow(10, logMag);
        for (String op : List.of("Relu", "Abs", "Neg", "Softsign")) {
            double err = check(TestGraphs.single(op, null, 1, In.x("x", 16)), 16, mag, seed);
            assertTrue(err <= 0.01, op + " at magnitude " + mag + ": " + err);
        }
    }

    @Property(tries = 30)
    void denseLayersAtAnyMagnitude(@ForAll @DoubleRange(min = -3, max = 3) double logMag, @ForAll @DoubleRange(min = -3, max = 2) double logW,
                                   @ForAll @IntRange(min = 1, max = 40) int k, @ForAll long seed) {
        Random r = new Random(seed);
        double wm = Math.pow(10, logW);
        double[] w = new double[k * 3];
        for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian() * wm;
        double[] b = {r.nextGaussian() * wm, 0, -r.nextGaussian()};
        Graph g = TestGraphs.single("Gemm", attrs(Attribute.ofInt("transB", 1)), 1, In.x("x", 1, k),
                In.c("w", TestGraphs.f(new int[] {3, k}, w)), In.c("b", TestGraphs.f(new int[] {3}, b)));
        double err = check(g, k, Math.pow(10, logMag), seed);
        assertTrue(err <= 0.01, "Gemm: " + err);
    }

    @Property(tries = 30)
    void softmaxAtAnyTemperature(@ForAll @DoubleRange(min = -2, max = 1.3) double logMag, @ForAll @IntRange(min = 2, max = 50) int n, @ForAll long seed) {
        double err = check(TestGraphs.single("Softmax", null, 1, In.x("x", 1, n)), n, Math.pow(10, logMag), seed);
        assertTrue(err <= 0.01, "Softmax: " + err);
    }
}
