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

/** ConvTranspose proves as the spread-pad-Conv graph it is rewritten into (GraphPasses.decomposeConvTranspose). */
class ConvTransposeProofTest {
    static QuantizedModel model() {
        G g = new G(961, 1, 2, 3, 3);
        String y = g.op("ConvTranspose", Map.of("strides", Attribute.ofInts("strides", new long[] {2, 2}),
                "pads", Attribute.ofInts("pads", new long[] {1, 1, 0, 1}), "output_padding", Attribute.ofInts("output_padding", new long[] {1, 0})),
                "x", g.c(0.5, 2, 3, 3, 3), g.c(0.1, 3));
        return g.compile(g.op("Relu", y), 1);
    }

    @Test
    void aStridedConvTransposeProvesAndACheatInItsOutputIsRejected() {
        QuantizedModel m = model();
        assertTrue(m.nodes.stream().noneMatch(q -> q.op.equals("ConvTranspose")) && m.nodes.stream().anyMatch(q -> q.op.equals("Conv")));
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        ElementwiseProofTest.provesEveryOutput(pk, new G(961, 1, 2, 3, 3).input(1));
        long[] x = quantized(pk, new G(961, 1, 2, 3, 3).input(1));
        QNode conv = m.nodes.stream().filter(q -> q.op.equals("Conv")).findFirst().orElseThrow();
        String msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, conv.outputs.get(0), v -> v[4] += 1));
        assertFalse(msg.isEmpty());
        // the spread input (a zero inserted between entries) moved where the input has no entry
        QNode spread = m.nodes.stream().filter(q -> q.op.equals("Pad") && q.name.endsWith("/pad")).findFirst().orElseThrow();
        msg = MaliciousProverTest.rejected(pk, x, new MaliciousProverTest.Alter(pk, spread.outputs.get(0), v -> v[1] += 1));
        assertTrue(msg.contains("(Pad): ") || msg.contains("(Conv): "), msg);
    }
}
