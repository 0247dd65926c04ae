package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.cheatRejected;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The free-padding forgery (issue: soundness first): y = MatMul(A, W) of two computed tensors whose K = 3 is padded to
 * 4. The cheating prover writes A[0][3] = 2^shift and W[3][0] = 1000 in the padding (with their range-budget limbs
 * consistent there), keeps the MatMul's honest remainder and claims y[0][0] + 1000: the MatMul's sumcheck over the padded
 * K then holds. Until 2026-12-07 only {@link PaddingCheck} stopped it; now the range lookup does first: every limb's
 * padded rows are looked up with width 0, which admits only 0, so the budget limbs the forgery needs there cannot
 * exist (and without them the budget identity at the producer objects). Producers: Reciprocal, Div, Softmax,
 * AveragePool and a non-strict comparison.
 */
class PaddingForgeryTest {
    static final long FORGED = 1000;

    private static String scalar(G g, double v) {
        return g.c(Tensor.ofFloats(new int[0], new double[] {v}));
    }

    /** |x| + 1: a divisor bounded away from zero. */
    private static String positive(G g, String x) {
        return g.op("Add", g.op("Abs", x), scalar(g, 1.0));
    }

    private static Map<String, Attribute> ints(String name, long... v) {
        return Map.of(name, Attribute.ofInts(name, v));
    }

    record Producer(String name, int[] shape, BiFunction<G, Integer, String> make) {}

    static final List<Producer> PRODUCERS = List.of(
            new Producer("Reciprocal", new int[] {3, 3}, (g, i) -> g.op("Reciprocal", positive(g, "x"))),
            new Producer("Div", new int[] {3, 3}, (g, i) -> g.op("Div", "x", positive(g, "x"))),
            new Producer("Softmax", new int[] {3, 3}, (g, i) -> g.op("Softmax", Map.of("axis", Attribute.ofInt("axis", i == 0 ? -1 : 0)), "x")),
            new Producer("AveragePool", new int[] {1, 1, 3, 3}, (g, i) -> {
                Map<String, Attribute> a = new java.util.HashMap<>(ints("kernel_shape", 2, 2));
                a.putAll(ints("pads", 0, 0, 1, 1));
                return g.op("AveragePool", a, "x");
            }),
            new Producer("LessOrEqual", new int[] {3, 3}, (g, i) -> g.op("Cast", Map.of("to", Attribute.ofInt("to", 1)), g.op("LessOrEqual", "x", scalar(g, 0.1 * i)))));

    /** y = MatMul(A, W) with A and W two nodes of the producer on x. */
    static ProvingKey model(Producer p, long seed) {
        G g = new G(seed, p.shape());
        String a = p.make().apply(g, 0), w = p.make().apply(g, 1);
        QuantizedModel m = g.compile(g.op("MatMul", a, w), 1);
        return ModelSetup.setup(m, Visibility.ALL_PUBLIC);
    }

    /** Sets entry {@code index} (padded layout) of a range check's quantity: every limb. */
    static void setQuantityAt(Witness w, RangeCheck rc, int index, long q) {
        long f = Goldilocks.fromSigned(q), mask = (1L << rc.limbBits) - 1;
        for (int j = 0; j < rc.limbs.length; j++) {
            boolean last = j == rc.limbs.length - 1;
            w.setPadded(rc.limbs[j], index, last ? f >>> (rc.limbBits * j) : (f >>> (rc.limbBits * j)) & mask);
        }
    }

    /**
     * Sets a committed tensor's padded entry to v and keeps its range budget consistent there: each budget check over
     * the tensor (a B-bit check of v + 2^(B-1) ind, whose padded quantity is v itself) gets v's limbs at that entry.
     */
    static void setPaddedEntry(Witness w, int vec, int index, long v) {
        Circuit c = w.circuit;
        w.setPadded(vec, index, Goldilocks.fromSigned(v));
        for (RangeCheck rc : budgetsOf(c, vec)) setQuantityAt(w, rc, index, v);
        // an identity Cast checks its output against its input on the whole padded hypercube: the same entry upstream
        for (NodeSpec n : c.nodes) {
            if (n.op.equals("Cast") && n.out[0] == vec && c.vec(n.in[0]).kind == Vec.Kind.ADVICE) setPaddedEntry(w, n.in[0], index, v);
            // a non-strict comparison's padding: c = 1 passes its bit check, and Q = 1 its order relation (d = 0 there)
            if (n.op.endsWith("OrEqual") && n.out[0] == vec) {
                for (String q : new String[] {".bit", ".order"}) setQuantityAt(w, ElementwiseProofTest.range(c, n.name + q), index, v);
            }
        }
    }

    /** The range-budget checks over a tensor: the B-bit checks its producing node declares at its shape. */
    static List<RangeCheck> budgetsOf(Circuit c, int vec) {
        Vec v = c.vec(vec);
        List<RangeCheck> r = new ArrayList<>();
        for (NodeSpec n : c.nodes) {
            boolean produces = false;
            for (int o : n.out) produces |= o == vec;
            if (!produces) continue;
            for (RangeCheck rc : c.ranges) {
                if (rc.what.startsWith(n.name + ".") && rc.bits == c.rangeBits && java.util.Arrays.equals(rc.shape, v.shape)) r.add(rc);
            }
        }
        return r;
    }

    /** The first padded position of a tensor (the entry just past its first row's last real one). */
    static int firstPaddedIndex(int[] shape) {
        int[] real = Padding.paddedIndices(shape);
        java.util.Set<Integer> set = new java.util.HashSet<>();
        for (int i : real) set.add(i);
        for (int i = 0; ; i++) if (!set.contains(i)) return i;
    }

    /** The forgery of the class comment on the MatMul of pk. */
    static GraphProtocol.Cheat forgery(ProvingKey pk) {
        Circuit c = pk.vk.circuit;
        NodeSpec mm = spec(pk, "MatMul");
        int a = mm.in[0], wt = mm.in[1], y = mm.out[0];
        int shift = mm.param(0);
        int[] as = c.vec(a).shape, ws = c.vec(wt).shape;
        int k = as[as.length - 1];
        assertEquals(3, k, "a padded K");
        int aIndex = 3; // A[.., 0, 3]: row 0, padded column 3
        int wIndex = 3 << Padding.log2Ceil(ws[ws.length - 1]); // W[.., 3, 0]: padded row 3, column 0
        RangeCheck rem = shift > 0 ? ElementwiseProofTest.range(c, mm.name + ".linear.rem") : null;
        // a negative shift (q = 2^-shift acc) scales the padded product 1 * 1 up to the forged change
        long wPad = shift >= 0 ? FORGED : 1, delta = shift >= 0 ? FORGED : 1L << -shift;
        return new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] v = w.values(y).clone();
                v[0] += delta;
                w.set(y, v);
            }

            @Override
            public void witness(Witness w) {
                if (rem == null) return;
                long[] r = w.quantities.get(rem).clone();
                r[0] += FORGED << shift; // the honest remainder: the padded product supplies the 1000 * 2^shift
                w.range(rem, r);
            }

            @Override
            public void padded(Witness w) {
                setPaddedEntry(w, a, aIndex, 1L << Math.max(shift, 0));
                setPaddedEntry(w, wt, wIndex, wPad);
            }
        };
    }

    @Test
    void forgedOutputThroughPaddedOperandsIsRejectedByTheRangeLookupOnTheLimbsPadding() {
        for (Producer p : PRODUCERS) {
            ProvingKey pk = model(p, 901);
            NodeSpec mm = spec(pk, "MatMul");
            assertTrue(pk.vk.circuit.vec(mm.out[0]).isPublic(), p.name() + ": the MatMul's output is the public output");
            long[] x = quantized(pk, new G(902, p.shape()).input(1));
            String msg = cheatRejected(pk, x, forgery(pk));
            assertTrue(msg.contains("looked-up fractions do not sum"), p.name() + ": expected the range lookup, got: " + msg);
        }
    }

    @Test
    void theForgeryClaimsAnOutputTheModelDoesNotCompute() {
        // guards the test above: the cheat's claimed output really differs from the model's by 1000
        ProvingKey pk = model(PRODUCERS.get(0), 901);
        long[] x = quantized(pk, new G(902, 3, 3).input(1));
        ModelProver.Result r = ModelProver.prove(pk, x, forgery(pk), ProveProgress.NONE);
        long[] honest = pk.model.execute(List.of(x)).output(0).values();
        assertEquals(honest[0] + FORGED, r.output[0]);
    }
}
