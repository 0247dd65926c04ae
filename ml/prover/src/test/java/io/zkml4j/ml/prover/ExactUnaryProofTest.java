package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.first;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Abs, Floor and Ceil: honest proofs equal the executor; a wrong value in any of them is caught in its node. */
class ExactUnaryProofTest {
    /** x [1,8] -> Gemm -> h; a = Abs(h); outputs Floor(a) and Ceil(h) (values of magnitude ~4: fractions to round). */
    static QuantizedModel model() {
        SplittableRandom rnd = new SplittableRandom(21);
        double[] w = new double[8 * 6], b = new double[6];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble(-0.5, 0.5);
        Graph g = new Graph("test:exact-unary", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, 8})),
                List.of(new ValueInfo("f", DType.FLOAT, new int[] {1, 6}), new ValueInfo("c", DType.FLOAT, new int[] {1, 6})),
                List.of(new Node("gemm", "Gemm", "", List.of("x", "W", "B"), List.of("h"), Map.of()),
                        new Node("abs", "Abs", "", List.of("h"), List.of("a"), Map.of()),
                        new Node("floor", "Floor", "", List.of("a"), List.of("f"), Map.of()),
                        new Node("ceil", "Ceil", "", List.of("h"), List.of("c"), Map.of())),
                Map.of("W", Tensor.ofFloats(new int[] {8, 6}, w), "B", Tensor.ofFloats(new int[] {6}, b)), Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        for (int k = 0; k < 4; k++) cal.add(List.of(input(rnd)));
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    static double[] input(SplittableRandom rnd) {
        double[] x = new double[8];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble(-2, 2);
        return x;
    }

    private static ProvingKey pk;

    static synchronized ProvingKey pk() {
        if (pk == null) pk = ModelSetup.setup(model(), Visibility.ALL_PUBLIC);
        return pk;
    }

    @Test
    void honestProofsEqualTheExecutor() {
        ProvingKey pk = pk();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < 4; k++) {
            double[] x = input(rnd);
            ModelProver.Result r = ModelProver.prove(pk, x);
            var t = pk.model.execute(pk.model.quantizeInputs(List.of(x)));
            long[] expected = new long[12];
            System.arraycopy(t.output(0).values(), 0, expected, 0, 6);
            System.arraycopy(t.output(1).values(), 0, expected, 6, 6);
            assertArrayEquals(expected, r.output);
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        }
    }

    @Test
    void aWrongValueIsCaughtInItsNode() {
        ProvingKey pk = pk();
        long[] x = pk.model.quantizeInputs(List.of(input(new SplittableRandom(6)))).get(0);
        long[] h = pk.model.execute(List.of(x)).get("h").values();
        int s = pk.vk.outputs().get(0).scale();
        assertTrue(s > 0, "rounding needs a positive scale");
        int neg = first(h, i -> h[i] < 0);
        // Abs: |h| replaced by h (the clamp's committed max(h, 0) stays honest): 2 max(h,0) - h != h for h < 0
        caughtAt(rejected(pk, x, new MaliciousProverTest.Alter(pk, "a", v -> v[neg] = h[neg])), "abs", "Abs");
        // Floor and Ceil one unit of 2^s off (the next multiple): the remainder relation cannot hold with a range-checked remainder
        caughtAt(rejected(pk, x, new MaliciousProverTest.Alter(pk, "f", v -> v[1] += 1L << s)), "floor", "Floor");
        caughtAt(rejected(pk, x, new MaliciousProverTest.Alter(pk, "c", v -> v[2] -= 1L << s)), "ceil", "Ceil");
        // Floor one multiple up with its quotient moved along (z = 2^s q holds): only x = 2^s q + rem can catch it
        RangeCheck bound = MaliciousProverTest.rangeCheck(pk.vk.circuit, "floor.quotient.bound");
        MaliciousProverTest.Alter up = new MaliciousProverTest.Alter(pk, "f", v -> v[1] += 1L << s).aux(w -> {
            int qid = MaliciousProverTest.vecId(w.circuit, "floor.quotient");
            long[] q = w.values(qid).clone();
            q[1] += 1;
            w.set(qid, q);
            w.budget(bound, q);
        });
        caughtAt(rejected(pk, x, up), "floor", "Floor");
        // not a multiple of 2^s at all
        caughtAt(rejected(pk, x, new MaliciousProverTest.Alter(pk, "f", v -> v[3] += 1)), "floor", "Floor");
    }
}
