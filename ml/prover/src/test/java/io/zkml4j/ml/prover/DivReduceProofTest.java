package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.alterOutput;
import static io.zkml4j.ml.prover.ElementwiseProofTest.cheatRejected;
import static io.zkml4j.ml.prover.ElementwiseProofTest.namesNodeOrItsSumcheck;
import static io.zkml4j.ml.prover.ElementwiseProofTest.outOfRange;
import static io.zkml4j.ml.prover.ElementwiseProofTest.range;
import static io.zkml4j.ml.prover.ElementwiseProofTest.proves;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Div ({@link DivProof}) and ReduceSum / ReduceMean ({@link ReduceProof}): honest proofs of random models verify and
 * prove the executor's output; cheats (a wrong output, a wrong or out-of-range remainder, a value changed with
 * everything after it recomputed honestly) are rejected in the node where they happen.
 */
class DivReduceProofTest {
    // ------------------------------------------------------------------ Div by a constant (mode 1)

    private static QuantizedModel divByConstant(G g, int... divisorShape) {
        double[] d = new double[Padding.size(divisorShape)];
        for (int i = 0; i < d.length; i++) d[i] = (i % 2 == 0 ? 1 : -1) * (0.3 + 2.7 * g.rnd.nextDouble());
        return g.compile(g.op("Div", g.gemm("x", 6, 4, 0.5), g.c(Tensor.ofFloats(divisorShape, d))), 1);
    }

    @Test
    void divisionByAConstantProves() {
        for (int[] ds : new int[][] {{}, {4}, {1, 4}}) {
            G g = new G(ds.length + 3, 1, 6);
            QuantizedModel m = divByConstant(g, ds);
            assertEquals(1, m.nodes.stream().filter(q -> q.op.equals("Div")).findFirst().orElseThrow().i("mode"));
            proves(g, m, 3, 1);
        }
    }

    @Test
    void divisionByAConstantWithAWrongOutputIsRejected() {
        G g = new G(7, 1, 6);
        ProvingKey pk = ModelSetup.setup(divByConstant(g, 4), Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "Div");
        long[] x = quantized(pk, g.input(1));
        for (int entry : new int[] {0, 3}) namesNodeOrItsSumcheck(cheatRejected(pk, x, alterOutput(pk, n, entry)), n, false);
    }

    @Test
    void ezklDivisionExamplesProve() throws IOException {
        int proved = 0;
        for (String name : new String[] {"1l_div", "1l_tiny_div", "1l_eltwise_div"}) if (ElementwiseProofTest.provesEzkl(name)) proved++;
        Assumptions.assumeTrue(proved == 3, "ezkl examples not present");
    }

    // ------------------------------------------------------------------ Div by a runtime tensor (mode 2)

    /** Gemm(x) / Gemm(x) with divisors of both signs (kept away from 0 by a constant added to it). */
    private static QuantizedModel runtimeDivision(G g, boolean hidden) {
        String a = g.gemm("x", 6, 4, 0.7), b = g.op("Add", g.gemm("x", 6, 4, 0.2), g.c(Tensor.ofFloats(new int[] {4}, new double[] {2.5, -2.5, 3, -3})));
        String y = g.op("Div", a, b);
        return g.compile(hidden ? g.op("Relu", y) : y, 1);
    }

    /**
     * x [2, 6]; broadcast runtime divisions (numpy, as LayerNorm's x / std): which 0, [2, 4] / [2, 1] (divisors of both
     * signs); 1, [2, 1] / [2, 4] (the dividend broadcast); 2, [2, 4] / [1, 4] (the divisor broadcast along rows).
     */
    private static QuantizedModel broadcastDivision(G g, int which, boolean hidden) {
        String wide = g.gemm("x", 6, 4, 0.7), narrow = g.op("Add", g.gemm("x", 6, 1, 0.2), g.c(Tensor.ofFloats(new int[] {2, 1}, new double[] {2.5, -2.5})));
        String wideB = g.op("Add", g.gemm("x", 6, 4, 0.2), g.c(Tensor.ofFloats(new int[] {4}, new double[] {2.5, -2.5, 3, -3})));
        String y = switch (which) {
            case 0 -> g.op("Div", wide, narrow);
            case 1 -> g.op("Div", g.gemm("x", 6, 1, 0.7), wideB);
            default -> g.op("Div", wide, g.op("Slice", wideB, g.ints(0), g.ints(1)));
        };
        return g.compile(hidden ? g.op("Relu", y) : y, 1);
    }

    @Test
    void divisionByABroadcastRuntimeTensorProvesExactly() {
        for (int which = 0; which < 3; which++) {
            for (boolean hidden : new boolean[] {false, true}) {
                G g = new G(60 + 2 * which + (hidden ? 1 : 0), 2, 6);
                QuantizedModel m = broadcastDivision(g, which, hidden);
                assertEquals(2, m.nodes.stream().filter(q -> q.op.equals("Div")).findFirst().orElseThrow().i("mode"));
                proves(g, m, 2, 1);
            }
        }
    }

    /** An operand's values broadcast to the output's shape (row-major), as the executor reads them. */
    private static long[] wide(Witness w, int vec, int out) {
        return Broadcast.values(w.values(vec), w.vec(vec).shape, w.vec(out).shape);
    }

    @Test
    void divisionByARuntimeTensorProvesExactly() {
        for (boolean hidden : new boolean[] {false, true}) {
            G g = new G(hidden ? 51 : 52, 1, 6);
            QuantizedModel m = runtimeDivision(g, hidden);
            assertEquals(2, m.nodes.stream().filter(q -> q.op.equals("Div")).findFirst().orElseThrow().i("mode"));
            proves(g, m, 3, 1);
        }
    }

    /**
     * A runtime-division cheat on one positive divisor entry b (the first): every output entry it divides becomes
     * divRound(f a 2^e, g b) with the matching remainder and slack (in range); {@link #advice} alters the divisor's
     * advice to fit (d = g b).
     */
    abstract static class OneDivisorEntry implements GraphProtocol.Cheat {
        final NodeSpec n;
        final long f, g, e;
        int at;
        long[] of; // the divisor entry each output entry reads

        OneDivisorEntry(NodeSpec n, long f, long g) {
            this.n = n;
            this.f = f;
            this.g = g;
            this.e = n.p[1];
        }

        abstract void advice(Witness w, long d);

        @Override
        public void tensors(Witness w) {
            long[] bo = w.values(n.in[1]), a = wide(w, n.in[0], n.out[0]), y = w.values(n.out[0]).clone();
            long[] iota = new long[bo.length];
            for (int i = 0; i < iota.length; i++) iota[i] = i;
            of = Broadcast.values(iota, w.vec(n.in[1]).shape, w.vec(n.out[0]).shape);
            at = MaliciousProverTest.first(bo, j -> bo[j] > 0);
            for (int i = 0; i < y.length; i++) if (of[i] == at) y[i] = io.zkml4j.ml.quant.FixedPoint.divRound(f * a[i] << e, g * bo[at]);
            w.set(n.out[0], y);
        }

        @Override
        public void witness(Witness w) {
            long d = g * w.values(n.in[1])[at];
            advice(w, d);
            Circuit c = w.circuit;
            RangeCheck rem = range(c, n.name + ".rem"), slack = range(c, n.name + ".slack");
            long[] r = w.quantities.get(rem).clone(), sl = w.quantities.get(slack).clone(), a = wide(w, n.in[0], n.out[0]);
            for (int i = 0; i < r.length; i++) {
                if (of[i] != at) continue;
                r[i] = (f * a[i] << e) + (d >> 1) - d * w.values(n.out[0])[i];
                sl[i] = d - 1 - r[i];
            }
            w.range(rem, r);
            w.range(slack, sl);
        }
    }

    @Test
    void runtimeDivisionCheatsAreRejectedInTheirNode() {
        G g = new G(53, 1, 6);
        runtimeDivisionCheats(g, runtimeDivision(g, false));
        for (int which = 0; which < 3; which++) {
            G b = new G(70 + which, 2, 6);
            runtimeDivisionCheats(b, broadcastDivision(b, which, false));
        }
    }

    private static void runtimeDivisionCheats(G g, QuantizedModel model) {
        ProvingKey pk = ModelSetup.setup(model, Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "Div");
        Circuit c = pk.verifyingKey().circuit;
        long[] x = quantized(pk, g.input(1));
        // a wrong quotient with the honest remainder
        for (int entry : new int[] {0, 3}) namesNodeOrItsSumcheck(cheatRejected(pk, x, wrongOutput(pk, n, entry)), n, false);
        // q - 1 with rem + |b|: the slack leaves its range
        outOfRange(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                y[1] -= 1;
                w.set(n.out[0], y);
            }
        });
        // the divisor's sign bit flipped (|b| kept): relation (A) fails
        int sign = ElementwiseProofTest.vec(c, n.name + ".sign");
        caughtAt(cheatRejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                long[] sv = w.values(sign).clone();
                sv[Math.min(2, sv.length - 1)] ^= 1;
                w.set(sign, sv);
                w.range(range(c, n.name + ".signbit"), sv);
            }
        }), n.name, "Div");
        // the sign bit of a positive divisor entry claimed 1, with y = divRound(-a 2^e, |b|) and its remainder on every
        // output entry it divides: relation (B) and every range hold, only (A) m = b - 2 s b can object
        long e = n.p[1];
        assertTrue(e >= 0, "the test model divides a 2^e by b");
        caughtAt(cheatRejected(pk, x, new OneDivisorEntry(n, -1, 1) {
            @Override
            void advice(Witness w, long d) {
                long[] sv = w.values(sign).clone();
                sv[at] = 1;
                w.set(sign, sv);
                w.range(range(c, n.name + ".signbit"), sv);
            }
        }), n.name, "Div");
        // the sign "bit" of a positive divisor entry b claimed -1 (its range quantity claimed 0), m = b - 2 s b = 3b, and
        // y = divRound(3 a 2^e, 3b) with its remainder: (A), (B) and every range hold, only s = its range quantity objects
        caughtAt(cheatRejected(pk, x, new OneDivisorEntry(n, 3, 3) {
            @Override
            void advice(Witness w, long d) {
                long[] sv = w.values(sign).clone(), bit = sv.clone();
                sv[at] = -1;
                bit[at] = 0;
                w.set(sign, sv);
                w.range(range(c, n.name + ".signbit"), bit);
                int abs = ElementwiseProofTest.vec(c, n.name + ".abs"), half = ElementwiseProofTest.vec(c, n.name + ".half");
                long[] m = w.values(abs).clone(), h = w.values(half).clone();
                m[at] = d;
                h[at] = d >> 1;
                w.set(abs, m);
                w.set(half, h);
                long[] pos = new long[m.length], par = new long[m.length];
                for (int j = 0; j < m.length; j++) {
                    pos[j] = m[j] - 1;
                    par[j] = m[j] & 1;
                }
                w.range(range(c, n.name + ".abspos"), pos);
                w.range(range(c, n.name + ".halfrange"), h);
                w.range(range(c, n.name + ".parity"), par);
            }
        }), n.name, "Div");
        // rem + 1, slack - 1 (both in range): the rounding relation fails
        caughtAt(cheatRejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                RangeCheck rem = range(c, n.name + ".rem"), slack = range(c, n.name + ".slack");
                long[] r = w.quantities.get(rem).clone(), s = w.quantities.get(slack).clone();
                int i = 0;
                while (s[i] == 0) i++;
                r[i] += 1;
                s[i] -= 1;
                w.range(rem, r);
                w.range(slack, s);
            }
        }), n.name, "Div");
    }

    @Test
    void aSignedDividendSumThatDisagreesWithItsFactorsIsRejectedByItsCheck() {
        // one quotient entry moved (its remainder and slack as the honest run had them), the sent P = sum eq(r, i) s_i a_i
        // moved to keep relation (B) (the quotient's product with |b|) true, and the sumcheck of P against the sign and
        // the dividend made consistent with the lie: only that sumcheck's final relation can object
        G g = new G(53, 1, 6);
        ProvingKey pk = ModelSetup.setup(runtimeDivision(g, false), Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "Div");
        Circuit c = pk.verifyingKey().circuit;
        long e = n.p[1];
        assertTrue(e >= 0, "the test model divides a 2^e by b");
        int abs = ElementwiseProofTest.vec(c, n.name + ".abs"), entry = 1;
        GraphProtocol.Cheat wrong = wrongOutput(pk, n, entry);
        long[] moved = new long[2]; // the quotient's change at the entry, |b| there
        io.zkml4j.field.GoldilocksExt2[][] point = new io.zkml4j.field.GoldilocksExt2[1][];
        io.zkml4j.field.GoldilocksExt2[] lie = new io.zkml4j.field.GoldilocksExt2[1];
        String msg = cheatRejected(pk, quantized(pk, g.input(1)), new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long before = w.values(n.out[0])[entry];
                wrong.tensors(w);
                moved[0] = w.values(n.out[0])[entry] - before;
            }

            @Override
            public void witness(Witness w) {
                wrong.witness(w);
                moved[1] = w.values(abs)[entry];
            }

            @Override
            public io.zkml4j.field.GoldilocksExt2 evaluation(NodeSpec node, Vec vec, io.zkml4j.field.GoldilocksExt2[] pt, io.zkml4j.field.GoldilocksExt2 value) {
                if (node == n && vec.id == n.in[0]) point[0] = pt.clone(); // a(r): the dividend has the output's shape
                return value;
            }

            @Override
            public io.zkml4j.field.GoldilocksExt2 message(NodeSpec node, String label, io.zkml4j.field.GoldilocksExt2 value) {
                if (!label.equals("div.signed")) return value;
                // (a - 2P) 2^e + h - rem = sum eq m y: y_j + d adds eq(r, j) m_j d, so P moves by -eq(r, j) m_j d / 2^(e + 1)
                long scale = io.zkml4j.field.Goldilocks.inv(1L << (e + 1));
                lie[0] = value.sub(io.zkml4j.poly.Eq.table(point[0]).get(entry).mulBase(io.zkml4j.field.Goldilocks.mul(io.zkml4j.field.Goldilocks.mul(io.zkml4j.field.Goldilocks.fromSigned(moved[0]), moved[1]), scale)));
                return lie[0];
            }

            @Override
            public io.zkml4j.sumcheck.SumcheckAdversary sumcheck(NodeSpec node, int index, io.zkml4j.field.GoldilocksExt2 claimed) {
                return node == n && lie[0] != null && claimed.equals(lie[0]) ? io.zkml4j.sumcheck.SumcheckAdversary.consistent(claimed, 0, null) : null;
            }
        });
        caughtAt(msg, n.name, "Div");
        assertTrue(msg.contains("sign times dividend disagrees with its factors"), msg);
    }

    // ------------------------------------------------------------------ ReduceSum / ReduceMean

    /** op over x [2, 3, 5] (axes null: all), keepdims k (-1: the default), then Relu when {@code hidden}. */
    static QuantizedModel reduce(G g, String op, long[] axes, int k, boolean hidden) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        if (k >= 0) a.put("keepdims", Attribute.ofInt("keepdims", k));
        String y;
        if (op.equals("ReduceSum")) {
            y = axes == null ? g.op(op, a, "x") : g.op(op, a, "x", g.ints(axes)); // opset 13: axes as an input
        } else {
            if (axes != null) a.put("axes", Attribute.ofInts("axes", axes));
            y = g.op(op, a, "x");
        }
        return g.compile(hidden ? g.op("Relu", y) : y, 1);
    }

    @Test
    void reductionsOverAnyAxesProveExactly() {
        Object[][] cases = {
            {"ReduceSum", new long[] {1}, -1, false}, {"ReduceSum", new long[] {0, 2}, 0, true}, {"ReduceSum", null, 0, false},
            {"ReduceSum", new long[] {-1}, 1, true}, {"ReduceMean", new long[] {2}, 1, false}, {"ReduceMean", new long[] {0, 1}, 0, true},
            {"ReduceMean", null, 1, true}, {"ReduceMean", new long[] {1}, 0, false}, {"ReduceSum", new long[] {0}, 1, false},
        };
        int seed = 100;
        for (Object[] c : cases) {
            G g = new G(seed++, 2, 3, 5);
            proves(g, reduce(g, (String) c[0], (long[]) c[1], (Integer) c[2], (Boolean) c[3]), 2, 1);
        }
    }

    @Test
    void reductionWithAWrongOutputIsRejectedInItsNode() {
        for (String op : new String[] {"ReduceSum", "ReduceMean"}) {
            for (long[] axes : new long[][] {{1}, {0, 2}}) { // a public output: nothing after it to recompute (see the Alter test)
                G g = new G(op.hashCode() + axes.length, 2, 3, 5);
                ProvingKey pk = ModelSetup.setup(reduce(g, op, axes, 0, false), Visibility.ALL_PUBLIC);
                NodeSpec n = spec(pk, op);
                long[] x = quantized(pk, g.input(1));
                for (int entry : new int[] {0, 4 / axes.length}) namesNodeOrItsSumcheck(cheatRejected(pk, x, wrongOutput(pk, n, entry)), n, false);
            }
        }
    }

    /**
     * One output entry off by one, nothing else recomputed, every remainder kept in its range: a rescale's reduced mod
     * 2^k ({@link ElementwiseProofTest#alterOutput}), a division's remainder and slack put back to the honest ones.
     */
    static GraphProtocol.Cheat wrongOutput(ProvingKey pk, NodeSpec n, int entry) {
        Circuit c = pk.verifyingKey().circuit;
        GraphProtocol.Cheat rescaled = alterOutput(pk, n, entry);
        return new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                rescaled.tensors(w);
            }

            @Override
            public void witness(Witness w) {
                if (!c.ranges.stream().anyMatch(rc -> rc.what.equals(n.name + ".slack"))) {
                    rescaled.witness(w);
                    return;
                }
                restoreDivision(c, n.name, w, entry);
            }
        };
    }

    /**
     * Undoes what a quotient one too large did to a {@link DivRound}'s recomputed remainder (rem - d) and slack
     * (slack + d) at an entry: both back to the honest ones, so only the rounding relation can object.
     */
    static void restoreDivision(Circuit c, String node, Witness w, int entry) {
        RangeCheck rem = range(c, node + ".rem"), slack = range(c, node + ".slack");
        long[] r = w.quantities.get(rem).clone(), sl = w.quantities.get(slack).clone();
        long d = r[entry] + sl[entry] + 1;
        r[entry] += d;
        sl[entry] -= d;
        w.range(rem, r);
        w.range(slack, sl);
    }

    private static ProvingKey meanKey(G g) {
        return ModelSetup.setup(reduce(g, "ReduceMean", new long[] {1, 2}, 1, true), Visibility.ALL_PUBLIC);
    }

    @Test
    void meanQuotientMinusOneWithRemainderPlusDivisorIsRejected() {
        // y - 1 with rem + d: the rounding relation holds, the slack d - 1 - rem goes negative (out of its range)
        G g = new G(31, 2, 3, 5);
        ProvingKey pk = meanKey(g);
        NodeSpec n = spec(pk, "ReduceMean");
        outOfRange(pk, quantized(pk, g.input(1)), new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                y[1] -= 1;
                w.set(n.out[0], y);
            }
        });
    }

    @Test
    void meanRemainderChangedIsRejectedInItsNode() {
        G g = new G(32, 2, 3, 5);
        ProvingKey pk = meanKey(g);
        Circuit c = pk.verifyingKey().circuit;
        long[] x = quantized(pk, g.input(1));
        RangeCheck rem = range(c, "ReduceMean_0.rem"), slack = range(c, "ReduceMean_0.slack");
        // rem + 1 and slack - 1, both in range: only the rounding relation can object
        caughtAt(cheatRejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                long[] r = w.quantities.get(rem).clone(), s = w.quantities.get(slack).clone();
                int i = 0;
                while (s[i] == 0) i++;
                r[i] += 1;
                s[i] -= 1;
                w.range(rem, r);
                w.range(slack, s);
            }
        }), "ReduceMean_0", "ReduceMean");
        // the slack alone changed: the slack relation objects
        caughtAt(cheatRejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                long[] s = w.quantities.get(slack).clone();
                s[1] ^= 1;
                w.range(slack, s);
            }
        }), "ReduceMean_0", "ReduceMean");
    }

    @Test
    void alteredValueWithEverythingAfterItHonestIsCaughtWhereItHappened() {
        // x -> Relu -> ReduceSum / ReduceMean -> Relu: one value changed, every later node re-run on it exactly
        for (String op : new String[] {"ReduceSum", "ReduceMean"}) {
            G g = new G(op.hashCode() + 5, 2, 3, 5);
            String t0 = g.op("Relu", "x");
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("keepdims", Attribute.ofInt("keepdims", 0));
            String t1 = op.equals("ReduceSum") ? g.op(op, a, t0, g.ints(2)) : g.op(op, Map.of("axes", Attribute.ofInts("axes", new long[] {2})), t0);
            ProvingKey pk = ModelSetup.setup(g.compile(g.op("Relu", t1), 1), Visibility.ALL_PUBLIC);
            long[] x = quantized(pk, g.input(1));
            // the Relu before the reduction: caught by the Relu
            String msg = rejected(pk, x, new MaliciousProverTest.Alter(pk, t0, v -> v[4] += 1));
            assertTrue(msg.startsWith("node 'Relu_0'"), msg);
            // the reduction's output, its remainder kept as the honest run had it: caught by the reduction
            Circuit c = pk.verifyingKey().circuit;
            RangeCheck rem = range(c, op.equals("ReduceSum") ? "ReduceSum_1.sum.rem" : "ReduceMean_1.rem");
            MaliciousProverTest.Alter alter = new MaliciousProverTest.Alter(pk, t1, v -> v[2] += 1).aux(w -> {
                // undo what the changed quotient did to the recomputed remainder (and, for the mean, its slack)
                if (op.equals("ReduceSum")) {
                    long[] r = w.quantities.get(rem).clone();
                    r[2] += 1L << rem.bits;
                    w.range(rem, r);
                } else {
                    restoreDivision(c, "ReduceMean_1", w, 2);
                }
            });
            caughtAt(rejected(pk, x, alter), op + "_1", op);
        }
    }

    @Test
    void flippedProofBytesOfAReductionAreRejected() {
        G g = new G(41, 2, 3, 5);
        ProvingKey pk = meanKey(g);
        ModelProver.Result r = ModelProver.proveQuantized(pk, quantized(pk, g.input(1)));
        for (int i = 0; i < r.proof.length; i += Math.max(1, r.proof.length / 300)) {
            byte[] p = r.proof.clone();
            p[i] ^= (byte) (1 << (i % 8));
            ModelProofTest.rejects(pk.verifyingKey(), r.input, r.output, p);
        }
    }

    @Test
    void ezklMeanExampleProves() throws IOException {
        Assumptions.assumeTrue(ElementwiseProofTest.provesEzkl("1l_mean"), "ezkl examples not present");
    }
}
