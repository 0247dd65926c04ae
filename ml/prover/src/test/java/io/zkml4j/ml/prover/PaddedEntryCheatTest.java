package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.zkml4j.ml.prover.PaddingForgeryTest.firstPaddedIndex;
import static io.zkml4j.ml.prover.PaddingForgeryTest.setPaddedEntry;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A padded-entry cheat for every operator that commits an output, and for every other committed vector (auxiliary
 * vectors, range limbs, lookup regions): the cheating prover writes one nonzero padded entry (keeping the tensor's range
 * budget consistent there, everything else honest and the transcript faithful). Each is rejected by the padding check
 * or, where something reads that padding first (an identity Cast, a bit check, a Relu's zero-check over its input, a
 * function table's LogUp over its region's padded rows), by that check.
 */
class PaddedEntryCheatTest {
    static final String[] SHARED = {"digits_mlp", "digits_lenet", "digits_resblock", "digits_autoencoder", "iris_mlp_sigmoid", "cancer_logistic", "digits_transformer"};

    private static String scalar(ElementwiseProofTest.G g, double v) {
        return g.c(io.zkml4j.ml.ir.Tensor.ofFloats(new int[0], new double[] {v}));
    }

    private static java.util.Map<String, io.zkml4j.ml.ir.Attribute> attr(String name, long v) {
        return java.util.Map.of(name, io.zkml4j.ml.ir.Attribute.ofInt(name, v));
    }

    /** Small chains over x [3, 5] whose tensors all have padded dimensions: one operator family after another. */
    @SuppressWarnings("unchecked")
    static final java.util.function.Function<ElementwiseProofTest.G, String>[] ZOO = new java.util.function.Function[] {
        (java.util.function.Function<ElementwiseProofTest.G, String>) g -> {
            String t = g.op("Relu", g.gemm("x", 5, 3, 0.5));
            t = g.op("Sigmoid", g.op("Sub", g.op("Mul", t, t), g.gemm("x", 5, 3, 0.5)));
            t = g.op("Erf", g.op("LeakyRelu", ElementwiseProofTest.alpha(0.1), g.op("Neg", t)));
            return g.gemm(g.op("Exp", g.op("Clip", t, scalar(g, -0.5), scalar(g, 0.5))), 3, 3, 0.5);
        },
        (java.util.function.Function<ElementwiseProofTest.G, String>) g -> {
            String t = g.op("Sqrt", g.op("Add", g.op("Abs", "x"), scalar(g, 1.0)));
            t = g.op("Floor", g.op("Mul", t, scalar(g, 3.0)));
            String m = g.op("ReduceMean", attr("keepdims", 1), t, g.ints(1));
            String mx = g.op("ReduceMax", java.util.Map.of("axes", io.zkml4j.ml.ir.Attribute.ofInts("axes", new long[] {0}), "keepdims", io.zkml4j.ml.ir.Attribute.ofInt("keepdims", 1)), t);
            return g.gemm(g.op("Where", g.op("Greater", g.op("Sub", t, m), mx), t, m), 5, 3, 0.5);
        },
        (java.util.function.Function<ElementwiseProofTest.G, String>) g -> {
            String t = g.op("HardSigmoid", g.op("PRelu", g.gemm("x", 5, 3, 0.5), g.c(0.3, 3)));
            t = g.op("Pow", g.op("Add", g.op("Round", g.op("Mul", t, scalar(g, 4.0))), g.op("Ceil", t)), scalar(g, 2.0));
            String l = g.op("LogSoftmax", attr("axis", 1), t);
            String m = g.op("Mul", l, g.op("ReduceL2", attr("keepdims", 1), t, g.ints(1)));
            return g.gemm(g.op("Concat", attr("axis", 1), m, m), 6, 3, 0.5);
        },
        (java.util.function.Function<ElementwiseProofTest.G, String>) g -> {
            String t = g.op("Transpose", java.util.Map.of("perm", io.zkml4j.ml.ir.Attribute.ofInts("perm", new long[] {1, 0})), "x");
            t = g.op("Slice", g.op("Sign", t), g.ints(1), g.ints(4));
            String e = g.op("Cast", attr("to", 1), g.op("Equal", g.op("Floor", t), scalar(g, 0.0)));
            return g.gemm(g.op("Add", g.op("ReduceSum", attr("keepdims", 1), g.op("Abs", t), g.ints(0)), g.op("ReduceMin", attr("keepdims", 1), e, g.ints(0))), 3, 3, 0.5);
        },
    };

    private static GraphProtocol.Cheat padded(int vec, int index, long value) {
        return new GraphProtocol.Cheat() {
            @Override
            public void padded(Witness w) {
                setPaddedEntry(w, vec, index, value);
            }
        };
    }

    private static boolean hasPadding(Vec v) {
        return Padding.size(v.shape) < v.paddedSize();
    }

    private static void rejectedAtPaddingOrNode(ProvingKey pk, long[] x, int vec, NodeSpec n, Set<String> ops) {
        Vec v = pk.vk.circuit.vec(vec);
        String msg = ElementwiseProofTest.cheatRejected(pk, x, padded(vec, firstPaddedIndex(v.shape), 1));
        boolean ok = msg.startsWith("padding") || msg.startsWith("node '") || msg.startsWith("logup");
        assertTrue(ok, v + (n == null ? "" : " of " + n.where()) + ": expected the padding check, got: " + msg);
        if (n != null) ops.add(n.op);
    }

    @Test
    void everyOperatorsPaddedOutputEntryIsRejected() {
        Set<String> ops = new LinkedHashSet<>();
        List<ProvingKey> keys = new ArrayList<>();
        List<long[]> inputs = new ArrayList<>();
        for (String name : SHARED) {
            QuantizedModel m = Models.shared(name);
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            keys.add(pk);
            inputs.add(pk.model().quantizeInputs(List.of(Models.inputs(name).get(0))).get(0));
        }
        for (int z = 0; z < ZOO.length; z++) {
            ElementwiseProofTest.G g = new ElementwiseProofTest.G(905 + z, 3, 5);
            ProvingKey pk = ModelSetup.setup(g.compile(ZOO[z].apply(g), 1), Visibility.ALL_PUBLIC);
            keys.add(pk);
            inputs.add(ElementwiseProofTest.quantized(pk, g.input(1)));
        }
        for (PaddingForgeryTest.Producer p : PaddingForgeryTest.PRODUCERS) {
            ProvingKey pk = PaddingForgeryTest.model(p, 903);
            keys.add(pk);
            inputs.add(ElementwiseProofTest.quantized(pk, new ElementwiseProofTest.G(904, p.shape()).input(1)));
        }
        for (int k = 0; k < keys.size(); k++) {
            ProvingKey pk = keys.get(k);
            for (NodeSpec n : pk.vk.circuit.nodes) {
                for (int o : n.out) {
                    Vec v = pk.vk.circuit.vec(o);
                    if (v.kind == Vec.Kind.ADVICE && hasPadding(v)) rejectedAtPaddingOrNode(pk, inputs.get(k), o, n, ops);
                }
            }
        }
        // the operator families these models commit padded outputs of
        for (String op : new String[] {"Gemm", "MatMul", "Conv", "MaxPool", "Relu", "Add", "Sub", "Mul", "Abs", "Neg", "Softmax", "Div", "Reciprocal", "AveragePool",
                "LessOrEqual", "Greater", "Cast", "Where", "Sigmoid", "Erf", "Sqrt", "ReduceMean", "ReduceMax", "LeakyRelu", "Clip", "Floor", "Exp",
                "HardSigmoid", "PRelu", "Pow", "Round", "Ceil", "LogSoftmax", "Concat", "ReduceL2", "Transpose", "Slice", "Sign", "Equal", "ReduceSum", "ReduceMin"}) {
            assertTrue(ops.contains(op), op + " not exercised: " + ops);
        }
    }

    @Test
    @Tag("slow") // not run against mutants (pit.excludedGroups, docs/mutation.md)
    void everyCommittedVectorsPaddingIsBound() {
        // auxiliary vectors, limbs and region members included: the padding check covers the whole advice table
        for (String name : new String[] {"digits_lenet", "digits_transformer"}) {
            ProvingKey pk = ModelSetup.setup(Models.shared(name), Visibility.ALL_PUBLIC);
            long[] x = pk.model().quantizeInputs(List.of(Models.inputs(name).get(1))).get(0);
            int checked = 0;
            for (Vec v : pk.vk.circuit.vecs) {
                if (v.kind != Vec.Kind.ADVICE || !hasPadding(v)) continue;
                String msg = ElementwiseProofTest.cheatRejected(pk, x, padded(v.id, v.paddedSize() - 1, 5));
                assertTrue(msg.startsWith("padding") || msg.startsWith("node '") || msg.startsWith("logup"), v + ": " + msg);
                checked++;
            }
            assertTrue(checked >= 10, name + ": only " + checked + " padded vectors");
        }
    }
}
