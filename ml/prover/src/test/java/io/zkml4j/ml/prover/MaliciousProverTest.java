package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.lookup.ValueNotInTableException;
import io.zkml4j.ml.exec.IntExecutor;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A cheating prover (jolt-atlas {@code malicious_prover.rs} style) on the model proof: it alters ONE activation, one
 * remainder or one lookup value after the honest run, re-runs every later node's exact integer semantics on the altered
 * value (so every later node is consistent and the transcript is faithful), and proves with the honest protocol code
 * through the {@link GraphProtocol.Cheat} seam. Each cheat must be rejected, by the check of the layer where it
 * happened.
 *
 * <p>Where a cheat is caught:
 * <ul>
 *   <li>a relation of the node fails at a point (a {@code s.check}): the message is "node '&lt;name&gt;' (&lt;op&gt;): ...";</li>
 *   <li>a node's sumcheck gets a false claim: the first round fails inside the sumcheck verifier (its message does not
 *       name the node yet: {@link #sumcheckFailuresNameTheNode}, disabled, records it);</li>
 *   <li>a quantity leaves its range (negative or wrapped remainder, value outside the budget) or a (c, z) pair leaves
 *       its table: the node's relations all hold, and only the LogUp over the range/function table can catch it. The
 *       honest lookup witness (LookupWitness.of inside GraphProtocol.prove) refuses to build multiplicities for an
 *       out-of-table value, so through this seam the cheating prover stops with ValueNotInTableException before any
 *       proof exists; {@link #outOfTable} accepts that or a verifier rejection from the LogUp ("logup ..."), never an
 *       accepted proof. (The LogUp verifier's own out-of-table rejection is tested in core/lookup.)</li>
 * </ul>
 */
class MaliciousProverTest {
    // ------------------------------------------------------------------ models (small: each prove+verify is ~10s of ms)

    /** x[1,12] -> Gemm16 -> Relu -> MatMul8 -> Relu -> Gemm4; every rescale is by 2^8. */
    private static ProvingKey linearPk;
    /** x[1,12] -> Gemm8 -> Sigmoid (sIn 8: rescale by 2^2, saturating) -> Gemm8 -> Tanh (up-shift 2^2, saturating) -> Exp (exact, not saturating) -> Gemm4. */
    private static ProvingKey actPk;
    /** x[1,8] -> Sigmoid (4x, saturating; inputs beyond +-8192 saturate) -> Gemm4. */
    private static ProvingKey satPk;
    /** x[1,12] -> Gemm8 -> Sigmoid: the activation's output is public (looked up through a committed copy). */
    private static ProvingKey pubActPk;
    /** x[1,12] -> Gemm16 -> Flatten (identity) -> Relu -> Gemm12 -> Reshape [1,12] to [2,6] (index map) -> MatMul4. */
    private static ProvingKey indexPk;

    static synchronized ProvingKey linearPk() {
        if (linearPk == null) linearPk = ModelSetup.setup(Models.mlp(11, 12, "Gemm16", "Relu", "MatMul8", "Relu", "Gemm4"), Visibility.ALL_PUBLIC);
        return linearPk;
    }

    static synchronized ProvingKey actPk() {
        if (actPk == null) actPk = ModelSetup.setup(Models.mlp(21, 12, "Gemm8", "Sigmoid/8/12/1", "Gemm8", "Tanh", "Exp/12/8/0", "Gemm4"), Visibility.ALL_PUBLIC);
        return actPk;
    }

    static synchronized ProvingKey satPk() {
        if (satPk == null) satPk = ModelSetup.setup(Models.mlp(31, 8, "Sigmoid", "Gemm4"), Visibility.ALL_PUBLIC);
        return satPk;
    }

    static synchronized ProvingKey pubActPk() {
        if (pubActPk == null) pubActPk = ModelSetup.setup(Models.mlp(41, 12, "Gemm8", "Sigmoid"), Visibility.ALL_PUBLIC);
        return pubActPk;
    }

    static synchronized ProvingKey indexPk() {
        if (indexPk == null) indexPk = ModelSetup.setup(reshapeModel(), Visibility.ALL_PUBLIC);
        return indexPk;
    }

    /** Models.mlp plus a Reshape between differently padded shapes ([1,12] in [1,16] vs [2,6] in [2,8]) and a MatMul on it. */
    private static QuantizedModel reshapeModel() {
        QuantizedModel m = Models.mlp(51, 12, "Gemm16", "Flatten", "Relu", "Gemm12");
        String last = m.outputs.get(0).name;
        int scale = m.outputs.get(0).scale;
        QNode r = new QNode();
        r.name = "reshape";
        r.op = "Reshape";
        r.inputs.add(last);
        r.outputs.add("r");
        r.inShapes = new int[][] {{1, 12}};
        r.outShapes = new int[][] {{2, 6}};
        r.inScales = new int[] {scale};
        r.outScales = new int[] {scale};
        r.put("identity0", 1);
        r.put("data", 0);
        m.nodes.add(r);
        QNode mm = new QNode();
        mm.name = "mm";
        mm.op = "MatMul";
        mm.inputs.add("r");
        mm.inputs.add("Wr");
        mm.outputs.add("y");
        long[] w = new long[24];
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextInt(1 << 9) - (1 << 8);
        m.constants.put("Wr", new QConst(new int[] {6, 4}, 8, w));
        mm.inShapes = new int[][] {{2, 6}, {6, 4}};
        mm.outShapes = new int[][] {{2, 4}};
        mm.inScales = new int[] {scale, 8};
        mm.outScales = new int[] {scale};
        m.nodes.add(mm);
        m.outputs.get(0).name = "y";
        m.outputs.get(0).shape = new int[] {2, 4};
        return m;
    }

    private static long[] input(int len) {
        return Models.randomInput(77, len);
    }

    // ------------------------------------------------------------------ the cheating prover

    static int vecId(Circuit c, String name) {
        for (Vec v : c.vecs) if (v.name.equals(name)) return v.id;
        throw new IllegalStateException("no vector " + name);
    }

    static RangeCheck rangeCheck(Circuit c, String what) {
        for (RangeCheck rc : c.ranges) if (rc.what.equals(what)) return rc;
        throw new IllegalStateException("no range check " + what);
    }

    /** The first index whose honest value satisfies p (the cheats need e.g. a negative pre-activation). */
    static int first(long[] v, IntPredicate p) {
        for (int i = 0; i < v.length; i++) if (p.test(i)) return i;
        throw new IllegalStateException("test model has no suitable entry in " + Arrays.toString(v));
    }

    /**
     * Alters tensor {@code tensor} after the honest run, then re-runs every later node of the model on it exactly (the
     * integer semantics of ml/quant), so everything after the cheat is honest. {@code aux} then alters auxiliary
     * vectors or range quantities after the operators filled them.
     */
    static class Alter implements GraphProtocol.Cheat {
        final ProvingKey pk;
        final String tensor;
        final Consumer<long[]> change;
        Consumer<Witness> aux = w -> {};
        long[] honest, altered;
        /** Every tensor's honest values (by name) before the cheat, for the auxiliary alterations. */
        final Map<String, long[]> before = new HashMap<>();

        Alter(ProvingKey pk, String tensor, Consumer<long[]> change) {
            this.pk = pk;
            this.tensor = tensor;
            this.change = change;
        }

        Alter aux(Consumer<Witness> a) {
            this.aux = a;
            return this;
        }

        /** Alters committed values in the padded layout after the limbs are derived ({@link GraphProtocol.Cheat#padded}). */
        Alter onPadded(Consumer<Witness> p) {
            this.onPadded = p;
            return this;
        }

        Consumer<Witness> onPadded = w -> {};

        @Override
        public void padded(Witness w) {
            onPadded.accept(w);
        }

        @Override
        public void tensors(Witness w) {
            Circuit c = w.circuit;
            for (Vec v : pk.vk.tensors) if (w.has(v.id)) before.put(v.name, w.values(v.id).clone());
            if (tensor == null) return;
            int id = vecId(c, tensor);
            honest = w.values(id).clone();
            altered = honest.clone();
            change.accept(altered);
            assertTrue(!Arrays.equals(honest, altered), "the cheat changes " + tensor);
            w.set(id, altered);
            List<QNode> nodes = pk.model.nodes;
            int at = -1;
            for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).outputs.contains(tensor)) at = i;
            if (at < 0) throw new IllegalStateException(tensor + " is not computed by a node");
            Map<String, IntTrace.Value> redone = new HashMap<>();
            IntExecutor.run(nodes.subList(at + 1, nodes.size()), new IntExecutor.Env() {
                @Override
                public IntTrace.Value get(String name) {
                    IntTrace.Value v = redone.get(name);
                    if (v != null) return v;
                    for (Vec t : pk.vk.tensors) if (t.name.equals(name)) return new IntTrace.Value(t.shape, 0, w.values(t.id));
                    QConst k = pk.model.constants.get(name);
                    return k == null ? null : new IntTrace.Value(k.shape, k.scale, k.values);
                }

                @Override
                public void put(String name, IntTrace.Value v) {
                    redone.put(name, v);
                    w.set(vecId(c, name), v.values());
                }
            });
        }

        @Override
        public void witness(Witness w) {
            aux.accept(w);
        }
    }

    /** A proof by the cheating prover, which the verifier must reject; returns the verifier's message. */
    static String rejected(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat) {
        ModelProver.Result r = ModelProver.prove(pk, x, cheat, ProveProgress.NONE);
        try {
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        } catch (VerificationException | ProofFormatException e) {
            return e.getMessage();
        }
        return fail("verifier accepted a cheating proof");
    }

    /** Rejected by a check of the named node. */
    static void caughtAt(String msg, String node, String op) {
        assertTrue(msg.startsWith("node '" + node + "' (" + op + "): "), "expected a rejection by node " + node + ", got: " + msg);
    }

    /** Rejected by a sumcheck of the named node (its messages carry the node like every other check). */
    static void caughtBySumcheckAt(String msg, String node, String op) {
        assertTrue(msg.startsWith("node '" + node + "' (" + op + "): sumcheck"), "expected a sumcheck rejection in node " + node + ", got: " + msg);
    }

    /**
     * A cheat that needs an out-of-range limb or an out-of-table (c, z) pair: every relation of the node holds, only
     * the LogUp can catch it. Through this seam the honest lookup witness refuses it first (see the class comment);
     * if a proof is produced, the verifier must reject it in a LogUp.
     */
    static void outOfTable(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat) {
        ModelProver.Result r;
        try {
            r = ModelProver.prove(pk, x, cheat, ProveProgress.NONE);
        } catch (ValueNotInTableException e) {
            assertTrue(e.getMessage().startsWith("lookup: ") && e.getMessage().contains("is not in table"), e.getMessage());
            return;
        }
        try {
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        } catch (VerificationException e) {
            // the cheating witness is never refused, so the proof reaches the verifier: the LogUp rejects it, or a node
            // (verified last to first) that reads the out-of-range value first
            assertTrue(e.getMessage().startsWith("logup") || e.getMessage().startsWith("node '"), "expected a LogUp or node rejection, got: " + e.getMessage());
            return;
        }
        fail("verifier accepted a proof with an out-of-table value");
    }

    // ------------------------------------------------------------------ the harness itself

    @Test
    void harnessWithoutAlterationStillVerifies() {
        // guards every test below: the seam, the re-execution and trusting=false alone do not break a proof
        for (ProvingKey pk : List.of(linearPk(), actPk(), indexPk())) {
            long[] x = input(pk.vk.inputLength());
            Alter same = new Alter(pk, null, v -> {});
            ModelProver.Result r = ModelProver.prove(pk, x, same, ProveProgress.NONE);
            ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
            assertArrayEquals(pk.model.execute(List.of(x)).output(0).values(), r.output);
        }
        // and re-running the later nodes on an unaltered value reproduces the honest trace
        ProvingKey pk = linearPk();
        long[] x = input(12);
        Alter redo = new Alter(pk, "v1", v -> v[0] += 0) {
            @Override
            public void tensors(Witness w) {
                for (Vec v : pk.vk.tensors) if (w.has(v.id)) before.put(v.name, w.values(v.id).clone());
            }
        };
        ModelProver.Result r = ModelProver.prove(pk, x, redo, ProveProgress.NONE);
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
    }

    @Test
    void alteredActivationChangesTheClaimedOutput() {
        // the cheat really proves a false statement: the re-run output differs from the model's
        ProvingKey pk = linearPk();
        long[] x = input(12);
        RangeCheck rem = rangeCheck(pk.vk.circuit, "n2.linear.rem");
        int[] at = new int[1];
        Alter a = new Alter(pk, "v2", v -> v[at[0] = first(v, i -> v[i] > 0)] += 100).aux(w -> {
            long[] r = w.quantities.get(rem).clone();
            r[at[0]] += 100L << 8; // the honest remainder: the changed q alone is what the proof must catch
            w.range(rem, r);
        });
        ModelProver.Result r = ModelProver.prove(pk, x, a, ProveProgress.NONE);
        assertNotEquals(Arrays.toString(pk.model.execute(List.of(x)).output(0).values()), Arrays.toString(r.output));
        rejected(pk, x, a);
    }

    // ------------------------------------------------------------------ Gemm / MatMul

    @Test
    void gemmOutputChangedWithRemainderKeptIsCaughtByItsSumcheck() {
        ProvingKey pk = linearPk();
        RangeCheck rem = rangeCheck(pk.vk.circuit, "n0.linear.rem");
        Alter a = new Alter(pk, "v0", v -> v[3] += 1);
        a.aux(w -> {
            // the remainder the honest run had: the relation acc = 2^k q + rem - 2^(k-1) now fails at entry 3
            long[] r = w.quantities.get(rem).clone();
            r[3] += 1L << 8;
            w.range(rem, r);
        });
        caughtBySumcheckAt(rejected(pk, input(12), a), "n0", "Gemm");
    }

    @Test
    void matMulOutputChangedWithRemainderKeptIsCaughtByItsSumcheck() {
        ProvingKey pk = linearPk();
        RangeCheck rem = rangeCheck(pk.vk.circuit, "n2.linear.rem");
        Alter a = new Alter(pk, "v2", v -> v[5] -= 3);
        a.aux(w -> {
            long[] r = w.quantities.get(rem).clone();
            r[5] -= 3L << 8; // undo what the changed q did to the recomputed remainder
            w.range(rem, r);
        });
        caughtBySumcheckAt(rejected(pk, input(12), a), "n2", "MatMul");
    }

    @Test
    void gemmQuotientPlusOneRemainderMinus2PowKIsCaughtByTheRangeCheck() {
        // acc = 2^k (q+1) + (rem - 2^k) - 2^(k-1) holds exactly; rem - 2^k < 0 wraps mod p, out of its k-bit range
        ProvingKey pk = linearPk();
        outOfTable(pk, input(12), new Alter(pk, "v0", v -> v[2] += 1));
    }

    @Test
    void gemmQuotientMinusOneRemainderPlus2PowKIsCaughtByTheRangeCheck() {
        ProvingKey pk = linearPk();
        outOfTable(pk, input(12), new Alter(pk, "v0", v -> v[2] -= 1));
        outOfTable(pk, input(12), new Alter(pk, "v2", v -> v[1] -= 1)); // the MatMul
    }

    @Test
    void gemmWrappedQuotientWithInRangeRemainderIsCaughtByTheBound() {
        // the modulus wraparound attack: q' = q + 2^-k (mod p), rem' = rem - 1 satisfies acc = 2^k q' + rem' - 2^(k-1)
        // mod p with rem' in [0, 2^k); only q's bound (and Relu's 2z - x) rejects it. As signed, q' = q - (2^56 - 2^24):
        // negative, so the Relu after it outputs 0 as before and every later tensor stays honest.
        ProvingKey pk = linearPk();
        long[] x = input(12);
        long inv = Goldilocks.toSigned(Goldilocks.inv(1L << 8));
        assertEquals(-((1L << 56) - (1L << 24)), inv);
        RangeCheck rem = rangeCheck(pk.vk.circuit, "n0.linear.rem");
        int[] at = new int[1];
        Alter a = new Alter(pk, "v0", v -> {
            at[0] = first(v, i -> v[i] < 0);
            v[at[0]] += inv;
        });
        a.aux(w -> {
            long[] r = w.quantities.get(rem).clone();
            long q = a.honest[at[0]];
            long rq = r[at[0]]; // the run's remainder for q' (wrapped in long arithmetic): rem - 2^k * inv mod 2^64
            long honest = rq + (inv << 8);
            assertTrue(honest >= 0 && honest < 256, "honest remainder " + honest);
            assertEquals(Goldilocks.fromSigned(honest - 1), Goldilocks.sub(Goldilocks.add(Goldilocks.fromSigned(honest), Goldilocks.fromSigned(q << 8)),
                    Goldilocks.mul(Goldilocks.fromSigned(q + inv), 1L << 8)), "the wrapped relation holds mod p");
            assertTrue(honest >= 1, "the test input needs a remainder >= 1 at entry " + at[0]);
            r[at[0]] = honest - 1;
            w.range(rem, r);
        });
        outOfTable(pk, x, a);
    }

    // ------------------------------------------------------------------ Relu

    @Test
    void reluOutputSetToANegativeInputIsRejected() {
        ProvingKey pk = linearPk();
        long[] x = input(12);
        // z = x < 0 satisfies z (z - x) = 0; only 2z - x = x >= 0 fails, a range check
        Alter b = new Alter(pk, "v1", null) {
            @Override
            public void tensors(Witness w) {
                long[] pre = w.values(vecId(w.circuit, "v0"));
                int i = first(pre, k -> pre[k] < 0);
                new Alter(pk, "v1", v -> v[i] = pre[i]).tensors(w);
            }
        };
        outOfTable(pk, x, b);
        // the same with the honest (in-range) quantity 2z - x kept: the limbs no longer match z and x at the point
        RangeCheck rc = rangeCheck(pk.vk.circuit, "n1.lower");
        Alter c = new Alter(pk, "v1", null) {
            @Override
            public void tensors(Witness w) {
                long[] pre = w.values(vecId(w.circuit, "v0"));
                int i = first(pre, k -> pre[k] < 0);
                new Alter(pk, "v1", v -> v[i] = pre[i]).tensors(w);
            }
        };
        c.aux(w -> {
            long[] pre = w.values(vecId(w.circuit, "v0"));
            long[] q = new long[pre.length];
            for (int i = 0; i < q.length; i++) q[i] = 2 * Math.max(pre[i], 0) - pre[i];
            w.range(rc, q);
        });
        caughtAt(rejected(pk, x, c), "n1", "Relu");
    }

    @Test
    void reluOutputSetToZeroForAPositiveInputIsRejected() {
        ProvingKey pk = linearPk();
        long[] x = input(12);
        RangeCheck rc = rangeCheck(pk.vk.circuit, "n3.lower");
        Alter a = new Alter(pk, "v3", v -> v[first(v, i -> v[i] > 0)] = 0); // Relu(MatMul) > 0 means its input was > 0
        outOfTable(pk, x, a);
        Alter b = new Alter(pk, "v3", v -> v[first(v, i -> v[i] > 0)] = 0).aux(w -> {
            long[] pre = w.values(vecId(w.circuit, "v2"));
            long[] q = new long[pre.length];
            for (int i = 0; i < q.length; i++) q[i] = 2 * Math.max(pre[i], 0) - pre[i];
            w.range(rc, q);
        });
        caughtAt(rejected(pk, x, b), "n3", "Relu");
    }

    /** linearPk's first Relu (v0 -> v1) outputs -x at its first negative x (later nodes re-run). */
    static Alter reluOutputNegated(ProvingKey pk) {
        return new Alter(pk, "v1", null) {
            @Override
            public void tensors(Witness w) {
                long[] pre = w.values(vecId(w.circuit, "v0"));
                int i = first(pre, k -> pre[k] < 0);
                new Alter(pk, "v1", v -> v[i] = -pre[i]).tensors(w);
            }
        };
    }

    @Test
    void reluOutputSetToMinusInputIsCaughtByTheZeroCheck() {
        ProvingKey pk = linearPk();
        long[] x = input(12);
        // z = -x for x < 0: 2z - x = -3x is in range, z (z - x) = 2x^2 is not zero
        Alter a = reluOutputNegated(pk);
        caughtBySumcheckAt(rejected(pk, x, a), "n1", "Relu");
        // and for x > 0 (z = -x < 0: 2z - x = -3x out of range as well)
        Alter b = new Alter(pk, "v3", v -> {
            int i = first(v, k -> v[k] > 0);
            v[i] = -v[i];
        });
        String m;
        try {
            m = rejected(pk, x, b);
        } catch (ValueNotInTableException e) {
            return; // the range limbs of -3x stop the honest lookup witness first (see the class comment)
        }
        caughtBySumcheckAt(m, "n3", "Relu");
    }

    // ------------------------------------------------------------------ table activations

    private static TableRule rule(ProvingKey pk, String node) {
        for (NodeSpec n : pk.vk.circuit.nodes) if (n.name.equals(node)) return n.rules.get(0);
        throw new IllegalStateException(node);
    }

    @Test
    void lookupValueChangedIsCaughtByTheLogUp() {
        ProvingKey pk = actPk();
        long[] x = input(12);
        outOfTable(pk, x, new Alter(pk, "v1", v -> v[2] += 1)); // Sigmoid
        outOfTable(pk, x, new Alter(pk, "v3", v -> v[0] -= 1)); // Tanh
        outOfTable(pk, x, new Alter(pk, "v4", v -> v[6] += 5)); // Exp
    }

    @Test
    void lookupIndexChangedIsCaughtAtTheNode() {
        ProvingKey pk = actPk();
        long[] x = input(12);
        // index c' = c + 1 with z kept: (c', z) is not a table pair (T(c') != T(c))
        outOfTable(pk, x, indexChange(pk, "n1", "v1", 4, 1, false));
        // c' with z' = T(c') (a table pair, later nodes re-run on z'): only the relation of c to x can catch it
        caughtAt(rejected(pk, x, indexChange(pk, "n1", "v1", 4, 1, true)), "n1", "Sigmoid");
        caughtAt(rejected(pk, x, indexChange(pk, "n3", "v3", 1, -16, true)), "n3", "Tanh");
        caughtAt(rejected(pk, x, indexChange(pk, "n4", "v4", 7, 64, true)), "n4", "Exp");
    }

    @Test
    void lookupIndexChangedWithRemainderAdjustedIsCaughtByTheRangeCheck() {
        // Sigmoid rescales by 2^2 before the table: x = 4c + rem - 2. c' = c + 1 and rem' = rem - 4 keep the relation;
        // rem' < 0 is out of range
        ProvingKey pk = actPk();
        RangeCheck rem = rangeCheck(pk.vk.circuit, "n1.rem");
        Alter a = indexChange(pk, "n1", "v1", 4, 1, true);
        Consumer<Witness> inner = a.aux;
        a.aux(w -> {
            inner.accept(w);
            long[] r = w.quantities.get(rem).clone();
            r[4] -= 4;
            w.range(rem, r);
        });
        outOfTable(pk, input(12), a);
    }

    /**
     * Changes the table index of entry i by d; with consistentZ the output z = T(c + d) at i (and the later nodes
     * re-run on it), else z is kept.
     */
    static Alter indexChange(ProvingKey pk, String node, String out, int i, long d, boolean consistentZ) {
        TableRule t = rule(pk, node);
        int cv = vecId(pk.vk.circuit, node + ".index");
        int in = pk.vk.circuit.nodes.stream().filter(n -> n.name.equals(node)).findFirst().orElseThrow().in[0];
        int k = pk.vk.circuit.nodes.stream().filter(n -> n.name.equals(node)).findFirst().orElseThrow().param(0);
        int[] at = {-1}; // entry i, or the next one (cyclically) where the table changes between c and c + d
        Alter a = new Alter(pk, consistentZ ? out : null, null) {
            @Override
            public void tensors(Witness w) {
                long[] xs = w.values(in);
                for (int j = 0; j < xs.length && at[0] < 0; j++) {
                    int e = (i + j) % xs.length;
                    long c = clampedIndex(t, xs[e], k) + d;
                    if (c >= t.lo() && c <= t.hi() && t.entry(c) != t.entry(c - d)) at[0] = e;
                }
                assertTrue(at[0] >= 0, "the test needs an entry where T changes");
                long c = clampedIndex(t, xs[at[0]], k) + d;
                if (consistentZ) {
                    new Alter(pk, out, v -> v[at[0]] = t.entry(c)).tensors(w);
                } else {
                    super.tensors(w);
                }
            }
        };
        a.aux(w -> {
            long[] c = w.values(cv).clone();
            c[at[0]] += d;
            if (consistentZ) assertEquals(t.entry(c[at[0]]), w.values(vecId(w.circuit, out))[at[0]]);
            w.set(cv, c);
        });
        return a;
    }

    /** The honest table index of a pre-activation value x (as ActivationProof.witness computes it). */
    static long clampedIndex(TableRule t, long x, int k) {
        long u = k >= 0 ? io.zkml4j.ml.quant.FixedPoint.rescale(x, k) : x << -k;
        return Math.max(t.lo(), Math.min(t.hi(), u));
    }

    @Test
    void clampWitnessWrongInsideTheDomainIsCaughtByTheZeroCheck() {
        // u = c + dp - dn still holds with c' = c - 1, dp = 1 (z' = T(c'), later nodes re-run); dp (hi - c') != 0
        ProvingKey pk = actPk();
        long[] x = input(12);
        RangeCheck over = rangeCheck(pk.vk.circuit, "n3.over"), under = rangeCheck(pk.vk.circuit, "n3.under");
        Alter a = indexChange(pk, "n3", "v3", 2, -1, true);
        Consumer<Witness> inner = a.aux;
        a.aux(w -> {
            inner.accept(w);
            long[] dp = w.quantities.get(over).clone();
            assertEquals(0, dp[2]);
            dp[2] = 1;
            w.range(over, dp);
        });
        caughtBySumcheckAt(rejected(pk, x, a), "n3", "Tanh");
        // dp = dn = 1 with c unchanged: u = c still, but dp (hi - c) != 0
        Alter b = new Alter(pk, null, v -> {}).aux(w -> {
            long[] dp = w.quantities.get(over).clone(), dn = w.quantities.get(under).clone();
            dp[5] += 1;
            dn[5] += 1;
            w.range(over, dp);
            w.range(under, dn);
        });
        caughtBySumcheckAt(rejected(pk, x, b), "n3", "Tanh");
    }

    /** An input that drives Sigmoid out of its domain on both sides (u = 4x beyond [-2^15, 2^15)). */
    private static long[] saturatingInput() {
        long[] x = input(8);
        x[0] = 10_000;
        x[1] = -10_000;
        return x;
    }

    @Test
    void saturatingRuleHonestOutOfDomainInputVerifies() {
        ProvingKey pk = satPk();
        long[] x = saturatingInput();
        ModelProver.Result r = ModelProver.proveQuantized(pk, x);
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        assertArrayEquals(pk.model.execute(List.of(x)).output(0).values(), r.output);
    }

    @Test
    void saturatingRuleWithWrongClampIsRejected() {
        ProvingKey pk = satPk();
        long[] x = saturatingInput();
        TableRule t = rule(pk, "n0");
        RangeCheck over = rangeCheck(pk.vk.circuit, "n0.over"), under = rangeCheck(pk.vk.circuit, "n0.under");
        int cv = vecId(pk.vk.circuit, "n0.index");
        // 1. u > hi, but c' = 0 (z' = T(0)) and dp' = u: u = c' + dp' holds, dp' (hi - c') != 0
        Alter a = new Alter(pk, "v0", v -> v[0] = t.entry(0)).aux(w -> {
            long[] c = w.values(cv).clone();
            assertEquals(t.hi(), c[0]);
            c[0] = 0;
            w.set(cv, c);
            long[] dp = w.quantities.get(over).clone();
            assertEquals(40_000 - t.hi(), dp[0]);
            dp[0] = 40_000;
            w.range(over, dp);
        });
        caughtBySumcheckAt(rejected(pk, x, a), "n0", "Sigmoid");
        // 2. u > hi, c = hi but dp' = 0 (as if u were in the domain): u = c != 4x
        Alter b = new Alter(pk, null, v -> {}).aux(w -> {
            long[] dp = w.quantities.get(over).clone();
            dp[0] = 0;
            w.range(over, dp);
        });
        caughtAt(rejected(pk, x, b), "n0", "Sigmoid");
        // 3. u > hi clamped to lo instead: c' = lo, z' = T(lo), dp' = u - lo; dp' (hi - lo) != 0
        Alter c3 = new Alter(pk, "v0", v -> v[0] = t.entry(t.lo())).aux(w -> {
            long[] c = w.values(cv).clone();
            c[0] = t.lo();
            w.set(cv, c);
            long[] dp = w.quantities.get(over).clone();
            dp[0] = 40_000 - t.lo();
            w.range(over, dp);
        });
        caughtBySumcheckAt(rejected(pk, x, c3), "n0", "Sigmoid");
        // 4. u < lo, using dp instead of dn: c = lo, dp = 0, dn = 0 -> u = lo != 4x
        Alter d = new Alter(pk, null, v -> {}).aux(w -> {
            long[] dn = w.quantities.get(under).clone();
            assertEquals(t.lo() + 40_000, dn[1]);
            dn[1] = 0;
            w.range(under, dn);
        });
        caughtAt(rejected(pk, x, d), "n0", "Sigmoid");
    }

    @Test
    void nonSaturatingRuleCannotBeGivenAnOutOfDomainInput() {
        // Exp does not saturate: its index must be the input itself. An index clamped into the domain with a
        // consistent table output is a different table input: caught at the node.
        ProvingKey pk = actPk();
        caughtAt(rejected(pk, input(12), indexChange(pk, "n4", "v4", 3, -64, true)), "n4", "Exp");
    }

    @Test
    void publicActivationOutputChangedIsRejected() {
        ProvingKey pk = pubActPk();
        long[] x = input(12);
        // the public output and its committed copy changed together: (c, z') leaves the table
        outOfTable(pk, x, new Alter(pk, "v1", v -> v[1] += 1));
        // only the public output changed, the looked-up copy kept honest: the copy check of the node fails
        int copy = vecId(pk.vk.circuit, "n1.output");
        Alter a = new Alter(pk, "v1", v -> v[1] += 1);
        a.aux(w -> w.set(copy, a.honest));
        caughtAt(rejected(pk, x, a), "n1", "Sigmoid");
    }

    // ------------------------------------------------------------------ index ops

    @Test
    void flattenOutputChangedIsCaughtAtTheNode() {
        ProvingKey pk = indexPk();
        caughtAt(rejected(pk, input(12), new Alter(pk, "v1", v -> v[7] += 1)), "n1", "Flatten");
    }

    @Test
    void reshapeOutputChangedIsCaughtAtTheNode() {
        // [1,12] -> [2,6] is not a padded-layout identity: the index-map sumcheck carries the claim
        ProvingKey pk = indexPk();
        caughtBySumcheckAt(rejected(pk, input(12), new Alter(pk, "r", v -> v[9] -= 2)), "reshape", "Reshape");
        // an entry moved rather than changed (the multiset of values kept): still caught
        caughtBySumcheckAt(rejected(pk, input(12), new Alter(pk, "r", v -> {
            int i = first(v, k -> k > 0 && v[k] != v[0]);
            long t = v[0];
            v[0] = v[i];
            v[i] = t;
        })), "reshape", "Reshape");
    }

    // ------------------------------------------------------------------ attribution of sumcheck failures

    @Test
    void sumcheckFailuresNameTheNode() {
        ProvingKey pk = linearPk();
        long[] x = input(12);
        Alter relu = reluOutputNegated(pk);
        caughtAt(rejected(pk, x, relu), "n1", "Relu");
        RangeCheck rem = rangeCheck(pk.vk.circuit, "n0.linear.rem");
        Alter gemm = new Alter(pk, "v0", v -> v[3] += 1).aux(w -> {
            long[] r = w.quantities.get(rem).clone();
            r[3] += 1L << 8;
            w.range(rem, r);
        });
        caughtAt(rejected(pk, x, gemm), "n0", "Gemm");
        ProvingKey ipk = indexPk();
        caughtAt(rejected(ipk, input(12), new Alter(ipk, "r", v -> v[9] -= 2)), "reshape", "Reshape");
    }
}
