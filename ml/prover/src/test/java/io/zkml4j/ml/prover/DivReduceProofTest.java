package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.alterOutput;
import static io.zkml4j.ml.prover.ElementwiseProofTest.cheatRejected;
import static io.zkml4j.ml.prover.ElementwiseProofTest.namesNodeOrItsSumcheck;
import static io.zkml4j.ml.prover.ElementwiseProofTest.proves;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Div ({@link DivProof}) and ReduceSum / ReduceMean ({@link ReduceProof}): honest proofs of random models verify and
 * prove the executor's output; cheats (a wrong output, a wrong or out-of-range remainder, a value changed with
 * everything after it recomputed honestly) are rejected in the node where they happen.
 */
class DivReduceProofTest {
    // ------------------------------------------------------------------ Div by a constant (mode 1)

    private static QuantizedModel divByConstant(G g, int... divisorShape) {
        double[] d = new double[Padding.size(divisorShape)];
        for (int i = 0; i < d.length; i++) d[i] = (i % 2 == 0 ? 1 : -1) * (0.3 + 2.7 * g.rnd.nextDouble());
        return g.compile(g.op("Div", g.gemm("x", 6, 4, 0.5), g.c(Tensor.ofFloats(divisorShape, d))), 1);
    }

    @Test
    void divisionByAConstantProves() {
        for (int[] ds : new int[][] {{}, {4}, {1, 4}}) {
            G g = new G(ds.length + 3, 1, 6);
            QuantizedModel m = divByConstant(g, ds);
            assertEquals(1, m.nodes.stream().filter(q -> q.op.equals("Div")).findFirst().orElseThrow().i("mode"));
            proves(g, m, 3, 1);
        }
    }

    @Test
    void divisionByAConstantWithAWrongOutputIsRejected() {
        G g = new G(7, 1, 6);
        ProvingKey pk = ModelSetup.setup(divByConstant(g, 4));
        NodeSpec n = spec(pk, "Div");
        long[] x = quantized(pk, g.input(1));
        for (int entry : new int[] {0, 3}) namesNodeOrItsSumcheck(cheatRejected(pk, x, alterOutput(pk, n, entry)), n, false);
    }

    @Test
    void ezklDivisionExamplesProve() throws IOException {
        int proved = 0;
        for (String name : new String[] {"1l_div", "1l_tiny_div"}) if (ElementwiseProofTest.provesEzkl(name)) proved++;
        Assumptions.assumeTrue(proved == 2, "ezkl examples not present");
    }
}
