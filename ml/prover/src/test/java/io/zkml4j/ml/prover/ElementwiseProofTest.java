package io.zkml4j.ml.prover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.lookup.ValueNotInTableException;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Add, Sub, Mul (ElementwiseProof) and LeakyRelu (LeakyReluProof): completeness on small models compiled by ml/quant
 * from in-memory ONNX graphs (different scales, broadcasting, constant operands, residual DAGs) and on ezkl examples;
 * soundness against cheating provers that alter an output entry or a remainder (LeakyRelu's branch: AffineOpsProofTest).
 */
class ElementwiseProofTest {

    // ------------------------------------------------------------------ graph building

    /** A one-input ONNX graph built node by node; every node is named {@code <op>_<index>}. */
    static final class G {
        final int[] shape;
        final List<Node> nodes = new ArrayList<>();
        final Map<String, Tensor> init = new LinkedHashMap<>();
        final Random rnd;

        G(long seed, int... shape) {
            this.shape = shape;
            this.rnd = new Random(seed);
        }

        String c(double scale, int... shape) {
            double[] v = new double[Padding.size(shape)];
            for (int i = 0; i < v.length; i++) v[i] = scale * rnd.nextGaussian();
            return c(Tensor.ofFloats(shape, v));
        }

        String c(Tensor t) {
            String n = "c" + init.size();
            init.put(n, t);
            return n;
        }

        String ints(long... v) {
            return c(Tensor.ofInts(DType.INT64, new int[] {v.length}, v));
        }

        String op(String op, Map<String, Attribute> attrs, String... in) {
            String out = "t" + nodes.size();
            nodes.add(new Node(op + "_" + nodes.size(), op, "", List.of(in), List.of(out), attrs));
            return out;
        }

        String op(String op, String... in) {
            return op(op, Map.of(), in);
        }

        String gemm(String x, int k, int n, double w) {
            return op("Gemm", x, c(w, k, n), c(0.3, n));
        }

        /** Compiled with 8 random calibration inputs of standard deviation {@code range}. */
        QuantizedModel compile(String out, double range) {
            Graph g = graph(out);
            List<List<double[]>> cal = new ArrayList<>();
            for (int i = 0; i < 8; i++) cal.add(List.of(input(range)));
            return ModelCompiler.compile(g, cal, CompileOptions.defaults());
        }

        /** The float graph with input x and output {@code out} (the reference the compiled model approximates). */
        Graph graph(String out) {
            return new Graph("test", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, shape)),
                    List.of(new ValueInfo(out, DType.FLOAT, new int[0])), nodes, init, Map.of());
        }

        double[] input(double range) {
            double[] x = new double[Padding.size(shape)];
            for (int i = 0; i < x.length; i++) x[i] = range * rnd.nextGaussian();
            return x;
        }
    }

    static Map<String, Attribute> alpha(double a) {
        return Map.of("alpha", Attribute.ofFloat("alpha", (float) a));
    }

    // ------------------------------------------------------------------ helpers

    /** Proves and verifies on each input; the proven output is the model's exact integer output. */
    static ProvingKey proves(QuantizedModel m, double[]... inputs) {
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        for (double[] in : inputs) {
            ModelProver.Result r = ModelProver.prove(pk, in);
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
            assertArrayEquals(m.execute(List.of(r.input)).output(0).values(), r.output, "proven output is the model's");
        }
        return pk;
    }

    /** Proves and verifies one input; the proven output is every model output's exact integer values in order. */
    static IntTrace provesEveryOutput(ProvingKey pk, double[] in) {
        ModelProver.Result r = ModelProver.prove(pk, in);
        IntTrace t = pk.model.execute(List.of(r.input));
        long[] expected = new long[0];
        for (int o = 0; o < t.outputNames().size(); o++) {
            long[] v = t.output(o).values();
            expected = java.util.Arrays.copyOf(expected, expected.length + v.length);
            System.arraycopy(v, 0, expected, expected.length - v.length, v.length);
        }
        assertArrayEquals(expected, r.output, "proven output is the model's");
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        return t;
    }

    static ProvingKey proves(G g, QuantizedModel m, int count, double range) {
        double[][] in = new double[count][];
        for (int i = 0; i < count; i++) in[i] = g.input(range);
        return proves(m, in);
    }

    static NodeSpec spec(ProvingKey pk, String op) {
        return pk.verifyingKey().circuit.nodes.stream().filter(n -> n.op.equals(op)).reduce((a, b) -> b).orElseThrow();
    }

    static QNode qnode(QuantizedModel m, String op) {
        return m.nodes.stream().filter(n -> n.op.equals(op)).reduce((a, b) -> b).orElseThrow();
    }

    static RangeCheck range(Circuit c, String what) {
        return c.ranges.stream().filter(r -> r.what.equals(what)).findFirst().orElseThrow(() -> new AssertionError("no range check " + what));
    }

    static int vec(Circuit c, String name) {
        return c.vecs.stream().filter(v -> v.name.equals(name)).findFirst().orElseThrow(() -> new AssertionError("no vector " + name)).id;
    }

    /** Proves with the cheat and asserts the verifier rejects; returns the message. */
    static String cheatRejected(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat) {
        ModelProver.Result r = ModelProver.prove(pk, x, cheat, ProveProgress.NONE);
        return rejects(pk.verifyingKey(), r.input, r.output, r.proof);
    }

    /**
     * A cheat that needs a quantity outside its range: every relation of the node holds, only the range LogUp can
     * object. The honest lookup witness inside the prover refuses to build it (ValueNotInTableException) before any
     * proof exists; should a proof come out, the verifier must reject it in a LogUp.
     */
    static void outOfRange(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat) {
        ModelProver.Result r;
        try {
            r = ModelProver.prove(pk, x, cheat, ProveProgress.NONE);
        } catch (ValueNotInTableException e) {
            assertTrue(e.getMessage().contains("is not in table"), e.getMessage());
            return;
        }
        String msg = rejects(pk.verifyingKey(), r.input, r.output, r.proof);
        assertTrue(msg.startsWith("logup") || msg.startsWith("node '"), msg); // a node reading the value may object first
    }

    /** A node's own check ("node '<name>' (<op>): ...") or its sumcheck (whose messages do not name the node yet). */
    static void namesNodeOrItsSumcheck(String msg, NodeSpec n, boolean sumcheck) {
        assertTrue(msg.startsWith(n.where() + ":") || sumcheck && msg.startsWith("sumcheck"), n.where() + ": " + msg);
    }

    static long[] quantized(ProvingKey pk, double[] in) {
        return pk.model().quantizeInputs(List.of(in)).get(0);
    }

    // ------------------------------------------------------------------ models

    /** y = op(Gemm(x, W small), Gemm(x, W large)): two tensors at different scales. */
    private static QuantizedModel twoScales(G g, String op) {
        String a = g.gemm("x", 6, 5, 0.02), b = g.gemm("x", 6, 5, 3);
        return g.compile(g.op(op, a, b), 1);
    }

    // ------------------------------------------------------------------ completeness

    @Test
    void addSubMulOfTensorsAtDifferentScales() {
        boolean rescaled = false;
        for (String op : new String[] {"Add", "Sub", "Mul"}) {
            G g = new G(op.hashCode(), 1, 6);
            QuantizedModel m = twoScales(g, op);
            QNode q = qnode(m, op);
            assertNotEquals(q.inScales[0], q.inScales[1], "operands at different scales");
            ProvingKey pk = proves(g, m, 2, 1);
            NodeSpec n = spec(pk, op);
            if (!op.equals("Mul")) rescaled |= n.p[1] > 0 || n.p[2] > 0;
        }
        assertTrue(rescaled, "some operand is rescaled with rounding (a committed u)");
    }

    @Test
    void bothOperandsRescaledWhenTheOutputScaleIsLow() {
        for (String op : new String[] {"Add", "Sub"}) {
            G g = new G(17 + op.length(), 1, 6);
            QuantizedModel m = twoScales(g, op);
            QNode q = qnode(m, op);
            // a coarser output: s_m = s_out + 4 lies below both operand scales
            q.outScales[0] = Math.min(q.inScales[0], q.inScales[1]) - 6;
            m.outputs.get(0).scale = q.outScales[0];
            ProvingKey pk = proves(g, m, 2, 1);
            NodeSpec n = spec(pk, op);
            assertTrue(n.p[1] > 0 && n.p[2] > 0, "both operands rescaled: " + Arrays.toString(n.p));
        }
    }

    @Test
    void broadcastingTensors() {
        // [1,3,4,5] + [3,1,1] and [3,1,1] - [1,3,4,5], the small operand a tensor at another scale
        for (String op : new String[] {"Add", "Sub"}) {
            G g = new G(5 + op.length(), 1, 3, 4, 5);
            String s = g.op("Slice", "x", g.ints(0, 0, 0, 0), g.ints(1, 3, 1, 1));
            String r = g.op("Reshape", s, g.ints(3, 1, 1));
            String t = g.op("Mul", r, g.c(Tensor.ofFloats(new int[0], new double[] {7.3})));
            QuantizedModel m = g.compile(op.equals("Add") ? g.op(op, "x", t) : g.op(op, t, "x"), 1);
            QNode q = qnode(m, op);
            assertNotEquals(q.inScales[0], q.inScales[1]);
            proves(g, m, 2, 1);
        }
        // [2,3] * [3]: a shared dimension, the sumcheck path
        G g = new G(9, 2, 3);
        String s = g.op("Slice", "x", g.ints(0, 0), g.ints(1, 3));
        String r = g.op("Reshape", s, g.ints(3));
        proves(g, g.compile(g.op("Mul", "x", r), 1), 2, 1);
        // [3,1] * [1,4]: an outer product (no shared dimension)
        G h = new G(10, 3, 4);
        String a = h.op("Slice", "x", h.ints(0, 0), h.ints(3, 1));
        String b = h.op("Slice", "x", h.ints(0, 0), h.ints(1, 4));
        proves(h, h.compile(h.op("Mul", a, b), 1), 2, 1);
    }

    @Test
    void constantOperands() {
        G g = new G(11, 2, 5);
        String t = g.op("Add", "x", g.c(0.3, 5));
        String u = g.op("Sub", g.c(2.0, 2, 1), t);
        String v = g.op("Mul", u, g.c(0.7, 2, 5));
        String w = g.op("Mul", g.c(Tensor.ofFloats(new int[0], new double[] {-1.7})), v);
        String y = g.op("Add", w, g.c(Tensor.ofFloats(new int[0], new double[] {0.001})));
        QuantizedModel m = g.compile(y, 1);
        assertEquals(5, m.nodes.size(), "no node folded away");
        proves(g, m, 2, 1);
    }

    @Test
    void residualAddAfterGemmAndRelu() {
        G g = new G(12, 1, 8);
        String h = g.gemm("x", 8, 8, 0.5);
        String r = g.op("Relu", h);
        String s = g.op("Add", r, h); // h is read by Relu and Add
        String y = g.op("Add", s, "x"); // x is read by Gemm and Add
        proves(g, g.compile(g.gemm(y, 8, 3, 0.5), 1), 3, 1);
    }

    @Test
    void leakyRelu() {
        for (double a : new double[] {0.01, 0.2}) {
            G g = new G(13, 1, 10);
            String h = g.gemm("x", 10, 10, 0.5);
            String l = g.op("LeakyRelu", alpha(a), h);
            QuantizedModel m = g.compile(g.gemm(l, 10, 4, 0.5), 1);
            double[] x = g.input(1);
            long negative = Arrays.stream(m.runTrace(List.of(x)).get(h).values()).filter(v -> v < 0).count();
            assertTrue(negative > 0 && negative < 10, "both branches are exercised");
            proves(m, x, g.input(1));
            // public input and output
            G d = new G(14, 1, 16);
            proves(d, d.compile(d.op("LeakyRelu", alpha(a), "x"), 1), 2, 1);
        }
    }

    @Test
    void ezklExamplesProve() throws IOException {
        int proved = 0;
        for (String name : new String[] {"1l_leakyrelu", "blackman_window"}) if (provesEzkl(name)) proved++;
        Assumptions.assumeTrue(proved == 2, "ezkl examples not present");
    }

    /** Compiles the shared ezkl example {@code name} on its input.json and proves it; false if the example is absent. */
    static boolean provesEzkl(String name) throws IOException {
        Ezkl e = ezkl(name);
        if (e == null) return false;
        proves(e.model, e.input);
        return true;
    }

    /** A shared ezkl example compiled on its input.json (calibrated on it), with that input. */
    record Ezkl(QuantizedModel model, double[] input) {}

    /** The ezkl example {@code name}, or null if the corpus lacks it. */
    static Ezkl ezkl(String name) throws IOException {
        Path dir = Models.shared().resolve("ezkl-examples/" + name);
        if (!Files.exists(dir.resolve("network.onnx"))) return null;
        Graph g = OnnxLoader.load(dir.resolve("network.onnx"), 1);
        JsonNode data = new ObjectMapper().readTree(dir.resolve("input.json").toFile()).get("input_data").get(0);
        List<Double> flat = new ArrayList<>();
        flatten(data, flat);
        double[] in = Arrays.copyOf(flat.stream().mapToDouble(Double::doubleValue).toArray(), Padding.size(g.inputs().get(0).shape()));
        return new Ezkl(ModelCompiler.compile(g, List.of(List.of(in)), CompileOptions.defaults()), in);
    }

    static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) for (JsonNode c : n) flatten(c, out);
        else out.add(n.asDouble());
    }

    // ------------------------------------------------------------------ soundness

    /**
     * One public output entry off by one, nothing else recomputed: the node's remainders are kept in range (reduced
     * mod 2^k) so only the node's own relation can catch it.
     */
    static GraphProtocol.Cheat alterOutput(ProvingKey pk, NodeSpec n, int entry) {
        Circuit c = pk.verifyingKey().circuit;
        return new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                y[entry] += 1;
                w.set(n.out[0], y);
            }

            @Override
            public void witness(Witness w) {
                remaindersInRange(w, c, n);
            }
        };
    }

    /** Every remainder (".rem" range check) of node n reduced into its range, so only the node's relations can object. */
    static void remaindersInRange(Witness w, Circuit c, NodeSpec n) {
        for (RangeCheck rc : c.ranges) {
            if (!rc.what.startsWith(n.name + ".") || !rc.what.endsWith(".rem")) continue;
            long[] q = w.quantities.get(rc).clone();
            for (int i = 0; i < q.length; i++) q[i] = Math.floorMod(q[i], 1L << rc.bits);
            w.range(rc, q);
        }
    }

    @Test
    void alteredOutputEntryIsRejectedNamingTheNode() {
        List<Object[]> cases = new ArrayList<>();
        for (String op : new String[] {"Add", "Sub", "Mul"}) {
            G g = new G(op.hashCode(), 1, 6);
            cases.add(new Object[] {g, twoScales(g, op), op});
        }
        G b = new G(9, 2, 3); // broadcast product: sumcheck path
        cases.add(new Object[] {b, b.compile(b.op("Mul", "x", b.op("Reshape", b.op("Slice", "x", b.ints(0, 0), b.ints(1, 3)), b.ints(3))), 1), "Mul"});
        G s = new G(19, 1, 4); // scalar constant
        cases.add(new Object[] {s, s.compile(s.op("Mul", "x", s.c(Tensor.ofFloats(new int[0], new double[] {3.1}))), 1), "Mul"});
        G l = new G(20, 1, 8);
        cases.add(new Object[] {l, l.compile(l.op("LeakyRelu", alpha(0.2), "x"), 1), "LeakyRelu"});
        for (Object[] cs : cases) {
            G g = (G) cs[0];
            QuantizedModel m = (QuantizedModel) cs[1];
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            NodeSpec n = spec(pk, (String) cs[2]);
            long[] x = quantized(pk, g.input(1));
            Circuit c = pk.verifyingKey().circuit;
            boolean sumcheck = n.op.equals("LeakyRelu") || n.op.equals("Mul") && c.vec(n.in[0]).vars + c.vec(n.in[1]).vars > c.vec(n.out[0]).vars;
            for (int entry : new int[] {0, Padding.size(c.vec(n.out[0]).shape) - 1}) {
                namesNodeOrItsSumcheck(cheatRejected(pk, x, alterOutput(pk, n, entry)), n, sumcheck);
            }
        }
    }

    @Test
    void alteredRemainderIsRejected() {
        G g = new G("Add".hashCode(), 1, 6);
        QuantizedModel m = twoScales(g, "Add");
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        Circuit c = pk.verifyingKey().circuit;
        NodeSpec n = spec(pk, "Add");
        int shift = (int) n.p[0];
        assertTrue(shift > 0, "the sum is rescaled");
        long[] x = quantized(pk, g.input(1));
        // q + 1 with rem - 2^shift: the rescale relation still holds, the remainder leaves [0, 2^shift)
        RangeCheck rem = range(c, n.name + ".sum.rem");
        outOfRange(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                y[1] += 1;
                w.set(n.out[0], y);
            }
        });
        // an operand's rescale: u + 1 with its remainder - 2^e (consistent, the remainder leaves its range), and
        // u + 1 alone (the operand's rescale relation fails)
        int i = n.p[1] > 0 ? 0 : 1;
        assertTrue(n.p[1 + i] > 0);
        int u = vec(c, n.name + ".operand" + i);
        RangeCheck urem = range(c, n.name + ".operand" + i + ".rem");
        for (boolean consistent : new boolean[] {true, false}) {
            GraphProtocol.Cheat cheat = new GraphProtocol.Cheat() {
                @Override
                public void witness(Witness w) {
                    long[] uv = w.values(u).clone();
                    uv[2] += 1;
                    w.set(u, uv);
                    if (!consistent) { // u stays within its bound: only its rescale relation can object
                        RangeCheck bound = range(c, n.name + ".operand" + i + ".bound");
                        long[] b = w.quantities.get(bound).clone();
                        b[2] += 1;
                        w.range(bound, b);
                        return;
                    }
                    long[] r = w.quantities.get(urem).clone();
                    r[2] -= 1L << n.p[1 + i];
                    w.range(urem, r);
                }
            };
            if (consistent) outOfRange(pk, x, cheat);
            else {
                String msg = cheatRejected(pk, x, cheat);
                assertEquals(n.where() + ": operand " + i + " is not rescaled correctly", msg);
            }
        }
        // a remainder alone (the sum's) off by one, kept in range: the rescale no longer holds
        String msg3 = cheatRejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                long[] r = w.quantities.get(rem).clone();
                r[0] = r[0] == 0 ? 1 : r[0] - 1;
                w.range(rem, r);
            }
        });
        assertTrue(msg3.startsWith(n.where() + ":"), msg3);
    }

    @Test
    void changedPublicOutputIsRejected() {
        G g = new G(22, 1, 6);
        ProvingKey pk = ModelSetup.setup(twoScales(g, "Sub"), Visibility.ALL_PUBLIC);
        ModelProver.Result r = ModelProver.prove(pk, g.input(1));
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        long[] y = r.output.clone();
        y[0] += 1;
        rejects(pk.verifyingKey(), r.input, y, r.proof);
        long[] x = r.input.clone();
        x[0] -= 1;
        rejects(pk.verifyingKey(), x, r.output, r.proof);
    }
}
