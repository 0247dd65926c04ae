package io.zkml4j.ml.prover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.onnx.OnnxLoader;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Completeness and soundness of AveragePool / GlobalAveragePool ({@link PoolProof}) and MaxPool / GlobalMaxPool ({@link MaxPoolProof}). */
class PoolProofTest {
    // ------------------------------------------------------------------ models

    /** One step of a chain: operator and attributes. */
    private record Step(String op, Map<String, Attribute> attrs) {}

    private static Step step(String op, Attribute... a) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (Attribute x : a) m.put(x.name(), x);
        return new Step(op, m);
    }

    private static Attribute ints(String name, long... v) {
        return Attribute.ofInts(name, v);
    }

    /** A chain of single-input nodes named "&lt;op&gt;_&lt;i&gt;", compiled with random calibration inputs. */
    private static QuantizedModel chain(long seed, int[] shape, Step... steps) {
        List<Node> nodes = new ArrayList<>();
        String cur = "x";
        for (int i = 0; i < steps.length; i++) {
            String out = i == steps.length - 1 ? "y" : "t" + i;
            nodes.add(new Node(steps[i].op + "_" + i, steps[i].op, "", List.of(cur), List.of(out), steps[i].attrs));
            cur = out;
        }
        Graph g = new Graph("test:pool", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, shape)),
                List.of(new ValueInfo("y", DType.FLOAT, new int[0])), nodes, Map.of(), Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        for (int k = 0; k < 4; k++) cal.add(List.of(randomFloats(seed * 31 + k, shape)));
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    private static double[] randomFloats(long seed, int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextDouble() * 4 - 2;
        return x;
    }

    /** Proves two random inputs, checks the output is the model's and verifies; a changed output is rejected. */
    private static ProvingKey provesExactly(QuantizedModel m, int[] shape, long seed) {
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        for (int k = 0; k < 2; k++) {
            long[] x = m.quantizeInputs(List.of(randomFloats(seed * 7 + k, shape))).get(0);
            ModelProver.Result r = ModelProver.proveQuantized(pk, x);
            assertArrayEquals(m.execute(List.of(x)).output(0).values(), r.output);
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
            ModelVerifier.verify(VerifyingKey.fromBytes(pk.verifyingKey().toBytes()), r.input, r.output, r.proof); // the key's encoding holds the geometry
            ModelProofTest.rejects(pk.verifyingKey(), r.input, ModelProofTest.bump(r.output, r.output.length / 2, 1), r.proof);
        }
        return pk;
    }

    private static Step maxPool(long[] k, long[] s, long[] pads, int ceil, long[] dil) {
        List<Attribute> a = new ArrayList<>(List.of(ints("kernel_shape", k), ints("strides", s)));
        if (pads != null) a.add(ints("pads", pads));
        if (ceil != 0) a.add(Attribute.ofInt("ceil_mode", ceil));
        if (dil != null) a.add(ints("dilations", dil));
        return step("MaxPool", a.toArray(new Attribute[0]));
    }

    private static Step avgPool(long[] k, long[] s, long[] pads, int ceil, int includePad) {
        List<Attribute> a = new ArrayList<>(List.of(ints("kernel_shape", k), ints("strides", s)));
        if (pads != null) a.add(ints("pads", pads));
        if (ceil != 0) a.add(Attribute.ofInt("ceil_mode", ceil));
        if (includePad != 0) a.add(Attribute.ofInt("count_include_pad", includePad));
        return step("AveragePool", a.toArray(new Attribute[0]));
    }

    // ------------------------------------------------------------------ completeness

    @Test
    void maxPoolsProveExactly() {
        provesExactly(chain(1, new int[] {1, 3, 5, 6}, step("Relu"), maxPool(new long[] {2, 2}, new long[] {2, 2}, null, 0, null)), new int[] {1, 3, 5, 6}, 1);
        // padding, ceil_mode, stride != kernel, non-power-of-two sizes; the pool's output hidden (bounded by Relu after it)
        int[] s2 = {1, 2, 7, 5};
        provesExactly(chain(2, s2, maxPool(new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1, 1, 1}, 1, null), step("Relu")), s2, 2);
        int[] s3 = {1, 2, 6, 7};
        provesExactly(chain(3, s3, maxPool(new long[] {2, 3}, new long[] {1, 2}, new long[] {0, 1, 1, 0}, 0, new long[] {2, 1})), s3, 3);
        int[] s4 = {1, 3, 9};
        provesExactly(chain(4, s4, maxPool(new long[] {3}, new long[] {2}, new long[] {2, 2}, 1, null)), s4, 4);
    }

    @Test
    void globalMaxPoolWithChunkedWindowProves() {
        int[] s = {1, 3, 5, 7}; // 35 cells: three chunks of at most 16
        provesExactly(chain(5, s, step("GlobalMaxPool")), s, 5);
        int[] s2 = {1, 5, 4, 4}; // 16 cells: one product, no chunk
        provesExactly(chain(6, s2, step("Relu"), step("GlobalMaxPool")), s2, 6);
    }

    @Test
    void averagePoolsProveExactly() {
        int[] s1 = {1, 3, 5, 6};
        provesExactly(chain(11, s1, avgPool(new long[] {2, 2}, new long[] {2, 2}, null, 0, 0)), s1, 11);
        int[] s2 = {1, 2, 7, 5};
        for (int incl = 0; incl <= 1; incl++) {
            provesExactly(chain(12 + incl, s2, avgPool(new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1, 1, 1}, 1, incl)), s2, 12 + incl);
        }
        int[] s3 = {1, 3, 9};
        provesExactly(chain(14, s3, avgPool(new long[] {4}, new long[] {3}, new long[] {1, 2}, 0, 0), step("Relu")), s3, 14);
    }

    @Test
    void globalAveragePoolProves() {
        int[] s = {1, 3, 5, 7};
        provesExactly(chain(21, s, step("GlobalAveragePool")), s, 21);
        provesExactly(chain(22, s, step("Relu"), step("GlobalAveragePool"), step("Relu")), s, 22);
    }

    @Test
    void ezklExamplesProve() throws Exception {
        for (String name : new String[] {"1l_max_pool", "1l_average"}) {
            Path dir = Models.shared().resolve("ezkl-examples/" + name);
            assumeTrue(Files.exists(dir.resolve("network.onnx")), "shared ezkl examples not present");
            Graph g = OnnxLoader.load(dir.resolve("network.onnx"), 1);
            JsonNode in = new ObjectMapper().readTree(dir.resolve("input.json").toFile()).get("input_data").get(0);
            double[] x = new double[in.size()];
            for (int i = 0; i < x.length; i++) x[i] = in.get(i).asDouble();
            QuantizedModel m = ModelCompiler.compile(g, List.of(List.of(x)), CompileOptions.defaults());
            assertTrue(m.nodes.stream().anyMatch(q -> q.op.endsWith("Pool")), name);
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            ModelProver.Result r = ModelProver.prove(pk, x);
            assertArrayEquals(m.run(List.of(x)).get(0), r.outputValues, 0.0, name);
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
            ModelProofTest.rejects(pk.verifyingKey(), r.input, ModelProofTest.bump(r.output, 0, 1), r.proof);
        }
    }

    // ------------------------------------------------------------------ scope

    @Test
    void batchAboveOneIsRejectedInOneLine() {
        QuantizedModel m = chain(31, new int[] {1, 2, 4, 4}, maxPool(new long[] {2, 2}, new long[] {2, 2}, null, 0, null));
        QNode q = m.nodes.get(0);
        q.inShapes[0] = new int[] {2, 2, 4, 4};
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertEquals("node 'MaxPool_0' (MaxPool): not provable yet (batch of 2 (only batch 1 is provable))", e.getMessage());
    }

    @Test
    void maxPoolIndicesOutputIsRejected() {
        QuantizedModel m = chain(32, new int[] {1, 2, 4, 4}, maxPool(new long[] {2, 2}, new long[] {2, 2}, null, 0, null));
        QNode q = m.nodes.get(0);
        q.outputs.add("indices");
        q.outShapes = new int[][] {q.outShapes[0], q.outShapes[0]};
        q.outScales = new int[] {q.outScales[0], 0};
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertTrue(e.getMessage().startsWith("node 'MaxPool_0' (MaxPool): not provable yet (the Indices output"), e.getMessage());
    }

    @Test
    void windowBeyondTheChunkLimitIsRejected() {
        int[] s = {1, 1, 16, 17}; // 272 cells > 256
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(chain(33, s, step("GlobalMaxPool")), Visibility.ALL_PUBLIC));
        assertTrue(e.getMessage().startsWith("node 'GlobalMaxPool_0' (GlobalMaxPool): not provable yet (window of 272 cells"), e.getMessage());
    }

    // ------------------------------------------------------------------ soundness

    private static final int[] SHAPE = {1, 2, 5, 6};

    private static ProvingKey maxKey() {
        return ModelSetup.setup(chain(41, SHAPE, maxPool(new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1, 1, 1}, 1, null)), Visibility.ALL_PUBLIC);
    }

    private static ProvingKey avgKey() {
        return ModelSetup.setup(chain(42, SHAPE, avgPool(new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1, 1, 1}, 0, 1)), Visibility.ALL_PUBLIC);
    }

    private static NodeSpec node(Circuit c, String op) {
        return c.nodes.stream().filter(n -> n.op.equals(op)).findFirst().orElseThrow();
    }

    private static RangeCheck range(Circuit c, String what) {
        return c.ranges.stream().filter(r -> r.what.equals(what)).findFirst().orElseThrow();
    }

    private static long[] input(ProvingKey pk, long seed) {
        return pk.model.quantizeInputs(List.of(randomFloats(seed, SHAPE))).get(0);
    }

    /** The verifier rejects the cheat's proof with a message naming the pool node. */
    private static void rejectedNaming(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat, String node) {
        ModelProver.Result r = ModelProver.prove(pk, x, cheat, ProveProgress.NONE);
        String msg = ModelProofTest.rejects(pk.verifyingKey(), r.input, r.output, r.proof);
        assertTrue(msg.startsWith("node '" + node + "'"), msg);
    }

    @Test
    void maxPoolHonestProofOfTheSoundnessModelVerifies() {
        ProvingKey pk = maxKey();
        ModelProver.Result r = ModelProver.proveQuantized(pk, input(pk, 1));
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
    }

    @Test
    void maxReplacedBySecondLargestIsRejected() {
        ProvingKey pk = maxKey();
        Circuit c = pk.verifyingKey().circuit;
        NodeSpec n = node(c, "MaxPool");
        long[] x = input(pk, 2);
        // output 3 becomes its window's second-largest cell; the differences below it are clamped to 0 so every range
        // check still holds and one cell still equals the claimed maximum: only the link to x and y can catch it
        rejectedNaming(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                y[3] = secondLargest(pk, w.values(n.in[0]), 3);
                w.set(n.out[0], y);
            }

            @Override
            public void witness(Witness w) {
                long[] q = w.quantities.get(range(c, "MaxPool_0.diff")).clone();
                for (int i = 0; i < q.length; i++) q[i] = Math.max(q[i], 0);
                w.range(range(c, "MaxPool_0.diff"), q);
            }
        }, "MaxPool_0");
    }

    @Test
    void maxAboveEveryCellIsRejected() {
        ProvingKey pk = maxKey();
        NodeSpec n = node(pk.verifyingKey().circuit, "MaxPool");
        // y + 1: every difference stays in range, consistent with x and y, but no cell equals the maximum
        rejectedNaming(pk, input(pk, 3), new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                y[2] += 1;
                w.set(n.out[0], y);
            }
        }, "MaxPool_0");
    }

    @Test
    void maxDifferenceAlteredIsRejected() {
        ProvingKey pk = maxKey();
        Circuit c = pk.verifyingKey().circuit;
        rejectedNaming(pk, input(pk, 4), new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                RangeCheck rc = range(c, "MaxPool_0.diff");
                long[] q = w.quantities.get(rc).clone();
                q[5] += 1;
                w.range(rc, q);
            }
        }, "MaxPool_0");
    }

    @Test
    void chunkProductAlteredIsRejected() {
        int[] shape = {1, 2, 5, 7};
        ProvingKey pk = ModelSetup.setup(chain(44, shape, step("GlobalMaxPool")), Visibility.ALL_PUBLIC);
        Circuit c = pk.verifyingKey().circuit;
        NodeSpec n = node(c, "GlobalMaxPool");
        long[] x = pk.model.quantizeInputs(List.of(randomFloats(8, shape))).get(0);
        // a chunk's product claimed 0 (as if its chunk held the maximum) while it does not
        rejectedNaming(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                int id = c.vecs.stream().filter(v -> v.name.equals("GlobalMaxPool_0.chunk0")).findFirst().orElseThrow().id;
                long[] p = w.values(id).clone();
                for (int i = 0; i < p.length; i++) p[i] = 0;
                w.set(id, p);
            }
        }, "GlobalMaxPool_0");
        // the maximum lowered to the second-largest cell of channel 0 with the differences clamped into range
        rejectedNaming(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                long[] xs = w.values(n.in[0]);
                long second = Long.MIN_VALUE;
                for (int i = 0; i < 35; i++) if (xs[i] < y[0]) second = Math.max(second, xs[i]);
                y[0] = second;
                w.set(n.out[0], y);
            }

            @Override
            public void witness(Witness w) {
                RangeCheck rc = range(c, "GlobalMaxPool_0.diff");
                long[] q = w.quantities.get(rc).clone();
                for (int i = 0; i < q.length; i++) q[i] = Math.max(q[i], 0);
                w.range(rc, q);
            }
        }, "GlobalMaxPool_0");
    }

    @Test
    void flippedProofBytesAreRejected() {
        ProvingKey pk = maxKey();
        ModelProver.Result r = ModelProver.proveQuantized(pk, input(pk, 10));
        for (int i = 0; i < r.proof.length; i += Math.max(1, r.proof.length / 400)) {
            byte[] p = r.proof.clone();
            p[i] ^= (byte) (1 << (i % 8));
            ModelProofTest.rejects(pk.verifyingKey(), r.input, r.output, p);
        }
    }

    @Test
    void averagePlusOneIsRejected() {
        ProvingKey pk = avgKey();
        Circuit c = pk.verifyingKey().circuit;
        NodeSpec n = node(c, "AveragePool");
        // y + 1 with the remainder kept in range (the honest one): the rounding relation fails
        rejectedNaming(pk, input(pk, 5), new GraphProtocol.Cheat() {
            long[] honestRem, honestSlack;

            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                y[4] += 1;
                w.set(n.out[0], y);
            }

            @Override
            public void witness(Witness w) {
                // the quantities derived from the altered y: rem - d, slack + d at entry 4; put the honest ones back
                RangeCheck rem = range(c, "AveragePool_0.rem"), slack = range(c, "AveragePool_0.slack");
                long[] r = w.quantities.get(rem).clone(), s = w.quantities.get(slack).clone();
                long d = s[4] + r[4] + 1;
                r[4] += d;
                s[4] -= d;
                w.range(rem, r);
                w.range(slack, s);
            }
        }, "AveragePool_0");
    }

    @Test
    void remainderAlteredConsistentlyIsRejected() {
        ProvingKey pk = avgKey();
        Circuit c = pk.verifyingKey().circuit;
        rejectedNaming(pk, input(pk, 6), new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                // rem + 1 and slack - 1 at an entry where both stay in range: the slack relation holds, rounding fails
                RangeCheck rem = range(c, "AveragePool_0.rem"), slack = range(c, "AveragePool_0.slack");
                long[] r = w.quantities.get(rem).clone(), s = w.quantities.get(slack).clone();
                int i = 0;
                while (s[i] == 0) i++;
                r[i] += 1;
                s[i] -= 1;
                w.range(rem, r);
                w.range(slack, s);
            }
        }, "AveragePool_0");
    }

    @Test
    void slackAlteredAloneIsRejected() {
        ProvingKey pk = avgKey();
        Circuit c = pk.verifyingKey().circuit;
        rejectedNaming(pk, input(pk, 7), new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                RangeCheck slack = range(c, "AveragePool_0.slack");
                long[] s = w.quantities.get(slack).clone();
                s[1] ^= 1;
                w.range(slack, s);
            }
        }, "AveragePool_0");
    }

    @Test
    void changedPublicPoolOutputIsRejected() {
        int[] s = {1, 2, 4, 6};
        for (Step st : new Step[] {maxPool(new long[] {2, 2}, new long[] {2, 2}, null, 0, null), avgPool(new long[] {2, 3}, new long[] {2, 3}, null, 0, 0)}) {
            QuantizedModel m = chain(43, s, st);
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            ModelProver.Result r = ModelProver.proveQuantized(pk, m.quantizeInputs(List.of(randomFloats(9, s))).get(0));
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
            for (int i = 0; i < r.output.length; i++) {
                ModelProofTest.rejects(pk.verifyingKey(), r.input, ModelProofTest.bump(r.output, i, i % 2 == 0 ? 1 : -1), r.proof);
            }
        }
    }

    /** The second-largest cell value of output position q (channel 0) of the soundness max pool. */
    private static long secondLargest(ProvingKey pk, long[] x, int q) {
        QNode node = pk.model.nodes.get(0);
        io.zkml4j.ml.exec.ConvGeometry g = new io.zkml4j.ml.exec.ConvGeometry(1, SHAPE[1], SHAPE[1], SHAPE[1], new int[] {SHAPE[2], SHAPE[3]},
                toInts(node.ints("kernel")), toInts(node.ints("strides")), toInts(node.ints("padBegin")), toInts(node.ints("dilations")), toInts(node.ints("outDims")));
        List<Long> cells = new ArrayList<>();
        for (int k = 0; k < g.kernelSpatial(); k++) {
            int j = g.sourceIndex()[q * g.kernelSpatial() + k];
            if (j >= 0) cells.add(x[j]);
        }
        cells.sort(null);
        long max = cells.get(cells.size() - 1);
        for (int i = cells.size() - 1; i >= 0; i--) if (cells.get(i) < max) return cells.get(i);
        return max - 1;
    }

    private static int[] toInts(long[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (int) v[i];
        return r;
    }
}
