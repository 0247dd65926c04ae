package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.zkml4j.ml.prover.ElementwiseProofTest.provesEveryOutput;
import static io.zkml4j.ml.prover.MaliciousProverTest.Alter;
import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.first;
import static io.zkml4j.ml.prover.MaliciousProverTest.outOfTable;
import static io.zkml4j.ml.prover.MaliciousProverTest.rangeCheck;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static io.zkml4j.ml.prover.MaliciousProverTest.vecId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round (half to even, ties included) and Sign (zero included): honest proofs equal the executor; cheats are caught in their node. */
class RoundSignProofTest {
    /** x [1,8] -> r = Round(x), g = Sign(x), k = Round(Gemm(x)). */
    static QuantizedModel model() {
        SplittableRandom rnd = new SplittableRandom(31);
        double[] w = new double[8 * 6], b = new double[6];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble(-0.5, 0.5);
        Graph g = new Graph("test:round-sign", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, 8})),
                List.of(new ValueInfo("r", DType.FLOAT, new int[] {1, 8}), new ValueInfo("g", DType.FLOAT, new int[] {1, 8}),
                        new ValueInfo("k", DType.FLOAT, new int[] {1, 6})),
                List.of(new Node("round", "Round", "", List.of("x"), List.of("r"), Map.of()),
                        new Node("sign", "Sign", "", List.of("x"), List.of("g"), Map.of()),
                        new Node("gemm", "Gemm", "", List.of("x", "W", "B"), List.of("h"), Map.of()),
                        new Node("round2", "Round", "", List.of("h"), List.of("k"), Map.of())),
                Map.of("W", Tensor.ofFloats(new int[] {8, 6}, w), "B", Tensor.ofFloats(new int[] {6}, b)), Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        cal.add(List.of(ties()));
        for (int k = 0; k < 3; k++) cal.add(List.of(input(rnd)));
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    /** Ties of both parities and signs, a zero, and non-ties. */
    static double[] ties() {
        return new double[] {0.5, 1.5, 2.5, -0.5, -1.5, 0, 1.25, -2.75};
    }

    static double[] input(SplittableRandom rnd) {
        double[] x = new double[8];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble(-3, 3);
        return x;
    }

    static final ProvingKey PK = ModelSetup.setup(model(), Visibility.ALL_PUBLIC);

    @Test
    void honestProofsEqualTheExecutor() {
        ProvingKey pk = PK;
        SplittableRandom rnd = new SplittableRandom(5);
        IntTrace t = provesEveryOutput(pk, ties());
        int s = pk.vk.outputs().get(0).scale();
        assertTrue(s > 0, "rounding needs a positive scale");
        long u = 1L << s;
        assertArrayEquals(new long[] {0, 2 * u, 2 * u, 0, -2 * u, 0, u, -3 * u}, t.output(0).values(), "round half to even");
        assertArrayEquals(new long[] {u, u, u, -u, -u, 0, u, -u}, t.output(1).values(), "sign");
        for (int k = 0; k < 2; k++) provesEveryOutput(pk, input(rnd));
    }

    /** 1 at output o's scale. */
    static long unit(int o) {
        return 1L << PK.vk.outputs().get(o).scale();
    }

    @Test
    void wrongRoundingIsCaughtInItsNode() {
        ProvingKey pk = PK;
        long[] x = pk.model.quantizeInputs(List.of(ties())).get(0);
        long u = unit(0);
        // a tie rounded to the odd neighbour (0.5 -> 1, 2.5 -> 3), a non-tie rounded the wrong way, not a multiple
        caughtAt(rejected(pk, x, new Alter(pk, "r", v -> v[0] += u)), "round", "Round");
        caughtAt(rejected(pk, x, new Alter(pk, "r", v -> v[2] += u)), "round", "Round");
        caughtAt(rejected(pk, x, new Alter(pk, "r", v -> v[6] += u)), "round", "Round");
        caughtAt(rejected(pk, x, new Alter(pk, "r", v -> v[7] += 1)), "round", "Round");
        // 0.5 -> 1 with the quotient moved along (z = 2^s q holds) and the remainder kept in range: the floor
        // relation x + h - 1 + b = 2^s q + rem needs rem = b - 1, so b = 1 - then the parity relation fails
        RangeCheck qb = rangeCheck(pk.vk.circuit, "round.quotient.bound"), rem = rangeCheck(pk.vk.circuit, "round.rem");
        RangeCheck bit = rangeCheck(pk.vk.circuit, "round.parity");
        Alter up = new Alter(pk, "r", v -> v[0] += u).aux(w -> {
            int qid = vecId(w.circuit, "round.quotient");
            long[] q = w.values(qid).clone();
            q[0] += 1;
            w.set(qid, q);
            w.budget(qb, q);
            long[] b = w.quantities.get(bit).clone();
            b[0] = 1;
            w.range(bit, b);
            long[] r = w.quantities.get(rem).clone();
            r[0] = 0; // x + h - 1 + 1 = 2^s: quotient 1, remainder 0
            w.range(rem, r);
        });
        caughtAt(rejected(pk, x, up), "round", "Round");
        // ... and with the parity stage moved along too (a = -1, b = 1), its remainder 2^s + h leaves [0, 2^s)
        RangeCheck half = rangeCheck(pk.vk.circuit, "round.half.bound"), hrem = rangeCheck(pk.vk.circuit, "round.half.rem");
        Alter deep = new Alter(pk, "r", v -> v[0] += u).aux(w -> {
            up.aux.accept(w);
            halfQuotient(w, half, -1);
            long[] f = w.quantities.get(hrem).clone();
            f[0] = x[0] + 2 * u - u; // x = 2^(s+1) a + 2^s b + f
            w.range(hrem, f);
        });
        outOfTable(pk, x, deep);
        // a parity of 2 (x = 0.5: a = -1, b = 2 keeps x = 2^(s+1) a + 2^s b + f with f honest): only the bit check objects
        Alter two = new Alter(pk, "r", v -> v[0] += u).aux(w -> {
            up.aux.accept(w);
            long[] b = w.quantities.get(bit).clone();
            b[0] = 2;
            w.range(bit, b);
            halfQuotient(w, half, -1);
            long[] r = w.quantities.get(rem).clone();
            r[0] = x[0] + u / 2 - 1 + 2 - u; // x + h - 1 + b = 2^s q + rem with q = 1
            w.range(rem, r);
        });
        outOfTable(pk, x, two);
    }

    /** Sets Round's half quotient a of entry 0 (and its bound quantity). */
    private static void halfQuotient(Witness w, RangeCheck bound, long a0) {
        int aid = vecId(w.circuit, "round.half");
        long[] a = w.values(aid).clone();
        a[0] = a0;
        w.set(aid, a);
        w.budget(bound, a);
    }

    @Test
    void wrongSignIsCaughtInItsNode() {
        ProvingKey pk = PK;
        long[] x = pk.model.quantizeInputs(List.of(ties())).get(0);
        long u = unit(1);
        caughtAt(rejected(pk, x, new Alter(pk, "g", v -> v[5] = u)), "sign", "Sign"); // sign(0) = 1
        caughtAt(rejected(pk, x, new Alter(pk, "g", v -> v[0] = 0)), "sign", "Sign");
        caughtAt(rejected(pk, x, new Alter(pk, "g", v -> v[3] = u)), "sign", "Sign");
        // the committed unit moved along with the output (z = 2^s u holds): a clamp step objects
        int i = first(x, k -> x[k] == 0);
        caughtAt(rejected(pk, x, new Alter(pk, "g", v -> v[i] = u).aux(w -> {
            int id = vecId(w.circuit, "sign.unit");
            long[] un = w.values(id).clone();
            un[i] = 1;
            w.set(id, un);
        })), "sign", "Sign");
    }
}
