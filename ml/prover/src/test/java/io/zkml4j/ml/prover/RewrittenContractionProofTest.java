package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ops.T;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CumSum and Einsum prove as the MatMul, Transpose, Reshape and ReduceSum ml/quant's ContractionRewrite writes them
 * with: attention scores "bqd,bkd->bqk" of two computed tensors, their prefix sums along the middle axis (Transpose
 * around the triangle), a reverse exclusive CumSum along the last, and a row sum "bqk->bq". A cheat in the rewritten
 * MatMul, in a padded entry, and every sumcheck and range check of the model are caught by their node.
 */
class RewrittenContractionProofTest {
    private static final int[] SHAPE = {2, 3, 4};
    private static QuantizedModel model;
    private static double[] reference;

    /** The model, and its float reference on {@link #input} (the executor's float path on the graph before rewriting). */
    static synchronized QuantizedModel model() {
        if (model != null) return model;
        G g = new G(71, SHAPE);
        String q = g.op("MatMul", "x", g.c(0.5, 4, 4)), k = g.op("MatMul", "x", g.c(0.5, 4, 4));
        String s = g.op("Einsum", Map.of("equation", Attribute.ofString("equation", "bqd,bkd->bqk")), q, k);
        String c = g.op("CumSum", Map.of(), s, g.c(Tensor.ofInts(DType.INT64, new int[0], new long[] {1})));
        String r = g.op("CumSum", Map.of("exclusive", Attribute.ofInt("exclusive", 1), "reverse", Attribute.ofInt("reverse", 1)),
                c, g.c(Tensor.ofInts(DType.INT64, new int[0], new long[] {-1})));
        String rows = g.op("Einsum", Map.of("equation", Attribute.ofString("equation", "bqk->bq")), r);
        String y = g.op("Add", rows, g.c(0.3, 2, 3));
        reference = T.d(FloatExecutor.runAll(g.graph(y), List.of(input())).get(y));
        model = g.compile(y, 1);
        return model;
    }

    private static double[] input() {
        return new G(72, SHAPE).input(1);
    }

    @Test
    void forwardMatchesTheFloatReferenceAndTheProofIsOfTheModelsOutput() {
        RewrittenElementwiseProofTest.matchesTheFloatReferenceAndProves(model(), reference, input(), "CumSum", "Einsum");
    }

    @Test
    void provesWithEveryVisibility() {
        RewrittenElementwiseProofTest.provesWithEveryVisibility(model(), input());
    }

    @Test
    void aCheatInTheTriangleMatMulOrItsPaddingIsRejected() {
        QuantizedModel m = model();
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        long[] x = ElementwiseProofTest.quantized(pk, input());
        QNode tri = m.nodes.stream().filter(q -> q.op.equals("MatMul") && q.name.startsWith("CumSum")).findFirst().orElseThrow();
        // one output of the triangle MatMul changed, its remainder kept honest (else the range lookup objects first)
        NodeSpec spec = pk.vk.circuit.nodes.stream().filter(n -> n.name.equals(tri.name)).findFirst().orElseThrow();
        int shift = spec.param(0);
        assertTrue(shift > 0, "the triangle MatMul rescales");
        RangeCheck rem = ElementwiseProofTest.range(pk.vk.circuit, tri.name + ".linear.rem");
        MaliciousProverTest.Alter one = new MaliciousProverTest.Alter(pk, tri.outputs.get(0), v -> v[1] += 1).aux(w -> {
            long[] r = w.quantities.get(rem).clone();
            r[1] += 1L << shift;
            w.range(rem, r);
        });
        MaliciousProverTest.caughtBySumcheckAt(MaliciousProverTest.rejected(pk, x, one), tri.name, "MatMul");
        MaliciousProverTest.outOfTable(pk, x, new MaliciousProverTest.Alter(pk, tri.outputs.get(0), v -> v[0] += 1));
        // one padded entry of its output set to 7: the MatMul's claim on its padded output no longer holds
        String padded = RewrittenElementwiseProofTest.paddedEntryRejected(pk, x, tri.outputs.get(0));
        MaliciousProverTest.caughtBySumcheckAt(padded, tri.name, "MatMul");
    }

    @Test
    void everySumcheckAndRangeCheckIsBoundByItsNode() {
        RewrittenElementwiseProofTest.everySumcheckAndRangeCheckIsBoundByItsNode(model(), input());
    }

    /** ReduceProd over the last axis of a [2, 3] tensor (a chain of two Mul), the float reference beside it. */
    private static Object[] prodModel() {
        G g = new G(74, 2, 3);
        String p = g.op("ReduceProd", Map.of("axes", Attribute.ofInts("axes", new long[] {1}), "keepdims", Attribute.ofInt("keepdims", 1)),
                g.op("Add", g.gemm("x", 3, 3, 0.3), PowSqrtProofTest.scalar(g, 1.0)));
        String y = g.op("Add", p, g.c(0.3, 2, 1));
        double[] x = new G(75, 2, 3).input(1);
        return new Object[] {g.compile(y, 1), T.d(FloatExecutor.runAll(g.graph(y), List.of(x)).get(y)), x};
    }

    @Test
    void reduceProdProvesAsAMulChainAndACheatIsRejected() {
        Object[] mrx = prodModel();
        QuantizedModel m = (QuantizedModel) mrx[0];
        double[] x = (double[]) mrx[2];
        RewrittenElementwiseProofTest.matchesTheFloatReferenceAndProves(m, (double[]) mrx[1], x, "ReduceProd");
        RewrittenElementwiseProofTest.provesWithEveryVisibility(m, x);
        RewrittenElementwiseProofTest.everySumcheckAndRangeCheckIsBoundByItsNode(m, x);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        long[] xq = ElementwiseProofTest.quantized(pk, x);
        QNode mul = m.nodes.stream().filter(q -> q.op.equals("Mul") && q.name.startsWith("ReduceProd")).findFirst().orElseThrow();
        // a product one unit off: its rescale's remainder leaves its range, which the range lookup refuses
        MaliciousProverTest.outOfTable(pk, xq, new MaliciousProverTest.Alter(pk, mul.outputs.get(0), v -> v[0] += 1));
        // the factors' tensor, [2, 3] padded to [2, 4]: a padded entry is a fourth factor the Gathers must not see
        QNode gather = m.nodes.stream().filter(q -> q.op.equals("Gather") && q.name.startsWith("ReduceProd")).findFirst().orElseThrow();
        String padded = RewrittenElementwiseProofTest.paddedEntryRejected(pk, xq, gather.inputs.get(0));
        QNode producer = m.nodes.stream().filter(q -> q.outputs.contains(gather.inputs.get(0))).findFirst().orElseThrow();
        MaliciousProverTest.caughtAt(padded, producer.name, producer.op);
    }

    @Test
    void anEinsumWithAConstantOperandProves() {
        // the constant is laid out by a Transpose and Reshape of an initializer: folded, or proven as index operators
        G g = new G(76, 2, 3);
        String y = g.op("Einsum", Map.of("equation", Attribute.ofString("equation", "ij,kj->ik")), g.gemm("x", 3, 3, 0.5), g.c(0.5, 4, 3));
        double[] x = new G(77, 2, 3).input(1);
        double[] reference = T.d(FloatExecutor.runAll(g.graph(y), List.of(x)).get(y));
        RewrittenElementwiseProofTest.matchesTheFloatReferenceAndProves(g.compile(y, 1), reference, x, "Einsum");
    }

    @Test
    void anEinsumLeftWholeIsRefusedWithOneLineNamingItsEquation() {
        G g = new G(73, 3, 3);
        QuantizedModel m = g.compile(g.op("Einsum", Map.of("equation", Attribute.ofString("equation", "ii->i")), g.gemm("x", 3, 3, 0.5)), 1);
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertTrue(e.getMessage().startsWith("node 'Einsum_") && e.getMessage().contains("not provable yet (equation 'ii->i'")
                && !e.getMessage().contains("\n"), e.getMessage());
    }
}
