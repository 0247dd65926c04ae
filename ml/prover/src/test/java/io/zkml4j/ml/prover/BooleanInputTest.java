package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Model inputs of ONNX type BOOL read by the boolean operators (ezkl's "boolean" example): a public one's values are
 * checked to be bits by the verifier, a private one is proven a bit (a 1-bit range check, {@link InputBounds}).
 */
class BooleanInputTest {
    /** z = Xor(And(a, b), a) over two BOOL inputs of shape [1, 5]. */
    static QuantizedModel model() {
        int[] shape = {1, 5};
        List<Node> nodes = List.of(
                new Node("and", "And", "", List.of("a", "b"), List.of("y"), Map.of()),
                new Node("xor", "Xor", "", List.of("y", "a"), List.of("z"), Map.of()));
        Graph g = new Graph("bool", 13, Map.of("", 13), List.of(new ValueInfo("a", DType.BOOL, shape), new ValueInfo("b", DType.BOOL, shape)),
                List.of(new ValueInfo("z", DType.BOOL, new int[0])), nodes, Map.of(), Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        cal.add(List.of(new double[] {0, 1, 1, 0, 1}, new double[] {1, 1, 0, 0, 1}));
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    static final List<double[]> INPUT = List.of(new double[] {1, 0, 1, 1, 0}, new double[] {1, 1, 0, 1, 1});

    @Test
    void publicBoolInputsProveAndAValueThatIsNotABitIsRejectedByTheVerifier() {
        ProvingKey pk = ModelSetup.setup(model(), Visibility.ALL_PUBLIC);
        ModelProver.Result r = ModelProver.prove(pk, INPUT, ProveProgress.NONE);
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        long[] x = r.input.clone();
        x[2] = 2;
        assertTrue(rejects(pk.verifyingKey(), x, r.output, r.proof).contains("is BOOL"));
        ModelException e = assertThrows(ModelException.class, () -> ModelProver.prove(pk, List.of(new double[] {1, 0, 2, 1, 0}, INPUT.get(1)), ProveProgress.NONE));
        assertTrue(e.getMessage().contains("is not 0 or 1"), e.getMessage());
    }

    /**
     * A private BOOL input holding 2, every node's relation made to hold over the field (And as a b, Xor as
     * y + a - 2 y a): with its bit check's limbs derived from it the range LogUp objects, with the limbs of the honest
     * bit the identity Q(r) = a(r) does; with that identity deleted the second forgery is accepted (checked by hand).
     */
    @Test
    void aPrivateBoolInputThatIsNotABitIsRejected() {
        ProvingKey pk = ModelSetup.setup(model(), Visibility.DEFAULT);
        ModelProver.Result ok = ModelProver.prove(pk, INPUT, ProveProgress.NONE);
        ModelVerifier.verify(pk.verifyingKey(), null, ok.publicOutput, ok.proof);
        assertTrue(forged(pk, false).startsWith("logup"));
        String msg = forged(pk, true);
        assertTrue(msg.contains("private BOOL input 'a' is not 0 or 1"), msg);
    }

    /**
     * The same forgery with the inputs public: the statement's a holds 2 and every relation holds over the field, so
     * only the verifier's bit check of a public BOOL input objects (accepted with that check deleted, checked by hand).
     */
    @Test
    void aPublicBoolInputThatIsNotABitIsRejectedByTheBitCheckAlone() {
        String msg = forged(ModelSetup.setup(model(), Visibility.ALL_PUBLIC), false);
        assertEquals("public input 'a' is BOOL: value 2 = 2 is not 0 or 1", msg);
    }

    private static String forged(ProvingKey pk, boolean honestLimbs) {
        Circuit c = pk.vk.circuit;
        int a = ElementwiseProofTest.vec(c, "a"), b = ElementwiseProofTest.vec(c, "b"), y = ElementwiseProofTest.vec(c, "y"), z = ElementwiseProofTest.vec(c, "z");
        long[] av = {1, 0, 2, 1, 0}, bv = {1, 1, 0, 1, 1}, yv = new long[5], zv = new long[5];
        for (int i = 0; i < 5; i++) {
            yv[i] = av[i] * bv[i];
            zv[i] = yv[i] + av[i] - 2 * yv[i] * av[i];
        }
        long[] honestA = {1, 0, 1, 1, 0};
        long[] claimed = {1, 0, 2, 1, 0, 1, 1, 0, 1, 1}; // a then b, as the statement has them when public
        ModelProver.Result r = ModelProver.prove(pk, new long[] {1, 0, 1, 1, 0, 1, 1, 0, 1, 1}, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                w.set(a, av);
                w.set(y, yv);
                w.set(z, zv);
            }

            @Override
            public void witness(Witness w) {
                if (honestLimbs) w.range(c.inputBounds.get(a), honestA);
            }

            @Override
            public long[] claimedInput(long[] honest) {
                return claimed;
            }

            @Override
            public long[] claimedOutput(long[] honest) {
                return zv;
            }
        }, ProveProgress.NONE);
        return rejects(pk.verifyingKey(), pk.vk.visibility.inputPublic() ? claimed : null, zv, r.proof);
    }
}
