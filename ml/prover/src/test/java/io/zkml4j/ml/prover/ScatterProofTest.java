package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.transcript.VerificationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ScatterND with indices computed at run time (ScatterProof): x [3, 5] with entry (0, argmax of row j) replaced by
 * update j; the forward, honest proofs with every visibility, and a cheating prover rejected in the node: a moved
 * output, a coverage bit moved, and duplicate indices refused by the prover.
 */
class ScatterProofTest {
    /** Row argmaxes 2, 0, 1: positions (0, 2), (1, 0), (2, 1) are written. */
    static final double[] X = GatherProofTest.X;

    static ProvingKey key(Visibility vis) {
        return key(vis, new long[] {0, 1, 2});
    }

    /** Update j written at (rows[j], argmax of row j). */
    static ProvingKey key(Visibility vis, long[] rows) {
        ElementwiseProofTest.G g = new ElementwiseProofTest.G(45, 3, 5);
        String am = g.op("ArgMax", Map.of("axis", Attribute.ofInt("axis", 1), "keepdims", Attribute.ofInt("keepdims", 0)), "x");
        String idx = g.op("Concat", Map.of("axis", Attribute.ofInt("axis", 1)), g.c(Tensor.ofInts(DType.INT64, new int[] {3, 1}, rows)), g.op("Unsqueeze", am, g.ints(1)));
        String y = g.op("ScatterND", "x", idx, g.c(Tensor.ofFloats(new int[] {3}, new double[] {0.25, -0.5, 0.75})));
        return ModelSetup.setup(g.compile(y, 1), vis);
    }

    private static QNode scatter(ProvingKey pk) {
        return pk.model.nodes.stream().filter(q -> q.op.equals("ScatterND")).findFirst().orElseThrow();
    }

    @Test
    void theForwardWritesTheUpdatesAndHonestProofsVerify() {
        for (Visibility vis : new Visibility[] {Visibility.ALL_PUBLIC, Visibility.DEFAULT}) {
            ProvingKey pk = key(vis);
            assertTrue(scatter(pk).ints.containsKey("dynamic"), "runtime indices");
            ModelProver.Result r = ModelProver.prove(pk, X);
            QNode q = scatter(pk);
            long[] x = ElementwiseProofTest.quantized(pk, X), out = pk.model.execute(java.util.List.of(x)).output(0).values();
            x = io.zkml4j.ml.quant.FixedPoint.requant(x, q.inScales[0], q.outScales[0]);
            long[] upd = io.zkml4j.ml.quant.FixedPoint.requant(pk.model.constants.get(q.inputs.get(2)).values, q.inScales[2], q.outScales[0]);
            int[] written = {2, 5, 11};
            for (int i = 0; i < 15; i++) {
                int j = -1;
                for (int k = 0; k < 3; k++) if (i == written[k]) j = k;
                assertEquals(j >= 0 ? upd[j] : x[i], out[i], "entry " + i);
            }
            ModelVerifier.verify(pk.verifyingKey(), vis.inputPublic() ? r.input : null, r.publicOutput, r.proof);
        }
    }

    @Test
    void aMovedOutputOrCoverageIsRejectedInTheNode() {
        ProvingKey pk = key(Visibility.ALL_PUBLIC);
        QNode q = scatter(pk);
        long[] x = ElementwiseProofTest.quantized(pk, X);
        for (int at : new int[] {2, 7}) { // a written entry and a kept one
            String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, q.outputs.get(0), v -> v[at] += 1));
            MaliciousProverTest.caughtAt(msg, q.name, q.op);
        }
        // the coverage of written position 2 cleared (still a bit): the sumcheck binding it to H's columns objects
        RangeCheck cover = MaliciousProverTest.rangeCheck(pk.vk.circuit, q.name + ".coverage");
        String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, null, v -> {}).aux(w -> w.quantities.get(cover)[2] = 0));
        MaliciousProverTest.caughtAt(msg, q.name, q.op);
    }

    @Test
    void aKeptEntryMovedWithTheCoveredDataSumMovedToMatchIsRejectedByItsProduct() {
        // entry 7 (not written) moved by d, and the sent P = (c data)(r) lowered by d eq(r, 7) so that the H sumcheck's
        // claim out(r) - data(r) + P + beta c(r) is the honest one: only P's product sumcheck objects
        ProvingKey pk = key(Visibility.DEFAULT);
        QNode q = scatter(pk);
        int padded = 1 * 8 + 2; // entry 7 = (1, 2) of [3, 5], padded to [4, 8]
        GoldilocksExt2[][] point = new GoldilocksExt2[1][];
        MaliciousProverTest.Alter cheat = new MaliciousProverTest.Alter(pk, q.outputs.get(0), v -> v[7] += 1) {
            @Override
            public GoldilocksExt2 evaluation(NodeSpec node, Vec vec, GoldilocksExt2[] at, GoldilocksExt2 value) {
                if (node != null && node.name.equals(q.name) && vec.name.equals("x") && point[0] == null) point[0] = at.clone();
                return value;
            }

            @Override
            public GoldilocksExt2 message(NodeSpec node, String label, GoldilocksExt2 value) {
                return label.equals("scatter.kept") ? value.sub(Eq.evalAtIndex(point[0], padded)) : value;
            }
        };
        ModelProver.Result r = ModelProver.prove(pk, ElementwiseProofTest.quantized(pk, X), cheat, ProveProgress.NONE);
        VerificationException e = assertThrows(VerificationException.class, () -> ModelVerifier.verify(pk.verifyingKey(), null, r.publicOutput, r.proof));
        MaliciousProverTest.caughtAt(e.getMessage(), q.name, q.op);
    }

    @Test
    void duplicateIndicesAreRefusedByTheProver() {
        ProvingKey pk = key(Visibility.ALL_PUBLIC, new long[] {0, 0, 0});
        double[] same = X.clone();
        same[5 + 2] = 2.0; // row 1's maximum at 2, as row 0's: (0, 2) written twice
        ModelException e = assertThrows(ModelException.class, () -> ModelProver.prove(pk, same));
        assertTrue(e.getMessage().contains("written twice"), e.getMessage());
    }

    @Test
    void scatterElementsProvesAsScatterNd() {
        // ScatterElements(x, argmax along axis 1, constant updates): rewritten by ml/quant's IndexRewrite into ScatterND
        ElementwiseProofTest.G g = new ElementwiseProofTest.G(46, 3, 5);
        String am = g.op("ArgMax", Map.of("axis", Attribute.ofInt("axis", 1), "keepdims", Attribute.ofInt("keepdims", 1)), "x");
        String y = g.op("ScatterElements", Map.of("axis", Attribute.ofInt("axis", 1)), "x", am, g.c(0.5, 3, 1));
        io.zkml4j.ml.quant.QuantizedModel m = g.compile(y, 1);
        assertTrue(m.nodes.stream().anyMatch(q -> q.op.equals("ScatterND")) && m.nodes.stream().noneMatch(q -> q.op.equals("ScatterElements")), "rewritten");
        for (Visibility vis : new Visibility[] {Visibility.ALL_PUBLIC, Visibility.DEFAULT}) {
            ProvingKey pk = ModelSetup.setup(m, vis);
            ModelProver.Result r = ModelProver.prove(pk, X);
            ModelVerifier.verify(pk.verifyingKey(), vis.inputPublic() ? r.input : null, r.publicOutput, r.proof);
        }
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        QNode q = scatter(pk);
        String msg = MaliciousProverTest.rejected(pk, ElementwiseProofTest.quantized(pk, X), new MaliciousProverTest.Alter(pk, q.outputs.get(0), v -> v[2] += 1));
        MaliciousProverTest.caughtAt(msg, q.name, q.op);
    }
}
