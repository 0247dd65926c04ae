package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.zkml4j.ml.prover.ConvProofTest.attrs;
import static io.zkml4j.ml.prover.ElementwiseProofTest.provesEveryOutput;
import static io.zkml4j.ml.prover.MaliciousProverTest.Alter;
import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.outOfTable;
import static io.zkml4j.ml.prover.MaliciousProverTest.rangeCheck;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static io.zkml4j.ml.prover.MaliciousProverTest.vecId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** ArgMax and ArgMin over either axis, keepdims both, first and last occurrence: honest proofs equal the executor; cheats are caught. */
class ArgMaxProofTest {
    static final int ROWS = 2, L = 5;

    /** x [2,5]: a = ArgMax(axis 1, keepdims), b = ArgMax(axis 0, no keepdims, last), c = ArgMin(axis 1, no keepdims), d = ArgMin(axis 0, last). */
    static QuantizedModel model() {
        Graph g = new Graph("test:argmax", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, new int[] {ROWS, L})),
                List.of(new ValueInfo("a", DType.INT64, new int[] {ROWS, 1}), new ValueInfo("b", DType.INT64, new int[] {L}),
                        new ValueInfo("c", DType.INT64, new int[] {ROWS}), new ValueInfo("d", DType.INT64, new int[] {1, L})),
                List.of(new Node("amax", "ArgMax", "", List.of("x"), List.of("a"), attrs("axis", 1)),
                        new Node("amaxlast", "ArgMax", "", List.of("x"), List.of("b"), attrs("axis", 0, "keepdims", 0, "select_last_index", 1)),
                        new Node("amin", "ArgMin", "", List.of("x"), List.of("c"), attrs("axis", 1, "keepdims", 0)),
                        new Node("aminlast", "ArgMin", "", List.of("x"), List.of("d"), attrs("axis", 0, "select_last_index", 1))),
                Map.of(), Map.of());
        SplittableRandom rnd = new SplittableRandom(41);
        List<List<double[]>> cal = new ArrayList<>();
        for (int k = 0; k < 3; k++) cal.add(List.of(input(rnd)));
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    /** Few distinct values: ties in most slices. */
    static double[] input(SplittableRandom rnd) {
        double[] x = new double[ROWS * L];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextInt(-2, 3) * 0.5;
        return x;
    }

    /** Row 0 has its maximum 1 at columns 1 and 3 and its minimum -1 at 0 and 4; column 2 ties across the rows. */
    static double[] ties() {
        return new double[] {-1, 1, 0.5, 1, -1, 0, 0, 0.5, 0, -0.5};
    }

    private static final ProvingKey PK = ModelSetup.setup(model(), Visibility.ALL_PUBLIC);

    @Test
    void honestProofsEqualTheExecutor() {
        IntTrace t = provesEveryOutput(PK, ties());
        assertArrayEquals(new long[] {1, 2}, t.output(0).values(), "first maximum");
        assertArrayEquals(new long[] {1, 0, 1, 0, 1}, t.output(1).values(), "last maximum down the columns");
        assertArrayEquals(new long[] {0, 4}, t.output(2).values(), "first minimum");
        assertArrayEquals(new long[] {0, 1, 1, 1, 0}, t.output(3).values(), "last minimum down the columns");
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < 3; k++) provesEveryOutput(PK, input(rnd));
    }

    @Test
    void anotherTiedIndexIsCaught() {
        ProvingKey pk = PK;
        long[] x = pk.model.quantizeInputs(List.of(ties())).get(0);
        // the later of two maxima, the earlier of two last maxima, the later of two minima, a non-extreme index
        caughtAt(rejected(pk, x, new Alter(pk, "a", v -> v[0] = 3)), "amax", "ArgMax");
        caughtAt(rejected(pk, x, new Alter(pk, "b", v -> v[2] = 0)), "amaxlast", "ArgMax");
        caughtAt(rejected(pk, x, new Alter(pk, "c", v -> v[0] = 4)), "amin", "ArgMin");
        caughtAt(rejected(pk, x, new Alter(pk, "d", v -> v[0] = 1)), "aminlast", "ArgMin");
        caughtAt(rejected(pk, x, new Alter(pk, "a", v -> v[0] = 2)), "amax", "ArgMax");
        // an index beyond the axis
        caughtAt(rejected(pk, x, new Alter(pk, "a", v -> v[1] = L)), "amax", "ArgMax");
    }

    @Test
    void aConsistentlyMovedMaximumLeavesTheRange() {
        ProvingKey pk = PK;
        long[] x = pk.model.quantizeInputs(List.of(ties())).get(0);
        // index 3 (the later maximum of row 0) with the extreme key, its decomposition and the index quantities all
        // moved to that entry's key L x_3 + (L - 1 - 3): the earlier maximum's key is then above the claimed maximum
        RangeCheck diff = rangeCheck(pk.vk.circuit, "amax.key.diff");
        Alter moved = laterMaximumOfRow0(pk, w -> {
            long[] d = w.quantities.get(diff).clone(); // slot k of slice 0 at k * ROWS
            for (int k = 0; k < L; k++) d[k * ROWS] -= 2;
            w.range(diff, d);
        });
        outOfTable(pk, x, moved);
    }

    /**
     * The index 3 for row 0 of {@link #ties()} (the later of its two maxima; honest 1): the extreme key moved to that
     * entry's key L x_3 + (L - 1 - 3) and its decomposition (e, L - 1 - e) along with it; then {@code more}.
     */
    static Alter laterMaximumOfRow0(ProvingKey pk, java.util.function.Consumer<Witness> more) {
        RangeCheck idx = rangeCheck(pk.vk.circuit, "amax.index"), top = rangeCheck(pk.vk.circuit, "amax.index.top");
        return new Alter(pk, "a", v -> v[0] = 3).aux(w -> {
            int mid = vecId(w.circuit, "amax.keymax");
            long[] m = w.values(mid).clone();
            m[0] -= 2; // L x + (L - 1 - 1) -> L x + (L - 1 - 3), same x
            w.set(mid, m);
            long[] e = w.quantities.get(idx).clone(), tp = w.quantities.get(top).clone();
            e[0] -= 2;
            tp[0] += 2;
            w.range(idx, e);
            w.range(top, tp);
            more.accept(w);
        });
    }

    /** Test cheats: the altered amax's quantities recomputed from keys and the claimed extreme key of each slice. */
    private static void amaxFrom(Witness w, long[] keys, long[] m, long[] e) {
        Circuit c = w.circuit;
        w.set(vecId(c, "amax.keys"), keys);
        w.set(vecId(c, "amax.keymax"), m);
        long[] q = new long[ROWS], top = new long[ROWS], d = new long[L * ROWS];
        for (int o = 0; o < ROWS; o++) {
            q[o] = Math.floorDiv(m[o] - e[o], L);
            top[o] = L - 1 - e[o];
            for (int k = 0; k < L; k++) d[k * ROWS + o] = m[o] - keys[o * L + k];
        }
        w.set(vecId(c, "amax.quotient"), q);
        w.budget(rangeCheck(c, "amax.quotient.bound"), q);
        w.range(rangeCheck(c, "amax.index"), e);
        w.range(rangeCheck(c, "amax.index.top"), top);
        w.range(rangeCheck(c, "amax.key.diff"), d);
    }

    @Test
    void forgedKeysAreCaught() {
        ProvingKey pk = PK;
        long[] x = pk.model.quantizeInputs(List.of(ties())).get(0);
        // the later maximum (index 3) given a key one L above its own, L x_3 + L + (L - 1 - 3): it is then the
        // unique largest key with the right tie-break, and everything after the keys is consistent
        caughtAt(rejected(pk, x, new Alter(pk, "a", v -> v[0] = 3).aux(w -> {
            long[] keys = w.values(vecId(w.circuit, "amax.keys")).clone(), m = w.values(vecId(w.circuit, "amax.keymax")).clone();
            keys[3] += L;
            m[0] = keys[3];
            long[] e = w.quantities.get(rangeCheck(w.circuit, "amax.index")).clone();
            e[0] = L - 1 - 3;
            amaxFrom(w, keys, m, e);
        })), "amax", "ArgMax");
        // an index of -3 in row 1 (honest 2, e = 2): e = 7 (< 2^3) and q - 1 keep the extreme key's decomposition,
        // L - 1 - e = -3 leaves the axis; its quantity kept at the honest 2 in range, only its relation objects
        caughtAt(rejected(pk, x, new Alter(pk, "a", v -> v[1] = -3).aux(w -> {
            long[] keys = w.values(vecId(w.circuit, "amax.keys")).clone(), m = w.values(vecId(w.circuit, "amax.keymax")).clone();
            long[] e = w.quantities.get(rangeCheck(w.circuit, "amax.index")).clone();
            e[1] += L;
            amaxFrom(w, keys, m, e);
            long[] top = w.quantities.get(rangeCheck(w.circuit, "amax.index.top")).clone();
            top[1] = 2;
            w.range(rangeCheck(w.circuit, "amax.index.top"), top);
        })), "amax", "ArgMax");
        // the later maximum with its index quantities moved along but the extreme key honest: M != L q + e
        caughtAt(rejected(pk, x, new Alter(pk, "a", v -> v[0] = 3).aux(w -> {
            RangeCheck idx = rangeCheck(w.circuit, "amax.index"), top = rangeCheck(w.circuit, "amax.index.top");
            long[] e = w.quantities.get(idx).clone(), tp = w.quantities.get(top).clone();
            e[0] -= 2;
            tp[0] += 2;
            w.range(idx, e);
            w.range(top, tp);
        })), "amax", "ArgMax");
    }

    @Test
    void aWrappedQuotientIsCaught() {
        ProvingKey pk = PK;
        long[] x = pk.model.quantizeInputs(List.of(ties())).get(0);
        // index 0 for row 0 (honest 1, e = 3): e = 4 with q = (M - 4) / L in the field, a wrapped non-integer; the
        // quotient's bound quantity kept honest, only the range budget's relation objects
        RangeCheck bound = rangeCheck(pk.vk.circuit, "amax.quotient.bound");
        caughtAt(rejected(pk, x, new Alter(pk, "a", v -> v[0] = 0).aux(w -> {
            long[] keys = w.values(vecId(w.circuit, "amax.keys")).clone(), m = w.values(vecId(w.circuit, "amax.keymax")).clone();
            long[] e = w.quantities.get(rangeCheck(w.circuit, "amax.index")).clone(), honestBound = w.quantities.get(bound).clone();
            e[0] = L - 1;
            amaxFrom(w, keys, m, e);
            int qid = vecId(w.circuit, "amax.quotient");
            long[] q = w.values(qid).clone();
            long f = Goldilocks.mul(Goldilocks.fromSigned(m[0] - e[0]), Goldilocks.pow(L, Goldilocks.P - 2));
            q[0] = Goldilocks.toSigned(f);
            w.set(qid, q);
            w.range(bound, honestBound);
        })), "amax", "ArgMax");
    }

    @Test
    void middleAndUnitAxesOfARank3Tensor() {
        // x [2,3,4]: a = ArgMax over the middle axis (length 3: padded to 4), b = ArgMin over the last (last occurrence),
        // c = ArgMax over a unit axis of the reshaped x [2,1,12] (the index is 0 everywhere)
        Graph g = new Graph("test:argmax3", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, new int[] {2, 3, 4})),
                List.of(new ValueInfo("a", DType.INT64, new int[] {2, 4}), new ValueInfo("b", DType.INT64, new int[] {2, 3, 1}),
                        new ValueInfo("c", DType.INT64, new int[] {2, 12})),
                List.of(new Node("amax", "ArgMax", "", List.of("x"), List.of("a"), attrs("axis", 1, "keepdims", 0)),
                        new Node("amin", "ArgMin", "", List.of("x"), List.of("b"), attrs("axis", -1, "select_last_index", 1)),
                        new Node("reshape", "Reshape", "", List.of("x", "shape"), List.of("y"), Map.of()),
                        new Node("unit", "ArgMax", "", List.of("y"), List.of("c"), attrs("axis", 1, "keepdims", 0))),
                Map.of("shape", Tensor.ofInts(DType.INT64, new int[] {3}, new long[] {2, 1, 12})), Map.of());
        SplittableRandom rnd = new SplittableRandom(43);
        double[][] in = new double[3][24];
        for (double[] x : in) for (int i = 0; i < x.length; i++) x[i] = rnd.nextInt(-2, 3) * 0.5;
        List<List<double[]>> cal = new ArrayList<>();
        for (double[] x : in) cal.add(List.of(x));
        ProvingKey pk = ModelSetup.setup(ModelCompiler.compile(g, cal, CompileOptions.defaults()), Visibility.ALL_PUBLIC);
        for (double[] x : in) provesEveryOutput(pk, x);
    }

    @Test
    void provesEzklHardMax() throws IOException {
        Assumptions.assumeTrue(ElementwiseProofTest.provesEzkl("hard_max"), "ezkl examples not present");
    }
}
