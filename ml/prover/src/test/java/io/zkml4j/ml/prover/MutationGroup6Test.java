package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static io.zkml4j.ml.prover.PowSqrtProofTest.provesQuantized;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks of MaxPoolProof, AxisMax, ArgMaxProof and NormReduceProof that the mutation run (docs/mutation.md, ml/prover
 * group 6) found without a test: each test names the check (or the setup-time width) it holds in place.
 */
class MutationGroup6Test {
    @Test
    void anArgMaxWhoseExtremeKeyIsAnotherTiedEntrysIsCaughtByItsWindowMaximum() {
        // row 0 of ArgMaxProofTest.ties() has its maximum at columns 1 and 3 (first occurrence: 1). The index 3 with
        // the extreme key moved to that entry's key and its decomposition (e, L - 1 - e) moved along: relations (1)
        // and (3) hold. The window differences stay the honest ones (every one in range, one zero per slice), so the
        // zero-check and the range link hold too: only the link of the differences to the claimed maximum and the keys
        // (the window maximum's last relation) objects
        ProvingKey pk = ModelSetup.setup(ArgMaxProofTest.model(), Visibility.ALL_PUBLIC);
        long[] x = pk.model.quantizeInputs(List.of(ArgMaxProofTest.ties())).get(0);
        String msg = rejected(pk, x, ArgMaxProofTest.laterMaximumOfRow0(pk, w -> {}));
        assertTrue(msg.startsWith("node 'amax' (ArgMax): window differences"), msg);
    }

    /**
     * ReduceL2 over the last axis of x [2, 3, 5] (n = 5 squares per output) with its output scale set to {@code sOut}
     * (the executor's SqrtOp and the proof both follow the node's scales).
     */
    private static ProvingKey l2AtOutputScale(int seed, int sOut) {
        G g = new G(seed, 2, 3, 5);
        QuantizedModel m = MaxSoftmaxProofTest.reduce(g, "ReduceL2", new long[] {2}, 0, false);
        QNode q = ElementwiseProofTest.qnode(m, "ReduceL2");
        q.outScales[0] = sOut;
        m.outputs.get(0).scale = sOut;
        return ModelSetup.setup(m, Visibility.ALL_PUBLIC);
    }

    @Test
    void aReduceL2AtTheTopOfTheBudgetAndAtItsLargestShiftProves() {
        // the bound 2^vb of the sum of squares S, vb = bits(n) + 2B - 2 = 49 (n = 5, B = 24), sizes S's range check and
        // limits the root's shift e = 2 s_out - 2 s_in to e <= 58 - vb. (1) Every entry of one slice at -(2^(B-1) - 1):
        // S = 5 (2^23 - 1)^2 > 2^47, in range only with n counted from the reduced axes (e = -4 keeps the root in the
        // budget). (2) e = 8, the largest even shift below that limit, accepted only with vb exactly as above
        ProvingKey top = l2AtOutputScale(611, 14);
        assertEquals(24, top.vk.rangeBits);
        assertEquals(-4, spec(top, "ReduceL2").p[0]);
        long[] x = new long[30];
        for (int i = 0; i < x.length; i++) x[i] = i < 5 ? 1 - (1L << 23) : (i * 7919L) % 1000 - 500;
        provesQuantized(top, x);
        G g = new G(612, 2, 3, 5);
        ProvingKey shifted = l2AtOutputScale(612, 20);
        assertEquals(8, spec(shifted, "ReduceL2").p[0]);
        provesQuantized(shifted, ElementwiseProofTest.quantized(shifted, g.input(1)));
    }

    @Test
    void anArgMaxWhoseAxisPlanMatchesNoDimensionIsRefusedAtSetup() {
        // x [2, 5], ArgMax over axis 0 (ArgMaxProofTest's amaxlast): the quantizer's plan (outer 1, length 2, inner 5).
        // A plan no dimension has is refused by name (not read as axis 0, whose output shape would fit; not an index
        // past the shape)
        QuantizedModel m = ArgMaxProofTest.model();
        QNode q = ElementwiseProofTest.qnode(m, "ArgMax");
        assertArrayEquals(new long[] {1, 2, 5}, q.ints("axisPlan"));
        q.put("axisPlan", 1, 2, 4);
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m));
        assertTrue(e.getMessage().contains("axis plan [1, 2, 4] does not match the shape [2, 5]"), e.getMessage());
    }
}
