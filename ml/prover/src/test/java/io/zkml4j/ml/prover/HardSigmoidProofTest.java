package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.alterOutput;
import static io.zkml4j.ml.prover.ElementwiseProofTest.cheatRejected;
import static io.zkml4j.ml.prover.ElementwiseProofTest.namesNodeOrItsSumcheck;
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
import static io.zkml4j.ml.prover.MaliciousProverTest.first;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static io.zkml4j.ml.prover.PowSqrtProofTest.provesQuantized;
import static io.zkml4j.ml.prover.PowSqrtProofTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HardSigmoid ({@link HardSigmoidProof}): honest proofs on every branch (below 0, between, above 1), at every rescale
 * (k &gt; 0, k &lt; 0, an upper bound that cannot bind) verify and prove the executor's output; cheats (a changed
 * output, a clamp on the wrong side, a skipped clamp, a scaled input off by one) are rejected in the node.
 */
class HardSigmoidProofTest {

    private static Map<String, Attribute> ab(double alpha, double beta) {
        return Map.of("alpha", Attribute.ofFloat("alpha", (float) alpha), "beta", Attribute.ofFloat("beta", (float) beta));
    }

    /** x[1,16] -> Gemm16 -> HardSigmoid -> Gemm4: inputs of range 1 reach both saturations. */
    private static QuantizedModel hidden(G g, double alpha, double beta) {
        String h = g.gemm("x", 16, 16, 1.5);
        return g.compile(g.gemm(g.op("HardSigmoid", ab(alpha, beta), h), 16, 4, 0.5), 1);
    }

    /** The real value alpha x + beta of the HardSigmoid's input entries, as the executor sees them. */
    private static double[] pre(QuantizedModel m, double[] in) {
        QNode q = qnode(m, "HardSigmoid");
        long[] h = m.runTrace(List.of(in)).get(q.inputs.get(0)).values();
        long[] p = q.ints("alpha");
        double[] r = new double[h.length];
        for (int i = 0; i < h.length; i++) r[i] = FixedPoint.dequantize(h[i] * p[0] + p[2], q.inScales[0] + (int) p[1]);
        return r;
    }

    @Test
    void everyBranchProves() {
        G g = new G(100, 1, 16);
        QuantizedModel m = hidden(g, 0.2, 0.5);
        double[] x = g.input(1);
        double[] a = pre(m, x);
        assertTrue(Arrays.stream(a).anyMatch(v -> v < 0) && Arrays.stream(a).anyMatch(v -> v > 1) && Arrays.stream(a).anyMatch(v -> v > 0 && v < 1),
                "every branch is exercised: " + Arrays.toString(a));
        proves(m, x, g.input(1));
        // public, a negative slope
        G d = new G(101, 1, 12);
        proves(d, d.compile(d.op("HardSigmoid", ab(-0.3, 0.6), "x"), 1), 3, 3);
    }

    @Test
    void upShiftAndUnboundUpperClampProve() {
        // k = s_x + s_alpha - s_out = -2: u = 4 acc (exact); alpha 0.75 at 2^2, beta 0.5
        QuantizedModel up = single("HardSigmoid", 8, 10, 14, q -> q.put("alpha", 3, 2, 1 << 11));
        ProvingKey pk = ModelSetup.setup(up, Visibility.ALL_PUBLIC);
        assertEquals(-2, spec(pk, "HardSigmoid").p[2]);
        long[] x = {-3000, -700, -1, 0, 1, 500, 680, 4000};
        ModelProver.Result r = provesQuantized(pk, x);
        assertEquals(0, r.output[0]);
        assertEquals(1L << 14, r.output[7]);
        // alpha 2^-10, beta 0.25: alpha x + beta < 1 for every x in the budget, so the upper clamp cannot bind and is
        // left out (z = max(u, 0), u below 2^22)
        QuantizedModel low = single("HardSigmoid", 6, 14, 22, q -> q.put("alpha", 1, 10, 1 << 22));
        ProvingKey lk = ModelSetup.setup(low, Visibility.ALL_PUBLIC);
        Circuit c = lk.verifyingKey().circuit;
        assertFalse(c.ranges.stream().anyMatch(rc -> rc.what.equals("n0.upper")), "no upper clamp");
        provesQuantized(lk, new long[] {-(1 << 23) + 1, -(1 << 22) - 5, -3, 0, 12345, (1 << 23) - 1});
    }

    @Test
    void outOfBudgetOutputScaleIsRejectedAtSetup() {
        // s_out = B - 1: the output 1.0 = 2^(B-1) would leave the range budget
        QuantizedModel m = single("HardSigmoid", 4, 10, 23, q -> q.put("alpha", 3, 2, 1 << 11));
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertTrue(e.getMessage().contains("(HardSigmoid): not provable yet (output 1 at scale"), e.getMessage());
    }

    @Test
    void ezklExamplesProve() throws IOException {
        int proved = 0;
        for (String name : new String[] {"hard_sigmoid", "log_softmax"}) if (provesEzkl(name)) proved++;
        Assumptions.assumeTrue(proved == 2, "ezkl examples not present");
    }

    // ------------------------------------------------------------------ soundness

    /** The hidden model's HardSigmoid: its honest pre-activations (real) and scaled inputs u. */
    private record Case(ProvingKey pk, QuantizedModel m, NodeSpec n, long[] x, double[] pre, long[] u, String out) {}

    private static Case hiddenCase() {
        G g = new G(100, 1, 16);
        QuantizedModel m = hidden(g, 0.2, 0.5);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        double[] in = g.input(1);
        QNode q = qnode(m, "HardSigmoid");
        NodeSpec n = spec(pk, "HardSigmoid");
        long[] h = m.runTrace(List.of(in)).get(q.inputs.get(0)).values(), u = new long[h.length];
        for (int i = 0; i < h.length; i++) u[i] = FixedPoint.rescale(h[i] * n.p[0] + n.p[1], (int) n.p[2]);
        return new Case(pk, m, n, quantized(pk, in), pre(m, in), u, q.outputs.get(0));
    }

    @Test
    void changedOutputIsRejected() {
        // public output + 1 (the clamp's zero-check: z is neither y nor 1)
        G d = new G(102, 1, 12);
        ProvingKey pk = ModelSetup.setup(d.compile(d.op("HardSigmoid", ab(0.2, 0.5), "x"), 3), Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "HardSigmoid");
        long[] x = quantized(pk, d.input(3));
        for (int entry : new int[] {0, 11}) namesNodeOrItsSumcheck(cheatRejected(pk, x, alterOutput(pk, n, entry)), n, true);
        // committed output + 1, later nodes recomputed: caught in the HardSigmoid
        Case k = hiddenCase();
        int i = first(new long[k.pre.length], j -> k.pre[j] > 0.1 && k.pre[j] < 0.9);
        namesNodeOrItsSumcheck(rejected(k.pk, k.x, new Alter(k.pk, k.out, v -> v[i] += 1)), k.n, true);
    }

    /** The clamps' range quantities recomputed from the witness's u, y and z as they now are. */
    private static void clampQuantities(Witness w, Circuit c, NodeSpec n) {
        long[] u = w.values(vec(c, n.name + ".scaled")), y = w.values(vec(c, n.name + ".low")), z = w.values(n.out[0]);
        long one = 1L << n.p[3];
        long[] lo = new long[u.length], hi = new long[u.length];
        for (int i = 0; i < u.length; i++) {
            lo[i] = 2 * y[i] - u[i];
            hi[i] = y[i] + one - 2 * z[i];
        }
        w.range(range(c, n.name + ".lower"), lo);
        w.range(range(c, n.name + ".upper"), hi);
    }

    @Test
    void clampOnTheWrongSideIsRejected() {
        Case k = hiddenCase();
        Circuit c = k.pk.vk.circuit;
        long one = 1L << k.n.p[3];
        // z = 1 inside (0, 1): the zero-check holds (z is the bound), y + 1 - 2z = y - 1 < 0 leaves the range
        int mid = first(new long[k.pre.length], j -> k.pre[j] > 0.1 && k.pre[j] < 0.9);
        outOfRange(k.pk, k.x, new Alter(k.pk, k.out, v -> v[mid] = one).aux(w -> clampQuantities(w, c, k.n)));
        // the same with the honest quantities kept: they no longer match y and z at the point
        RangeCheck upper = range(c, k.n.name + ".upper");
        caughtAt(rejected(k.pk, k.x, new Alter(k.pk, k.out, v -> v[mid] = one).aux(w -> {
            long[] q = w.quantities.get(upper).clone();
            q[mid] = one - w.values(vec(c, k.n.name + ".low"))[mid]; // y + 1 - 2y for the honest z = y
            w.range(upper, q);
        })), k.n.name, "HardSigmoid");
        // the lower clamp skipped where alpha x + beta < 0: y = z = u < 0; 2y - u = u < 0 leaves the range
        int neg = first(new long[k.pre.length], j -> k.pre[j] < -0.05);
        int y = vec(c, k.n.name + ".low"), u = vec(c, k.n.name + ".scaled");
        assertTrue(k.n.p[2] > 0 && k.u[neg] < 0);
        outOfRange(k.pk, k.x, new Alter(k.pk, k.out, v -> v[neg] = k.u[neg]).aux(w -> {
            long[] uv = w.values(u), yv = w.values(y).clone(), zv = w.values(k.n.out[0]).clone();
            yv[neg] = uv[neg];
            zv[neg] = uv[neg];
            w.set(y, yv);
            w.set(k.n.out[0], zv);
            clampQuantities(w, c, k.n);
        }));
    }

    @Test
    void scaledInputOffByOneIsRejectedByItsRescale() {
        // u + 1 where 0 < u + 1 < 1, so y = z = u + 1 (later nodes recomputed) and both clamps hold; the remainder
        // kept in range: only the rescale relation u = requant(alpha x + beta, k) can object
        Case k = hiddenCase();
        Circuit c = k.pk.vk.circuit;
        int mid = first(new long[k.pre.length], j -> k.pre[j] > 0.1 && k.pre[j] < 0.9);
        int u = vec(c, k.n.name + ".scaled"), y = vec(c, k.n.name + ".low");
        RangeCheck rem = range(c, k.n.name + ".scaled.rem");
        for (boolean consistent : new boolean[] {true, false}) {
            Alter a = new Alter(k.pk, k.out, v -> v[mid] += 1).aux(w -> {
                long[] uv = w.values(u).clone(), yv = w.values(y).clone();
                uv[mid] += 1;
                yv[mid] += 1;
                w.set(u, uv);
                w.set(y, yv);
                clampQuantities(w, c, k.n);
                if (consistent) { // rem - 2^k: the rescale relation holds, the remainder leaves its range
                    long[] r = w.quantities.get(rem).clone();
                    r[mid] -= 1L << k.n.p[2];
                    w.range(rem, r);
                }
            });
            if (consistent) outOfRange(k.pk, k.x, a);
            else assertEquals(k.n.where() + ": scaled input is not alpha x + beta requantized", rejected(k.pk, k.x, a));
        }
    }
}
