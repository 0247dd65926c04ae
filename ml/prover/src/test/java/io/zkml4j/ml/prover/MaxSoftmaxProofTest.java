package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;


import java.util.LinkedHashMap;
import java.util.Map;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.cheatRejected;
import static io.zkml4j.ml.prover.ElementwiseProofTest.proves;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.range;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReduceMax / ReduceMin ({@link AxisMax}, on {@link WindowMax}) and Softmax ({@link SoftmaxProof}): honest proofs of
 * random models verify and prove the executor's output; cheats (a wrong maximum, a wrong output, a wrong remainder, a
 * value changed with everything after it recomputed honestly) are rejected in the node where they happen.
 */
class MaxSoftmaxProofTest {
    // ------------------------------------------------------------------ ReduceMax / ReduceMin

    /** op over x [2, 3, 5] (axes null: all), keepdims k (-1: the default), then Relu when {@code hidden}. */
    static QuantizedModel reduce(G g, String op, long[] axes, int k, boolean hidden) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        if (k >= 0) a.put("keepdims", Attribute.ofInt("keepdims", k));
        if (axes != null) a.put("axes", Attribute.ofInts("axes", axes));
        String y = g.op(op, a, "x");
        return g.compile(hidden ? g.op("Relu", y) : y, 1);
    }

    @Test
    void maxAndMinOverAnyAxesProveExactly() {
        Object[][] cases = {
            {new long[] {1}, -1, false}, {new long[] {0, 2}, 0, true}, {null, 0, false}, {new long[] {-1}, 1, true}, {new long[] {0}, 0, false},
        };
        int seed = 300;
        for (String op : new String[] {"ReduceMax", "ReduceMin"}) {
            for (Object[] c : cases) {
                G g = new G(seed++, 2, 3, 5);
                proves(g, reduce(g, op, (long[]) c[0], (Integer) c[1], (Boolean) c[2]), 2, 1);
            }
        }
        G g = new G(seed, 3, 20); // 20 cells per window: chunked zero-check
        proves(g, reduce(g, "ReduceMax", new long[] {1}, 0, false), 2, 1);
    }

    /** y one step beyond every cell (max + 1, min - 1): every difference stays in range, no cell equals it. */
    @Test
    void extremumBeyondEveryCellIsRejectedInItsNode() {
        for (String op : new String[] {"ReduceMax", "ReduceMin"}) {
            G g = new G(op.hashCode(), 2, 3, 5);
            ProvingKey pk = ModelSetup.setup(reduce(g, op, new long[] {1}, 0, false), Visibility.ALL_PUBLIC);
            NodeSpec n = spec(pk, op);
            long step = op.equals("ReduceMax") ? 1 : -1;
            caughtAt(cheatRejected(pk, quantized(pk, g.input(1)), new GraphProtocol.Cheat() {
                @Override
                public void tensors(Witness w) {
                    long[] y = w.values(n.out[0]).clone();
                    y[3] += step;
                    w.set(n.out[0], y);
                }
            }), op + "_0", op);
        }
    }

    /** The maximum replaced by a smaller cell, the differences below it clamped into range: only the link to x objects. */
    @Test
    void secondLargestWithClampedDifferencesIsRejectedInItsNode() {
        for (String op : new String[] {"ReduceMax", "ReduceMin"}) {
            G g = new G(op.hashCode() + 1, 2, 3, 5);
            ProvingKey pk = ModelSetup.setup(reduce(g, op, new long[] {2}, 0, false), Visibility.ALL_PUBLIC);
            Circuit c = pk.verifyingKey().circuit;
            NodeSpec n = spec(pk, op);
            boolean max = op.equals("ReduceMax");
            caughtAt(cheatRejected(pk, quantized(pk, g.input(1)), new GraphProtocol.Cheat() {
                @Override
                public void tensors(Witness w) {
                    long[] y = w.values(n.out[0]).clone(), x = w.values(n.in[0]);
                    long next = max ? Long.MIN_VALUE : Long.MAX_VALUE; // output 1 reads x[5..10)
                    for (int j = 5; j < 10; j++) if (max ? x[j] < y[1] : x[j] > y[1]) next = max ? Math.max(next, x[j]) : Math.min(next, x[j]);
                    assertTrue(next != Long.MIN_VALUE && next != Long.MAX_VALUE, "slice has two distinct values");
                    y[1] = next;
                    w.set(n.out[0], y);
                }

                @Override
                public void witness(Witness w) {
                    RangeCheck rc = range(c, op + "_0.diff");
                    long[] q = w.quantities.get(rc).clone();
                    for (int i = 0; i < q.length; i++) q[i] = Math.max(q[i], 0);
                    w.range(rc, q);
                }
            }), op + "_0", op);
        }
    }

    @Test
    void alteredExtremumWithEverythingAfterItHonestIsCaughtWhereItHappened() {
        for (String op : new String[] {"ReduceMax", "ReduceMin"}) {
            G g = new G(op.hashCode() + 2, 2, 3, 5);
            String t0 = g.op("Relu", "x");
            String t1 = g.op(op, Map.of("axes", Attribute.ofInts("axes", new long[] {2}), "keepdims", Attribute.ofInt("keepdims", 0)), t0);
            ProvingKey pk = ModelSetup.setup(g.compile(g.op("Relu", t1), 1), Visibility.ALL_PUBLIC);
            long[] x = quantized(pk, g.input(1));
            String msg = rejected(pk, x, new MaliciousProverTest.Alter(pk, t0, v -> v[4] += 1));
            assertTrue(msg.startsWith("node 'Relu_0'"), msg);
            long step = op.equals("ReduceMax") ? 1 : -1;
            caughtAt(rejected(pk, x, new MaliciousProverTest.Alter(pk, t1, v -> v[2] += step)), op + "_1", op);
        }
    }

    // ------------------------------------------------------------------ Softmax

    /** op (Softmax or LogSoftmax, opset 13) of {@code in} along {@code axis}, then Relu when {@code hidden}. */
    private static QuantizedModel softmax(G g, String op, String in, long axis, boolean hidden) {
        String y = g.op(op, Map.of("axis", Attribute.ofInt("axis", axis)), in);
        return g.compile(hidden ? g.op("Relu", y) : y, 1);
    }

    /** Exact proofs over every axis of [2, 3, 5], hidden or public, and after a Gemm. */
    private static void provesOverEveryAxis(String op, int seed) {
        for (long axis : new long[] {-1, 1, 0}) {
            for (boolean hidden : new boolean[] {false, true}) {
                G g = new G(seed++, 2, 3, 5);
                proves(g, softmax(g, op, "x", axis, hidden), 2, 1.5);
            }
        }
        G g = new G(seed, 1, 6);
        proves(g, softmax(g, op, g.gemm("x", 6, 10, 1.5), -1, false), 3, 1);
    }

    @Test
    void softmaxOverAnyAxisProvesExactly() {
        provesOverEveryAxis("Softmax", 400);
        G wide = new G(410, 2, 40); // 40 cells per slice: chunked zero-check for the maximum
        proves(wide, softmax(wide, "Softmax", "x", 1, false), 2, 2);
    }

    private static final int[] SOFTMAX_SHAPE = {2, 3, 5};

    private static ProvingKey softmaxKey(G g) {
        return ModelSetup.setup(softmax(g, "Softmax", "x", -1, false), Visibility.ALL_PUBLIC);
    }

    private static Object decl(Circuit c, NodeSpec n) {
        return c.decls.get(c.nodes.indexOf(n));
    }

    /** The honest slice maxima of the node's input (slices along the last axis of [2, 3, 5]). */
    private static long[] maxima(long[] x) {
        long[] m = new long[x.length / 5];
        java.util.Arrays.fill(m, Long.MIN_VALUE);
        for (int j = 0; j < x.length; j++) m[j / 5] = Math.max(m[j / 5], x[j]);
        return m;
    }

    /**
     * A cheat inside the Softmax node, consistent everywhere else: its advice recomputed from altered maxima and table
     * indices, and the public output the advice implies.
     */
    private static GraphProtocol.Cheat softmaxCheat(ProvingKey pk, java.util.function.UnaryOperator<long[]> max, java.util.function.UnaryOperator<long[]> indices) {
        Circuit c = pk.verifyingKey().circuit;
        NodeSpec n = spec(pk, "Softmax");
        return new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = SoftmaxProof.witness(n, decl(c, n), w, max.apply(maxima(w.values(n.in[0]))), indices);
                w.set(n.out[0], y);
            }

            @Override
            public void witness(Witness w) {
                SoftmaxProof.witness(n, decl(c, n), w, max.apply(maxima(w.values(n.in[0]))), indices);
            }
        };
    }

    @Test
    void softmaxSeamWithoutAlterationVerifies() {
        // guards the cheats below: recomputing the node's advice through the seam alone keeps a proof valid
        G g = new G(410, SOFTMAX_SHAPE);
        ProvingKey pk = softmaxKey(g);
        long[] x = quantized(pk, g.input(1.5));
        ModelProver.Result r = ModelProver.prove(pk, x, softmaxCheat(pk, m -> m, c -> c), ProveProgress.NONE);
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
    }

    @Test
    void softmaxWithAMaximumAboveTheSliceIsRejectedInItsNode() {
        // m + 1 for slice 2: every difference in range, the exponentials, sum and output consistent with it; no cell equals m
        G g = new G(411, SOFTMAX_SHAPE);
        ProvingKey pk = softmaxKey(g);
        String msg = cheatRejected(pk, quantized(pk, g.input(1.5)), softmaxCheat(pk, m -> {
            long[] a = m.clone();
            a[2] += 1;
            return a;
        }, c -> c));
        caughtAt(msg, "Softmax_0", "Softmax");
        assertTrue(msg.contains("maximum"), msg);
    }

    @Test
    void softmaxWithAnExponentialAtAnotherTableIndexIsRejectedInItsNode() {
        // e = T(c - 1) at one entry, a genuine table pair (the LogUp holds), sum and output consistent with it
        G g = new G(412, SOFTMAX_SHAPE);
        ProvingKey pk = softmaxKey(g);
        String msg = cheatRejected(pk, quantized(pk, g.input(1.5)), softmaxCheat(pk, m -> m, c -> {
            long[] a = c.clone();
            a[7] -= 1;
            return a;
        }));
        caughtAt(msg, "Softmax_0", "Softmax");
        assertTrue(msg.contains("table input"), msg);
    }

    @Test
    void softmaxWithAnOutOfTableExponentialIsRejected() {
        G g = new G(413, SOFTMAX_SHAPE);
        ProvingKey pk = softmaxKey(g);
        Circuit c = pk.verifyingKey().circuit;
        int exp = ElementwiseProofTest.vec(c, "Softmax_0.exp");
        MaliciousProverTest.outOfTable(pk, quantized(pk, g.input(1.5)), new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                long[] e = w.values(exp).clone();
                e[3] += 1;
                w.set(exp, e);
            }
        });
    }

    @Test
    void softmaxWithAWrongOutputOrRemainderIsRejectedInItsNode() {
        G g = new G(414, SOFTMAX_SHAPE);
        ProvingKey pk = softmaxKey(g);
        Circuit c = pk.verifyingKey().circuit;
        long[] x = quantized(pk, g.input(1.5));
        for (int entry : new int[] {0, 9}) caughtAt(cheatRejected(pk, x, DivReduceProofTest.wrongOutput(pk, spec(pk, "Softmax"), entry)), "Softmax_0", "Softmax");
        // rem + 1 and slack - 1, both in range: only the rounding relation objects
        caughtAt(cheatRejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                RangeCheck rem = range(c, "Softmax_0.rem"), slack = range(c, "Softmax_0.slack");
                long[] r = w.quantities.get(rem).clone(), s = w.quantities.get(slack).clone();
                int i = MaliciousProverTest.first(s, j -> s[j] > 0);
                r[i] += 1;
                s[i] -= 1;
                w.range(rem, r);
                w.range(slack, s);
            }
        }), "Softmax_0", "Softmax");
        // the sum one too large at a slice (its half and parity kept consistent): the sum over the slice objects
        int sum = ElementwiseProofTest.vec(c, "Softmax_0.sum"), half = ElementwiseProofTest.vec(c, "Softmax_0.half");
        caughtAt(cheatRejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                long[] sv = w.values(sum).clone();
                sv[1] += 2;
                w.set(sum, sv);
                long[] h = w.values(half).clone();
                h[1] += 1;
                w.set(half, h);
                w.range(range(c, "Softmax_0.halfrange"), h);
                NodeSpec n = spec(pk, "Softmax");
                long[] v = new long[30], dv = new long[30];
                long[] e = w.values(ElementwiseProofTest.vec(c, "Softmax_0.exp"));
                for (int j = 0; j < 30; j++) {
                    v[j] = e[j] << n.p[4];
                    dv[j] = sv[j / 5];
                }
                // the division's remainder against the altered sum, y unchanged where it still fits
                RangeCheck rem = range(c, "Softmax_0.rem"), slack = range(c, "Softmax_0.slack");
                long[] y = w.values(n.out[0]), r = new long[30], sl = new long[30];
                for (int j = 0; j < 30; j++) {
                    r[j] = v[j] + (dv[j] >> 1) - dv[j] * y[j];
                    sl[j] = dv[j] - 1 - r[j];
                }
                w.range(rem, r);
                w.range(slack, sl);
            }
        }), "Softmax_0", "Softmax");
    }

    @Test
    void softmaxWithTheHalfSumLoweredIsRejectedInItsNode() {
        // h = floor(S/2) - 1 at a slice, the remainders one lower (the rounding relation holds, every range too):
        // only h's link to S (S - 2h = parity bit) objects
        G g = new G(416, SOFTMAX_SHAPE);
        ProvingKey pk = softmaxKey(g);
        Circuit c = pk.verifyingKey().circuit;
        int half = ElementwiseProofTest.vec(c, "Softmax_0.half");
        caughtAt(cheatRejected(pk, quantized(pk, g.input(1.5)), new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                RangeCheck rem = range(c, "Softmax_0.rem"), slack = range(c, "Softmax_0.slack");
                long[] r = w.quantities.get(rem).clone(), sl = w.quantities.get(slack).clone();
                int slice = -1;
                for (int i = 0; i < 6 && slice < 0; i++) {
                    boolean ok = true;
                    for (int j = 5 * i; j < 5 * i + 5; j++) ok &= r[j] >= 1;
                    if (ok) slice = i;
                }
                assertTrue(slice >= 0, "a slice whose remainders are all positive");
                for (int j = 5 * slice; j < 5 * slice + 5; j++) {
                    r[j] -= 1;
                    sl[j] += 1;
                }
                w.range(rem, r);
                w.range(slack, sl);
                long[] h = w.values(half).clone();
                h[slice] -= 1;
                w.set(half, h);
                w.range(range(c, "Softmax_0.halfrange"), h);
            }
        }), "Softmax_0", "Softmax");
    }

    // ------------------------------------------------------------------ LogSoftmax

    @Test
    void logSoftmaxOverAnyAxisProvesExactly() {
        provesOverEveryAxis("LogSoftmax", 500);
    }

    @Test
    void logSoftmaxWithAWrongOutputIsRejectedInItsNode() {
        G g = new G(510, SOFTMAX_SHAPE);
        ProvingKey pk = ModelSetup.setup(softmax(g, "LogSoftmax", "x", -1, false), Visibility.ALL_PUBLIC);
        long[] x = quantized(pk, g.input(1.5));
        for (int entry : new int[] {0, 9}) caughtAt(cheatRejected(pk, x, ElementwiseProofTest.alterOutput(pk, spec(pk, "LogSoftmax"), entry)), "LogSoftmax_0", "LogSoftmax");
        // the log of the sum one too small at a slice, the outputs of that slice one larger: the log lookup objects
        Circuit c = pk.verifyingKey().circuit;
        int log = ElementwiseProofTest.vec(c, "LogSoftmax_0.log");
        MaliciousProverTest.outOfTable(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                long[] l = w.values(log).clone();
                l[1] -= 1;
                w.set(log, l);
            }
        });
    }

    @Test
    void logSoftmaxWithTheLogAtAnotherTableIndexIsRejectedByTheLogLookup() {
        // L = T_log(c - 1) at one slice with its index c - 1 (a genuine table pair: the LogUp holds), the slice's outputs
        // moved by the change of L (y + L and the remainders as the honest run had them): only the log lookup's
        // requantization of the sum can object
        G g = new G(511, SOFTMAX_SHAPE);
        ProvingKey pk = ModelSetup.setup(softmax(g, "LogSoftmax", "x", -1, false), Visibility.ALL_PUBLIC);
        Circuit c = pk.verifyingKey().circuit;
        NodeSpec n = spec(pk, "LogSoftmax");
        int log = ElementwiseProofTest.vec(c, "LogSoftmax_0.log"), index = ElementwiseProofTest.vec(c, "LogSoftmax_0.log.index");
        io.zkml4j.lookup.FunctionTable table = Circuit.functionTable(n.rules.get(1));
        int slice = 1, shift = (int) n.p[4 + SOFTMAX_SHAPE.length];
        RangeCheck rem = c.ranges.stream().filter(rc -> rc.what.equals("LogSoftmax_0.rem")).findFirst().orElse(null);
        long[] delta = new long[1]; // L' - L at the slice
        String msg = cheatRejected(pk, quantized(pk, g.input(1.5)), new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = SoftmaxProof.witness(n, decl(c, n), w, maxima(w.values(n.in[0])), i -> i).clone();
                long ci = w.values(index)[slice];
                delta[0] = io.zkml4j.field.Goldilocks.toSigned(table.apply(ci - 1)) - w.values(log)[slice];
                assertTrue(delta[0] != 0, "the log table is flat at the slice's index");
                for (int j = slice * 5; j < slice * 5 + 5; j++) y[j] -= delta[0];
                w.set(n.out[0], y);
            }

            @Override
            public void witness(Witness w) {
                long[] ci = w.values(index).clone(), l = w.values(log).clone();
                ci[slice] -= 1;
                l[slice] += delta[0];
                w.set(index, ci);
                w.set(log, l);
                if (rem == null) return;
                long[] r = w.quantities.get(rem).clone();
                for (int j = slice * 5; j < slice * 5 + 5; j++) r[j] -= delta[0] << shift; // back to the honest remainders
                w.range(rem, r);
            }
        });
        caughtAt(msg, "LogSoftmax_0", "LogSoftmax");
    }

    @Test
    void alteredOutputWithEverythingAfterItHonestIsCaughtWhereItHappened() {
        // Gemm -> Softmax / LogSoftmax -> Relu: the output changed, the Relu re-run on it, the remainders kept in range
        for (String op : new String[] {"Softmax", "LogSoftmax"}) {
            G g = new G(op.length() + 600, 1, 6);
            String t1 = g.op(op, Map.of("axis", Attribute.ofInt("axis", -1)), g.gemm("x", 6, 8, 1.5));
            ProvingKey pk = ModelSetup.setup(g.compile(g.op("Relu", t1), 1), Visibility.ALL_PUBLIC);
            Circuit c = pk.verifyingKey().circuit;
            long[] x = quantized(pk, g.input(1));
            String node = op + "_1";
            MaliciousProverTest.Alter alter = new MaliciousProverTest.Alter(pk, t1, v -> v[2] += 1)
                    .aux(w -> {
                        if (op.equals("Softmax")) DivReduceProofTest.restoreDivision(c, node, w, 2);
                        else ElementwiseProofTest.alterOutput(pk, spec(pk, op), 2).witness(w); // its remainders reduced into range
                    });
            caughtAt(rejected(pk, x, alter), node, op);
        }
    }

    // ------------------------------------------------------------------ ezkl examples

    @Test
    void ezklExamplesProve() throws java.io.IOException {
        int proved = 0;
        for (String name : new String[] {"max", "min", "1l_softmax"}) if (ElementwiseProofTest.provesEzkl(name)) proved++;
        org.junit.jupiter.api.Assumptions.assumeTrue(proved == 3, "ezkl examples not present");
    }
}
