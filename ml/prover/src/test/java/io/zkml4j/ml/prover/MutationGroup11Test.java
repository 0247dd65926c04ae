package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.prover.ElementwiseProofTest.G;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the re-run of IndexProof, LogicProof and RequantProof (docs/mutation.md, group 11) found without a test: the
 * key-side bit provenance of a boolean operand, and an index node whose single input is shifted up to its output's
 * scale.
 */
class MutationGroup11Test {
    /**
     * A key from elsewhere: a BOOL input b [4], copied by an index map c = Pad(b) [5] with fill {@code fill} (and b
     * shifted up by 2^up when up &gt; 0), then Not(c) = y.
     */
    private static Circuit padThenNot(long fill, int up, boolean notFirst) {
        Vec b = new Vec(0, "b", Vec.Kind.INPUT, new int[] {4});
        b.bits = true;
        List<Vec> tensors = List.of(b, new Vec(1, "c", Vec.Kind.ADVICE, new int[] {5}), new Vec(2, "y", Vec.Kind.OUTPUT, new int[] {5}));
        NodeSpec pad = new NodeSpec("Pad", "p", new int[] {0}, new int[] {1}, up == 0 ? new long[] {1, 0, fill, 5, 0, 1, 2, 3, -1} : new long[] {1, 0, fill, 5, 0, 1, 2, 3, -1, up}, List.of());
        NodeSpec not = new NodeSpec("Not", "n", new int[] {1}, new int[] {2}, new long[0], List.of());
        return Circuit.build(tensors, notFirst ? List.of(not, pad) : List.of(pad, not), 24);
    }

    @Test
    void aCopyOfBitsIsBitsOnlyWithAFillOf0Or1AndNoUpShift() {
        // the fill is a value of the copy, and 2^u b is the copy of an up-shifted b: 2 would reach Not as a non-bit
        // (Not's relation 1 - x assumes bits)
        for (long fill : new long[] {0, 1}) assertEquals(2, padThenNot(fill, 0, false).nodes.size());
        for (int[] fillUp : new int[][] {{2, 0}, {0, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> padThenNot(fillUp[0], fillUp[1], false));
            assertTrue(e.getMessage().contains("'n' (Not): operand 0 is not proven boolean"), e.getMessage());
        }
    }

    @Test
    void aBitCopyWrittenAfterItsReaderIsNotProvenBoolean() {
        // provenance follows the nodes before the reader only (as setup compiles them): a later writer is refused
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> padThenNot(0, 0, true));
        assertTrue(e.getMessage().contains("operand 0 is not proven boolean"), e.getMessage());
    }

    /** BOOL b [4] -> Not -> t, then {@code copies} Identity copies of t, then Not -> y (a key from elsewhere). */
    private static Circuit notThroughCopies(int copies) {
        Vec b = new Vec(0, "b", Vec.Kind.INPUT, new int[] {4});
        b.bits = true;
        List<Vec> tensors = new java.util.ArrayList<>(List.of(b));
        List<NodeSpec> nodes = new java.util.ArrayList<>();
        for (int k = 0; k <= copies; k++) {
            tensors.add(new Vec(k + 1, "t" + k, Vec.Kind.ADVICE, new int[] {4}));
            nodes.add(k == 0 ? new NodeSpec("Not", "first", new int[] {0}, new int[] {1}, new long[0], List.of())
                    : new NodeSpec("Identity", "c" + k, new int[] {k}, new int[] {k + 1}, new long[] {1, 1, 0, 0}, List.of()));
        }
        tensors.add(new Vec(copies + 2, "y", Vec.Kind.OUTPUT, new int[] {4}));
        nodes.add(new NodeSpec("Not", "n", new int[] {copies + 1}, new int[] {copies + 2}, new long[0], List.of()));
        return Circuit.build(tensors, nodes, 24);
    }

    @Test
    void bitProvenanceFollowsAtMost64Copies() {
        // the recursion's bound: 64 copies of a proven bit tensor are bits, a 65th is refused (not known, not assumed)
        assertEquals(66, notThroughCopies(64).nodes.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> notThroughCopies(65));
        assertTrue(e.getMessage().contains("'n' (Not): operand 0 is not proven boolean"), e.getMessage());
    }

    /**
     * x [2, 3] -> {@code op} -> y with y's scale two above x's: the index node's single input shifted up by 2^2 (the
     * quantizer gives a one-input index node its input's scale; a key may carry the shift, and `declare` reads it).
     */
    private static QuantizedModel upShifted(String op, Map<String, io.zkml4j.ml.ir.Attribute> attrs) {
        G g = new G(1101, 2, 3);
        QuantizedModel m = g.compile(g.op(op, attrs, "x"), 1);
        QNode q = m.nodes.stream().filter(n -> n.op.equals(op)).findFirst().orElseThrow();
        q.outScales[0] += 2;
        m.outputs.get(0).scale = q.outScales[0];
        return m;
    }

    @Test
    void aSingleInputShiftedUpToItsOutputScaleProves() {
        // identity layout (Identity) and a map (Transpose): the output is 4 x, which the relation must scale x by
        QuantizedModel identity = upShifted("Identity", Map.of());
        QuantizedModel transpose = upShifted("Transpose", Map.of("perm", io.zkml4j.ml.ir.Attribute.ofInts("perm", new long[] {1, 0})));
        for (QuantizedModel m : List.of(identity, transpose)) {
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            NodeSpec n = pk.vk.circuit.nodes.get(0);
            assertEquals(2, n.p[n.p.length - 1], "the up-shift in the key");
            long[] x = ElementwiseProofTest.quantized(pk, new G(1101, 2, 3).input(1));
            ModelProver.Result r = PowSqrtProofTest.provesQuantized(pk, x);
            assertEquals(4 * x[1], r.output[identity == m ? 1 : 2], "y = 4 x");
        }
    }
}
