package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.cheatRejected;
import static io.zkml4j.ml.prover.ElementwiseProofTest.proves;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.range;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReduceMax / ReduceMin ({@link AxisMax}, on {@link WindowMax}) and Softmax ({@link SoftmaxProof}): honest proofs of
 * random models verify and prove the executor's output; cheats (a wrong maximum, a wrong output, a wrong remainder, a
 * value changed with everything after it recomputed honestly) are rejected in the node where they happen.
 */
class MaxSoftmaxProofTest {
    // ------------------------------------------------------------------ ReduceMax / ReduceMin

    /** op over x [2, 3, 5] (axes null: all), keepdims k (-1: the default), then Relu when {@code hidden}. */
    private static QuantizedModel reduce(G g, String op, long[] axes, int k, boolean hidden) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        if (k >= 0) a.put("keepdims", Attribute.ofInt("keepdims", k));
        if (axes != null) a.put("axes", Attribute.ofInts("axes", axes));
        String y = g.op(op, a, "x");
        return g.compile(hidden ? g.op("Relu", y) : y, 1);
    }

    @Test
    void maxAndMinOverAnyAxesProveExactly() {
        Object[][] cases = {
            {new long[] {1}, -1, false}, {new long[] {0, 2}, 0, true}, {null, 0, false}, {new long[] {-1}, 1, true}, {new long[] {0}, 0, false},
        };
        int seed = 300;
        for (String op : new String[] {"ReduceMax", "ReduceMin"}) {
            for (Object[] c : cases) {
                G g = new G(seed++, 2, 3, 5);
                proves(g, reduce(g, op, (long[]) c[0], (Integer) c[1], (Boolean) c[2]), 2, 1);
            }
        }
        G g = new G(seed, 3, 20); // 20 cells per window: chunked zero-check
        proves(g, reduce(g, "ReduceMax", new long[] {1}, 0, false), 2, 1);
    }

    /** y one step beyond every cell (max + 1, min - 1): every difference stays in range, no cell equals it. */
    @Test
    void extremumBeyondEveryCellIsRejectedInItsNode() {
        for (String op : new String[] {"ReduceMax", "ReduceMin"}) {
            G g = new G(op.hashCode(), 2, 3, 5);
            ProvingKey pk = ModelSetup.setup(reduce(g, op, new long[] {1}, 0, false));
            NodeSpec n = spec(pk, op);
            long step = op.equals("ReduceMax") ? 1 : -1;
            caughtAt(cheatRejected(pk, quantized(pk, g.input(1)), new GraphProtocol.Cheat() {
                @Override
                public void tensors(Witness w) {
                    long[] y = w.values(n.out[0]).clone();
                    y[3] += step;
                    w.set(n.out[0], y);
                }
            }), op + "_0", op);
        }
    }

    /** The maximum replaced by a smaller cell, the differences below it clamped into range: only the link to x objects. */
    @Test
    void secondLargestWithClampedDifferencesIsRejectedInItsNode() {
        for (String op : new String[] {"ReduceMax", "ReduceMin"}) {
            G g = new G(op.hashCode() + 1, 2, 3, 5);
            ProvingKey pk = ModelSetup.setup(reduce(g, op, new long[] {2}, 0, false));
            Circuit c = pk.verifyingKey().circuit;
            NodeSpec n = spec(pk, op);
            boolean max = op.equals("ReduceMax");
            caughtAt(cheatRejected(pk, quantized(pk, g.input(1)), new GraphProtocol.Cheat() {
                @Override
                public void tensors(Witness w) {
                    long[] y = w.values(n.out[0]).clone(), x = w.values(n.in[0]);
                    long next = max ? Long.MIN_VALUE : Long.MAX_VALUE; // output 1 reads x[5..10)
                    for (int j = 5; j < 10; j++) if (max ? x[j] < y[1] : x[j] > y[1]) next = max ? Math.max(next, x[j]) : Math.min(next, x[j]);
                    assertTrue(next != Long.MIN_VALUE && next != Long.MAX_VALUE, "slice has two distinct values");
                    y[1] = next;
                    w.set(n.out[0], y);
                }

                @Override
                public void witness(Witness w) {
                    RangeCheck rc = range(c, op + "_0.diff");
                    long[] q = w.quantities.get(rc).clone();
                    for (int i = 0; i < q.length; i++) q[i] = Math.max(q[i], 0);
                    w.range(rc, q);
                }
            }), op + "_0", op);
        }
    }

    @Test
    void alteredExtremumWithEverythingAfterItHonestIsCaughtWhereItHappened() {
        for (String op : new String[] {"ReduceMax", "ReduceMin"}) {
            G g = new G(op.hashCode() + 2, 2, 3, 5);
            String t0 = g.op("Relu", "x");
            String t1 = g.op(op, Map.of("axes", Attribute.ofInts("axes", new long[] {2}), "keepdims", Attribute.ofInt("keepdims", 0)), t0);
            ProvingKey pk = ModelSetup.setup(g.compile(g.op("Relu", t1), 1));
            long[] x = quantized(pk, g.input(1));
            String msg = rejected(pk, x, new MaliciousProverTest.Alter(pk, t0, v -> v[4] += 1));
            assertTrue(msg.startsWith("node 'Relu_0'"), msg);
            long step = op.equals("ReduceMax") ? 1 : -1;
            caughtAt(rejected(pk, x, new MaliciousProverTest.Alter(pk, t1, v -> v[2] += step)), op + "_1", op);
        }
    }
}
