package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sum, Mean, Max, Min, HardSwish, Softsign and ReduceLogSum prove as the operators ml/quant's ElementwiseRewrite
 * writes them with; a cheat in the Max's Relu is rejected in that node.
 */
class RewrittenElementwiseProofTest {
    static QuantizedModel model() {
        G g = new G(61, 2, 4);
        String a = g.gemm("x", 4, 4, 0.5), b = g.gemm("x", 4, 4, 0.5);
        String t = g.op("Max", a, b, g.c(0.3, 4));
        t = g.op("Sum", g.op("Min", t, b), g.op("Mean", a, b), g.op("HardSwish", t));
        t = g.op("Softsign", t);
        String l = g.op("ReduceLogSum", Map.of("axes", Attribute.ofInts("axes", new long[] {1}), "keepdims", Attribute.ofInt("keepdims", 1)),
                g.op("Add", g.op("Abs", t), PowSqrtProofTest.scalar(g, 1.0)));
        String h = g.op("Hardmax", Map.of("axis", Attribute.ofInt("axis", 1)), t);
        return g.compile(g.gemm(g.op("Add", g.op("Mul", t, l), h), 4, 3, 0.5), 1);
    }

    @Test
    void rewrittenOperatorsProveAndACheatIsRejected() {
        QuantizedModel m = model();
        for (String op : new String[] {"Max", "Min", "Sum", "Mean", "HardSwish", "Softsign", "ReduceLogSum", "Hardmax"}) {
            assertTrue(m.nodes.stream().noneMatch(q -> q.op.equals(op)), op + " rewritten");
        }
        provesWithEveryVisibility(m, new G(62, 2, 4).input(1));
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        QNode relu = m.nodes.stream().filter(q -> q.op.equals("Relu")).findFirst().orElseThrow();
        long[] x = ElementwiseProofTest.quantized(pk, new G(62, 2, 4).input(1));
        String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, relu.outputs.get(0), v -> v[0] += 1));
        MaliciousProverTest.caughtAt(msg, relu.name, "Relu");
    }

    @Test
    void topKProvesAsComparisonsAndACheatIsRejected() {
        G g = new G(63, 2, 6);
        Map<String, Attribute> none = Map.of();
        String v = g.op("TopK", none, g.gemm("x", 6, 6, 0.5), g.ints(3));
        QuantizedModel m = g.compile(g.gemm(v, 3, 2, 0.5), 1);
        assertTrue(m.nodes.stream().noneMatch(q -> q.op.equals("TopK")), "TopK rewritten");
        provesWithEveryVisibility(m, new G(64, 2, 6).input(1));
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        // the ranks (a ReduceSum of the pairwise comparisons) moved: another entry would be selected
        QNode rank = m.nodes.stream().filter(q -> q.op.equals("ReduceSum")).findFirst().orElseThrow();
        long[] x = ElementwiseProofTest.quantized(pk, new G(64, 2, 6).input(1));
        String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, rank.outputs.get(0), a -> a[0] += 1));
        MaliciousProverTest.caughtAt(msg, rank.name, "ReduceSum");
    }

    static void provesWithEveryVisibility(QuantizedModel m, double[] x) {
        for (Visibility vis : new Visibility[] {Visibility.ALL_PUBLIC, Visibility.DEFAULT}) {
            ProvingKey pk = ModelSetup.setup(m, vis);
            ModelProver.Result r = ModelProver.prove(pk, x);
            ModelVerifier.verify(pk.verifyingKey(), vis.inputPublic() ? r.input : null, r.publicOutput, r.proof);
        }
    }

    /**
     * The operator suite's forward check for a rewritten operator: {@code ops} are gone from the model, its output on
     * {@code x} is within 2% of the largest float reference value, and the proof is of the model's exact output.
     */
    static void matchesTheFloatReferenceAndProves(QuantizedModel m, double[] reference, double[] x, String... ops) {
        for (String op : ops) assertTrue(m.nodes.stream().noneMatch(q -> q.op.equals(op)), op + " rewritten");
        double[] got = m.run(java.util.List.of(x)).get(0);
        double scale = 0;
        for (double v : reference) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < got.length; i++) org.junit.jupiter.api.Assertions.assertEquals(reference[i], got[i], 0.02 * scale, "output " + i + " within 2% of the largest");
        ElementwiseProofTest.proves(m, x);
    }

    /** The verifier's message for a proof whose tensor {@code tensor} has its first padded entry set to 7. */
    static String paddedEntryRejected(ProvingKey pk, long[] x, String tensor) {
        int vec = MaliciousProverTest.vecId(pk.vk.circuit, tensor);
        int pad = PaddingForgeryTest.firstPaddedIndex(pk.vk.circuit.vec(vec).shape);
        return MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, null, v -> {}).onPadded(w -> PaddingForgeryTest.setPaddedEntry(w, vec, pad, 7)));
    }

    /** The generic suites of GraphVerifierGuardTest on the model: every sumcheck and range check bound by its node. */
    static void everySumcheckAndRangeCheckIsBoundByItsNode(QuantizedModel m, double[] input) {
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        long[] x = ElementwiseProofTest.quantized(pk, input);
        assertTrue(GraphVerifierGuardTest.everySumcheckIsCheckedByItsNode(pk, x) >= 4);
        assertTrue(GraphVerifierGuardTest.everyRangeCheckIsBoundByItsNode(pk, x) >= 4);
    }
}
