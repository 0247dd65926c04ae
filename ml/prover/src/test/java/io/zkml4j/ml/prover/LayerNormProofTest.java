package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.prover.ElementwiseProofTest.G;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LayerNormalization proves as the ReduceMean-Sub-Mul-Sqrt-Div pattern it is rewritten into before quantization. */
class LayerNormProofTest {
    static QuantizedModel model() {
        G g = new G(951, 2, 3, 8);
        String y = g.op("LayerNormalization", Map.of("axis", Attribute.ofInt("axis", -1)), "x", g.c(1.0, 8), g.c(0.2, 8));
        return g.compile(g.op("Relu", y), 1);
    }

    @Test
    void aLayerNormalizationProvesAndACheatInItsNormalizedValuesIsRejected() {
        QuantizedModel m = model();
        assertTrue(m.nodes.stream().noneMatch(q -> q.op.equals("LayerNormalization")));
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        ElementwiseProofTest.provesEveryOutput(pk, new G(951, 2, 3, 8).input(1));
        long[] x = quantized(pk, new G(951, 2, 3, 8).input(1));
        QNode div = m.nodes.stream().filter(q -> q.op.equals("Div")).findFirst().orElseThrow();
        String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, div.outputs.get(0), v -> v[2] += 1));
        assertFalse(msg.isEmpty());
        ProvingKey priv = ModelSetup.setup(m, Visibility.DEFAULT);
        ModelProver.Result r = ModelProver.proveQuantized(priv, x);
        ModelVerifier.verify(priv.verifyingKey(), null, r.publicOutput, r.proof);
    }
}
