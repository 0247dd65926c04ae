package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Completeness of element-wise table-lookup layers (Sigmoid, Tanh, ...) on the shared corpus and random models. */
class LookupProofTest {
    static void provesAndVerifies(QuantizedModel m, long[] x) {
        ProvingKey pk = ModelSetup.setup(m);
        ModelProver.Result r = ModelProver.proveQuantized(pk, x);
        VerifyingKey vk = VerifyingKey.fromBytes(pk.verifyingKey().toBytes());
        ModelVerifier.verify(vk, r.input, r.output, r.proof);
        assertArrayEquals(m.execute(List.of(x)).output(0).values(), r.output);
    }

    @Test
    void sharedModelsProveAndVerifyOnSeveralInputs() {
        for (String name : new String[] {"iris_mlp_sigmoid", "cancer_logistic", "digits_autoencoder"}) {
            QuantizedModel m = Models.shared(name);
            ProvingKey pk = ModelSetup.setup(m);
            VerifyingKey vk = VerifyingKey.fromBytes(pk.verifyingKey().toBytes());
            List<double[]> inputs = Models.inputs(name);
            for (int i = 0; i < 3; i++) {
                ModelProver.Result r = ModelProver.prove(pk, inputs.get(i * 7));
                ModelVerifier.verify(vk, r.input, r.output, r.proof);
                assertArrayEquals(m.execute(List.of(r.input)).output(0).values(), r.output, name);
            }
            double bits = ModelVerifier.soundnessBits(vk);
            assertTrue(bits >= 99.9, name + ": soundness " + bits + " bits");
        }
    }

    @Test
    void randomModelsWithSigmoidAndTanhVerify() {
        String[][] shapes = {
                {"Gemm6", "Sigmoid", "Gemm3"},                 // up-shift 2, saturating, hidden in and out
                {"Gemm6", "Tanh/8/12/1", "Gemm3"},             // down-shift (requant remainder)
                {"Gemm6", "Sigmoid/10/12/1", "Gemm3"},         // same scale
                {"Gemm6", "Sigmoid/15/12/1", "Gemm3"},         // narrow domain: clamps on both sides
                {"Gemm5", "Sigmoid"},                          // lookup output is the public output
                {"Sigmoid", "Gemm4"},                          // lookup input is the public input
                {"Tanh/10/12/0", "Gemm4"},                     // public input, no requant, no saturation: no witness slots
                {"Gemm4", "Sigmoid", "Gemm4", "Sigmoid", "Gemm2"}, // two layers share one table
                {"Gemm4", "Relu", "Tanh", "Sigmoid", "Gemm3"}, // lookup after Relu, lookup after lookup, two tables
                {"MatMul20", "Tanh/7/12/1", "Gemm3", "Sigmoid/9/10/0"}, // wide layer (scale 8), non-saturating last
                {"Gemm6", "Erf/13/12/1", "Gemm3"},             // erf, clamped beyond [-4, 4)
                {"Tanh/10/12/0"},                              // a lone lookup: public input and output, no advice at all
                {"Sigmoid/8/12/1"},                            // a lone lookup with a remainder and a clamp
        };
        for (int i = 0; i < shapes.length; i++) {
            QuantizedModel m = Models.mlp(40 + i, 7, shapes[i]);
            for (int j = 0; j < 2; j++) {
                long[] x = Models.randomInput(100 * i + j, 7);
                if (shapes[i][0].startsWith("Tanh/10") || shapes[i][0].startsWith("Sigmoid/8")) for (int k = 0; k < x.length; k++) x[k] = x[k] / 2;
                provesAndVerifies(m, x);
            }
        }
    }

    @Test
    void tablesBeyondTheRangeBudgetOrDomainAreRejectedInOneLine() {
        // Exp at output scale 2^-20 on [-4, 4): e^4 2^20 > 2^23, beyond the 24-bit budget of 20-bit activations
        QuantizedModel exp = Models.mlp(3, 7, "Gemm6", "Exp/13/20/0", "Gemm3");
        io.zkml4j.ml.ir.ModelException e = assertThrows(io.zkml4j.ml.ir.ModelException.class, () -> ModelSetup.setup(exp));
        assertTrue(e.getMessage().startsWith("node 'n1' (Exp): not provable yet (table output "), e.getMessage());
        QuantizedModel half = Models.mlp(3, 7, "Gemm6", "Sigmoid", "Gemm3");
        io.zkml4j.ml.quant.TableRule r = half.nodes.get(1).tables.get(0);
        half.nodes.get(1).tables.set(0, new io.zkml4j.ml.quant.TableRule(r.fn(), r.params(), r.sIn(), r.sOut(), r.bits(), 0, r.hi(), r.saturate()));
        e = assertThrows(io.zkml4j.ml.ir.ModelException.class, () -> ModelSetup.setup(half));
        assertEquals("node 'n1' (Sigmoid): not provable yet (layer 'n1': table domain [0, 32767] is not the full 16-bit range)", e.getMessage());
    }
}
