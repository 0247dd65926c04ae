package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Completeness and soundness of the Conv proof: random small convolutions compiled from ONNX graphs, shared models. */
class ConvProofTest {
    /** A Conv (then optionally Relu) over x of shape xShape with o output channels; attrs beyond kernel_shape. */
    record Spec(String what, int[] xShape, int o, int[] kernel, boolean bias, boolean relu, Map<String, Attribute> attrs) {
        int group() {
            Attribute a = attrs.get("group");
            return a == null ? 1 : (int) a.i();
        }
    }

    static Map<String, Attribute> attrs(Object... kv) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            String k = (String) kv[i];
            Object v = kv[i + 1];
            m.put(k, v instanceof String s ? Attribute.ofString(k, s) : v instanceof Integer n ? Attribute.ofInt(k, n) : Attribute.ofInts(k, (long[]) v));
        }
        return m;
    }

    static Graph graph(Spec s, long seed) {
        Random rnd = new Random(seed);
        int c = s.xShape[1], cg = c / s.group();
        int[] ws = new int[s.kernel.length + 2];
        ws[0] = s.o;
        ws[1] = cg;
        System.arraycopy(s.kernel, 0, ws, 2, s.kernel.length);
        double[] w = new double[Padding.size(ws)];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble() - 0.5;
        Map<String, Tensor> init = new LinkedHashMap<>();
        init.put("W", Tensor.ofFloats(ws, w));
        List<String> ins = new ArrayList<>(List.of("x", "W"));
        if (s.bias) {
            double[] b = new double[s.o];
            for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble() - 0.5;
            init.put("B", Tensor.ofFloats(new int[] {s.o}, b));
            ins.add("B");
        }
        Map<String, Attribute> a = new LinkedHashMap<>(s.attrs);
        long[] k = new long[s.kernel.length];
        for (int i = 0; i < k.length; i++) k[i] = s.kernel[i];
        a.put("kernel_shape", Attribute.ofInts("kernel_shape", k));
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node("conv", "Conv", "", ins, List.of(s.relu ? "c" : "y"), a));
        if (s.relu) nodes.add(new Node("relu", "Relu", "", List.of("c"), List.of("y"), Map.of()));
        return new Graph("test:conv", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, s.xShape)),
                List.of(new ValueInfo("y", DType.FLOAT, new int[0])), nodes, init, Map.of());
    }

    static double[] randomInput(int[] shape, Random rnd) {
        double[] x = new double[Padding.size(shape)];
        for (int i = 0; i < x.length; i++) x[i] = 2 * rnd.nextDouble() - 1;
        return x;
    }

    static QuantizedModel compile(Spec s, long seed) {
        Random rnd = new Random(seed + 1);
        List<List<double[]>> cal = new ArrayList<>();
        for (int i = 0; i < 4; i++) cal.add(List.of(randomInput(s.xShape, rnd)));
        return ModelCompiler.compile(graph(s, seed), cal, CompileOptions.defaults());
    }

    static final Spec[] SPECS = {
            new Spec("3x3, bias, relu", new int[] {1, 2, 5, 5}, 3, new int[] {3, 3}, true, true, attrs()),
            new Spec("stride 2, asymmetric pads, no bias", new int[] {1, 3, 7, 6}, 4, new int[] {3, 2}, false, false,
                    attrs("strides", new long[] {2, 2}, "pads", new long[] {1, 0, 2, 1})),
            new Spec("dilation 2, pad 2, relu", new int[] {1, 1, 9, 9}, 2, new int[] {3, 3}, true, true,
                    attrs("dilations", new long[] {2, 2}, "pads", new long[] {2, 2, 2, 2})),
            new Spec("SAME_UPPER stride 2, non power of two", new int[] {1, 3, 6, 5}, 5, new int[] {3, 3}, true, true,
                    attrs("auto_pad", "SAME_UPPER", "strides", new long[] {2, 2})),
            new Spec("SAME_LOWER stride (1, 3) dilation (2, 1)", new int[] {1, 2, 7, 10}, 3, new int[] {2, 3}, true, false,
                    attrs("auto_pad", "SAME_LOWER", "strides", new long[] {1, 3}, "dilations", new long[] {2, 1})),
            new Spec("2 groups", new int[] {1, 4, 6, 6}, 6, new int[] {3, 3}, true, true, attrs("group", 2, "pads", new long[] {1, 1, 1, 1})),
            new Spec("depthwise", new int[] {1, 3, 5, 7}, 3, new int[] {3, 3}, true, false, attrs("group", 3, "strides", new long[] {2, 1})),
            new Spec("1-d, stride 2, pad 1", new int[] {1, 2, 11}, 3, new int[] {3}, true, true,
                    attrs("strides", new long[] {2}, "pads", new long[] {1, 1})),
            new Spec("1x1, one channel", new int[] {1, 1, 3, 3}, 1, new int[] {1, 1}, false, false, attrs()),
    };

    @Test
    void randomConvsVerifyAndMatchTheQuantizedModel() {
        for (int i = 0; i < SPECS.length; i++) {
            Spec s = SPECS[i];
            QuantizedModel m = compile(s, 10 + i);
            assertTrue(m.nodes.stream().anyMatch(q -> q.op.equals("Conv")), s.what);
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            Random rnd = new Random(i);
            for (int k = 0; k < 2; k++) {
                double[] xd = randomInput(s.xShape, rnd);
                ModelProver.Result r = ModelProver.prove(pk, xd);
                long[] x = m.quantizeInputs(List.of(xd)).get(0);
                assertArrayEquals(m.execute(List.of(x)).output(0).values(), r.output, s.what);
                ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
                ModelProofTest.rejects(pk.verifyingKey(), r.input, ModelProofTest.bump(r.output, r.output.length / 2, 1), r.proof);
            }
        }
    }

    // ------------------------------------------------------------------ soundness

    private record Fixture(QuantizedModel m, ProvingKey pk, QNode conv, int convOut, RangeCheck rem, RangeCheck bound, long[] x) {}

    /** A conv (hidden output, or the public output without Relu) and an input on which some conv output is positive. */
    private static Fixture fixture(boolean relu) {
        Spec s = new Spec("cheat", new int[] {1, 2, 6, 5}, 3, new int[] {3, 3}, true, relu, attrs("strides", new long[] {2, 1}, "pads", new long[] {1, 1, 0, 1}));
        QuantizedModel m = compile(s, 99);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        QNode conv = m.nodes.stream().filter(q -> q.op.equals("Conv")).findFirst().orElseThrow();
        Circuit c = pk.verifyingKey().circuit;
        int out = c.vecs.stream().filter(v -> v.name.equals(conv.outputs.get(0))).findFirst().orElseThrow().id;
        RangeCheck rem = c.ranges.stream().filter(rc -> rc.what.equals(conv.name + ".conv.rem")).findFirst().orElseThrow();
        RangeCheck bound = c.ranges.stream().filter(rc -> rc.what.equals(conv.name + ".conv.bound")).findFirst().orElse(null);
        assertEquals(relu, bound != null); // a hidden output is kept in the range budget, a public one is checked by the verifier
        long[] x = m.quantizeInputs(List.of(randomInput(s.xShape, new Random(5)))).get(0);
        return new Fixture(m, pk, conv, out, rem, bound, x);
    }

    private static int positiveEntry(long[] v) {
        for (int i = 0; i < v.length; i++) if (v[i] > 0) return i;
        throw new AssertionError("no positive conv output");
    }

    /**
     * Cheat: conv output entry i + 1 (with Relu, the Relu output recomputed from it so that node holds). The conv's
     * remainder stays the honest one (in range; the accumulator it implies grows by 2^k); with {@code boundToo} the
     * range-budget quantity is recomputed for the new output, so only the conv's sumcheck can catch the cheat.
     */
    private static GraphProtocol.Cheat alterOutput(Fixture f, boolean boundToo) {
        int[] at = {-1};
        return new GraphProtocol.Cheat() {
            long[] honestBound;

            @Override
            public void tensors(Witness w) {
                long[] q = w.values(f.convOut).clone();
                at[0] = positiveEntry(q);
                q[at[0]] += 1;
                w.set(f.convOut, q);
                for (QNode n : f.m.nodes) {
                    if (!n.op.equals("Relu")) continue;
                    int id = f.pk.verifyingKey().circuit.vecs.stream().filter(v -> v.name.equals(n.outputs.get(0))).findFirst().orElseThrow().id;
                    long[] y = q.clone();
                    for (int i = 0; i < y.length; i++) y[i] = Math.max(0, y[i]);
                    w.set(id, y);
                }
            }

            @Override
            public void witness(Witness w) {
                long[] r = w.quantities.get(f.rem).clone();
                r[at[0]] += 1L << f.rem.bits; // back to the honest remainder
                assertTrue(r[at[0]] >= 0 && r[at[0]] < (1L << f.rem.bits));
                w.quantities.put(f.rem, r);
                if (f.bound != null && !boundToo) {
                    long[] b = w.quantities.get(f.bound).clone();
                    b[at[0]] -= 1; // the honest output's
                    w.quantities.put(f.bound, b);
                }
            }
        };
    }

    private static String cheatRejected(Fixture f, GraphProtocol.Cheat cheat) {
        ModelProver.Result r = ModelProver.prove(f.pk, f.x, cheat, ProveProgress.NONE);
        return ModelProofTest.rejects(f.pk.verifyingKey(), r.input, r.output, r.proof);
    }

    @Test
    void honestFixturesVerify() {
        for (boolean relu : new boolean[] {true, false}) {
            Fixture f = fixture(relu);
            ModelProver.Result r = ModelProver.prove(f.pk, f.x, null, ProveProgress.NONE);
            ModelVerifier.verify(f.pk.verifyingKey(), r.input, r.output, r.proof);
        }
    }

    @Test
    void alteredOutputIsCaughtByTheSumcheck() {
        for (boolean relu : new boolean[] {true, false}) {
            Fixture f = fixture(relu);
            String msg = cheatRejected(f, alterOutput(f, true));
            assertTrue(msg.startsWith("node '" + f.conv.name + "' (Conv): product sumcheck"), msg);
        }
    }

    @Test
    void alteredOutputAloneIsRejected() {
        // nothing recomputed: the hidden output's range-budget quantity no longer matches it
        Fixture f = fixture(true);
        String msg = cheatRejected(f, alterOutput(f, false));
        assertTrue(msg.startsWith("node '" + f.conv.name + "' (Conv): "), msg);
    }

    @Test
    void claimedOtherInputIsCaughtByTheIm2colCheck() {
        // the conv's input is the public input: a proof made (same transcript) for another claimed input fails only
        // at the end of the im2col sumcheck, where x(u) is the verifier's own evaluation
        Fixture f = fixture(false);
        long[] other = ModelProofTest.bump(f.x, 3, 1);
        GraphProtocol.Cheat cheat = new GraphProtocol.Cheat() {
            @Override
            public long[] claimedInput(long[] x) {
                return other;
            }
        };
        ModelProver.Result r = ModelProver.prove(f.pk, f.x, cheat, ProveProgress.NONE);
        String msg = ModelProofTest.rejects(f.pk.verifyingKey(), other, r.output, r.proof);
        assertEquals("node '" + f.conv.name + "' (Conv): im2col input disagrees with the convolution's input", msg);
    }

    @Test
    void changedPublicOutputIsRejectedAtTheConv() {
        Fixture f = fixture(false);
        ModelProver.Result r = ModelProver.prove(f.pk, f.x, null, ProveProgress.NONE);
        for (int i = 0; i < r.output.length; i += 7) {
            String msg = ModelProofTest.rejects(f.pk.verifyingKey(), r.input, ModelProofTest.bump(r.output, i, 1), r.proof);
            assertTrue(msg.startsWith("node '" + f.conv.name + "' (Conv): "), msg);
        }
    }

    @Test
    void batchAboveOneIsRejectedInOneLine() {
        Spec s = new Spec("batch 2", new int[] {2, 1, 4, 4}, 2, new int[] {3, 3}, false, false, attrs());
        QuantizedModel m = compile(s, 3);
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertTrue(e.getMessage().contains("(Conv): not provable yet (batch size 2"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    // ------------------------------------------------------------------ shared models

    /** Sets up, proves and verifies; skips (assumption) while another node of the model is not provable yet. */
    static void proveShared(String what, QuantizedModel m, List<double[]> inputs) {
        ProvingKey pk;
        try {
            pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        } catch (ModelException e) {
            Assumptions.assumeFalse(e.getMessage().contains("not provable yet") && !e.getMessage().contains("(Conv)"), what + ": " + e.getMessage());
            throw e;
        }
        for (double[] in : inputs) {
            long t0 = System.nanoTime();
            ModelProver.Result r = ModelProver.prove(pk, in);
            long t1 = System.nanoTime();
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
            long t2 = System.nanoTime();
            assertArrayEquals(m.execute(List.of(r.input)).output(0).values(), r.output, what);
            System.out.printf("%s: proof %d bytes, prove %.0f ms, verify %.0f ms%n", what, r.proof.length, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
    }

    @Test
    void digitsLenetProves() {
        proveShared("digits_lenet", Models.shared("digits_lenet"), Models.inputs("digits_lenet").subList(0, 1));
    }

    @Test
    void ezklConvExamplesProve() throws IOException {
        List<String> skipped = new ArrayList<>();
        for (String name : new String[] {"1l_conv", "1l_downsample", "2l_relu_sigmoid_conv", "3l_relu_conv_fc", "variable_cnn"}) {
            ElementwiseProofTest.Ezkl ex = ElementwiseProofTest.ezkl(name);
            if (ex == null) throw new java.io.FileNotFoundException("ezkl example " + name);
            try {
                proveShared(name, ex.model(), List.of(ex.input()));
            } catch (org.opentest4j.TestAbortedException e) {
                skipped.add(e.getMessage());
            }
        }
        Assumptions.assumeTrue(skipped.isEmpty(), "skipped: " + skipped);
    }

    @Test
    void soundnessTermsAreCoveredByTheCalculator() {
        // the node's own error (vars(q) + 3 (vars(O) + vars(CgK)) + 2 vars(x)) / |F_ext| is within the calculator's
        // 8 x (variables of the node's vectors + 1) / |F_ext|
        Fixture f = fixture(true);
        Circuit c = f.pk.verifyingKey().circuit;
        NodeSpec n = c.nodes.stream().filter(x -> x.op.equals("Conv")).findFirst().orElseThrow();
        Vec x = c.vec(n.in[0]), w = c.vec(n.in[1]), q = c.vec(n.out[0]);
        int own = q.vars + 3 * w.vars + 2 * x.vars;
        int all = x.vars + w.vars + q.vars + (n.in.length > 2 ? c.vec(n.in[2]).vars : 0);
        assertTrue(own <= 8 * (all + 1));
        assertEquals(3, n.in.length);
    }
}
