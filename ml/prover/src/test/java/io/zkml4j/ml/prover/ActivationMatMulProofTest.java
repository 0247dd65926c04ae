package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.alterOutput;
import static io.zkml4j.ml.prover.ElementwiseProofTest.cheatRejected;
import static io.zkml4j.ml.prover.ElementwiseProofTest.namesNodeOrItsSumcheck;
import static io.zkml4j.ml.prover.ElementwiseProofTest.proves;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.range;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.MaliciousProverTest.Alter;
import static io.zkml4j.ml.prover.MaliciousProverTest.outOfTable;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MatMul whose right operand is computed at run time ({@link LinearProof}: the plain [.., K] x [K, N] product with a
 * committed right operand, and the batched product with numpy batch broadcasting, attention's Q K^T): honest proofs of
 * random models verify and prove the executor's output; a wrong output (remainder kept in range), a changed activation
 * with everything after it recomputed honestly, and a quotient off by one are rejected in the MatMul.
 */
class ActivationMatMulProofTest {
    private static Map<String, Attribute> perm(long... p) {
        return Map.of("perm", Attribute.ofInts("perm", p));
    }

    /** x [2, 4, 6]: Q = x Wq, K = x Wk ([2, 4, 5]); S = Q K^T ([2, 4, 4], K^T by a Transpose); y = S Q ([2, 4, 5]). */
    private static QuantizedModel attention(G g) {
        String qq = g.op("MatMul", "x", g.c(0.4, 6, 5)), k = g.op("MatMul", "x", g.c(0.4, 6, 5));
        String s = g.op("MatMul", qq, g.op("Transpose", perm(0, 2, 1), k));
        return g.compile(g.op("MatMul", s, qq), 1);
    }

    /**
     * Broadcast batches, with B = x^T W [2, 6, 4] computed: A [4, 6] (no batch) x B; x [2, 4, 6] x B[0:1] [1, 6, 4];
     * x x B[0] [6, 4] (the plain product with a committed right operand); x x a constant [2, 6, 3] (batched, constant).
     */
    private static QuantizedModel broadcastBatches(G g, int which) {
        if (which == 3) return g.compile(g.op("MatMul", "x", g.c(0.4, 2, 6, 3)), 1);
        String b = g.op("MatMul", g.op("Transpose", perm(0, 2, 1), "x"), g.c(0.4, 4, 4));
        if (which > 0) b = g.op("Slice", b, g.ints(0), g.ints(1));
        if (which == 2) b = g.op("Reshape", b, g.ints(6, 4));
        String a = which == 0 ? g.op("Reshape", g.op("Slice", "x", g.ints(1), g.ints(2)), g.ints(4, 6)) : "x";
        return g.compile(g.op("MatMul", a, b), 1);
    }

    @Test
    void attentionScoresOfActivationsProveExactly() {
        G g = new G(61, 2, 4, 6);
        proves(g, attention(g), 2, 1);
    }

    @Test
    void broadcastAndPlainProductsOfActivationsProve() {
        for (int which = 0; which < 4; which++) {
            G g = new G(62 + which, 2, 4, 6);
            proves(g, broadcastBatches(g, which), 2, 1);
        }
    }

    @Test
    void wrongOutputsAreRejectedInTheMatMul() {
        G g = new G(71, 2, 4, 6);
        ProvingKey pk = ModelSetup.setup(attention(g), Visibility.ALL_PUBLIC);
        long[] x = quantized(pk, g.input(1));
        NodeSpec last = spec(pk, "MatMul");
        for (int entry : new int[] {0, 7, 39}) namesNodeOrItsSumcheck(cheatRejected(pk, x, alterOutput(pk, last, entry)), last, true);
        G b = new G(72, 2, 4, 6);
        ProvingKey pb = ModelSetup.setup(broadcastBatches(b, 0), Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pb, "MatMul");
        namesNodeOrItsSumcheck(cheatRejected(pb, quantized(pb, b.input(1)), alterOutput(pb, n, 5)), n, true);
    }

    @Test
    void scoresChangedWithRemainderKeptAreCaughtInTheirMatMul() {
        // the scores S = Q K^T changed, everything after recomputed honestly, S's remainders the honest ones
        G g = new G(73, 2, 4, 6);
        ProvingKey pk = ModelSetup.setup(attention(g), Visibility.ALL_PUBLIC);
        long[] x = quantized(pk, g.input(1));
        NodeSpec scores = pk.verifyingKey().circuit.nodes.stream().filter(n -> n.op.equals("MatMul")).skip(2).findFirst().orElseThrow();
        String sName = pk.verifyingKey().circuit.vec(scores.out[0]).name;
        RangeCheck rem = range(pk.verifyingKey().circuit, scores.name + ".linear.rem");
        long shift = scores.p[0];
        assertTrue(shift > 0, "the scores are rescaled");
        Alter a = new Alter(pk, sName, v -> v[6] += 2).aux(w -> {
            long[] r = w.quantities.get(rem).clone();
            r[6] += 2L << shift; // what the honest run had: only the product relation can object
            w.range(rem, r);
        });
        String msg = rejected(pk, x, a);
        assertTrue(msg.startsWith(scores.where() + ":"), msg);
        // a quotient one below with the remainder one 2^k above: the remainder leaves its range
        outOfTable(pk, x, new Alter(pk, sName, v -> v[3] -= 1));
    }

    @Test
    void productsOfActivationsThatCouldWrapAreNotProvable() {
        // with a 32-bit range budget, |A|, |B| < 2^31 bound K |A| |B| only by 2^64: the setup must refuse the product
        G g = new G(90, 2, 4, 6);
        QuantizedModel m = attention(g);
        io.zkml4j.ml.ir.ModelException e = org.junit.jupiter.api.Assertions.assertThrows(io.zkml4j.ml.ir.ModelException.class, () -> new CircuitCompiler(m, 32).compile());
        assertTrue(e.getMessage().contains("(MatMul): not provable yet (accumulator bound 2^"), e.getMessage());
        new CircuitCompiler(m, 24).compile(); // 2^(2 * 23) K: provable
    }

    @Test
    void claimedOtherInputIsCaughtByTheProductsFinalCheck() {
        // A is the public input: a proof made (same transcript) for another claimed input passes the product sumcheck,
        // built from the prover's tables, and fails only where A's value is the verifier's own evaluation
        for (int which = 1; which < 3; which++) {
            G g = new G(80 + which, 2, 4, 6);
            ProvingKey pk = ModelSetup.setup(broadcastBatches(g, which), Visibility.ALL_PUBLIC);
            NodeSpec n = spec(pk, "MatMul");
            long[] x = quantized(pk, g.input(1)), other = ModelProofTest.bump(x, 3, 1);
            ModelProver.Result r = ModelProver.prove(pk, x, new GraphProtocol.Cheat() {
                @Override
                public long[] claimedInput(long[] in) {
                    return other;
                }
            }, ProveProgress.NONE);
            String msg = ModelProofTest.rejects(pk.verifyingKey(), other, r.output, r.proof);
            assertTrue(msg.equals(n.where() + ": " + (which == 1 ? "batched " : "") + "matrix product disagrees with its operands"), msg);
        }
    }

    @Test
    void ezklAttentionExamplesProve() throws IOException {
        int proved = 0;
        for (String name : new String[] {"large_op_graph", "multihead_attention"}) if (ElementwiseProofTest.provesEzkl(name)) proved++;
        Assumptions.assumeTrue(proved == 2, "ezkl examples not present");
    }

    @Test
    void digitsTransformerProves() {
        // attention scores and weights (batched products of activations) and LayerNorm's x / std (a broadcast division)
        Assumptions.assumeTrue(java.nio.file.Files.exists(Models.shared().resolve("models/digits_transformer/network.onnx")), "shared models not present");
        proves(Models.shared("digits_transformer"), Models.inputs("digits_transformer").get(0));
    }
}
