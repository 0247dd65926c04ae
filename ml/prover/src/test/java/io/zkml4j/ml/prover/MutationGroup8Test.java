package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.PowSqrtProofTest.provesQuantized;
import static io.zkml4j.ml.prover.PowSqrtProofTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks and setup limits of PowProof and SqrtProof that the mutation run (docs/mutation.md, ml/prover group 8) found
 * without a test: each test names the check or limit it holds in place.
 */
class MutationGroup8Test {
    /** The range budget B of {@link PowSqrtProofTest#single}'s models (actBits 20). */
    private static final int B = ModelSetup.rangeBitsFor(20);

    /** x^power by products (Pow mode 0) from x [1, len] at scale sIn to a public z at sOut: a_0's shift e_0 = sIn - sOut. */
    private static QuantizedModel pow(int len, int sIn, int sOut, long power) {
        return single("Pow", len, sIn, sOut, q -> {
            q.inputs.add("");
            q.inScales = new int[] {sIn, 0};
            q.put("mode", 0, power);
        });
    }

    @Test
    void everySumcheckAndRangeCheckOfPowersAndARootIsBoundByItsNode() {
        // x^2 with a_0 = x never committed (e_0 = 0: the product check of x with itself), x^3 with a_0 = rescale(x, 2)
        // committed (the product check of a_k and x, and a_0's rescale at the first step's point), and a root whose
        // output is committed (its range check, read only by the root's relation)
        ProvingKey square = ModelSetup.setup(pow(8, 8, 8, 2), Visibility.ALL_PUBLIC), cube = ModelSetup.setup(pow(8, 10, 8, 3), Visibility.ALL_PUBLIC);
        assertEquals(0, spec(square, "Pow").p[2]);
        assertEquals(2, spec(cube, "Pow").p[2]);
        G g = new G(801, 1, 8);
        ProvingKey root = ModelSetup.setup(g.compile(g.op("Relu", g.op("Sqrt", g.op("Relu", "x"))), 1), Visibility.ALL_PUBLIC);
        assertTrue(root.vk.circuit.ranges.stream().anyMatch(rc -> rc.what.endsWith(".root")), "the root is committed");
        int sumchecks = 0, ranges = 0;
        for (ProvingKey pk : new ProvingKey[] {square, cube, root}) {
            long[] x = Models.randomInput(802, pk.vk.inputLength());
            sumchecks += GraphVerifierGuardTest.everySumcheckIsCheckedByItsNode(pk, x);
            ranges += GraphVerifierGuardTest.everyRangeCheckIsBoundByItsNode(pk, x);
        }
        assertTrue(sumchecks >= 4 && ranges >= 8, sumchecks + " sumchecks, " + ranges + " range checks");
    }

    private static void refused(QuantizedModel m, String why) {
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m));
        assertTrue(e.getMessage().endsWith("(" + why + ")"), e.getMessage());
    }

    @Test
    void powersByProductsAtTheirAccumulatorLimitsProveAndBeyondAreRefused() {
        // every rescale relation stays below 2^62 (B = 24, half = 2^23): P = 1 is z = 2^38 x (the requantization's
        // 2^(23+38) = 2^61; only x = 0 keeps z in the budget); P = 2 with a_0 = 2^15 x: the step's accumulator a_0 x below
        // 2^(46+15) = 2^61. One more bit reaches 2^62
        ProvingKey up = ModelSetup.setup(pow(4, 8, 46, 1), Visibility.ALL_PUBLIC);
        provesQuantized(up, new long[4]);
        ProvingKey square = ModelSetup.setup(pow(4, 16, 31, 2), Visibility.ALL_PUBLIC);
        assertEquals(-15, spec(square, "Pow").p[2]);
        provesQuantized(square, new long[] {-2047, 2047, 5, 0});
        String bound = "accumulator bound 2^62.0 exceeds 2^62";
        refused(pow(4, 8, 47, 1), bound);
        refused(pow(4, 16, 32, 2), bound);
        // a rescale of a_0 by 2^39 no longer refuses: its quotient gets a bound narrower than the budget (Rescale.outBits)
        ProvingKey fine = ModelSetup.setup(pow(4, 47, 8, 2), Visibility.ALL_PUBLIC);
        provesQuantized(fine, new long[] {1L << 22, -(1L << 22), 5, 0});
        refused(pow(4, 8, 8, 0), "exponent [0, 0]");
        QuantizedModel wide = pow(4, 8, 8, 2);
        wide.nodes.get(0).outShapes = new int[][] {{2, 2}};
        wide.outputs.get(0).shape = new int[] {2, 2};
        refused(wide, "output shape differs from the input's");
    }
}
