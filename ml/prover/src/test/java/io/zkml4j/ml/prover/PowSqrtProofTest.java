package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.lookup.ValueNotInTableException;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.CompileOptions;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.ModelCompiler;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.alterOutput;
import static io.zkml4j.ml.prover.ElementwiseProofTest.cheatRejected;
import static io.zkml4j.ml.prover.ElementwiseProofTest.namesNodeOrItsSumcheck;
import static io.zkml4j.ml.prover.ElementwiseProofTest.outOfRange;
import static io.zkml4j.ml.prover.ElementwiseProofTest.proves;
import static io.zkml4j.ml.prover.ElementwiseProofTest.provesEzkl;
import static io.zkml4j.ml.prover.ElementwiseProofTest.qnode;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.range;
import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static io.zkml4j.ml.prover.ElementwiseProofTest.remaindersInRange;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.ElementwiseProofTest.vec;
import static io.zkml4j.ml.prover.MaliciousProverTest.Alter;
import static io.zkml4j.ml.prover.MaliciousProverTest.caughtAt;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pow ({@link PowProof}: repeated products, the square root, table lookups), Sqrt ({@link SqrtProof}), Reciprocal
 * ({@link DivProof}) and tables with values beyond the range budget ({@link ActivationProof}): honest proofs of models
 * compiled by ml/quant verify and prove the executor's output (every scale relation, exact squares and rounding ties);
 * cheats are rejected in their node, and a brute force over a small square root checks that the verifier accepts
 * exactly the executor's value for every input.
 */
class PowSqrtProofTest {

    // ------------------------------------------------------------------ models

    static String scalar(G g, double v) {
        return g.c(Tensor.ofFloats(new int[0], new double[] {v}));
    }

    /** x[1,10] -> Gemm10 -> Pow(p) -> Gemm4: the power's output committed. */
    private static QuantizedModel powHidden(G g, double p) {
        String h = g.gemm("x", 10, 10, 0.5);
        return g.compile(g.gemm(g.op("Pow", h, scalar(g, p)), 10, 4, 0.5), 1);
    }

    /**
     * One node {@code op} (name "n0") from a public input x[1, len] at scale sIn to a public output y at sOut, built
     * directly as a quantized graph; {@code params} sets its integer parameters.
     */
    static QuantizedModel single(String op, int len, int sIn, int sOut, Consumer<QNode> params) {
        QuantizedModel m = Models.withInput("single-" + op, new int[] {1, len}, sIn, 1 << 18);
        QNode q = new QNode();
        q.name = "n0";
        q.op = op;
        q.inputs.add("x");
        q.outputs.add("y");
        q.inShapes = new int[][] {{1, len}};
        q.outShapes = new int[][] {{1, len}};
        q.inScales = new int[] {sIn};
        q.outScales = new int[] {sOut};
        params.accept(q);
        m.nodes.add(q);
        QuantizedModel.Io o = new QuantizedModel.Io();
        o.name = "y";
        o.shape = new int[] {1, len};
        o.scale = sOut;
        m.outputs.add(o);
        return m;
    }

    /** Proves the quantized input and checks the proven output is the executor's. */
    static ModelProver.Result provesQuantized(ProvingKey pk, long[] x) {
        ModelProver.Result r = ModelProver.proveQuantized(pk, x);
        ModelVerifier.verify(pk.verifyingKey(), r.input, r.output, r.proof);
        assertArrayEquals(pk.model().execute(List.of(x)).output(0).values(), r.output, "proven output is the executor's");
        return r;
    }

    // ------------------------------------------------------------------ Pow by products (mode 0)

    @Test
    void integerPowersProve() {
        for (int p = 1; p <= 4; p++) {
            G g = new G(40 + p, 1, 10);
            QuantizedModel m = powHidden(g, p);
            QNode q = qnode(m, "Pow");
            assertArrayEquals(new long[] {0, p}, q.ints("mode"));
            proves(g, m, 2, 1);
        }
        // x^5..x^8 (PowOp's products too) are beyond the per-node soundness allowance: rejected with the reason
        G g = new G(45, 1, 4);
        QuantizedModel m = g.compile(g.op("Pow", "x", scalar(g, 5)), 0.5);
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertTrue(e.getMessage().endsWith("(Pow): not provable yet (x^5 by products (at most x^4))"), e.getMessage());
    }

    @Test
    void integerPowersAtEveryScaleRelation() {
        // a public power of the input with the output scale moved: e_0 = s_x - s_out > 0 (a committed rounding rescale
        // of x), = 0 (x itself) and < 0 (the exact 2^up x, never committed)
        for (int p = 1; p <= 3; p++) {
            for (int e0 : new int[] {3, 0, -2}) {
                G g = new G(50 + 7 * p + e0, 1, 8);
                QuantizedModel m = g.compile(g.op("Pow", "x", scalar(g, p)), 0.7);
                QNode q = qnode(m, "Pow");
                q.outScales[0] = q.inScales[0] - e0;
                m.outputs.get(0).scale = q.outScales[0];
                ProvingKey pk = proves(g, m, 2, 0.7);
                NodeSpec n = spec(pk, "Pow");
                assertEquals(e0, n.p[2]);
                boolean committed = pk.verifyingKey().circuit.vecs.stream().anyMatch(v -> v.name.equals(n.name + ".pow1"));
                assertEquals(p > 1 && e0 > 0, committed, "a_0 committed only when it is a rounding rescale");
            }
        }
    }

    @Test
    void squareOfOneEntryProvesWithoutRounds() {
        // a tensor of one entry: the sumcheck has no rounds, the product is checked at the empty point
        QuantizedModel m = single("Pow", 1, 12, 12, q -> {
            q.inputs.add("");
            q.inScales = new int[] {12, 0};
            q.put("mode", 0, 2);
        });
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        for (long v : new long[] {0, 1, -1, 4096, -12345, 100_000}) provesQuantized(pk, new long[] {v});
    }

    @Test
    void powerOutputChangedIsRejectedInThePow() {
        for (int p : new int[] {1, 2, 3}) {
            // a public power: the output + 1 with the honest remainder (reduced into its range): the last step fails
            G d = new G(66 + p, 1, 8);
            ProvingKey pub = ModelSetup.setup(d.compile(d.op("Pow", "x", scalar(d, p)), 0.7), Visibility.ALL_PUBLIC);
            NodeSpec n = spec(pub, "Pow");
            long[] xd = quantized(pub, d.input(0.7));
            for (int entry : new int[] {0, 7}) namesNodeOrItsSumcheck(cheatRejected(pub, xd, alterOutput(pub, n, entry)), n, true);
            // a committed power +- 1 and every later node recomputed on it: the remainder leaves its range (or, for an
            // exact requantization (P = 1, e_0 <= 0), the relation fails)
            G g = new G(60 + p, 1, 10);
            QuantizedModel m = powHidden(g, p);
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            NodeSpec h = spec(pk, "Pow");
            long[] x = quantized(pk, g.input(1));
            for (Alter a : List.of(new Alter(pk, qnode(m, "Pow").outputs.get(0), v -> v[3] += 1), new Alter(pk, qnode(m, "Pow").outputs.get(0), v -> v[5] -= 1))) {
                if ((p == 1 ? h.p[2] : h.p[3]) > 0) outOfRange(pk, x, a);
                else caughtAt(rejected(pk, x, a), h.name, "Pow");
            }
        }
    }

    /** requant(v, shift, 0) as the executor's steps apply it. */
    private static long requant(long v, long shift) {
        return FixedPoint.requant(v, (int) shift, 0);
    }

    /** Step k's remainder 2^s-consistent with a_k = q for the product prod (the honest formula of Rescale.witness). */
    private static void stepRemainder(Witness w, Circuit c, NodeSpec n, String step, int i, long prod, long q) {
        RangeCheck rc = range(c, n.name + "." + step + ".rem");
        long[] r = w.quantities.get(rc).clone();
        r[i] = prod + Rescale.half((int) n.p[3]) - (q << n.p[3]);
        w.range(rc, r);
    }

    @Test
    void intermediatePowerChangedIsRejected() {
        // x^3: a_1 = x^2 committed. a_1' = a_1 + 1 with its bound updated, the output z' = requant(a_1' x) and every later
        // node recomputed on it, the last step's remainder consistent with them and the first's kept in range: only
        // the step that produced a_1 can object
        G g = new G(63, 1, 10);
        QuantizedModel m = powHidden(g, 3);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        Circuit c = pk.verifyingKey().circuit;
        NodeSpec n = spec(pk, "Pow");
        int a1 = vec(c, n.name + ".pow2"), i = 4;
        double[] in = g.input(1);
        long h = m.runTrace(List.of(in)).get(qnode(m, "Pow").inputs.get(0)).values()[i];
        long a0 = n.p[2] > 0 ? FixedPoint.rescale(h, (int) n.p[2]) : h << -n.p[2], a1c = requant(a0 * h, n.p[3]) + 1, z = requant(a1c * h, n.p[3]);
        Alter cheat = new Alter(pk, qnode(m, "Pow").outputs.get(0), v -> v[i] = z).aux(w -> {
            long[] v = w.values(a1).clone();
            v[i] = a1c;
            w.set(a1, v);
            w.budget(range(c, n.name + ".step1.bound"), v);
            stepRemainder(w, c, n, "step2", i, a1c * h, z);
            remaindersInRange(w, c, n);
        });
        String msg = rejected(pk, quantized(pk, in), cheat);
        assertTrue(msg.startsWith(n.where() + ": power 2 is not the rescaled product of power 1 and the input"), msg);
    }

    @Test
    void requantizedInputChangedIsRejected() {
        // e_0 > 0: a_0 = rescale(x, e_0) committed. a_0' = a_0 + 1 with the output z' = requant(a_0' x) and the step's
        // remainder consistent with it: with a_0's remainder - 2^e_0 (its relation holds) the remainder leaves its
        // range; with a_0's remainder kept in range, a_0's rescale relation fails at the step's point
        G g = new G(64, 1, 8);
        QuantizedModel m = g.compile(g.op("Pow", "x", scalar(g, 2)), 0.7);
        QNode q = qnode(m, "Pow");
        q.outScales[0] = q.inScales[0] - 3;
        m.outputs.get(0).scale = q.outScales[0];
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        Circuit c = pk.verifyingKey().circuit;
        NodeSpec n = spec(pk, "Pow");
        int a0 = vec(c, n.name + ".pow1"), i = 2;
        RangeCheck rem = range(c, n.name + ".requant.rem"), bound = range(c, n.name + ".requant.bound");
        long[] x = quantized(pk, g.input(0.7));
        long a0c = FixedPoint.rescale(x[i], 3) + 1, z = requant(a0c * x[i], n.p[3]);
        for (boolean consistent : new boolean[] {true, false}) {
            GraphProtocol.Cheat cheat = new GraphProtocol.Cheat() {
                @Override
                public void tensors(Witness w) {
                    long[] y = w.values(n.out[0]).clone();
                    y[i] = z;
                    w.set(n.out[0], y);
                }

                @Override
                public void witness(Witness w) {
                    long[] v = w.values(a0).clone();
                    v[i] = a0c;
                    w.set(a0, v);
                    w.budget(bound, v);
                    long[] r = w.quantities.get(rem).clone();
                    r[i] -= 8;
                    w.range(rem, r);
                    stepRemainder(w, c, n, "step1", i, a0c * x[i], z);
                    if (!consistent) remaindersInRange(w, c, n);
                }
            };
            if (consistent) outOfRange(pk, x, cheat);
            else assertEquals(n.where() + ": input is not requantized to the output scale", cheatRejected(pk, x, cheat));
        }
    }

    // ------------------------------------------------------------------ Pow by a table (modes 2, 3) and the square root (mode 1)

    @Test
    void powersByATableProve() {
        // x^1.5 (mode 2) and 2^x (mode 3), committed and public outputs
        for (boolean base : new boolean[] {false, true}) {
            G g = new G(base ? 70 : 71, 1, 10);
            String h = g.gemm("x", 10, 10, 0.3);
            String pw = base ? g.op("Pow", scalar(g, 2.0), h) : g.op("Pow", h, scalar(g, 1.5));
            QuantizedModel m = g.compile(g.gemm(pw, 10, 4, 0.5), 1);
            assertEquals(base ? 3 : 2, qnode(m, "Pow").i("mode"));
            proves(g, m, 2, 1);
            G d = new G(base ? 72 : 73, 1, 8);
            proves(d, d.compile(base ? d.op("Pow", scalar(d, 2.0), "x") : d.op("Pow", "x", scalar(d, 1.5)), 1), 2, 1);
        }
    }

    @Test
    void powerByATableWithAWrongOutputIsRejected() {
        // the table lookup is ActivationProof's: a changed output is not a table pair with its index
        G g = new G(74, 1, 10);
        String h = g.gemm("x", 10, 10, 0.3);
        QuantizedModel m = g.compile(g.gemm(g.op("Pow", h, scalar(g, 1.5)), 10, 4, 0.5), 1);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        long[] x = quantized(pk, g.input(1));
        MaliciousProverTest.outOfTable(pk, x, new Alter(pk, qnode(m, "Pow").outputs.get(0), v -> v[2] += 1));
    }

    @Test
    void halfPowerIsTheExactSquareRoot() {
        G g = new G(75, 1, 10);
        String r = g.op("Relu", g.gemm("x", 10, 10, 0.5));
        QuantizedModel m = g.compile(g.gemm(g.op("Pow", r, scalar(g, 0.5)), 10, 4, 0.5), 1);
        assertEquals(1, qnode(m, "Pow").i("mode"));
        ProvingKey pk = proves(g, m, 3, 1);
        rootOffByOneIsRejected(pk, quantized(pk, g.input(1)), qnode(m, "Pow").outputs.get(0), spec(pk, "Pow"));
    }

    /** The first positive entry. */
    private static int first(long[] v) {
        return MaliciousProverTest.first(v, i -> v[i] > 0);
    }

    // ------------------------------------------------------------------ Sqrt

    @Test
    void squareRootProves() {
        // committed output after a Relu, and public
        G g = new G(80, 1, 12);
        String r = g.op("Relu", g.gemm("x", 12, 12, 0.5));
        proves(g, g.compile(g.gemm(g.op("Sqrt", r), 12, 4, 0.5), 1), 3, 1);
        G d = new G(81, 1, 12);
        proves(d, d.compile(d.op("Sqrt", d.op("Relu", "x")), 1), 3, 1);
    }

    /** The executor's square root at e = 2 s_out - s_in, for the expectations. */
    private static long root(long v, int e) {
        return FixedPoint.sqrtRound(e >= 0 ? v << e : FixedPoint.rescale(v, -e));
    }

    @Test
    void squareRootIsExactOnSquaresTiesAndZero() {
        // e = 0 (w = v): 0, squares, the ties y^2 + y (round down: (y + 1/2)^2 = y^2 + y + 1/4) and y^2 + y + 1 (round up)
        long[] v = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 20, 21, 1 << 22};
        for (int[] s : new int[][] {{20, 10}, {20, 12}, {20, 8}, {21, 10}}) { // e = 0, 4, -4, -1
            QuantizedModel m = single("Sqrt", v.length, s[0], s[1], q -> {});
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            ModelProver.Result r = provesQuantized(pk, v);
            int e = 2 * s[1] - s[0];
            for (int i = 0; i < v.length; i++) assertEquals(root(v[i], e), r.output[i], "sqrt of " + v[i] + " at e = " + e);
            if (e == 0) assertArrayEquals(new long[] {0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 2048}, r.output);
        }
    }

    @Test
    void squareRootOfANegativeInputIsNotProvable() {
        QuantizedModel m = single("Sqrt", 4, 20, 10, q -> {});
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        ModelException ex = assertThrows(ModelException.class, () -> ModelProver.proveQuantized(pk, new long[] {4, -1, 9, 16}));
        assertTrue(ex.getMessage().contains("square root of negative"), ex.getMessage());
    }

    /** w = 2^e v or rescale(v, -e) for the node's input as the witness now holds it. */
    private static long[] scaledInput(Witness w, NodeSpec n) {
        long[] v = w.values(n.in[0]), r = new long[v.length];
        int e = (int) n.p[n.p.length - 1];
        for (int i = 0; i < v.length; i++) r[i] = e >= 0 ? v[i] << e : FixedPoint.rescale(v[i], -e);
        return r;
    }

    /**
     * A cheating prover's square root witness for output y' of w: the brackets for t = 2y' + b - 1 (L = 4w - t^2,
     * U = 2t - L), whatever their ranges.
     */
    private static void brackets(Witness w, Circuit c, NodeSpec n, long[] wv, long[] y, long[] b) {
        brackets(w, c, n, wv, y, b, false);
    }

    /**
     * As above; with {@code anyHigh} an upper bracket outside its range is replaced by 0 (in range, not 2t - L): the
     * adaptive prover of the brute force, which only the relation U = 2t - L can stop.
     */
    private static void brackets(Witness w, Circuit c, NodeSpec n, long[] wv, long[] y, long[] b, boolean anyHigh) {
        long[] lo = new long[wv.length], hi = new long[wv.length];
        int hb = range(c, n.name + ".high").bits;
        for (int i = 0; i < wv.length; i++) {
            long t = 2 * y[i] + b[i] - 1;
            lo[i] = 4 * wv[i] - t * t;
            hi[i] = 2 * t - lo[i];
            if (anyHigh && (hi[i] < 0 || hi[i] >= 1L << hb)) hi[i] = 0;
        }
        w.range(range(c, n.name + ".round"), b);
        w.range(range(c, n.name + ".low"), lo);
        w.range(range(c, n.name + ".high"), hi);
    }

    /** The brackets recomputed for the witness's (possibly changed) output, with the bit b of the honest root. */
    private static void honestBrackets(Witness w, Circuit c, NodeSpec n) {
        long[] y = w.values(n.out[0]);
        long[] b = w.quantities.get(range(c, n.name + ".round")).clone();
        for (int i = 0; i < b.length; i++) b[i] = Math.floorMod(b[i], 2);
        brackets(w, c, n, scaledInput(w, n), y, b);
        RangeCheck out = c.ranges.stream().filter(r -> r.what.equals(n.name + ".root")).findFirst().orElse(null);
        if (out != null) w.range(out, y.clone());
    }

    @Test
    void squareRootOffByOneIsRejected() {
        // committed root (a Gemm reads it): y +- 1 with b kept in {0, 1} and t = 2y + b - 1: one bracket leaves its
        // range; with the brackets forced back into range, the zero-check t^2 + L = 4w fails
        G g = new G(82, 1, 12);
        String r = g.op("Relu", g.gemm("x", 12, 12, 0.5));
        QuantizedModel m = g.compile(g.gemm(g.op("Sqrt", r), 12, 4, 0.5), 1);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        rootOffByOneIsRejected(pk, quantized(pk, g.input(1)), qnode(m, "Sqrt").outputs.get(0), spec(pk, "Sqrt"));
    }

    /**
     * The root {@code out} of node n changed by +-1 at its first positive entry, later nodes recomputed (Alter), with
     * the brackets recomputed for it, then forced into their ranges; and the rounding bit flipped alone.
     */
    static void rootOffByOneIsRejected(ProvingKey pk, long[] x, String out, NodeSpec n) {
        Circuit c = pk.verifyingKey().circuit;
        for (long d : new long[] {1, -1}) {
            outOfRange(pk, x, new Alter(pk, out, v -> v[first(v)] += d).aux(w -> honestBrackets(w, c, n)));
            Alter forced = new Alter(pk, out, v -> v[first(v)] += d).aux(w -> {
                honestBrackets(w, c, n);
                for (String what : new String[] {".low", ".high"}) {
                    RangeCheck rc = range(c, n.name + what);
                    long[] q = w.quantities.get(rc).clone();
                    for (int i = 0; i < q.length; i++) q[i] = Math.floorMod(q[i], 1L << rc.bits);
                    w.range(rc, q);
                }
            });
            namesNodeOrItsSumcheck(rejected(pk, x, forced), n, true);
        }
        // the rounding bit flipped (y kept): t moves by one, the brackets recomputed for it leave their range or
        // the zero-check fails
        RangeCheck round = range(c, n.name + ".round");
        GraphProtocol.Cheat flip = new GraphProtocol.Cheat() {
            @Override
            public void witness(Witness w) {
                long[] b = w.quantities.get(round).clone();
                b[3] ^= 1;
                brackets(w, c, n, scaledInput(w, n), w.values(n.out[0]), b);
            }
        };
        String msg = cheatRejected(pk, x, flip); // a bracket gone negative reaches the range LogUp
        assertTrue(msg.startsWith("logup") || msg.startsWith(n.where()) || msg.startsWith("sumcheck"), n.where() + ": " + msg);
    }

    /**
     * Brute force on a one-entry square root (e = 0, and e = -2 with its rescale and sign check): for every input v in
     * a window (negatives included) and every claimed root y in a window, a cheating prover tries rounding bits b in
     * 0..3 with the brackets they imply (an upper bracket out of its range replaced by an in-range 0). The verifier must accept exactly when v &gt;= 0 and y = sqrtRound(w): accepted equals
     * valid.
     */
    @Test
    @Tag("slow") // not run against mutants (pit.excludedGroups, docs/mutation.md)
    void bruteForceAcceptsExactlyTheRoundedRoot() {
        for (int[] s : new int[][] {{8, 4}, {6, 2}}) { // e = 0, e = -2
            int e = 2 * s[1] - s[0];
            QuantizedModel m = single("Sqrt", 1, s[0], s[1], q -> {});
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            Circuit c = pk.verifyingKey().circuit;
            NodeSpec n = spec(pk, "Sqrt");
            int in = n.in[0], out = n.out[0];
            int accepted = 0;
            for (long v = -6; v <= 40; v++) {
                for (long y = 0; y <= 8; y++) {
                    boolean valid = v >= 0 && y == root(v, e);
                    boolean any = false;
                    for (long b = 0; b <= 3; b++) { // the rounding bit's range is {0, 1}: 2 and 3 must be refused too
                        long vv = v, yy = y, bb = b;
                        GraphProtocol.Cheat cheat = new GraphProtocol.Cheat() {
                            @Override
                            public void tensors(Witness w) {
                                w.set(in, new long[] {vv});
                                w.set(out, new long[] {yy});
                            }

                            @Override
                            public void witness(Witness w) {
                                brackets(w, c, n, scaledInput(w, n), new long[] {yy}, new long[] {bb}, true);
                            }

                            @Override
                            public long[] claimedInput(long[] x) {
                                return new long[] {vv};
                            }

                            @Override
                            public long[] claimedOutput(long[] o) {
                                return new long[] {yy};
                            }
                        };
                        ModelProver.Result r;
                        try {
                            r = ModelProver.prove(pk, new long[] {0}, cheat, ProveProgress.NONE);
                        } catch (ValueNotInTableException refused) {
                            continue; // a quantity outside its range: no proof exists
                        }
                        try {
                            ModelVerifier.verify(pk.verifyingKey(), new long[] {vv}, r.output, r.proof);
                            any = true;
                        } catch (VerificationException | ProofFormatException rejected) {
                            // not a valid root
                        }
                    }
                    assertEquals(valid, any, "v = " + v + ", y = " + y + ", e = " + e);
                    if (any) accepted++;
                }
            }
            assertTrue(accepted >= 30, "accepted " + accepted);
        }
    }

    @Test
    void squareRootOfAWronglyRescaledInputIsRejected() {
        // e = -2: w = rescale(v, 2) committed. For v = 100 (w = 25, root 5) the prover claims w' = 31 and its root 6,
        // with brackets for w' (all in range) and the rescale's remainder reduced into its range: only the rescale
        // relation of v to w can object
        QuantizedModel m = single("Sqrt", 4, 6, 2, q -> {});
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        Circuit c = pk.verifyingKey().circuit;
        NodeSpec n = spec(pk, "Sqrt");
        int wv = vec(c, n.name + ".scaled");
        long[] x = {40, 7, 100, 0};
        assertEquals(5, provesQuantized(pk, x).output[2]);
        String msg = cheatRejected(pk, x, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                long[] y = w.values(n.out[0]).clone();
                y[2] = 6;
                w.set(n.out[0], y);
            }

            @Override
            public void witness(Witness w) {
                long[] s = w.values(wv).clone();
                s[2] = 31;
                w.set(wv, s);
                w.budget(range(c, n.name + ".scaled.bound"), s);
                long[] y = w.values(n.out[0]), b = new long[y.length];
                for (int i = 0; i < b.length; i++) b[i] = FixedPoint.isqrt(4 * s[i]) + 1 - 2 * y[i];
                brackets(w, c, n, s, y, b);
                remaindersInRange(w, c, n);
            }
        });
        assertEquals(n.where() + ": input is not rescaled correctly before the square root", msg);
    }

    @Test
    void ezklSquareRootExamplesProve() throws IOException {
        int proved = 0;
        for (String name : new String[] {"1l_sqrt", "rsqrt", "1l_powf", "general_exp"}) if (provesEzkl(name)) proved++;
        Assumptions.assumeTrue(proved == 4, "ezkl examples not present");
    }

    // ------------------------------------------------------------------ Reciprocal

    /** x[1,8] -> Gemm8 -> Add (+-2.5, +-3: away from 0, both signs) -> Reciprocal -> Gemm4. */
    private static QuantizedModel reciprocalHidden(G g) {
        String b = g.op("Add", g.gemm("x", 8, 8, 0.1), g.c(Tensor.ofFloats(new int[] {8}, new double[] {2.5, -2.5, 3, -3, 2, -2, 4, -4})));
        return g.compile(g.gemm(g.op("Reciprocal", b), 8, 4, 0.5), 1);
    }

    @Test
    void reciprocalProves() {
        G g = new G(90, 1, 8);
        proves(g, reciprocalHidden(g), 3, 1);
        // public, on inputs of both signs away from 0
        QuantizedModel m = single("Reciprocal", 6, 12, 14, q -> {});
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        ModelProver.Result r = provesQuantized(pk, new long[] {4096, -4096, 16, -48, 12345, -8_000_000});
        assertEquals(1L << 14, r.output[0]);
        assertEquals(-(1L << 14), r.output[1]);
    }

    @Test
    void reciprocalCheatsAreRejected() {
        G g = new G(91, 1, 8);
        QuantizedModel m = reciprocalHidden(g);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        long[] x = quantized(pk, g.input(1));
        outOfRange(pk, x, new Alter(pk, qnode(m, "Reciprocal").outputs.get(0), v -> v[2] += 1));
        outOfRange(pk, x, new Alter(pk, qnode(m, "Reciprocal").outputs.get(0), v -> v[3] -= 1));
        // public: the output +- 1 with the honest remainder (reduced into its range)
        ProvingKey pub = ModelSetup.setup(single("Reciprocal", 4, 12, 14, q -> {}), Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pub, "Reciprocal");
        long[] xp = {4096, -300, 77, -9000};
        provesQuantized(pub, xp);
        for (int entry : new int[] {0, 3}) namesNodeOrItsSumcheck(cheatRejected(pub, xp, alterOutput(pub, n, entry)), n, true);
        // division by zero: a public 0 among the inputs has no quotient (|x| - 1 = -1 leaves its range)
        long[] zero = {4096, 0, 77, -9000};
        refusedOrRejected(pub, xp, zero, new GraphProtocol.Cheat() {
            @Override
            public void tensors(Witness w) {
                w.set(n.in[0], zero.clone());
            }

            @Override
            public long[] claimedInput(long[] v) {
                return zero.clone();
            }
        });
    }

    /** A cheat proving on the claimed input: the prover's range witness refuses it, or the verifier rejects it. */
    private static void refusedOrRejected(ProvingKey pk, long[] x, long[] claimed, GraphProtocol.Cheat cheat) {
        ModelProver.Result r;
        try {
            r = ModelProver.prove(pk, x, cheat, ProveProgress.NONE);
        } catch (ValueNotInTableException refused) {
            return;
        }
        rejects(pk.verifyingKey(), claimed, r.output, r.proof);
    }

    // ------------------------------------------------------------------ tables with values beyond the budget

    @Test
    void tableBeyondTheBudgetBoundsItsCommittedOutput() {
        // x^-0.5 (T(0) is capped at 2^52): a committed output gets a budget range check; inputs away from 0 prove
        G g = new G(95, 1, 8);
        String pos = g.op("Add", g.op("Relu", g.gemm("x", 8, 8, 0.5)), scalar(g, 0.25));
        QuantizedModel m = g.compile(g.gemm(g.op("Pow", pos, scalar(g, -0.5)), 8, 4, 0.5), 1);
        ProvingKey pk = proves(g, m, 2, 1);
        NodeSpec n = spec(pk, "Pow");
        range(pk.verifyingKey().circuit, n.name + ".bound");
        // a table within the budget declares none (Sigmoid)
        ProvingKey sig = ModelSetup.setup(Models.mlp(5, 8, "Gemm8", "Sigmoid", "Gemm4"), Visibility.ALL_PUBLIC);
        assertFalse(sig.verifyingKey().circuit.ranges.stream().anyMatch(r -> r.what.endsWith(".bound") && r.what.startsWith("n1.")));
    }

    @Test
    void tableEntryBeyondTheBudgetIsNotProvable() {
        // Log of a committed 0 (T(0) = -2^52) read by a Relu: the honest prover stops at the Log's bound; a cheating
        // prover that goes on is refused by the range LogUp
        G g = new G(96, 1, 6);
        String l = g.op("Log", g.op("Relu", "x"));
        String y = g.op("Relu", l);
        List<List<double[]>> cal = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double[] v = g.input(1);
            for (int j = 0; j < v.length; j++) v[j] = Math.abs(v[j]) + 0.05;
            cal.add(List.of(v));
        }
        QuantizedModel m = ModelCompiler.compile(new io.zkml4j.ml.ir.Graph("test", 13, java.util.Map.of("", 13),
                List.of(new io.zkml4j.ml.ir.ValueInfo("x", io.zkml4j.ml.ir.DType.FLOAT, g.shape)),
                List.of(new io.zkml4j.ml.ir.ValueInfo(y, io.zkml4j.ml.ir.DType.FLOAT, new int[0])), g.nodes, g.init, java.util.Map.of()), cal, CompileOptions.defaults());
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "Log");
        provesQuantized(pk, quantized(pk, cal.get(0).get(0)));
        double[] zero = cal.get(1).get(0).clone();
        zero[2] = -1; // Relu makes it 0: log(0)
        long[] x = quantized(pk, zero);
        ModelException ex = assertThrows(ModelException.class, () -> ModelProver.proveQuantized(pk, x));
        assertTrue(ex.getMessage().startsWith(n.name + ".bound"), ex.getMessage());
        outOfRange(pk, x, new GraphProtocol.Cheat() {});
    }

    // ------------------------------------------------------------------ every message bound

    @Test
    void everyNodeMessageOfTheseOperatorsIsBound() {
        // x -> Pow 2 -> Add 1 -> Sqrt -> Reciprocal -> HardSigmoid (public in and out): the node messages come first in
        // the proof (last node first); each 8-byte field slot of them changed by one, canonically, must be rejected
        G g = new G(97, 1, 6);
        String sq = g.op("Sqrt", g.op("Add", g.op("Pow", "x", scalar(g, 2)), scalar(g, 1)));
        QuantizedModel m = g.compile(g.op("HardSigmoid", g.op("Reciprocal", sq)), 1);
        ProvingKey pk = proves(g, m, 1, 1);
        ModelProver.Result r = ModelProver.prove(pk, g.input(1));
        int from = 1 + 4 + io.zkml4j.hash.Hash.DIGEST_BYTES, slots = 0;
        for (int at = from; at + 8 <= Math.min(r.proof.length, from + 8 * 400); at += 8) {
            long v = SoundnessChecklistTest.readU64(r.proof, at);
            if (Long.compareUnsigned(v, Goldilocks.P) >= 0) continue;
            byte[] c = r.proof.clone();
            SoundnessChecklistTest.writeU64(c, at, Goldilocks.add(v, 1));
            rejects(pk.verifyingKey(), r.input, r.output, c);
            slots++;
        }
        assertTrue(slots >= 300, slots + " slots");
        long[] y = r.output.clone();
        y[0] += 1;
        rejects(pk.verifyingKey(), r.input, y, r.proof);
        assertEquals(Arrays.asList("Pow", "Add", "Sqrt", "Reciprocal", "HardSigmoid"), m.nodes.stream().map(q -> q.op).toList());
    }
}
