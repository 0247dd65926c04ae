package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.outOfRange;
import static io.zkml4j.ml.prover.ElementwiseProofTest.proves;
import static io.zkml4j.ml.prover.ElementwiseProofTest.provesEzkl;
import static io.zkml4j.ml.prover.ElementwiseProofTest.qnode;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.range;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.ElementwiseProofTest.vec;
import static io.zkml4j.ml.prover.MaliciousProverTest.Alter;
import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.caughtBySumcheckAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.first;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cast (the identity mode, IndexProof), Clip and Relu (ClipProof over {@link Clamp} steps), PRelu (LeakyReluProof),
 * standalone BatchNormalization and Neg (ElementwiseProof): completeness on small
 * models compiled by ml/quant (the proven output is the integer executor's) and on ezkl examples; soundness against
 * cheating provers that change one value (later nodes re-run honestly, {@link MaliciousProverTest.Alter}) or take the
 * wrong branch of a clamp, each rejected in the node where it happened.
 */
class AffineOpsProofTest {

    private static String scalar(G g, double v) {
        return g.c(Tensor.ofFloats(new int[0], new double[] {v}));
    }

    // ------------------------------------------------------------------ Cast

    @Test
    void castToFloatIsProvenAsTheIdentity() {
        G g = new G(31, 1, 6);
        String h = g.gemm("x", 6, 6, 0.5);
        String c = g.op("Cast", Map.of("to", Attribute.ofInt("to", 1)), h);
        QuantizedModel m = g.compile(g.gemm(c, 6, 3, 0.5), 1);
        proves(g, m, 2, 1);
        // public input and output
        G d = new G(32, 1, 5);
        proves(d, d.compile(d.op("Cast", Map.of("to", Attribute.ofInt("to", 1)), "x"), 1), 2, 1);
    }

    @Test
    void castOutputChangedIsCaughtInTheCast() {
        G g = new G(31, 1, 6);
        String c = g.op("Cast", Map.of("to", Attribute.ofInt("to", 1)), g.gemm("x", 6, 6, 0.5));
        QuantizedModel m = g.compile(g.gemm(c, 6, 3, 0.5), 1);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "Cast");
        long[] x = quantized(pk, g.input(1));
        caughtAt(rejected(pk, x, new Alter(pk, qnode(m, "Cast").outputs.get(0), v -> v[2] += 1)), n.name, "Cast");
    }

    @Test
    void castChangingValuesIsRejectedWithItsReason() {
        for (long to : new long[] {7, 9}) { // to int64 (truncation), to bool
            G g = new G(33, 1, 6);
            String c = g.op("Cast", Map.of("to", Attribute.ofInt("to", to)), g.gemm("x", 6, 6, 0.5));
            QuantizedModel m = g.compile(g.op("Cast", Map.of("to", Attribute.ofInt("to", 1)), c), 1);
            ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
            assertTrue(e.getMessage().contains("(Cast): not provable yet (Cast " + (to == 9 ? "to bool" : "truncating")), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ Clip

    /** x[1,12] -> Gemm12 -> Clip(lo, hi) (either may be absent: NaN) -> Gemm4. */
    private static QuantizedModel clipModel(G g, double lo, double hi) {
        String h = g.gemm("x", 12, 12, 0.5);
        String mn = Double.isNaN(lo) ? "" : scalar(g, lo), mx = Double.isNaN(hi) ? "" : scalar(g, hi);
        String c = g.op("Clip", h, mn, mx);
        return g.compile(g.gemm(c, 12, 4, 0.5), 1);
    }

    @Test
    void clipWithBothOneOrNoBounds() {
        double[][] bounds = {{-0.4, 0.5}, {Double.NaN, 0.3}, {-0.2, Double.NaN}, {Double.NaN, Double.NaN}, {0, 6}};
        for (double[] b : bounds) {
            G g = new G(34, 1, 12);
            QuantizedModel m = clipModel(g, b[0], b[1]);
            double[] x = g.input(1);
            QNode q = qnode(m, "Clip");
            long[] h = m.runTrace(List.of(x)).get(q.inputs.get(0)).values();
            long[] bd = q.ints("bounds");
            if (b[0] == -0.4) {
                assertTrue(Arrays.stream(h).anyMatch(v -> v < bd[0]) && Arrays.stream(h).anyMatch(v -> v > bd[1])
                        && Arrays.stream(h).anyMatch(v -> v > bd[0] && v < bd[1]), "every branch is exercised");
            }
            proves(m, x, g.input(1));
        }
        // public input and output, Relu6-like bounds
        G d = new G(35, 1, 16);
        proves(d, d.compile(d.op("Clip", "x", scalar(d, 0), scalar(d, 0.6)), 1), 2, 1);
    }

    @Test
    void clipWithInvertedBoundsIsRejected() {
        G g = new G(36, 1, 12);
        QuantizedModel m = clipModel(g, 0.5, -0.5);
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertTrue(e.getMessage().contains("(Clip): not provable yet (Clip with min"), e.getMessage());
    }

    /** The Clip's input values (the honest run), its node and its bounds. */
    private record ClipCase(ProvingKey pk, NodeSpec n, long[] x, long[] pre, String out, long lo, long hi) {}

    private static ClipCase clipCase() {
        G g = new G(34, 1, 12);
        QuantizedModel m = clipModel(g, -0.4, 0.5);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "Clip");
        double[] in = g.input(1);
        long[] x = quantized(pk, in);
        QNode q = qnode(m, "Clip");
        long[] pre = m.runTrace(List.of(in)).get(q.inputs.get(0)).values();
        return new ClipCase(pk, n, x, pre, q.outputs.get(0), q.ints("bounds")[0], q.ints("bounds")[1]);
    }

    /** The Clip's output set to {@code value.apply(i)} at the first entry i whose input satisfies {@code where}. */
    private static Alter clipOutput(ClipCase k, java.util.function.IntPredicate where, java.util.function.IntToLongFunction value) {
        int i = first(k.pre, where);
        return new Alter(k.pk, k.out, v -> v[i] = value.applyAsLong(i));
    }

    /** The range quantity {@code rc} recomputed honestly from {@code q} (its value for the honest branch at every entry). */
    private static java.util.function.Consumer<Witness> keep(RangeCheck rc, long[] q) {
        return w -> w.range(rc, q.clone());
    }

    @Test
    void clipUnclampedAboveMaxIsRejected() {
        ClipCase k = clipCase();
        Circuit c = k.pk.vk.circuit;
        // z = x where x > hi: z = y satisfies the zero-check; y + hi - 2z = hi - x < 0 leaves the range
        outOfRange(k.pk, k.x, clipOutput(k, i -> k.pre[i] > k.hi, i -> k.pre[i]));
        // the same with the honest (in-range) quantity kept: it no longer matches y and z at the point
        RangeCheck upper = range(c, k.n.name + ".upper");
        long[] honest = new long[k.pre.length];
        for (int i = 0; i < honest.length; i++) {
            long y = Math.max(k.pre[i], k.lo);
            honest[i] = y + k.hi - 2 * Math.min(y, k.hi);
        }
        caughtAt(rejected(k.pk, k.x, clipOutput(k, i -> k.pre[i] > k.hi, i -> k.pre[i]).aux(keep(upper, honest))), k.n.name, "Clip");
    }

    @Test
    void clipClampedInsideTheBoundsIsRejected() {
        ClipCase k = clipCase();
        Circuit c = k.pk.vk.circuit;
        // z = hi where lo < x < hi: z = hi satisfies the zero-check; y - hi < 0 leaves the range
        outOfRange(k.pk, k.x, clipOutput(k, i -> k.pre[i] > k.lo && k.pre[i] < k.hi - 2, i -> k.hi));
        RangeCheck upper = range(c, k.n.name + ".upper");
        long[] honest = new long[k.pre.length];
        for (int i = 0; i < honest.length; i++) {
            long y = Math.max(k.pre[i], k.lo);
            honest[i] = y + k.hi - 2 * Math.min(y, k.hi);
        }
        caughtAt(rejected(k.pk, k.x, clipOutput(k, i -> k.pre[i] > k.lo && k.pre[i] < k.hi - 2, i -> k.hi).aux(keep(upper, honest))), k.n.name, "Clip");
    }

    @Test
    void clipHelperUnclampedBelowMinIsRejected() {
        ClipCase k = clipCase();
        Circuit c = k.pk.vk.circuit;
        int y = vec(c, k.n.name + ".low");
        RangeCheck lower = range(c, k.n.name + ".lower"), upper = range(c, k.n.name + ".upper");
        int i = first(k.pre, j -> k.pre[j] < k.lo);
        // y = x and z = x where x < lo (the lower clamp skipped); the upper step stays consistent
        long[] honestLower = new long[k.pre.length];
        for (int j = 0; j < honestLower.length; j++) honestLower[j] = Math.abs(k.pre[j] - k.lo);
        for (boolean keepRange : new boolean[] {false, true}) {
            Alter a = new Alter(k.pk, k.out, v -> v[i] = k.pre[i]).aux(w -> {
                long[] yv = w.values(y).clone();
                yv[i] = k.pre[i];
                w.set(y, yv);
                long[] q = w.quantities.get(upper).clone();
                q[i] = k.hi - k.pre[i]; // y + hi - 2z with y = z = x
                w.range(upper, q);
                if (keepRange) w.range(lower, honestLower.clone());
                else {
                    long[] l = w.quantities.get(lower).clone();
                    l[i] = k.pre[i] - k.lo; // 2y - x - lo with y = x: negative
                    w.range(lower, l);
                }
            });
            if (keepRange) caughtAt(rejected(k.pk, k.x, a), k.n.name, "Clip");
            else outOfRange(k.pk, k.x, a);
        }
    }

    @Test
    void clipOutputChangedIsCaughtInTheClip() {
        ClipCase k = clipCase();
        // z + 1 inside the bounds, later nodes re-run: z is neither the bound nor y, the zero-check's claim fails
        String msg = rejected(k.pk, k.x, clipOutput(k, i -> k.pre[i] > k.lo && k.pre[i] < k.hi - 2, i -> k.pre[i] + 1));
        caughtBySumcheckAt(msg, k.n.name, "Clip");
    }

    // ------------------------------------------------------------------ PRelu (and LeakyRelu: one proof)

    /**
     * x[1,12] -> Gemm12 -> Reshape [1,3,4] -> PRelu (slope of shape {@code slope}; no shape: LeakyRelu, alpha 0.2) ->
     * Reshape [1,12] -> Gemm4.
     */
    private static QuantizedModel preluModel(G g, int... slope) {
        String h = g.op("Reshape", g.gemm("x", 12, 12, 0.5), g.ints(1, 3, 4));
        String p = slope.length == 0 ? g.op("LeakyRelu", ElementwiseProofTest.alpha(0.2), h) : g.op("PRelu", h, g.c(0.4, slope));
        return g.compile(g.gemm(g.op("Reshape", p, g.ints(1, 12)), 12, 4, 0.5), 1);
    }

    @Test
    void preluPerChannelBroadcastAndScalarSlopes() {
        for (int[] slope : new int[][] {{3, 1}, {4}, {1}, {1, 3, 4}}) {
            G g = new G(41, 1, 12);
            QuantizedModel m = preluModel(g, slope);
            double[] x = g.input(1);
            QNode q = qnode(m, "PRelu");
            long[] h = m.runTrace(List.of(x)).get(q.inputs.get(0)).values();
            assertTrue(Arrays.stream(h).anyMatch(v -> v < 0) && Arrays.stream(h).anyMatch(v -> v > 0), "both branches");
            proves(m, x, g.input(1));
        }
        // public input and output, a per-channel slope
        G d = new G(42, 2, 3, 4);
        proves(d, d.compile(d.op("PRelu", "x", d.c(0.3, 3, 1)), 1), 2, 1);
    }

    private record PreluCase(ProvingKey pk, NodeSpec n, long[] x, long[] pre, String out) {}

    /** PRelu with a per-channel slope, or LeakyRelu (the same proof) if {@code leaky}. */
    private static PreluCase preluCase(boolean leaky) {
        G g = new G(41, 1, 12);
        QuantizedModel m = leaky ? preluModel(g) : preluModel(g, 3, 1);
        String op = leaky ? "LeakyRelu" : "PRelu";
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        double[] in = g.input(1);
        QNode q = qnode(m, op);
        return new PreluCase(pk, spec(pk, op), quantized(pk, in), m.runTrace(List.of(in)).get(q.inputs.get(0)).values(), q.outputs.get(0));
    }

    @Test
    void preluPositiveBranchOnANegativeInputIsRejected() {
        for (boolean leaky : new boolean[] {false, true}) positiveBranchOnANegativeInput(preluCase(leaky));
    }

    private static void positiveBranchOnANegativeInput(PreluCase k) {
        Circuit c = k.pk.vk.circuit;
        int i = first(k.pre, j -> k.pre[j] < -10);
        int neg = vec(c, k.n.name + ".negative");
        RangeCheck sign = range(c, k.n.name + ".sign"), rem = range(c, k.n.name + ".slope.rem");
        for (boolean consistentSign : new boolean[] {false, true}) {
            // z = x and n = 0 on a negative x, the remainder made consistent (acc = 2^s x), later nodes re-run
            Alter a = new Alter(k.pk, k.out, v -> v[i] = k.pre[i]).aux(w -> {
                long[] nv = w.values(neg).clone();
                nv[i] = 0;
                w.set(neg, nv);
                long[] r = w.quantities.get(rem).clone();
                r[i] = Rescale.half(rem.bits);
                w.range(rem, r);
                long[] q = w.quantities.get(sign).clone();
                q[i] = consistentSign ? k.pre[i] : -k.pre[i]; // x - 2n with n = 0 (negative), or the honest -x
                w.range(sign, q);
            });
            if (consistentSign) outOfRange(k.pk, k.x, a);
            else caughtAt(rejected(k.pk, k.x, a), k.n.name, k.n.op);
        }
    }

    @Test
    void preluOutputChangedIsCaughtInThePrelu() {
        PreluCase k = preluCase(false);
        Circuit c = k.pk.vk.circuit;
        RangeCheck rem = range(c, k.n.name + ".slope.rem");
        for (boolean negative : new boolean[] {true, false}) {
            int i = first(k.pre, j -> negative ? k.pre[j] < -10 : k.pre[j] > 10);
            // z + 1 with the honest remainder kept: 2^s z + rem - 2^(s-1) is off by 2^s from 2^s (x - n) + a n
            Alter a = new Alter(k.pk, k.out, v -> v[i] += 1).aux(w -> {
                long[] r = w.quantities.get(rem).clone();
                r[i] += 1L << rem.bits;
                w.range(rem, r);
            });
            String msg = rejected(k.pk, k.x, a);
            assertTrue(msg.startsWith(k.n.where() + ":"), msg);
        }
    }

    // ------------------------------------------------------------------ BatchNormalization (standalone)

    /** BatchNormalization over the channels (dim 1) of {@code x}, with random statistics. */
    private static String batchNorm(G g, String x, int channels) {
        double[] var = new double[channels];
        for (int i = 0; i < channels; i++) var[i] = 0.5 + g.rnd.nextDouble();
        return g.op("BatchNormalization", x, g.c(1.0, channels), g.c(0.5, channels), g.c(0.3, channels), g.c(Tensor.ofFloats(new int[] {channels}, var)));
    }

    /** x[1,12] -> Gemm12 -> Reshape [1,3,4] -> BatchNormalization -> Reshape [1,12] -> Gemm4 (the Reshape keeps it unfolded). */
    private static QuantizedModel batchNormModel(G g) {
        String h = g.op("Reshape", g.gemm("x", 12, 12, 0.5), g.ints(1, 3, 4));
        return g.compile(g.gemm(g.op("Reshape", batchNorm(g, h, 3), g.ints(1, 12)), 12, 4, 0.5), 1);
    }

    @Test
    void batchNormalizationStandalone() {
        G g = new G(51, 1, 12);
        QuantizedModel m = batchNormModel(g);
        qnode(m, "BatchNormalization"); // not folded
        proves(g, m, 2, 1);
        // public input and output: rank 4 (N, C, H, W) and rank 2 (N, C)
        G d = new G(52, 2, 3, 2, 3);
        proves(d, d.compile(batchNorm(d, "x", 3), 1), 2, 1);
        G e = new G(53, 2, 5);
        proves(e, e.compile(batchNorm(e, "x", 5), 1), 2, 1);
    }

    @Test
    void batchNormalizationOutputChangedIsCaughtInIt() {
        G g = new G(51, 1, 12);
        QuantizedModel m = batchNormModel(g);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "BatchNormalization");
        RangeCheck rem = range(pk.vk.circuit, n.name + ".product.rem");
        long[] x = quantized(pk, g.input(1));
        for (int i : new int[] {0, 11}) {
            // q + 1 with the honest remainder kept (later nodes re-run): 2^k q + rem - 2^(k-1) is off by 2^k from x a + b
            Alter a = new Alter(pk, qnode(m, "BatchNormalization").outputs.get(0), v -> v[i] += 1).aux(w -> {
                long[] r = w.quantities.get(rem).clone();
                r[i] += 1L << rem.bits;
                w.range(rem, r);
            });
            String msg = rejected(pk, x, a);
            assertTrue(msg.startsWith(n.where() + ":"), msg);
        }
    }

    // ------------------------------------------------------------------ Neg

    @Test
    void negIsExactAndAChangedOutputIsCaught() {
        G g = new G(61, 1, 6);
        QuantizedModel m = g.compile(g.gemm(g.op("Neg", g.gemm("x", 6, 6, 0.5)), 6, 3, 0.5), 1);
        proves(g, m, 2, 1);
        G d = new G(62, 2, 3);
        proves(d, d.compile(d.op("Neg", "x"), 1), 2, 1);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "Neg");
        long[] x = quantized(pk, g.input(1));
        caughtAt(rejected(pk, x, new Alter(pk, qnode(m, "Neg").outputs.get(0), v -> v[4] -= 1)), n.name, "Neg");
    }

    // ------------------------------------------------------------------ ezkl examples

    @Test
    void ezklExamplesProve() throws IOException {
        int proved = 0;
        for (String name : new String[] {"clip", "linear_regression", "1l_prelu", "1l_batch_norm"}) if (provesEzkl(name)) proved++;
        Assumptions.assumeTrue(proved == 4, "ezkl examples not present");
    }
}
