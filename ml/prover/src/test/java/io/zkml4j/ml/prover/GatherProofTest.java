package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.rangeCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gather, GatherElements, GatherND and OneHot with indices computed at run time (GatherProof's one-hot lookup): the forward is the
 * data at the indices, honest proofs verify with every visibility, and a cheating prover is rejected in the node
 * that cheats: an output moved, the one-hot row moved to another index with the output made consistent, a row
 * that is not a unit vector (only the range check can object), and a one-hot entry in the padding.
 */
class GatherProofTest {
    /** x [3, 5]; idx = ArgMax(x, axis 1): row 0 of {@link #X} has its maximum at 2. */
    static final double[] X = {0.1, -0.4, 0.9, 0.3, -0.2, 0.5, 0.2, -0.1, 0.0, 0.4, -0.3, 0.8, 0.1, 0.6, -0.7};

    private static String argmax(ElementwiseProofTest.G g) {
        return g.op("ArgMax", Map.of("axis", Attribute.ofInt("axis", 1), "keepdims", Attribute.ofInt("keepdims", 0)), "x");
    }

    /** The three forms: constant data (an embedding), runtime data along axis 1, and GatherElements. */
    static final Map<String, Function<ElementwiseProofTest.G, String>> MODELS = Map.of(
            "embedding", g -> g.op("Gather", g.c(0.5, 5, 4), argmax(g)),
            "rows", g -> g.op("Gather", Map.of("axis", Attribute.ofInt("axis", 1)), "x", argmax(g)),
            "elements", g -> g.op("GatherElements", Map.of("axis", Attribute.ofInt("axis", 1)), "x", g.op("Reshape", argmax(g), g.ints(3, 1))),
            "onehot", g -> g.op("OneHot", Map.of("axis", Attribute.ofInt("axis", -1)), argmax(g), g.ints(5), g.c(io.zkml4j.ml.ir.Tensor.ofFloats(new int[] {2}, new double[] {-0.5, 2.0}))),
            "nd", g -> g.op("GatherND", "x", g.op("Concat", Map.of("axis", Attribute.ofInt("axis", 1)),
                    g.c(io.zkml4j.ml.ir.Tensor.ofInts(io.zkml4j.ml.ir.DType.INT64, new int[] {3, 1}, new long[] {0, 1, 2})), g.op("Unsqueeze", argmax(g), g.ints(1)))),
            "onehot0", g -> g.op("OneHot", Map.of("axis", Attribute.ofInt("axis", 0)), argmax(g), g.ints(5), g.c(io.zkml4j.ml.ir.Tensor.ofFloats(new int[] {2}, new double[] {0.0, 1.0}))));

    static ProvingKey key(String form, Visibility vis) {
        ElementwiseProofTest.G g = new ElementwiseProofTest.G(41, 3, 5);
        QuantizedModel m = g.compile(MODELS.get(form).apply(g), 1);
        assertTrue(m.nodes.stream().anyMatch(q -> q.op.equals("OneHot") || q.op.startsWith("Gather") && q.ints.containsKey("dynamic")), form + ": runtime indices");
        return ModelSetup.setup(m, vis);
    }

    private static QNode gather(ProvingKey pk) {
        return pk.model.nodes.stream().filter(q -> q.op.startsWith("Gather") || q.op.equals("OneHot")).findFirst().orElseThrow();
    }

    @Test
    void theForwardIsTheDataAtTheIndicesAndHonestProofsVerify() {
        for (String form : MODELS.keySet()) {
            ProvingKey pk = key(form, Visibility.ALL_PUBLIC);
            IntTrace t = ElementwiseProofTest.provesEveryOutput(pk, X);
            long[] out = t.output(0).values();
            long[] x = ElementwiseProofTest.quantized(pk, X);
            int[] argmax = {2, 0, 1};
            for (int row = 0; row < 3; row++) {
                switch (form) {
                    case "rows" -> {
                        for (int j = 0; j < 3; j++) assertEquals(x[row * 5 + argmax[j]], out[row * 3 + j], form);
                    }
                    case "elements", "nd" -> assertEquals(x[row * 5 + argmax[row]], out[row], form);
                    case "onehot", "onehot0" -> {
                        long[] p = gather(pk).ints("onehot");
                        for (int j = 0; j < 5; j++) assertEquals(j == argmax[row] ? p[3] : p[2], out[form.equals("onehot") ? row * 5 + j : j * 3 + row], form);
                    }
                    default -> {
                        long[] c = pk.model.constants.get(gather(pk).inputs.get(0)).values;
                        for (int j = 0; j < 4; j++) assertEquals(c[argmax[row] * 4 + j], out[row * 4 + j], form);
                    }
                }
            }
            ModelProver.Result r = ModelProver.proveQuantized(ModelSetup.setup(pk.model, Visibility.DEFAULT), ElementwiseProofTest.quantized(pk, X));
            ModelVerifier.verify(ModelSetup.setup(pk.model, Visibility.DEFAULT).verifyingKey(), null, r.publicOutput, r.proof);
        }
    }

    @Test
    void aMovedOutputIsRejectedInTheGather() {
        for (String form : MODELS.keySet()) {
            ProvingKey pk = key(form, Visibility.ALL_PUBLIC);
            QNode q = gather(pk);
            String msg = MaliciousProverTest.rejected(pk, ElementwiseProofTest.quantized(pk, X), new MaliciousProverTest.Alter(pk, q.outputs.get(0), v -> v[0] += 1));
            caughtAt(msg, q.name, q.op);
        }
    }

    @Test
    void aOneHotRowMovedToAnotherIndexIsRejectedEvenWithTheOutputMadeConsistent() {
        ProvingKey pk = key("elements", Visibility.ALL_PUBLIC);
        QNode q = gather(pk);
        long[] x = ElementwiseProofTest.quantized(pk, X);
        RangeCheck h = rangeCheck(pk.vk.circuit, q.name + ".onehot");
        // row 0 selects entry 4 instead of the proven index 2; the output is the data there, so only sum i H = idx objects
        MaliciousProverTest.Alter cheat = new MaliciousProverTest.Alter(pk, q.outputs.get(0), v -> v[0] = x[4]).aux(w -> {
            long[] hv = w.quantities.get(h);
            hv[2] = 0;
            hv[4] = 1;
        });
        caughtAt(MaliciousProverTest.rejected(pk, x, cheat), q.name, q.op);
    }

    @Test
    void aRowThatIsNotAUnitVectorIsLeftToTheRangeCheck() {
        ProvingKey pk = key("elements", Visibility.ALL_PUBLIC);
        QNode q = gather(pk);
        long[] x = ElementwiseProofTest.quantized(pk, X);
        RangeCheck h = rangeCheck(pk.vk.circuit, q.name + ".onehot");
        // H row 0 = e_1 + e_3 - e_2: sums to 1 and to index 1 + 3 - 2 = 2, the output x1 + x3 - x2: every relation holds
        MaliciousProverTest.Alter cheat = new MaliciousProverTest.Alter(pk, q.outputs.get(0), v -> v[0] = x[1] + x[3] - x[2]).aux(w -> {
            long[] hv = w.quantities.get(h);
            hv[1] = 1;
            hv[2] = -1;
            hv[3] = 1;
        });
        ElementwiseProofTest.outOfRange(pk, x, cheat);
    }

    @Test
    void aOneHotEntryInThePaddingIsRejected() {
        ProvingKey pk = key("elements", Visibility.ALL_PUBLIC);
        QNode q = gather(pk);
        RangeCheck h = rangeCheck(pk.vk.circuit, q.name + ".onehot");
        // column 5 of row 0 (N = 5 padded to 8): a 1 there would select nothing and keep both sums if idx were padded too
        int limb = h.limbs[0];
        String msg = ElementwiseProofTest.cheatRejected(pk, ElementwiseProofTest.quantized(pk, X), new GraphProtocol.Cheat() {
            @Override
            public void padded(Witness w) {
                PaddingForgeryTest.setPaddedEntry(w, limb, 5, 1);
            }
        });
        assertTrue(msg.startsWith("padding") || msg.startsWith("node '" + q.name + "'") || msg.startsWith("logup"), msg);
    }

    @Test
    void aNegativeIndexIsRefusedByTheProver() {
        ElementwiseProofTest.G g = new ElementwiseProofTest.G(43, 3, 5);
        // idx = ArgMax - 4: 2 - 4 = -2 for row 0 (ONNX wraps it to 3; the proof does not cover wrapping)
        String idx = g.op("Sub", argmax(g), g.c(io.zkml4j.ml.ir.Tensor.ofInts(io.zkml4j.ml.ir.DType.INT64, new int[] {1}, new long[] {4})));
        ProvingKey pk = ModelSetup.setup(g.compile(g.op("Gather", g.c(0.5, 5, 4), idx), 1), Visibility.ALL_PUBLIC);
        ModelException e = assertThrows(ModelException.class, () -> ModelProver.prove(pk, X));
        assertTrue(e.getMessage().contains("negative indices are not proven"), e.getMessage());
    }

    @Test
    void aKeyWithAnotherModeAxisOrShapeIsMalformed() {
        ProvingKey pk = key("embedding", Visibility.ALL_PUBLIC);
        Circuit c = pk.vk.circuit;
        NodeSpec n = c.nodes.stream().filter(s -> s.op.equals("Gather")).findFirst().orElseThrow();
        assertEquals(List.of(1L, 0L), List.of(n.p[0], n.p[1]));
        for (long[] p : new long[][] {{3, 0}, {1, 2}, {1, -1}, {2, 0}, {1}, {1, 0, 0}}) {
            NodeSpec bad = new NodeSpec(n.op, n.name, n.in, n.out, p, n.rules);
            assertThrows(RuntimeException.class, () -> OpProofs.of(bad).declare(bad, c.new Declarer(bad)), java.util.Arrays.toString(p));
        }
    }
}
