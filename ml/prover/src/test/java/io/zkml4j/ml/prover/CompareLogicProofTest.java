package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.zkml4j.ml.prover.ElementwiseProofTest.G;
import static io.zkml4j.ml.prover.ElementwiseProofTest.proves;
import static io.zkml4j.ml.prover.ElementwiseProofTest.qnode;
import static io.zkml4j.ml.prover.ElementwiseProofTest.quantized;
import static io.zkml4j.ml.prover.ElementwiseProofTest.range;
import static io.zkml4j.ml.prover.ElementwiseProofTest.spec;
import static io.zkml4j.ml.prover.ElementwiseProofTest.vec;
import static io.zkml4j.ml.prover.MaliciousProverTest.Alter;
import static io.zkml4j.ml.prover.MaliciousProverTest.first;
import static io.zkml4j.ml.prover.MaliciousProverTest.outOfTable;
import static io.zkml4j.ml.prover.MaliciousProverTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparisons (CompareProof: Less, Greater, LessOrEqual, GreaterOrEqual, Equal) and the boolean operators
 * (LogicProof: Not, And, Or, Xor, Where): completeness with broadcasting, constants and operands at different scales;
 * soundness against cheating provers (MaliciousProverTest's Alter: a changed tensor, everything after it recomputed
 * honestly) that flip an output bit, output a non-bit, or forge the inverse witness, each caught in its node.
 */
class CompareLogicProofTest {
    static final String[] COMPARISONS = {"Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Equal"};

    /** op(Gemm(x), x): two tensors at different scales, same shape [2, 6]. */
    private static QuantizedModel tensors(G g, String op) {
        return g.compile(g.op(op, g.gemm("x", 6, 6, 0.5), "x"), 1);
    }

    /** Both outcomes occur among the output's entries. */
    private static void mixed(QuantizedModel m, double[] x, String op) {
        long[] y = m.execute(m.quantizeInputs(List.of(x))).output(0).values();
        long ones = Arrays.stream(y).filter(v -> v == 1).count();
        assertTrue(ones > 0 && ones < y.length, op + ": both outcomes in " + Arrays.toString(y));
    }

    private static void caughtInNode(String msg, NodeSpec n) {
        assertTrue(msg.startsWith(n.where() + ":"), "expected a rejection by " + n.where() + ", got: " + msg);
    }

    // ------------------------------------------------------------------ completeness

    @Test
    void comparisonsOfTensorsAtDifferentScales() {
        int rescaled = 0;
        for (String op : COMPARISONS) {
            if (op.equals("Equal")) continue; // random tensors are never equal: see equalAgainstRelu
            G g = new G(op.hashCode(), 2, 6);
            QuantizedModel m = tensors(g, op);
            QNode q = qnode(m, op);
            if (q.inScales[0] != q.inScales[1]) rescaled++;
            double[] x = g.input(1);
            mixed(m, x, op);
            proves(m, x, g.input(1));
        }
        assertTrue(rescaled >= 3, "most comparisons see operands at different scales (one up-shifted)");
    }

    @Test
    void comparisonsOfATensorWithItselfProveTheirStrictness() {
        // equal operands everywhere: Less and Greater are all 0, the non-strict ones all 1; a strict comparison proven
        // as a non-strict one (or the converse) fails here
        for (String op : COMPARISONS) {
            G g = new G(op.hashCode() + 1, 2, 6);
            QuantizedModel m = g.compile(g.op(op, "x", "x"), 1);
            double[] x = g.input(1);
            long want = op.equals("Less") || op.equals("Greater") ? 0 : 1;
            for (long v : m.execute(m.quantizeInputs(List.of(x))).output(0).values()) assertEquals(want, v, op);
            proves(m, x);
        }
    }

    @Test
    void comparisonsWithBroadcastConstants() {
        for (String op : COMPARISONS) {
            G g = new G(31 + op.hashCode(), 2, 6);
            // [2, 6] against a [6] constant, and a scalar constant against [2, 6] (the constant on the left)
            String k = op.equals("Equal") ? g.c(Tensor.ofFloats(new int[] {6}, new double[6])) : g.c(0.7, 6);
            String a = op.equals("Equal") ? g.op("Relu", "x") : "x";
            QuantizedModel m = g.compile(g.op(op, a, k), 1);
            double[] x = g.input(1);
            mixed(m, x, op);
            proves(m, x, g.input(1));
            G h = new G(37 + op.hashCode(), 2, 6);
            proves(h, h.compile(h.op(op, h.c(Tensor.ofFloats(new int[0], new double[] {0.25})), "x"), 1), 2, 1);
        }
    }

    @Test
    void equalAgainstRelu() {
        G g = new G(41, 2, 6);
        QuantizedModel m = g.compile(g.op("Equal", "x", g.op("Relu", "x")), 1); // 1 exactly where x >= 0
        double[] x = g.input(1);
        mixed(m, x, "Equal");
        proves(m, x, g.input(1));
    }

    /** Less(x, k) [2, 6] and Greater(x[:, :1], s) [2, 1]: two boolean tensors that broadcast. */
    private static String[] bools(G g) {
        String a = g.op("Less", "x", g.c(0.7, 6));
        String s = g.op("Slice", "x", g.ints(0, 0), g.ints(2, 1));
        String b = g.op("Greater", s, g.c(Tensor.ofFloats(new int[0], new double[] {-0.2})));
        return new String[] {a, b};
    }

    @Test
    void booleanOperatorsWithBroadcasting() {
        for (String op : new String[] {"Not", "And", "Or", "Xor"}) {
            G g = new G(51 + op.hashCode(), 2, 6);
            String[] ab = bools(g);
            QuantizedModel m = g.compile(op.equals("Not") ? g.op(op, ab[0]) : g.op(op, ab[0], ab[1]), 1);
            double[] x = g.input(1);
            mixed(m, x, op);
            proves(m, x, g.input(1), g.input(1));
        }
    }

    @Test
    void whereWithConstantsAndTensors() {
        G g = new G(61, 2, 6);
        String[] ab = bools(g);
        // constants requantized to the output scale, broadcast [6] and [2, 1]
        QuantizedModel m = g.compile(g.op("Where", ab[0], g.c(1.5, 6), g.c(0.5, 2, 1)), 1);
        proves(m, g.input(1), g.input(1));
        // tensor operands, a [2, 1] condition; at the output's scale, then up-shifted to a finer output scale
        for (int finer : new int[] {0, 3}) {
            G h = new G(62, 2, 6);
            QuantizedModel t = tensorWhere(h, finer);
            QNode q = qnode(t, "Where");
            assertEquals(q.outScales[0], q.inScales[1] + finer, "x shifted by 2^" + finer);
            proves(t, h.input(1), h.input(1));
        }
    }

    /** Where(x[:, :1] > -0.2, x, -x), the output scale {@code finer} bits above the operands'. */
    static QuantizedModel tensorWhere(G h, int finer) {
        QuantizedModel t = h.compile(h.op("Where", bools(h)[1], "x", h.op("Neg", "x")), 1);
        QNode q = qnode(t, "Where");
        q.outScales[0] = q.inScales[1] + finer;
        t.outputs.get(0).scale = q.outScales[0];
        return t;
    }

    @Test
    void upShiftedWhereOutputStaysInTheBudget() {
        // Less(Where(x[:, :1] > -0.2, x, -x), 0.5) with Where's output 3 bits finer than its operands: the committed
        // output 2^3 x, just above the budget, fits Less's own range, so only Where's bound can object
        G h = new G(63, 2, 6);
        String w = h.op("Where", bools(h)[1], "x", h.op("Neg", "x"));
        QuantizedModel t = h.compile(h.op("Less", w, h.c(Tensor.ofFloats(new int[0], new double[] {0.5}))), 1);
        QNode where = qnode(t, "Where"), less = qnode(t, "Less");
        where.outScales[0] = where.inScales[1] + 3;
        less.inScales[0] = where.outScales[0];
        ProvingKey pk = ModelSetup.setup(t, Visibility.ALL_PUBLIC);
        long[] x = quantized(pk, h.input(1));
        x[0] = (1L << (pk.vk.rangeBits - 4)) + 1; // selected: row 0's condition holds
        ModelException e = assertThrows(ModelException.class, () -> ModelProver.prove(pk, x, null, ProveProgress.NONE));
        assertTrue(e.getMessage().startsWith(where.name + ".bound"), e.getMessage());
        outOfTable(pk, x, new Alter(pk, null, v -> {}));
    }

    @Test
    void booleanOperandsMustBeProvenBits() {
        G g = new G(71, 2, 6);
        QuantizedModel m = g.compile(g.op("Not", g.op("Relu", "x")), 1);
        ModelException e = assertThrows(ModelException.class, () -> ModelSetup.setup(m, Visibility.ALL_PUBLIC));
        assertTrue(e.getMessage().contains("(Not): not provable yet (operand 0 is not the output of a comparison"), e.getMessage());
    }

    @Test
    void keyWithANonBooleanOperandIsMalformed() {
        // a verifying key from elsewhere: Not reading the input, then a Relu's output (no node proves them boolean)
        List<Vec> tensors = List.of(new Vec(0, "x", Vec.Kind.INPUT, new int[] {4}), new Vec(1, "h", Vec.Kind.ADVICE, new int[] {4}),
                new Vec(2, "y", Vec.Kind.OUTPUT, new int[] {4}));
        NodeSpec relu = new NodeSpec("Relu", "r", new int[] {0}, new int[] {1}, new long[] {1, 0, 0, 0}, List.of());
        for (int in : new int[] {0, 1}) {
            NodeSpec not = new NodeSpec("Not", "n", new int[] {in}, new int[] {2}, new long[0], List.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Circuit.build(tensors, List.of(relu, not), 24));
            assertTrue(e.getMessage().contains("operand 0 is not proven boolean"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ soundness

    @Test
    void flippedComparisonIsCaughtInTheNode() {
        for (String op : COMPARISONS) {
            G g = new G(81 + op.hashCode(), 2, 6);
            QuantizedModel m = op.equals("Equal") ? g.compile(g.op("Equal", "x", g.op("Relu", "x")), 1) : tensors(g, op);
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            NodeSpec n = spec(pk, op);
            long[] x = quantized(pk, g.input(1));
            String out = qnode(m, op).outputs.get(0);
            for (int entry : new int[] {0, 7, 11}) {
                Alter flip = new Alter(pk, out, v -> v[entry] = 1 - v[entry]);
                if (!op.equals("Equal")) { // the order quantity kept in range: only the node's relation can object
                    RangeCheck order = range(pk.vk.circuit, n.name + ".order");
                    flip.aux(w -> {
                        long[] q = w.quantities.get(order).clone();
                        q[entry] = Math.floorMod(q[entry], 1L << order.bits);
                        w.range(order, q);
                    });
                }
                caughtInNode(rejected(pk, x, flip), n);
            }
            if (op.equals("Equal")) continue;
            // consistently flipped, the order quantity leaves [0, 2^D): the range LogUp objects
            outOfTable(pk, x, new Alter(pk, out, v -> v[3] = 1 - v[3]));
        }
    }

    @Test
    void nonBitComparisonOutputIsRejected() {
        G g = new G(91, 2, 6);
        QuantizedModel m = tensors(g, "Less");
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "Less");
        double[] in = g.input(1);
        long[] x = quantized(pk, in);
        long[] honest = m.execute(List.of(x)).output(0).values();
        int i = first(honest, k -> honest[k] == 1);
        String out = qnode(m, "Less").outputs.get(0);
        // c = 2 where a < b: Q = 3 d - 2 >= 1 is in range, only the bit check objects (in its LogUp)
        outOfTable(pk, x, new Alter(pk, out, v -> v[i] = 2));
        // ... and with the bit's quantity kept at 1, the node's bit relation objects
        RangeCheck bit = range(pk.vk.circuit, n.name + ".bit");
        caughtInNode(rejected(pk, x, new Alter(pk, out, v -> v[i] = 2).aux(w -> {
            long[] q = w.quantities.get(bit).clone();
            q[i] = 1;
            w.range(bit, q);
        })), n);
    }

    @Test
    void forgedEqualInverseIsCaught() {
        G g = new G(93, 2, 6);
        QuantizedModel m = g.compile(g.op("Equal", "x", g.op("Relu", "x")), 1);
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        NodeSpec n = spec(pk, "Equal");
        double[] in = g.input(1);
        long[] x = quantized(pk, in);
        long[] honest = m.execute(List.of(x)).output(0).values();
        int i = first(honest, k -> honest[k] == 0); // a != b here
        int inv = vec(pk.vk.circuit, n.name + ".inverse");
        // c = 1 with w = 0 satisfies c = 1 - d w; only d c = 0 objects
        caughtInNode(rejected(pk, x, new Alter(pk, qnode(m, "Equal").outputs.get(0), v -> v[i] = 1).aux(w -> {
            long[] v = w.values(inv).clone();
            v[i] = 0;
            w.set(inv, v);
        })), n);
        // the honest output with a wrong inverse: c = 1 - d w fails
        caughtInNode(rejected(pk, x, new Alter(pk, null, v -> {}).aux(w -> {
            long[] v = w.values(inv).clone();
            v[i] += 1;
            w.set(inv, v);
        })), n);
    }

    @Test
    void alteredBooleanOutputsAreCaughtInTheNode() {
        for (String op : new String[] {"Not", "And", "Or", "Xor", "Where"}) {
            G g = new G(101 + op.hashCode(), 2, 6);
            String[] ab = bools(g);
            String y = switch (op) {
                case "Not" -> g.op(op, ab[0]);
                case "Where" -> g.op(op, ab[0], g.c(1.5, 6), g.c(0.5, 2, 1));
                default -> g.op(op, ab[0], ab[1]);
            };
            QuantizedModel m = g.compile(y, 1);
            ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
            NodeSpec n = spec(pk, op);
            long[] x = quantized(pk, g.input(1));
            for (int entry : new int[] {0, 5, 11}) {
                caughtInNode(rejected(pk, x, new Alter(pk, qnode(m, op).outputs.get(0), v -> v[entry] = op.equals("Where") ? v[entry] + 1 : 1 - v[entry])), n);
            }
            // an input bit flipped: caught in its comparison, not passed on
            NodeSpec less = spec(pk, "Less");
            caughtInNode(rejected(pk, x, new Alter(pk, qnode(m, "Less").outputs.get(0), v -> v[4] = 1 - v[4]).aux(w -> {
                RangeCheck order = range(pk.vk.circuit, less.name + ".order");
                long[] q = w.quantities.get(order).clone();
                q[4] = Math.floorMod(q[4], 1L << order.bits);
                w.range(order, q);
            })), less);
        }
    }
}
