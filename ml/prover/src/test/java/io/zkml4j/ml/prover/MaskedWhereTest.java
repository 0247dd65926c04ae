package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A causal attention's mask as exporters write it (nanoGPT): Where(Cast(Equal(constant, 0), BOOL), scores, -big), the
 * condition folded into a constant of zeros and ones at setup and the scores at a finer scale than the output. The
 * constant is committed with the weights, so each proof shows it is bits (a 1-bit range check whose quantity is the
 * constant itself); the scores are requantized by a virtual Requant node; copies of bits stay bits.
 */
class MaskedWhereTest {
    /** 3 x 3 lower-triangular ones: the kept scores. */
    private static final double[] TRIL = {1, 0, 0, 1, 1, 0, 1, 1, 1};

    static QuantizedModel masked(double[] mask) {
        G g = new G(77, 3, 3);
        String cond = g.op("Cast", Map.of("to", Attribute.ofInt("to", 9)), g.op("Equal", g.c(Tensor.ofFloats(new int[] {3, 3}, mask)), PowSqrtProofTest.scalar(g, 0.0)));
        String scores = g.op("Mul", g.op("MatMul", "x", g.c(0.5, 3, 3)), g.op("MatMul", "x", g.c(0.5, 3, 3)));
        return g.compile(g.op("Where", cond, PowSqrtProofTest.scalar(g, -100.0), scores), 1);
    }

    @Test
    void aFoldedMaskWithARoundedOperandProvesWithEveryVisibility() {
        for (Visibility vis : new Visibility[] {Visibility.ALL_PUBLIC, Visibility.DEFAULT}) {
            ProvingKey pk = ModelSetup.setup(masked(TRIL), vis);
            Circuit c = pk.vk.circuit;
            NodeSpec where = c.nodes.stream().filter(n -> n.op.equals("Where")).findFirst().orElseThrow();
            assertTrue(c.vec(where.in[0]).kind == Vec.Kind.CONST, "the condition is a folded constant");
            assertTrue(c.nodes.stream().anyMatch(n -> n.op.equals(RequantProof.OP) && n.name.startsWith(where.name)), "the finer operand is requantized");
            double[] x = new G(78, 3, 3).input(1);
            ModelProver.Result r = ModelProver.prove(pk, x);
            ModelVerifier.verify(pk.verifyingKey(), vis.inputPublic() ? r.input : null, r.publicOutput, r.proof);
        }
    }

    @Test
    void aMaskThatIsNotBitsIsRefusedAtSetup() {
        QuantizedModel m = masked(new double[] {1, 0, 0, 1, 1, 0, 1, 1, 1});
        // after folding the condition is Equal's output: replace it by a constant with a 2 in it
        m.constants.replaceAll((name, k) -> k.values.length == 9 && name.contains("@") ? new io.zkml4j.ml.quant.QConst(k.shape, k.scale, new long[] {1, 0, 2, 1, 1, 0, 1, 1, 1}) : k);
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertTrue(e.getMessage().contains("(Where): not provable yet (operand 0 is not the output of a comparison"), e.getMessage());
    }

    @Test
    void aMaskBitCheckWhoseLimbsDifferFromTheConstantIsRejected() {
        ProvingKey pk = ModelSetup.setup(masked(TRIL), Visibility.ALL_PUBLIC);
        NodeSpec where = pk.vk.circuit.nodes.stream().filter(n -> n.op.equals("Where")).findFirst().orElseThrow();
        RangeCheck bits = MaliciousProverTest.rangeCheck(pk.vk.circuit, where.name + ".bits0");
        long[] x = quantized(pk, new G(79, 3, 3).input(1));
        // the limbs of entry 1 say 1 where the committed mask has 0: in range, so only the equality with the constant objects
        String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, null, v -> {}).aux(w -> w.quantities.get(bits)[1] ^= 1));
        assertTrue(msg.startsWith("node '" + where.name + "' (Where): constant operand") && msg.endsWith("is not 0 or 1"), msg);
    }

    @Test
    void copiesOfBitsAreBitsAndCopiesOfOtherValuesAreNot() {
        G g = new G(80, 2, 6);
        String lt = g.op("Reshape", g.op("Less", "x", PowSqrtProofTest.scalar(g, 0.0)), g.ints(3, 4));
        ProvingKey pk = ModelSetup.setup(g.compile(g.op("Not", g.op("Transpose", lt)), 1), Visibility.ALL_PUBLIC);
        ModelProver.Result r = ModelProver.prove(pk, g.input(1));
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        // a key from elsewhere: Not reading a Reshape of a Relu's output
        List<Vec> tensors = List.of(new Vec(0, "x", Vec.Kind.INPUT, new int[] {4}), new Vec(1, "h", Vec.Kind.ADVICE, new int[] {4}),
                new Vec(2, "c", Vec.Kind.ADVICE, new int[] {2, 2}), new Vec(3, "y", Vec.Kind.OUTPUT, new int[] {2, 2}));
        NodeSpec relu = new NodeSpec("Relu", "r", new int[] {0}, new int[] {1}, new long[] {1, 0, 0, 0}, List.of());
        NodeSpec copy = new NodeSpec("Reshape", "c", new int[] {1}, new int[] {2}, new long[] {1, 1, 0, 0}, List.of());
        NodeSpec not = new NodeSpec("Not", "n", new int[] {2}, new int[] {3}, new long[0], List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Circuit.build(tensors, List.of(relu, copy, not), 24));
        assertTrue(e.getMessage().contains("operand 0 is not proven boolean"), e.getMessage());
    }
}
