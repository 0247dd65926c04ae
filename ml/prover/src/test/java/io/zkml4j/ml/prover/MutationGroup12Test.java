package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.prover.ElementwiseProofTest.G;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the first mutation run of GatherProof, ScatterProof, IntDivProof and ClaimBatch (docs/mutation.md, group 12)
 * found without a test: the static forms' proofs, ScatterND's rows lookup, and the verifier's data and index points
 * of shapes the earlier models did not have.
 */
class MutationGroup12Test {
    private static final double[] X = GatherProofTest.X;

    private static QNode node(QuantizedModel m, String op) {
        return m.nodes.stream().filter(q -> q.op.equals(op)).findFirst().orElseThrow();
    }

    private static String argmax(G g, int axis, int keepdims) {
        return g.op("ArgMax", Map.of("axis", Attribute.ofInt("axis", axis), "keepdims", Attribute.ofInt("keepdims", keepdims)), "x");
    }

    private static String longs(G g, int[] shape, long... v) {
        return g.c(Tensor.ofInts(DType.INT64, shape, v));
    }

    @Test
    void staticGatherAndScatterOutputsMovedAreRejectedInTheirNodes() {
        // constant indices: the static index map (IndexProof, mode 0) proves them; an output entry moved (a Relu after
        // it redone) must be caught by that proof, run from GatherProof.run / ScatterProof.run
        for (String op : new String[] {"Gather", "ScatterND"}) {
            G g = new G(1201, 3, 5);
            String y = op.equals("Gather") ? g.op("Gather", Map.of("axis", Attribute.ofInt("axis", 1)), "x", longs(g, new int[] {2}, 3, 0))
                    : g.op("ScatterND", "x", longs(g, new int[] {2, 2}, 0, 1, 2, 4), g.c(Tensor.ofFloats(new int[] {2}, new double[] {0.25, -0.5})));
            QuantizedModel m = g.compile(g.op("Relu", y), 1);
            QNode q = node(m, op);
            assertTrue(!q.ints.containsKey("dynamic"), op + ": constant indices");
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            ElementwiseProofTest.provesEveryOutput(pk, X);
            String msg = MaliciousProverTest.rejected(pk, ElementwiseProofTest.quantized(pk, X), new MaliciousProverTest.Alter(pk, q.outputs.get(0), v -> v[1] += 1));
            MaliciousProverTest.caughtAt(msg, q.name, q.op);
        }
    }

    @Test
    void aScatterRowMovedToAnUncoveredPositionIsCaughtByTheRowsLookup() {
        // update 0 written at (0, 3) instead of its index (0, 2): H's row, the coverage and the output all moved
        // consistently, so the write relation and the covered-data product hold; only the rows' lookup (each row the
        // unit vector at its index) can object
        ProvingKey pk = ScatterProofTest.key(Visibility.ALL_PUBLIC);
        QNode q = node(pk.model, "ScatterND");
        long[] x = ElementwiseProofTest.quantized(pk, X);
        long[] data = io.zkml4j.ml.quant.FixedPoint.requant(x, q.inScales[0], q.outScales[0]);
        RangeCheck h = MaliciousProverTest.rangeCheck(pk.vk.circuit, q.name + ".onehot"), cover = MaliciousProverTest.rangeCheck(pk.vk.circuit, q.name + ".coverage");
        MaliciousProverTest.Alter cheat = new MaliciousProverTest.Alter(pk, q.outputs.get(0), v -> {
            v[3] = v[2]; // row 0 writes (0, 3)
            v[2] = data[2]; // and (0, 2) keeps its data
        }).aux(w -> {
            long[] hv = w.quantities.get(h), cv = w.quantities.get(cover);
            hv[2] = 0; // row 0 of H over the 15 positions of [3, 5]
            hv[3] = 1;
            cv[2] = 0;
            cv[3] = 1;
        });
        String msg = MaliciousProverTest.rejected(pk, x, cheat);
        MaliciousProverTest.caughtAt(msg, q.name, q.op);
        assertTrue(!msg.contains("updates written") && !msg.contains("covered data"), msg);
    }

    /** A key from elsewhere: BOOL b [4] (and an index input i [2]) -> Gather with parameters {@code p} -> c [2] -> Not -> y. */
    private static Circuit gatherThenNot(long... p) {
        Vec b = new Vec(0, "b", Vec.Kind.INPUT, new int[] {4});
        b.bits = true;
        java.util.List<Vec> tensors = java.util.List.of(b, new Vec(1, "i", Vec.Kind.INPUT, new int[] {2}), new Vec(2, "c", Vec.Kind.ADVICE, new int[] {2}),
                new Vec(3, "y", Vec.Kind.OUTPUT, new int[] {2}));
        NodeSpec gather = new NodeSpec("Gather", "g", p[0] == 0 ? new int[] {0} : new int[] {0, 1}, new int[] {2}, p, java.util.List.of());
        NodeSpec not = new NodeSpec("Not", "n", new int[] {2}, new int[] {3}, new long[0], java.util.List.of());
        return Circuit.build(tensors, java.util.List.of(gather, not), 24);
    }

    @Test
    void aStaticGatherOfBitsIsBitsAndARuntimeOneIsNot() {
        // the static map (mode 0: b[2], b[0]) is a copy; a runtime Gather (mode 1) is not followed by the provenance
        gatherThenNot(0, 1, 0, 0, 2, 2, 0);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> gatherThenNot(1, 0));
        assertTrue(e.getMessage().contains("'n' (Not): operand 0 is not proven boolean"), e.getMessage());
    }

    @Test
    void gathersOfShapesWithMoreVariablesProve() {
        // each form with variables the earlier models had none of: GatherElements' index smaller than the data off the
        // axis and two entries along it, and along the first axis; GatherND with three coordinates, with one coordinate and trailing data
        // dimensions, and a single index; ScatterND writing whole rows (updates with trailing dimensions)
        G g = new G(1202, 3, 5);
        String am = argmax(g, 1, 1);
        String idx = g.op("Slice", g.op("Concat", Map.of("axis", Attribute.ofInt("axis", 1)), am, am), g.ints(0), g.ints(2), g.ints(0));
        prove(g, g.op("GatherElements", Map.of("axis", Attribute.ofInt("axis", 1)), "x", idx), "GatherElements");

        g = new G(1206, 3, 5); // along axis 0: data variables below the axis's
        String am0 = argmax(g, 0, 1);
        prove(g, g.op("GatherElements", Map.of("axis", Attribute.ofInt("axis", 0)), "x", g.op("Concat", Map.of("axis", Attribute.ofInt("axis", 0)), am0, am0)), "GatherElements");

        g = new G(1203, 3, 5);
        String coords = g.op("Concat", Map.of("axis", Attribute.ofInt("axis", 1)), longs(g, new int[] {3, 1}, 0, 1, 2), argmax(g, 1, 1), longs(g, new int[] {3, 1}, 0, 0, 0));
        prove(g, g.op("GatherND", g.op("Reshape", "x", g.ints(3, 5, 1)), coords), "GatherND");

        g = new G(1204, 3, 5);
        prove(g, g.op("GatherND", "x", g.op("Unsqueeze", argmax(g, 0, 0), g.ints(1))), "GatherND");

        g = new G(1207, 3, 5); // a single index [1, 2]: no row variables
        String one = g.op("Slice", argmax(g, 1, 1), g.ints(0), g.ints(1), g.ints(0));
        prove(g, g.op("GatherND", "x", g.op("Concat", Map.of("axis", Attribute.ofInt("axis", 1)), longs(g, new int[] {1, 1}, 2), one)), "GatherND");

        g = new G(1205, 3, 5);
        String rows = g.op("Slice", g.op("Unsqueeze", argmax(g, 0, 0), g.ints(1)), g.ints(0), g.ints(1), g.ints(0));
        prove(g, g.op("ScatterND", "x", rows, g.c(0.5, 1, 5)), "ScatterND");
    }

    private static void prove(G g, String y, String op) {
        QuantizedModel m = g.compile(g.op("Relu", y), 1);
        assertTrue(node(m, op).ints.containsKey("dynamic"), op + ": runtime indices");
        ElementwiseProofTest.provesEveryOutput(ModelSetup.setup(m, Visibility.ALL_PUBLIC), X);
    }
}
