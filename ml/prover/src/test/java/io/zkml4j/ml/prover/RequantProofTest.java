package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operand requantized before its product (tiny activations: the accumulator scale would pass 48) is proven by a virtual Requant node. */
class RequantProofTest {
    /** x of magnitude ~1e-6 (a high input scale) -> Gemm -> Relu -> Gemm: the quantizer rescales x before the product. */
    static QuantizedModel tinyInput() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] w = new double[8 * 6], b = new double[6], w2 = new double[6 * 3];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble(-0.01, 0.01);
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble(-1e-8, 1e-8);
        for (int i = 0; i < w2.length; i++) w2[i] = rnd.nextDouble(-1, 1);
        Graph g = new Graph("test:tiny", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.FLOAT, new int[] {1, 8})),
                List.of(new ValueInfo("y", DType.FLOAT, new int[] {1, 3})),
                List.of(new Node("gemm", "Gemm", "", List.of("x", "W", "B"), List.of("h"), Map.of()),
                        new Node("relu", "Relu", "", List.of("h"), List.of("r"), Map.of()),
                        new Node("gemm2", "MatMul", "", List.of("r", "W2"), List.of("y"), Map.of())),
                Map.of("W", Tensor.ofFloats(new int[] {8, 6}, w), "B", Tensor.ofFloats(new int[] {6}, b), "W2", Tensor.ofFloats(new int[] {6, 3}, w2)),
                Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        for (int k = 0; k < 4; k++) cal.add(List.of(tiny(rnd)));
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    static double[] tiny(SplittableRandom rnd) {
        double[] x = new double[8];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble(-1e-6, 1e-6);
        return x;
    }

    @Test
    void requantizedOperandProvesAndIsBound() {
        QuantizedModel m = tinyInput();
        QNode gemm = m.nodes.stream().filter(q -> q.op.equals("Gemm")).findFirst().orElseThrow();
        assertTrue(gemm.ints.containsKey("use0"), "the model must requantize the Gemm's input: " + gemm.ints.keySet());
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        assertTrue(pk.vk.circuit.nodes.stream().anyMatch(n -> n.op.equals(RequantProof.OP)), "a virtual Requant node");
        SplittableRandom rnd = new SplittableRandom(11);
        for (int k = 0; k < 3; k++) {
            double[] x = tiny(rnd);
            ModelProver.Result r = ModelProver.prove(pk, x);
            assertArrayEquals(m.execute(m.quantizeInputs(List.of(x))).output(0).values(), r.output);
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
            long[] y = r.output.clone();
            y[0] += 1;
            assertThrows(VerificationException.class, () -> ModelVerifier.verify(pk.verifyingKey(), r.input, y, r.proof));
        }
    }

    /**
     * A prover that commits u + 1 at one entry, keeps the requant remainder in range and computes everything after u
     * honestly from it (the executor run on 2^e u, which requantizes to u exactly): only the Requant node's relation
     * x = 2^e u + rem - 2^(e-1) is false, and the verifier must reject there.
     */
    @Test
    void wrongRequantizedValueIsCaughtAtTheRequantNode() {
        ProvingKey pk = ModelSetup.setup(tinyInput(), Visibility.ALL_PUBLIC);
        NodeSpec rq = pk.vk.circuit.nodes.stream().filter(n -> n.op.equals(RequantProof.OP)).findFirst().orElseThrow();
        int e = (int) rq.p[0];
        long[] x = pk.model.quantizeInputs(List.of(tiny(new SplittableRandom(12)))).get(0);
        long[] uHonest = io.zkml4j.ml.quant.FixedPoint.requant(x, e, 0);
        long[] u = uHonest.clone();
        u[2] += 1;
        long[] lifted = new long[u.length];
        for (int i = 0; i < u.length; i++) lifted[i] = u[i] << e;
        io.zkml4j.ml.quant.IntTrace after = pk.model.execute(List.of(lifted));
        long[] rem = new long[x.length];
        for (int i = 0; i < x.length; i++) rem[i] = x[i] + (1L << (e - 1)) - (uHonest[i] << e); // in [0, 2^e)
        RangeCheck remCheck = MaliciousProverTest.rangeCheck(pk.vk.circuit, rq.name + ".requant.rem");
        String msg = MaliciousProverTest.rejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                for (Vec v : pk.vk.tensors) {
                    if (v.kind == Vec.Kind.ADVICE || v.kind == Vec.Kind.OUTPUT) {
                        io.zkml4j.ml.quant.IntTrace.Value tv = after.get(v.name);
                        if (tv != null) w.set(v.id, tv.values());
                    }
                }
                w.set(rq.out[0], u);
            }

            @Override
            public void witness(Witness w) {
                w.range(remCheck, rem);
            }
        });
        MaliciousProverTest.caughtAt(msg, rq.name, RequantProof.OP);
    }
}
