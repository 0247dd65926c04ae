package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.prover.ElementwiseProofTest.G;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Index operators whose data inputs sit at different scales (two branches of a network joined by Concat, each
 * calibrated on its own range): each input above the output's scale is requantized to it by a committed Requant node
 * (the executor's rounding), then the index map is proved at one scale.
 */
class RescaledConcatTest {
    /** Concat(x, 8 x) along the feature axis, a Relu after it: the branches' ranges differ by 8, so do their scales. */
    static QuantizedModel model() {
        G g = new G(941, 2, 3);
        String wide = g.op("Mul", "x", PowSqrtProofTest.scalar(g, 8.0));
        String y = g.op("Concat", Map.of("axis", Attribute.ofInt("axis", 1)), "x", wide);
        return g.compile(g.op("Relu", y), 1);
    }

    static QNode concat(QuantizedModel m) {
        return m.nodes.stream().filter(q -> q.op.equals("Concat")).findFirst().orElseThrow();
    }

    @Test
    void branchesAtDifferentScalesAreRequantizedAndProve() {
        QuantizedModel m = model();
        QNode c = concat(m);
        assertTrue(c.inScales[0] != c.inScales[1], "the branches' scales differ: " + c.inScales[0] + ", " + c.inScales[1]);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        assertTrue(pk.vk.circuit.nodes.stream().anyMatch(n -> n.op.equals(RequantProof.OP) && n.name.startsWith(c.name)), "a Requant node before the Concat");
        ElementwiseProofTest.provesEveryOutput(pk, new G(941, 2, 3).input(1));
        ProvingKey priv = ModelSetup.setup(m, Visibility.DEFAULT);
        ModelProver.Result r = ModelProver.proveQuantized(priv, quantized(priv, new G(941, 2, 3).input(1)));
        ModelVerifier.verify(priv.verifyingKey(), null, r.publicOutput, r.proof);
    }

    @Test
    void aCheatInTheRequantizedBranchOrInTheConcatIsRejected() {
        QuantizedModel m = model();
        QNode c = concat(m);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        long[] x = quantized(pk, new G(941, 2, 3).input(1));
        int low = c.inScales[0] > c.outScales[0] ? 0 : 1;
        // the requantized copy of the finer branch moved by one: the Concat reads it (its shares no longer match its
        // output), and the Requant relation no longer holds
        int copy = ElementwiseProofTest.vec(pk.vk.circuit, c.inputs.get(low) + "@" + c.outScales[0]);
        String msg = MaliciousProverTest.rejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] in = w.values(ElementwiseProofTest.vec(pk.vk.circuit, c.inputs.get(low))), u = new long[in.length];
                for (int i = 0; i < u.length; i++) u[i] = io.zkml4j.ml.quant.FixedPoint.rescale(in[i], c.inScales[low] - c.outScales[0]);
                u[1] += 1;
                w.set(copy, u);
            }
        });
        assertTrue(msg.contains("(Concat): ") || msg.contains("requant"), msg);
        // the Concat's output moved by one (the Relu after it redone)
        msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, c.outputs.get(0), v -> v[1] += 1));
        assertTrue(msg.contains("(Concat): "), msg);
    }

    /** A float constant among the data (a Concat with a constant part, ScatterND's base) is quantized at the output scale. */
    @Test
    void aConstantPartIsQuantizedAtTheOutputScaleAndProves() {
        G g = new G(942, 2, 3);
        String y = g.op("Concat", Map.of("axis", Attribute.ofInt("axis", 1)), "x", g.c(0.01, 2, 3));
        QuantizedModel m = g.compile(g.op("Relu", y), 1);
        QNode c = concat(m);
        assertTrue(c.inScales[1] == c.outScales[0], "the constant at the output scale: " + java.util.Arrays.toString(c.inScales) + " -> " + c.outScales[0]);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        ElementwiseProofTest.provesEveryOutput(pk, new G(942, 2, 3).input(1));
    }
}
