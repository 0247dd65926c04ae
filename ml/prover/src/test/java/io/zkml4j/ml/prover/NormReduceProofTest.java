package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.Attribute;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.cheatRejected;
import static io.zkml4j.ml.prover.ElementwiseProofTest.namesNodeOrItsSumcheck;
import static io.zkml4j.ml.prover.ElementwiseProofTest.proves;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.range;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.ElementwiseProofTest.vec;
import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaxSoftmaxProofTest.reduce;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReduceSumSquare ({@link ReduceProof}), ReduceL1 and ReduceL2 ({@link NormReduceProof}), ReduceLogSumExp
 * ({@link SoftmaxProof}): honest proofs of random
 * models verify and prove the executor's output; cheats (a wrong output, a wrong |x| or sum of squares with the rest
 * kept consistent, a wrong root, a value changed with everything after it recomputed honestly) are rejected in the
 * node where they happen.
 */
class NormReduceProofTest {
    @Test
    void normReductionsOverAnyAxesProveExactly() {
        Object[][] axes = {{new long[] {1}, -1, false}, {new long[] {0, 2}, 0, true}, {null, 0, false}, {new long[] {-1}, 1, true}};
        int seed = 300;
        for (String op : new String[] {"ReduceL1", "ReduceL2", "ReduceSumSquare"}) {
            for (Object[] c : axes) {
                G g = new G(seed++, 2, 3, 5);
                proves(g, reduce(g, op, (long[]) c[0], (Integer) c[1], (Boolean) c[2]), 2, 1);
            }
        }
    }

    @Test
    void normReductionWithAWrongOutputIsRejectedInItsNode() {
        for (String op : new String[] {"ReduceL1", "ReduceSumSquare"}) {
            G g = new G(op.hashCode(), 2, 3, 5);
            ProvingKey pk = ModelSetup.setup(reduce(g, op, new long[] {1}, 0, false), Visibility.ALL_PUBLIC);
            NodeSpec n = spec(pk, op);
            long[] x = quantized(pk, g.input(1));
            for (int entry : new int[] {0, 4}) namesNodeOrItsSumcheck(cheatRejected(pk, x, DivReduceProofTest.wrongOutput(pk, n, entry)), n, false);
        }
    }

    @Test
    void wrongAbsoluteValuesWithAnHonestSumAreRejectedByTheAbs() {
        // a = |x| changed at two entries of one slice (+1, -1): the sum, the output and the rescale stay honest, only
        // the Abs relation a = 2 max(x, 0) - x can object
        G g = new G(311, 2, 3, 5);
        ProvingKey pk = ModelSetup.setup(reduce(g, "ReduceL1", new long[] {2}, 0, true), Visibility.ALL_PUBLIC);
        Circuit c = pk.verifyingKey().circuit;
        int abs = vec(c, "ReduceL1_0.abs");
        caughtAt(cheatRejected(pk, quantized(pk, g.input(1)), new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                long[] a = w.values(abs).clone();
                a[0] += 1;
                a[1] -= 1; // entries 0 and 1 share the slice over the last axis
                w.set(abs, a);
            }
        }), "ReduceL1_0", "ReduceL1");
    }

    /** The L2 model of the cheats below and its input: x [2, 3, 5] reduced over axis 2 (keepdims 0), then Relu. */
    private record L2(ProvingKey pk, long[] x) {}

    /** The first such model from seed 312 on whose root shifts S by 2^e with e &lt; 0 ({@code rescaled}) or e &gt;= 0. */
    private static L2 l2(boolean rescaled) {
        for (int seed = 312; seed < 400; seed++) {
            G g = new G(seed, 2, 3, 5);
            ProvingKey pk = ModelSetup.setup(reduce(g, "ReduceL2", new long[] {2}, 0, true), Visibility.ALL_PUBLIC);
            if (spec(pk, "ReduceL2").p[0] < 0 == rescaled) return new L2(pk, quantized(pk, g.input(1)));
        }
        throw new IllegalStateException("no test model with " + (rescaled ? "e < 0" : "e >= 0"));
    }

    @Test
    void wrongSumOfSquaresWithAnHonestRootIsRejectedByTheSum() {
        // S + 1 at one entry, the root kept: its rescale remainder (e < 0) or its brackets (e >= 0) recomputed for the
        // new S, in range: only the sum of squares can object
        for (boolean rescaled : new boolean[] {true, false}) {
            L2 m = l2(rescaled);
            ProvingKey pk = m.pk;
            Circuit c = pk.verifyingKey().circuit;
            NodeSpec n = spec(pk, "ReduceL2");
            int sumsq = vec(c, "ReduceL2_0.sumsq");
            long e = n.p[0];
            RangeCheck nonneg = range(c, "ReduceL2_0.nonneg");
            caughtAt(cheatRejected(pk, m.x, new GraphProtocol.Cheat() {
                @Override
                public void witness(Witness w) {
                    long[] s = w.values(sumsq).clone();
                    if (e < 0) {
                        RangeCheck rem = range(c, "ReduceL2_0.scaled.rem");
                        long[] r = w.quantities.get(rem).clone();
                        int at = MaliciousProverTest.first(r, i -> r[i] < (1L << rem.bits) - 1);
                        s[at] += 1;
                        r[at] += 1;
                        w.range(rem, r);
                    } else {
                        RangeCheck lo = range(c, "ReduceL2_0.low"), hi = range(c, "ReduceL2_0.high");
                        long[] l = w.quantities.get(lo).clone(), h = w.quantities.get(hi).clone();
                        int at = MaliciousProverTest.first(h, i -> h[i] >= 4L << e);
                        s[at] += 1;
                        l[at] += 4L << e;
                        h[at] -= 4L << e;
                        w.range(lo, l);
                        w.range(hi, h);
                    }
                    w.set(sumsq, s);
                    w.range(nonneg, s.clone());
                }
            }), "ReduceL2_0", "ReduceL2");
        }
    }

    @Test
    void sumOfSquaresOffItsRangeChecksIsRejected() {
        // S's own range quantity, or its rescale's (w, beyond the budget), changed with S and w kept: the root's bound
        // on that value objects
        L2 m = l2(true);
        for (String what : new String[] {"ReduceL2_0.nonneg", "ReduceL2_0.scaled.range"}) {
            RangeCheck rc = range(m.pk.verifyingKey().circuit, what);
            caughtAt(cheatRejected(m.pk, m.x, new GraphProtocol.Cheat() {
                @Override
                public void witness(Witness w) {
                    long[] q = w.quantities.get(rc).clone();
                    q[2] ^= 1;
                    w.range(rc, q);
                }
            }), "ReduceL2_0", "ReduceL2");
        }
    }

    @Test
    void rootOffByOneIsRejectedInTheL2() {
        for (boolean rescaled : new boolean[] {true, false}) {
            L2 m = l2(rescaled);
            ProvingKey pk = m.pk;
            Circuit c = pk.verifyingKey().circuit;
            NodeSpec n = spec(pk, "ReduceL2");
            // the root's own view of the node: input S, output y, its shift e
            NodeSpec root = new NodeSpec(n.op, n.name, new int[] {vec(c, "ReduceL2_0.sumsq")}, n.out, new long[] {n.p[0]}, List.of());
            PowSqrtProofTest.rootOffByOneIsRejected(pk, m.x, pk.model().nodes.get(0).outputs.get(0), root);
        }
    }

    @Test
    void alteredValueWithEverythingAfterItHonestIsCaughtWhereItHappened() {
        // x -> Relu -> ReduceL1 / ReduceSumSquare -> Relu: one value changed, every later node re-run on it exactly
        for (String op : new String[] {"ReduceL1", "ReduceSumSquare"}) {
            G g = new G(op.hashCode() + 5, 2, 3, 5);
            String t0 = g.op("Relu", "x");
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("keepdims", Attribute.ofInt("keepdims", 0));
            a.put("axes", Attribute.ofInts("axes", new long[] {2}));
            String t1 = g.op(op, a, t0);
            ProvingKey pk = ModelSetup.setup(g.compile(g.op("Relu", t1), 1), Visibility.ALL_PUBLIC);
            long[] x = quantized(pk, g.input(1));
            // the Relu before the reduction: caught by the Relu
            String msg = rejected(pk, x, new MaliciousProverTest.Alter(pk, t0, v -> v[4] += 1));
            assertTrue(msg.startsWith("node 'Relu_0'"), msg);
            // the reduction's output, its remainder kept as the honest run had it: caught by the reduction
            RangeCheck rem = range(pk.verifyingKey().circuit, op + "_1.sum.rem");
            MaliciousProverTest.Alter alter = new MaliciousProverTest.Alter(pk, t1, v -> v[2] += 1).aux(w -> {
                long[] r = w.quantities.get(rem).clone();
                r[2] += 1L << rem.bits;
                w.range(rem, r);
            });
            caughtAt(rejected(pk, x, alter), op + "_1", op);
        }
    }

    @Test
    @Tag("slow") // not run against mutants (pit.excludedGroups, docs/mutation.md)
    void flippedProofBytesOfNormReductionsAreRejected() {
        int seed = 430;
        for (String op : new String[] {"ReduceL1", "ReduceL2", "ReduceLogSumExp"}) {
            G g = new G(seed++, 2, 3, 5);
            ProvingKey pk = ModelSetup.setup(reduce(g, op, new long[] {2}, 0, true), Visibility.ALL_PUBLIC);
            ModelProver.Result r = ModelProver.proveQuantized(pk, quantized(pk, g.input(1)));
            for (int i = 0; i < r.proof.length; i += Math.max(1, r.proof.length / 100)) {
                byte[] p = r.proof.clone();
                p[i] ^= (byte) (1 << (i % 8));
                ModelProofTest.rejects(pk.verifyingKey(), r.input, r.output, p);
            }
        }
    }

    // ------------------------------------------------------------------ ReduceLogSumExp (SoftmaxProof)

    @Test
    void logSumExpOverAnyAxesProvesExactly() {
        Object[][] axes = {{new long[] {1}, -1, false}, {new long[] {0, 2}, 0, true}, {null, 0, false}, {new long[] {-1}, 1, true}, {new long[] {0}, 0, true}};
        int seed = 400;
        for (Object[] c : axes) {
            G g = new G(seed++, 2, 3, 5);
            proves(g, reduce(g, "ReduceLogSumExp", (long[]) c[0], (Integer) c[1], (Boolean) c[2]), 2, 1.5);
        }
    }

    @Test
    void logSumExpWithAWrongOutputOrLogIsRejected() {
        G g = new G(410, 2, 3, 5);
        ProvingKey pk = ModelSetup.setup(reduce(g, "ReduceLogSumExp", new long[] {2}, 0, false), Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "ReduceLogSumExp");
        long[] x = quantized(pk, g.input(1.5));
        for (int entry : new int[] {0, 4}) {
            String msg = cheatRejected(pk, x, ElementwiseProofTest.alterOutput(pk, n, entry));
            caughtAt(msg, "ReduceLogSumExp_0", "ReduceLogSumExp");
            // the relation y - L = requant(m) objects, and names the log-sum-exp's form of it
            assertTrue(msg.contains("log-sum-exp is not") && msg.contains("max plus the log of the sum"), msg);
        }
        // the output and the log of the sum both one larger at a slice (y - L and its rescale kept): the log lookup
        // objects
        int log = vec(pk.verifyingKey().circuit, "ReduceLogSumExp_0.log");
        MaliciousProverTest.outOfTable(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                y[1] += 1;
                w.set(n.out[0], y);
            }

            @Override
            public void witness(Witness w) {
                long[] l = w.values(log).clone();
                l[1] += 1;
                w.set(log, l);
            }
        });
    }

    @Test
    void alteredLogSumExpWithEverythingAfterItHonestIsCaughtWhereItHappened() {
        // x -> ReduceLogSumExp -> Relu: the output changed, the Relu re-run on it, the remainder kept in range
        G g = new G(420, 2, 3, 5);
        ProvingKey pk = ModelSetup.setup(reduce(g, "ReduceLogSumExp", new long[] {1}, 0, true), Visibility.ALL_PUBLIC);
        String t0 = pk.model().nodes.get(0).outputs.get(0);
        NodeSpec n = spec(pk, "ReduceLogSumExp");
        MaliciousProverTest.Alter alter = new MaliciousProverTest.Alter(pk, t0, v -> v[2] += 1)
                .aux(w -> ElementwiseProofTest.remaindersInRange(w, pk.verifyingKey().circuit, n));
        caughtAt(rejected(pk, quantized(pk, g.input(1.5)), alter), "ReduceLogSumExp_0", "ReduceLogSumExp");
    }

    @Test
    void ezklNormReductionExamplesProve() throws IOException {
        int proved = 0;
        for (String name : new String[] {"reducel1", "reducel2", "logsumexp"}) if (ElementwiseProofTest.provesEzkl(name)) proved++;
        Assumptions.assumeTrue(proved == 3, "ezkl examples not present");
    }
}
