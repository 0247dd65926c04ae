package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Integer division (DivOp's mode 0, IntDivProof): truncation toward zero by a positive constant, negative dividends
 * included; a cheating prover is rejected in the node by each of its checks.
 */
class IntDivProofTest {
    static final double[] X = {-7, -6, -1, 0, 1, 5, 6, 7, -9, 100, -100, 2};

    static QuantizedModel model(long divisor) {
        Graph g = new Graph("intdiv", 13, Map.of("", 13), List.of(new ValueInfo("x", DType.INT64, new int[] {3, 4})),
                List.of(new ValueInfo("y", DType.INT64, new int[0])), List.of(new Node("div", "Div", "", List.of("x", "b"), List.of("y"), Map.of())),
                Map.of("b", Tensor.ofInts(DType.INT64, new int[0], new long[] {divisor})), Map.of());
        List<List<double[]>> cal = new ArrayList<>();
        cal.add(List.of(X));
        return ModelCompiler.compile(g, cal, CompileOptions.defaults());
    }

    @Test
    void truncatesTowardZeroAndProvesWithEveryVisibility() {
        for (long b : new long[] {1, 3, 4, 7}) {
            QuantizedModel m = model(b);
            for (Visibility vis : new Visibility[] {Visibility.ALL_PUBLIC, Visibility.DEFAULT, new Visibility(false, false, false)}) {
                ProvingKey pk = ModelSetup.setup(m, vis);
                ModelProver.Result r = ModelProver.prove(pk, X);
                long[] expect = new long[X.length];
                for (int i = 0; i < X.length; i++) expect[i] = (long) X[i] / b;
                assertArrayEquals(expect, r.output, "b = " + b);
                ModelVerifier.verify(pk.verifyingKey(), vis.inputPublic() ? r.input : null, r.publicOutput, r.proof);
            }
        }
    }

    private static QNode div(ProvingKey pk) {
        return pk.model.nodes.get(0);
    }

    private static String rejectedWith(ProvingKey pk, java.util.function.Consumer<Witness> aux, java.util.function.Consumer<long[]> out) {
        QNode q = div(pk);
        return MaliciousProverTest.rejected(pk, ElementwiseProofTest.quantized(pk, X), new MaliciousProverTest.Alter(pk, out == null ? null : q.outputs.get(0), out == null ? v -> {} : out).aux(aux));
    }

    @Test
    void aCheatingProverIsRejectedByEachCheck() {
        ProvingKey pk = ModelSetup.setup(model(3), Visibility.ALL_PUBLIC);
        Circuit c = pk.vk.circuit;
        String node = div(pk).name;
        RangeCheck sign = MaliciousProverTest.rangeCheck(c, node + ".sign"), abs = MaliciousProverTest.rangeCheck(c, node + ".abs");
        RangeCheck rem = MaliciousProverTest.rangeCheck(c, node + ".rem"), slack = MaliciousProverTest.rangeCheck(c, node + ".slack");
        // entry 5: 5 / 3 = 1 rem 2. The quotient rounded up instead (2, remainder -1 out of range: slack made to agree)
        String msg = rejectedWith(pk, w -> {}, v -> v[5] = 2);
        MaliciousProverTest.caughtAt(msg, node, "Div");
        // the slack alone moved: remainder + slack != b - 1
        msg = rejectedWith(pk, w -> w.quantities.get(slack)[5] -= 1, null);
        assertTrue(msg.contains("remainder and slack do not add up"), msg);
        // the remainder and slack moved together (both still in range), the quotient left: A = b Y + R1 fails
        msg = rejectedWith(pk, w -> {
            w.quantities.get(rem)[5] -= 1;
            w.quantities.get(slack)[5] += 1;
        }, null);
        MaliciousProverTest.caughtAt(msg, node, "Div"); // by the quotient's product sumcheck (its final check: GraphVerifierGuardTest)
        // |a| moved by one: A is no longer a (1 - 2s)
        msg = rejectedWith(pk, w -> w.quantities.get(abs)[5] += 1, null);
        MaliciousProverTest.caughtAt(msg, node, "Div");
        // the sign flipped on a positive entry, |a| made -a to match: A = -5 is outside its range (the range check objects)
        MaliciousProverTest.outOfTable(pk, ElementwiseProofTest.quantized(pk, X), new MaliciousProverTest.Alter(pk, null, v -> {}).aux(w -> {
            w.quantities.get(sign)[5] = 1;
            w.quantities.get(abs)[5] = -5;
        }));
        // -7 / 3 claimed +2: the sign bit cleared, |a| = 7, remainder 1 and slack 1 kept, so y = Y (1 - 2s) and A = b Y + R1
        // hold; only the product binding |a| to a (1 - 2s) objects
        msg = rejectedWith(pk, w -> w.quantities.get(sign)[0] = 0, v -> v[0] = 2);
        MaliciousProverTest.caughtAt(msg, node, "Div");
        // -7 / 3: floor would give -3 (remainder 2); truncation is -2. A floor-dividing prover is rejected
        msg = rejectedWith(pk, w -> {}, v -> v[0] = -3);
        MaliciousProverTest.caughtAt(msg, node, "Div");
    }

    @Test
    void divisorsThatAreNotOnePositiveConstantAreRefusedAtSetup() {
        for (long b : new long[] {0, -2}) {
            ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(model(b), Visibility.ALL_PUBLIC));
            assertTrue(e.getMessage().contains("not provable yet (integer division by " + b + ")") || e.getMessage().contains("division by"), e.getMessage());
        }
    }
}
