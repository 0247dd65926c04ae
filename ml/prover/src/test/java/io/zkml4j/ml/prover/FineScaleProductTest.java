package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

/**
 * A product of two tensors at very fine scales (values near 2^-20, as in ezkl's fr_age): the rescale's shift is so
 * large that the budget would let 2^shift q wrap mod p, so its quotient gets a narrower bound (Rescale.outBits),
 * which the honest quotient, a small number, meets; a moved quotient and bound limbs off by one are rejected.
 */
class FineScaleProductTest {
    static QuantizedModel model() {
        G g = new G(88, 2, 4);
        String tiny = g.op("Mul", "x", PowSqrtProofTest.scalar(g, 1e-8));
        return g.compile(g.op("Mul", tiny, tiny), 1);
    }

    @Test
    void aProductOfFineScalesGetsANarrowerBoundAndProves() {
        QuantizedModel m = model();
        QNode mul = m.nodes.get(m.nodes.size() - 1);
        int shift = mul.inScales[0] + mul.inScales[1] - mul.outScales[0];
        for (Visibility vis : new Visibility[] {Visibility.ALL_PUBLIC, Visibility.DEFAULT}) {
            ProvingKey pk = ModelSetup.setup(m, vis);
            int bits = Rescale.outBits(shift, pk.vk.rangeBits);
            assertTrue(bits < pk.vk.rangeBits, "shift " + shift + " narrows the bound: " + bits);
            RangeCheck bound = MaliciousProverTest.rangeCheck(pk.vk.circuit, mul.name + ".product.bound");
            assertTrue(bound.bits == bits, bound.what + ": " + bound.bits);
            double[] x = new G(89, 2, 4).input(1);
            ModelProver.Result r = ModelProver.prove(pk, x);
            ModelVerifier.verify(pk.verifyingKey(), vis.inputPublic() ? r.input : null, r.publicOutput, r.proof);
        }
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        long[] xq = quantized(pk, new G(89, 2, 4).input(1));
        String msg = MaliciousProverTest.rejected(pk, xq, new MaliciousProverTest.Alter(pk, mul.outputs.get(0), v -> v[0] += 1));
        assertTrue(msg.startsWith("node '" + mul.name + "' (Mul): ") || msg.startsWith("logup"), msg); // the remainder goes negative
        RangeCheck bound = MaliciousProverTest.rangeCheck(pk.vk.circuit, mul.name + ".product.bound");
        msg = MaliciousProverTest.rejected(pk, xq, new MaliciousProverTest.Alter(pk, null, v -> {}).aux(w -> w.quantities.get(bound)[0] += 1));
        assertTrue(msg.startsWith("node '" + mul.name + "' (Mul): rescaled output outside the range budget"), msg);
    }
}
