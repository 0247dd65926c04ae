package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.NodeKeyEdits.accepted;
import static io.zkml4j.ml.prover.NodeKeyEdits.editNode;
import static io.zkml4j.ml.prover.NodeKeyEdits.node;
import static io.zkml4j.ml.prover.NodeKeyEdits.refused;
import static io.zkml4j.ml.prover.NodeKeyEdits.shape;
import static io.zkml4j.ml.prover.NodeKeyEdits.withInputs;
import static io.zkml4j.ml.prover.NodeKeyEdits.withOutputs;
import static io.zkml4j.ml.prover.NodeKeyEdits.withParam;
import static io.zkml4j.ml.prover.NodeKeyEdits.withParams;
import static io.zkml4j.ml.prover.PowSqrtProofTest.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.prover.ElementwiseProofTest.G;
import io.zkml4j.transcript.VerificationException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The key guards of groups 5 to 8 and 12 (the operators' {@code declare} and the setup-time bounds it calls) through
 * hand-edited keys ({@link NodeKeyEdits}: at the limit a guard allows the key decodes, one beyond it is refused by the
 * node's own message), and the paths no other test model reaches, proven honestly and against a cheating prover
 * (docs/mutation.md, group 15).
 */
class MutationGroup15Test {
    /** The range budget of {@link PowSqrtProofTest#single}'s models (actBits 20). */
    private static final int B = ModelSetup.rangeBitsFor(20);

    private static VerifyingKey key(String op, int len, int sIn, int sOut, Consumer<io.zkml4j.ml.quant.QNode> params) {
        return ModelSetup.setup(single(op, len, sIn, sOut, params), Visibility.ALL_PUBLIC).verifyingKey();
    }

    static Consumer<MutationGroup10Test.Parts> rangeBits(int b) {
        return p -> p.rangeBits = b;
    }

    /** The first node of operator {@code op} renamed to {@code to} (another operator the same proof handles). */
    private static Consumer<MutationGroup10Test.Parts> op(String op, String to, UnaryOperator<NodeSpec> edit) {
        return editNode(op, m -> edit.apply(new NodeSpec(to, m.name, m.in, m.out, m.p, m.rules)));
    }

    // ------------------------------------------------------------------ ExactUnaryProof

    /** Floor of x [1, 6] at scale 4 (tensors x 0, y 1; parameters [s]). */
    private static VerifyingKey floorKey() {
        return key("Floor", 6, 4, 4, q -> {});
    }

    @Test
    void anExactUnarysArityParametersAndShapesAreChecked() {
        VerifyingKey floor = floorKey();
        assertEquals(24, B);
        NodeSpec n = node(floor, "Floor");
        assertArrayEquals(new long[] {4}, n.p);
        assertEquals("malformed", refused(floor, n, editNode("Floor", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(floor, n, editNode("Floor", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(floor, n, editNode("Floor", m -> withParams(m))));
        assertEquals("malformed", refused(floor, n, editNode("Floor", m -> withParams(m, 4, 0))));
        assertEquals("malformed", refused(floor, n, shape(1, 1, 5)));
    }

    /**
     * A rounding op at scale s > 0 keeps s + B <= 61 (its relations below 2^62); at s <= 0 it rounds nothing (no
     * quotient, no range check of width s). Abs never rounds, so any s decodes; Sign's scale is 0..B-2.
     */
    @Test
    void anExactUnarysScaleIsBoundedByWhatItRounds() {
        VerifyingKey floor = floorKey();
        NodeSpec n = node(floor, "Floor");
        for (String op : new String[] {"Floor", "Ceil", "Round"}) {
            for (long s : new long[] {61 - B, 1, 0, -5}) accepted(floor, op("Floor", op, m -> withParam(m, 0, s)));
            NodeSpec o = new NodeSpec(op, n.name, n.in, n.out, n.p, n.rules);
            assertEquals("malformed", refused(floor, o, op("Floor", op, m -> withParam(m, 0, 62 - B))));
        }
        // Abs rounds nothing: a scale that would be too fine to round decodes (also at the widest budget)
        accepted(floor, op("Floor", "Abs", m -> withParam(m, 0, 62 - B)));
        accepted(floor, rangeBits(40).andThen(op("Floor", "Abs", m -> withParam(m, 0, 38))));
        NodeSpec sign = new NodeSpec("Sign", n.name, n.in, n.out, n.p, n.rules);
        for (long s : new long[] {0, B - 2}) accepted(floor, op("Floor", "Sign", m -> withParam(m, 0, s)));
        for (long s : new long[] {-1, B - 1}) assertEquals("malformed", refused(floor, sign, op("Floor", "Sign", m -> withParam(m, 0, s))));
        // Sign neither: at B = 40 its largest scale 38 would be too fine to round
        accepted(floor, rangeBits(40).andThen(op("Floor", "Sign", m -> withParam(m, 0, 38))));
    }

    /** Floor at scale 0 and -2 rounds nothing: z = x is the node's one relation; a z moved by 1 is caught by it alone. */
    @Test
    void aRoundingAtScaleZeroOrBelowOutputsItsInputAndNothingElse() {
        for (int s : new int[] {0, -2}) {
            for (String op : new String[] {"Floor", "Ceil", "Round"}) {
                ProvingKey pk = ModelSetup.setup(single(op, 6, s, s, q -> {}), Visibility.ALL_PUBLIC);
                long[] x = {-7, -1, 0, 1, 5, 1000};
                ModelProver.Result r = PowSqrtProofTest.provesQuantized(pk, x);
                assertArrayEquals(x, r.output, "no rounding at scale 2^" + s);
                long[] z = r.output.clone();
                z[4] += 1;
                VerificationException e = assertThrows(VerificationException.class,
                        () -> ModelVerifier.verify(pk.verifyingKey(), r.input, z, r.proof));
                assertEquals("node 'n0' (" + op + "): output differs from the input", e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ ReduceProof

    /** ReduceSum over axis 1 of x [2, 6] (tensor 0), keepdims: y [2, 1] (tensor 1); parameters [kind, e, rank, flags]. */
    private static VerifyingKey sumKey() {
        return ModelSetup.setup(MaxSoftmaxProofTest.reduce(new G(1501, 2, 6), "ReduceSum", new long[] {1}, 1, false), Visibility.ALL_PUBLIC).verifyingKey();
    }

    private static Consumer<MutationGroup10Test.Parts> reduceParams(long... p) {
        return editNode("ReduceSum", m -> withParams(m, p));
    }

    @Test
    void aReductionsArityParametersFlagsAndShapesAreChecked() {
        VerifyingKey sum = sumKey();
        NodeSpec n = node(sum, "ReduceSum");
        assertArrayEquals(new long[] {0, 1, 2, 0, 1}, n.p);
        assertArrayEquals(new int[] {0}, n.in);
        assertArrayEquals(new int[] {1}, n.out);
        assertEquals("malformed", refused(sum, n, editNode("ReduceSum", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(sum, n, editNode("ReduceSum", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(sum, n, reduceParams(0, 0)));
        assertEquals("malformed", refused(sum, n, reduceParams(0, 0, 3, 0, 1)));
        assertEquals("malformed", refused(sum, n, reduceParams(0, 0, 2, 0)));
        assertEquals("malformed", refused(sum, n, reduceParams(0, 0, 2, 0, 1, 0)));
        assertEquals("malformed", refused(sum, n, reduceParams(-1, 0, 2, 0, 1)));
        assertEquals("malformed", refused(sum, n, reduceParams(3, 0, 2, 0, 1)));
        for (long kind : new long[] {0, 1, 2}) accepted(sum, reduceParams(kind, 0, 2, 0, 1));
        for (long f : new long[] {2, -1, 3}) assertEquals("malformed reduced flag", refused(sum, n, reduceParams(0, 0, 2, 0, f)));
        // both axes (keepdims [1, 1] or the scalar [1]) and neither (y of x's shape)
        accepted(sum, reduceParams(0, 0, 2, 1, 1).andThen(shape(1, 1, 1)));
        accepted(sum, reduceParams(0, 0, 2, 1, 1).andThen(shape(1, 1)));
        accepted(sum, reduceParams(0, 0, 2, 0, 0).andThen(shape(1, 2, 6)));
        assertEquals("output shape does not match the reduction", refused(sum, n, shape(1, 2, 2)));
        assertEquals("output shape does not match the reduction", refused(sum, n, reduceParams(0, 0, 2, 1, 0)));
    }

    /**
     * The scale change e against the accumulator bound (ReduceProof.bounds) at B = 24 over n = 6 cells: a sum or mean
     * rescaled up carries 2^(B-1+e) (sum: + 2^(1+e); mean: n 2^(B-1+e) + d), down the sum n 2^(B-1) 2^-e (mean: d 2^(B-1)
     * + d with d = n 2^-e), all below 2^62; squares n 2^(2B-2) 2^-e.
     */
    @Test
    void aReductionsScaleChangeIsBoundedByItsAccumulator() {
        VerifyingKey sum = sumKey();
        NodeSpec n = node(sum, "ReduceSum");
        for (long[] c : new long[][] {{0, 38}, {0, -36}, {1, 36}, {1, -36}, {2, 38}, {2, -13}}) accepted(sum, reduceParams(c[0], c[1], 2, 0, 1));
        for (long[] c : new long[][] {{0, 39}, {0, -37}, {1, 37}, {1, -37}, {2, 39}, {2, -14}}) {
            assertEquals("scale change out of range", refused(sum, n, reduceParams(c[0], c[1], 2, 0, 1)), c[0] + " " + c[1]);
        }
        // n = 2 (x [2, 2]): the sum's bound is exactly 2^62 at e = -38 (2 2^23 2^38), refused; -37 decodes
        Consumer<MutationGroup10Test.Parts> two = shape(0, 2, 2);
        accepted(sum, two.andThen(reduceParams(0, -37, 2, 0, 1)));
        assertEquals("scale change out of range", refused(sum, n, two.andThen(reduceParams(0, -38, 2, 0, 1))));
        // B = 8: the exponent's own limit 40 decides the sum; the mean's divisor d = 2 2^-e up to exactly 2^40 (e = -39)
        accepted(sum, rangeBits(8).andThen(reduceParams(0, 40, 2, 0, 1)));
        accepted(sum, rangeBits(8).andThen(reduceParams(0, -40, 2, 0, 1)));
        for (long e : new long[] {41, -41}) assertEquals("scale change out of range", refused(sum, n, rangeBits(8).andThen(reduceParams(0, e, 2, 0, 1))));
        accepted(sum, rangeBits(8).andThen(two).andThen(reduceParams(1, -39, 2, 0, 1)));
        assertEquals("scale change out of range", refused(sum, n, rangeBits(8).andThen(two).andThen(reduceParams(1, -40, 2, 0, 1))));
    }

    /**
     * Group 16 (docs/mutation.md): a mean's accumulator bound counts its divisor d on both sides (B = 24). Over 2 cells
     * at e = -38, d = 2^39 and d (2^23 + 1) = 2^62 + 2^39 is refused, -37 decodes; over 1024 cells at e = 29,
     * 2^33 2^29 + d = 2^62 + 2^10 is refused, 28 decodes (d large enough to show in the double the bound is computed in).
     */
    @Test
    void aMeansAccumulatorBoundCountsItsDivisor() {
        VerifyingKey sum = sumKey();
        NodeSpec n = node(sum, "ReduceSum");
        Consumer<MutationGroup10Test.Parts> two = shape(0, 2, 2), wide = shape(0, 2, 1024);
        accepted(sum, two.andThen(reduceParams(1, -37, 2, 0, 1)));
        assertEquals("scale change out of range", refused(sum, n, two.andThen(reduceParams(1, -38, 2, 0, 1))));
        accepted(sum, wide.andThen(reduceParams(1, 28, 2, 0, 1)));
        assertEquals("scale change out of range", refused(sum, n, wide.andThen(reduceParams(1, 29, 2, 0, 1))));
    }

    // ------------------------------------------------------------------ AxisMax, ArgMaxProof, NormReduceProof

    /** ReduceMax over axis 1 of x [2, 6] (tensor 0), keepdims: y [2, 1] (tensor 1); parameters [rank, flags]. */
    private static VerifyingKey maxKey() {
        return ModelSetup.setup(MaxSoftmaxProofTest.reduce(new G(1502, 2, 6), "ReduceMax", new long[] {1}, 1, false), Visibility.ALL_PUBLIC).verifyingKey();
    }

    /** ArgMax over axis 1 of x [2, 6], keepdims; parameters [axis, select_last]. */
    private static VerifyingKey argmaxKey() {
        G a = new G(1503, 2, 6);
        return ModelSetup.setup(a.compile(a.op("ArgMax", ConvProofTest.attrs("axis", 1), "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    /** ReduceL2 and ReduceL1 over axis 1 of x [2, 6], keepdims; parameters [e, kind, 0, rank, flags]. */
    private static VerifyingKey l2Key() {
        return ModelSetup.setup(MaxSoftmaxProofTest.reduce(new G(1504, 2, 6), "ReduceL2", new long[] {1}, 1, false), Visibility.ALL_PUBLIC).verifyingKey();
    }

    private static VerifyingKey l1Key() {
        return ModelSetup.setup(MaxSoftmaxProofTest.reduce(new G(1505, 2, 6), "ReduceL1", new long[] {1}, 1, false), Visibility.ALL_PUBLIC).verifyingKey();
    }

    /** Sigmoid of x [2, 6] (tensor 0) into y (tensor 1), a table lookup; parameters [k]. */
    private static VerifyingKey sigmoidKey() {
        G sg = new G(1506, 2, 6);
        return ModelSetup.setup(sg.compile(sg.op("Sigmoid", "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    @Test
    void anAxisMaximumsArityFlagsShapeAndWindowAreChecked() {
        VerifyingKey max = maxKey();
        NodeSpec n = node(max, "ReduceMax");
        assertArrayEquals(new long[] {2, 0, 1}, n.p);
        assertEquals("malformed", refused(max, n, editNode("ReduceMax", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(max, n, editNode("ReduceMax", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(max, n, editNode("ReduceMax", m -> withParams(m))));
        assertEquals("malformed", refused(max, n, editNode("ReduceMax", m -> withParams(m, 1, 1))));
        assertEquals("malformed", refused(max, n, editNode("ReduceMax", m -> withParams(m, 3, 0, 1))));
        assertEquals("malformed", refused(max, n, editNode("ReduceMax", m -> withParams(m, 2, 0, 1, 0))));
        for (long f : new long[] {2, -1}) assertEquals("malformed reduced flag", refused(max, n, editNode("ReduceMax", m -> withParams(m, 2, 0, f))));
        assertEquals("output shape does not match the reduction", refused(max, n, shape(1, 2, 2)));
        accepted(max, editNode("ReduceMax", m -> withParams(m, 2, 1, 1)).andThen(shape(1, 1, 1)));
        accepted(max, shape(0, 2, WindowMax.MAX_WINDOW));
        assertEquals("reduction too large", refused(max, n, shape(0, 2, WindowMax.MAX_WINDOW + 1)));
    }

    @Test
    void anArgMaxsArityAxisFlagAndShapeAreChecked() {
        VerifyingKey argmax = argmaxKey();
        NodeSpec n = node(argmax, "ArgMax");
        assertArrayEquals(new long[] {1, 0}, n.p);
        int x = n.in[0], y = n.out[0];
        assertEquals("malformed", refused(argmax, n, editNode("ArgMax", m -> withInputs(m, x, x))));
        assertEquals("malformed", refused(argmax, n, editNode("ArgMax", m -> withOutputs(m, y, y))));
        assertEquals("malformed", refused(argmax, n, editNode("ArgMax", m -> withParams(m, 1))));
        assertEquals("malformed", refused(argmax, n, editNode("ArgMax", m -> withParams(m, 1, 0, 0))));
        for (long f : new long[] {2, -1}) assertEquals("malformed", refused(argmax, n, editNode("ArgMax", m -> withParams(m, 1, f))));
        accepted(argmax, editNode("ArgMax", m -> withParams(m, 1, 1)));
        for (long axis : new long[] {-1, 2}) assertEquals("malformed axis", refused(argmax, n, editNode("ArgMax", m -> withParams(m, axis, 0))));
        accepted(argmax, editNode("ArgMax", m -> withParams(m, 0, 0)).andThen(shape(y, 1, 6)));
        assertEquals("malformed", refused(argmax, n, shape(y, 2, 2)));
        // the index's window: at most MAX_WINDOW cells along the axis
        accepted(argmax, shape(x, 2, WindowMax.MAX_WINDOW));
        assertEquals("malformed", refused(argmax, n, shape(x, 2, WindowMax.MAX_WINDOW + 1)));
    }

    @Test
    void aNormReductionsArityKindFlagsAndRootShiftAreChecked() {
        VerifyingKey l2 = l2Key();
        VerifyingKey l1 = l1Key();
        VerifyingKey sigmoid = sigmoidKey();
        NodeSpec n = node(l2, "ReduceL2");
        assertArrayEquals(new long[] {n.p[0], 2, 0, 2, 0, 1}, n.p);
        assertEquals("malformed", refused(l2, n, editNode("ReduceL2", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(l2, n, editNode("ReduceL2", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(l2, n, editNode("ReduceL2", m -> withParams(m, 0, 2, 0))));
        assertEquals("malformed", refused(l2, n, editNode("ReduceL2", m -> NodeKeyEdits.withRules(m, node(sigmoid, "Sigmoid").rules))));
        assertEquals("malformed", refused(l2, n, editNode("ReduceL2", m -> withParam(m, 1, 0))));
        assertEquals("malformed", refused(l2, n, editNode("ReduceL2", m -> withParam(m, 2, 1))));
        assertEquals("malformed", refused(l2, n, editNode("ReduceL2", m -> withParam(m, 3, 3))));
        assertEquals("malformed", refused(l2, n, editNode("ReduceL2", m -> withParams(m, n.p[0], 2, 0, 2, 0, 1, 0))));
        for (long f : new long[] {2, -1}) assertEquals("malformed reduced flag", refused(l2, n, editNode("ReduceL2", m -> withParam(m, 5, f))));
        // the root's shift e <= 58 - vb, vb = bits(n) + 2B - 2 = 49 for n = 6 at B = 24; e >= -MAX_DOWN
        accepted(l2, editNode("ReduceL2", m -> withParam(m, 0, 9)));
        assertEquals("scale change out of range", refused(l2, n, editNode("ReduceL2", m -> withParam(m, 0, 10))));
        accepted(l2, editNode("ReduceL2", m -> withParam(m, 0, -56)));
        assertEquals("scale change out of range", refused(l2, n, editNode("ReduceL2", m -> withParam(m, 0, -57))));
        // n = 8 (x [2, 8]): vb = 4 + 46 = 50, one bit more
        accepted(l2, shape(0, 2, 7).andThen(editNode("ReduceL2", m -> withParam(m, 0, 9))));
        assertEquals("scale change out of range", refused(l2, n, shape(0, 2, 8).andThen(editNode("ReduceL2", m -> withParam(m, 0, 9)))));
        NodeSpec l1n = node(l1, "ReduceL1");
        assertEquals("malformed", refused(l1, l1n, editNode("ReduceL1", m -> withParam(m, 1, 2))));
    }

    // ------------------------------------------------------------------ RequantProof, IntDivProof, SqrtProof, PowProof

    /** RequantProofTest's tiny Gemm with its runtime operand used at 2^-3 of its scale: a Requant node, parameters [3]. */

    /** IntDivProofTest's Div(x, 3) on integers: mode 0, parameters [0, 3]. */
    private static VerifyingKey intdivKey() {
        return ModelSetup.setup(IntDivProofTest.model(3), Visibility.ALL_PUBLIC).verifyingKey();
    }
    /** Sqrt of x [1, 6] at scale 8 into y at 8 (tensors 0, 1): parameters [e = 8]. */
    private static VerifyingKey sqrtKey() {
        return key("Sqrt", 6, 8, 8, q -> {});
    }
    /** x^2 by products (Pow mode 0) of x [1, 6] at scale 8 into y at 8: parameters [0, 2, e_0 = 0, s]. */
    private static VerifyingKey powKey() {
        return key("Pow", 6, 8, 8, q -> {
            q.inputs.add("");
            q.inScales = new int[] {8, 0};
            q.put("mode", 0, 2);
        });
    }

    private static VerifyingKey requantKey() {
        io.zkml4j.ml.quant.QuantizedModel m = RequantProofTest.tinyInput();
        io.zkml4j.ml.quant.QNode gemm = ElementwiseProofTest.qnode(m, "Gemm");
        gemm.put("use0", gemm.inScales[0] - 3);
        return ModelSetup.setup(m, Visibility.ALL_PUBLIC).verifyingKey();
    }

    @Test
    void aRequantsArityShapeAndShiftAreChecked() {
        VerifyingKey requant = requantKey();
        NodeSpec n = node(requant, RequantProof.OP);
        assertArrayEquals(new long[] {3}, n.p);
        int x = n.in[0], y = n.out[0];
        assertEquals("malformed", refused(requant, n, editNode(RequantProof.OP, m -> withInputs(m, x, x))));
        assertEquals("malformed", refused(requant, n, editNode(RequantProof.OP, m -> withOutputs(m, y, y))));
        assertEquals("malformed", refused(requant, n, editNode(RequantProof.OP, m -> withParams(m, 3, 3))));
        for (long e : new long[] {1, 62 - requant.rangeBits}) accepted(requant, editNode(RequantProof.OP, m -> withParams(m, e)));
        for (long e : new long[] {0, 63 - requant.rangeBits}) assertEquals("malformed", refused(requant, n, editNode(RequantProof.OP, m -> withParams(m, e))));
        int[] ys = requant.tensors.get(y).shape.clone();
        ys[ys.length - 1]++;
        assertEquals("malformed", refused(requant, n, shape(y, ys)));
    }

    @Test
    void anIntegerDivisionsDivisorArityAndShapeAreChecked() {
        VerifyingKey intdiv = intdivKey();
        NodeSpec n = node(intdiv, "Div");
        assertArrayEquals(new long[] {0, 3}, n.p);
        int x = n.in[0], y = n.out[0], b = intdiv.rangeBits;
        for (long d : new long[] {1, (1L << (b - 1)) - 1}) accepted(intdiv, editNode("Div", m -> withParams(m, 0, d)));
        for (long d : new long[] {0, -3, 1L << (b - 1)}) assertEquals("malformed", refused(intdiv, n, editNode("Div", m -> withParams(m, 0, d))));
        assertEquals("malformed", refused(intdiv, n, editNode("Div", m -> withParams(m, 0, 3, 3))));
        assertEquals("malformed", refused(intdiv, n, editNode("Div", m -> withInputs(m, x, x))));
        assertEquals("malformed", refused(intdiv, n, editNode("Div", m -> withOutputs(m, y, y))));
        assertEquals("shapes disagree", refused(intdiv, n, shape(y, 3, 5)));
    }

    @Test
    void aSquareRootsArityShapeAndShiftAreChecked() {
        VerifyingKey sqrt = sqrtKey();
        NodeSpec n = node(sqrt, "Sqrt");
        assertArrayEquals(new long[] {8}, n.p);
        assertEquals("malformed", refused(sqrt, n, editNode("Sqrt", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(sqrt, n, editNode("Sqrt", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(sqrt, n, editNode("Sqrt", m -> withParams(m, 8, 8))));
        assertEquals("shapes disagree", refused(sqrt, n, shape(1, 1, 5)));
        // 4 2^e v below 2^60 with v < 2^(B-1): e <= 58 - (B - 1); a rescale down by at most MAX_DOWN = 56
        for (long e : new long[] {59 - B, -56, 0, -1}) accepted(sqrt, editNode("Sqrt", m -> withParams(m, e)));
        for (long e : new long[] {60 - B, -57}) assertEquals("scale change out of range", refused(sqrt, n, editNode("Sqrt", m -> withParams(m, e))));
        accepted(sqrt, rangeBits(8).andThen(editNode("Sqrt", m -> withParams(m, 51))));
        assertEquals("scale change out of range", refused(sqrt, n, rangeBits(8).andThen(editNode("Sqrt", m -> withParams(m, 52)))));
    }

    @Test
    void aPowersModeArityExponentAndShiftsAreChecked() {
        VerifyingKey sigmoid = sigmoidKey();
        VerifyingKey pow = powKey();
        NodeSpec n = node(pow, "Pow");
        assertEquals(4, n.p.length);
        assertArrayEquals(new long[] {0, 2, 0}, java.util.Arrays.copyOf(n.p, 3));
        long s = n.p[3];
        assertEquals("malformed", refused(pow, n, editNode("Pow", m -> withParams(m))));
        assertEquals("malformed", refused(pow, n, editNode("Pow", m -> withParams(m, 3, 2, 0, s))));
        assertEquals("malformed", refused(pow, n, editNode("Pow", m -> withParams(m, 0, 2, 0))));
        assertEquals("malformed", refused(pow, n, editNode("Pow", m -> withParams(m, 0, 2, 0, s, 0))));
        assertEquals("malformed", refused(pow, n, editNode("Pow", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(pow, n, editNode("Pow", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(pow, n, editNode("Pow", m -> NodeKeyEdits.withRules(m, node(sigmoid, "Sigmoid").rules))));
        assertEquals("shapes disagree", refused(pow, n, shape(1, 1, 5)));
        // mode 1 is a square root (its parameters after the mode), read by SqrtProof's own guards
        accepted(pow, editNode("Pow", m -> withParams(m, 1, 8)));
        assertEquals("scale change out of range", refused(pow, n, editNode("Pow", m -> withParams(m, 1, 60 - B))));
        String range = "exponent or rescale out of range";
        for (long p : new long[] {1, 4}) accepted(pow, editNode("Pow", m -> withParams(m, 0, p, 0, s)));
        for (long p : new long[] {0, 5}) assertEquals(range, refused(pow, n, editNode("Pow", m -> withParams(m, 0, p, 0, s))));
        for (long[] c : new long[][] {{56, s}, {-40, s}, {0, 56}, {0, -40}}) accepted(pow, editNode("Pow", m -> withParams(m, 0, 1, c[0], c[1])));
        for (long[] c : new long[][] {{57, s}, {-41, s}, {0, 57}, {0, -41}}) assertEquals(range, refused(pow, n, editNode("Pow", m -> withParams(m, 0, 1, c[0], c[1]))), c[0] + " " + c[1]);
    }

    // ------------------------------------------------------------------ LeakyReluProof, HardSigmoidProof, LogicProof, ActivationProof

    /** LeakyRelu(x, 0.25 at scale 4) of x [1, 8] at scale 16: inputs [x, the slope constant], parameters [4]. */
    private static VerifyingKey leakyKey() {
        return key("LeakyRelu", 8, 16, 16, q -> q.put("alpha", 4, 4));
    }

    @Test
    void aLeakyRelusArityShapesSlopeAndItsScaleAreChecked() {
        VerifyingKey leaky = leakyKey();
        NodeSpec n = node(leaky, "LeakyRelu");
        assertArrayEquals(new long[] {4}, n.p);
        int x = n.in[0], a = n.in[1], y = n.out[0];
        assertEquals(Vec.Kind.CONST, leaky.tensors.get(a).kind);
        assertEquals("malformed", refused(leaky, n, editNode("LeakyRelu", m -> withInputs(m, x))));
        assertEquals("malformed", refused(leaky, n, editNode("LeakyRelu", m -> withOutputs(m, y, y))));
        assertEquals("malformed", refused(leaky, n, editNode("LeakyRelu", m -> withParams(m, 4, 4))));
        assertEquals("malformed", refused(leaky, n, shape(y, 1, 7)));
        assertEquals("malformed", refused(leaky, n, editNode("LeakyRelu", m -> withInputs(m, x, x)))); // the slope not a constant
        int[] as = leaky.tensors.get(a).shape.clone();
        as[as.length - 1] = 3; // a slope that does not broadcast to x
        assertEquals("malformed", refused(leaky, n, shape(a, as)));
        for (long sc : new long[] {0, 60 - B}) accepted(leaky, editNode("LeakyRelu", m -> withParams(m, sc)));
        for (long sc : new long[] {-1, 61 - B}) assertTrue(refused(leaky, n, editNode("LeakyRelu", m -> withParams(m, sc))).startsWith("slope at scale 2^" + sc));
    }

    /** HardSigmoid of x [1, 8] from scale 16 to 16, alpha 2 at scale 1, beta 1: parameters [alpha, beta, k, s_z] = [2, 1, 1, 16]. */
    private static VerifyingKey hardKey() {
        return key("HardSigmoid", 8, 16, 16, q -> q.put("alpha", 2, 1, 1));
    }

    private static Consumer<MutationGroup10Test.Parts> hard(long... p) {
        return editNode("HardSigmoid", m -> withParams(m, p));
    }

    /**
     * HardSigmoidProof.bounds through keys: W = bits of max|u| (u = requant(alpha x + beta, k), |x| < 2^(B-1)); the
     * rescale k in [-40, 56]; s_z >= 0; with an upper clamp step (s_z < W) s_z <= B - 2, without one W <= B - 1; W <= 60
     * (alpha 2^53 at B = 8: W = 60 decodes, alpha 2^54: W = 61 is refused).
     */
    @Test
    void aHardSigmoidsParametersAreBoundedByItsRelations() {
        VerifyingKey sigmoid = sigmoidKey();
        VerifyingKey hard = hardKey();
        NodeSpec n = node(hard, "HardSigmoid");
        assertArrayEquals(new long[] {2, 1, 1, 16}, n.p);
        assertEquals("malformed", refused(hard, n, editNode("HardSigmoid", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(hard, n, editNode("HardSigmoid", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(hard, n, hard(2, 1, 1)));
        assertEquals("malformed", refused(hard, n, editNode("HardSigmoid", m -> NodeKeyEdits.withRules(m, node(sigmoid, "Sigmoid").rules))));
        assertEquals("shapes disagree", refused(hard, n, shape(1, 1, 7)));
        String out = "parameters out of range";
        for (long[] p : new long[][] {{2, 1, 1, 0}, {2, 1, 1, 22}, {1, 0, 0, 23}, {1, 0, 0, 24}, {1, 0, 56, 16}}) accepted(hard, hard(p));
        for (long[] p : new long[][] {{2, 1, 1, -1}, {2, 1, 1, 23}, {2, 1, 1, 24}, {1, 0, 57, 16}}) {
            assertEquals(out, refused(hard, n, hard(p)), java.util.Arrays.toString(p));
        }
        for (long[] p : new long[][] {{1, 0, -40, 6}, {1L << 53, 0, 0, 6}}) accepted(hard, rangeBits(8).andThen(hard(p)));
        for (long[] p : new long[][] {{1, 0, -41, 6}, {1, 0, -40, 7}, {1L << 54, 0, 0, 6}}) {
            assertEquals(out, refused(hard, n, rangeBits(8).andThen(hard(p))), java.util.Arrays.toString(p));
        }
    }

    /** Where(x[:, :1] > -0.2, x, -x) with the output 3 bits finer than x (CompareLogicProofTest.tensorWhere): parameters [3, 3]. */
    private static VerifyingKey whereKey() {
        return ModelSetup.setup(CompareLogicProofTest.tensorWhere(new G(1507, 2, 6), 3), Visibility.ALL_PUBLIC).verifyingKey();
    }

    @Test
    void aLogicNodesArityShiftsShapesAndBitOperandsAreChecked() {
        VerifyingKey where = whereKey();
        NodeSpec n = node(where, "Where");
        assertArrayEquals(new long[] {3, 3}, n.p);
        int c = n.in[0], x = n.in[1], y = n.in[2], z = n.out[0];
        assertEquals("malformed", refused(where, n, editNode("Where", m -> withInputs(m, c, x))));
        assertEquals("malformed", refused(where, n, editNode("Where", m -> withOutputs(m, z, z))));
        assertEquals("malformed", refused(where, n, editNode("Where", m -> withParams(m, 3))));
        String shift = "operand shift out of range";
        for (long[] u : new long[][] {{0, 40}, {40, 0}, {0, 0}}) accepted(where, editNode("Where", m -> withParams(m, u)));
        for (long[] u : new long[][] {{-1, 0}, {0, -1}, {41, 0}, {0, 41}}) assertEquals(shift, refused(where, n, editNode("Where", m -> withParams(m, u))));
        // the output's budget check exists iff an operand is up-shifted (either one)
        for (long[] u : new long[][] {{0, 3}, {3, 0}, {0, 0}}) {
            VerifyingKey k = accepted(where, editNode("Where", m -> withParams(m, u)));
            boolean bound = k.circuit.ranges.stream().anyMatch(r -> r.what.equals(n.name + ".bound"));
            assertEquals(u[0] > 0 || u[1] > 0, bound, java.util.Arrays.toString(u));
        }
        assertEquals("shapes disagree", refused(where, n, shape(z, 2, 5)));
        // a condition neither proven bits nor a constant
        assertEquals("operand 0 is not proven boolean", refused(where, n, editNode("Where", m -> withInputs(m, x, x, y))));
        // And: two bit operands and no parameters
        accepted(where, op("Where", "And", m -> withParams(withInputs(m, c, c))).andThen(shape(z, 2, 1)));
        NodeSpec a = new NodeSpec("And", n.name, new int[] {c, c}, n.out, new long[0], n.rules);
        assertEquals("malformed", refused(where, a, op("Where", "And", m -> withInputs(m, c, c)).andThen(shape(z, 2, 1))));
        assertEquals("operand 1 is not proven boolean", refused(where, a, op("Where", "And", m -> withParams(withInputs(m, c, x)))));
    }

    @Test
    void aTableActivationsArityRulesAndShapesAreChecked() {
        VerifyingKey sigmoid = sigmoidKey();
        NodeSpec n = node(sigmoid, "Sigmoid");
        assertEquals(1, n.p.length);
        assertEquals(1, n.rules.size());
        assertEquals("malformed", refused(sigmoid, n, editNode("Sigmoid", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(sigmoid, n, editNode("Sigmoid", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(sigmoid, n, editNode("Sigmoid", m -> NodeKeyEdits.withRules(m, java.util.List.of()))));
        assertEquals("malformed", refused(sigmoid, n, editNode("Sigmoid", m -> NodeKeyEdits.withRules(m, java.util.List.of(m.rules.get(0), m.rules.get(0))))));
        assertEquals("malformed", refused(sigmoid, n, editNode("Sigmoid", m -> withParams(m))));
        assertEquals("malformed", refused(sigmoid, n, editNode("Sigmoid", m -> withParams(m, m.p[0], 0))));
        assertEquals("malformed", refused(sigmoid, n, shape(1, 2, 5)));
    }

    // ------------------------------------------------------------------ paths no other test model reaches

    /**
     * m's key with its last node of operator {@code op} (the model's output) moved in output scale until the node's
     * scale change, parameter {@code at}, is {@code e}; {@code perBit} is +1 where that parameter grows with the
     * output's scale (s_y - s_x), -1 where it shrinks (s_x - s_y).
     */
    private static ProvingKey withExponent(io.zkml4j.ml.quant.QuantizedModel m, String op, int at, int perBit, int e) {
        long honest = ElementwiseProofTest.spec(ModelSetup.setup(m, Visibility.ALL_PUBLIC), op).p[at];
        io.zkml4j.ml.quant.QNode q = ElementwiseProofTest.qnode(m, op);
        q.outScales[0] -= perBit * (int) (honest - e);
        m.outputs.get(0).scale = q.outScales[0];
        ProvingKey pk = ModelSetup.setup(m, Visibility.ALL_PUBLIC);
        assertEquals(e, ElementwiseProofTest.spec(pk, op).p[at]);
        return pk;
    }

    /**
     * Honest proofs on random inputs, then every sumcheck and every range check of the model played by a prover that
     * keeps the rest consistent: each is caught by its own node.
     */
    private static void provesAndEveryCheckBinds(ProvingKey pk, long seed) {
        for (long s = seed; s < seed + 2; s++) PowSqrtProofTest.provesQuantized(pk, ElementwiseProofTest.quantized(pk, new G(s, pk.vk.inputLength()).input(1)));
        long[] x = ElementwiseProofTest.quantized(pk, new G(seed, pk.vk.inputLength()).input(1));
        GraphVerifierGuardTest.everySumcheckIsCheckedByItsNode(pk, x);
        GraphVerifierGuardTest.everyRangeCheckIsBoundByItsNode(pk, x);
    }

    /**
     * A runtime division whose dividend is finer than the output needs (e = s_y + s_b - s_a < 0, k = -e): the divisor
     * is D = |b| 2^k and its half m 2^(k-1) is not committed (DivProof.run's k > 0 branch, DivRound's D at
     * 2^(B-1+k)).
     */
    @Test
    void aDivisionToACoarserScaleProves() {
        for (int k : new int[] {1, 3}) {
            G g = new G(1510 + k, 2, 6);
            String ones = g.c(io.zkml4j.ml.ir.Tensor.ofFloats(new int[] {6}, new double[] {1, 1, 1, 1, 1, 1}));
            io.zkml4j.ml.quant.QuantizedModel m = g.compile(g.op("Div", g.op("Mul", "x", g.c(io.zkml4j.ml.ir.Tensor.ofFloats(new int[0], new double[] {40}))),
                    g.op("Add", g.op("Abs", "x"), ones)), 1);
            provesAndEveryCheckBinds(withExponent(m, "Div", 1, 1, -k), 1520 + k);
        }
    }

    /** A mean and an average pool to a coarser scale (e < 0): the divisor n 2^-e (ReduceProof.divisor, PoolProof.declare). */
    @Test
    void aMeanAndAnAveragePoolToACoarserScaleProve() {
        G g = new G(1530, 2, 6);
        ProvingKey mean = withExponent(MaxSoftmaxProofTest.reduce(g, "ReduceMean", new long[] {1}, 1, false), "ReduceMean", 1, 1, -3);
        assertEquals(1, ElementwiseProofTest.spec(mean, "ReduceMean").p[0]);
        provesAndEveryCheckBinds(mean, 1531);
        G h = new G(1532, 1, 2, 5, 6);
        // parameters [rank, channels, in 5 6, out 3 3, kernel 3 3, strides 2 2, pads 1 1, dilations 1 1, e, counts]
        ProvingKey pool = withExponent(h.compile(h.op("AveragePool", java.util.Map.of("kernel_shape", io.zkml4j.ml.ir.Attribute.ofInts("kernel_shape", new long[] {3, 3}),
                "strides", io.zkml4j.ml.ir.Attribute.ofInts("strides", new long[] {2, 2}), "pads", io.zkml4j.ml.ir.Attribute.ofInts("pads", new long[] {1, 1, 1, 1})), "x"), 1),
                "AveragePool", 14, 1, -2);
        provesAndEveryCheckBinds(pool, 1533);
    }

    /** A Concat of two single-entry inputs (x.vars = 0): each share's index weight is read from its one entry. */
    @Test
    void aConcatOfSingleEntryInputsProves() {
        G g = new G(1540, 1, 1);
        ProvingKey pk = ModelSetup.setup(g.compile(g.op("Concat", java.util.Map.of("axis", io.zkml4j.ml.ir.Attribute.ofInt("axis", 1)), "x", g.op("Neg", "x")), 1),
                Visibility.ALL_PUBLIC);
        NodeSpec n = ElementwiseProofTest.spec(pk, "Concat");
        assertEquals(2, n.in.length);
        provesAndEveryCheckBinds(pk, 1541);
    }

    // ------------------------------------------------------------------ GatherProof, ScatterProof, IndexProof, MaxPoolProof

    /** GatherProofTest's forms over x [3, 5]: rows (mode 1, axis 1), elements (mode 2), onehot (mode 3), nd (mode 4). */
    private static VerifyingKey gather(String form) {
        return GatherProofTest.key(form, Visibility.ALL_PUBLIC).verifyingKey();
    }

    @Test
    void aRuntimeGathersModeAxisAndShapesAreChecked() {
        VerifyingKey k = gather("rows");
        NodeSpec n = node(k, "Gather");
        assertArrayEquals(new long[] {1, 1}, n.p);
        int x = n.in[0], i = n.in[1], y = n.out[0];
        assertArrayEquals(new int[] {3, 3}, k.tensors.get(y).shape);
        assertEquals("malformed", refused(k, n, editNode("Gather", m -> withParams(m))));
        assertEquals("malformed", refused(k, n, editNode("Gather", m -> withParams(m, 1))));
        assertEquals("malformed", refused(k, n, editNode("Gather", m -> withParams(m, 1, 1, 0))));
        assertEquals("malformed", refused(k, n, editNode("Gather", m -> withParams(m, 5, 1))));
        assertEquals("malformed", refused(k, n, editNode("Gather", m -> withInputs(m, x))));
        assertEquals("malformed", refused(k, n, editNode("Gather", m -> withOutputs(m, y, y))));
        for (long a : new long[] {-1, 2}) assertEquals("axis " + a + " of a rank-2 data input", refused(k, n, editNode("Gather", m -> withParams(m, 1, a))));
        assertEquals("output of shape [3, 3], expected [3, 5]", refused(k, n, editNode("Gather", m -> withParams(m, 1, 0))));
        accepted(k, editNode("Gather", m -> withParams(m, 1, 0)).andThen(shape(y, 3, 5)));
        // GatherElements' indices: of the data's rank, within it off the axis
        assertEquals("indices of rank 1 for data of rank 2", refused(k, n, editNode("Gather", m -> withParams(m, 2, 1))));
        VerifyingKey e = gather("elements");
        NodeSpec g = node(e, "GatherElements");
        assertArrayEquals(new long[] {2, 1}, g.p);
        int ex = g.in[0], ei = g.in[1];
        assertArrayEquals(new int[] {3, 1}, e.tensors.get(ei).shape);
        accepted(e, editNode("GatherElements", m -> withParams(m, 2, 0)));
        // the data [3, 1] read by indices [3, 5] along axis 0: dimension 1 is beyond the data
        assertEquals("indices of shape [3, 5] beyond data of shape [3, 1]", refused(e, g, editNode("GatherElements", m -> withInputs(m, ei, ex)).andThen(editNode("GatherElements", m -> withParams(m, 2, 0)))));
    }

    @Test
    void aOneHotsDepthValuesAxisAndShapeAreChecked() {
        VerifyingKey k = gather("onehot");
        NodeSpec n = node(k, "OneHot");
        assertEquals(5, n.p.length);
        assertArrayEquals(new long[] {3, 5}, java.util.Arrays.copyOf(n.p, 2));
        int i = n.in[0], y = n.out[0];
        assertArrayEquals(new int[] {3, 5}, k.tensors.get(y).shape);
        long half = 1L << (k.rangeBits - 1);
        assertEquals("malformed", refused(k, n, editNode("OneHot", m -> withParams(m, 3, 5, 0, 1))));
        assertEquals("malformed", refused(k, n, editNode("OneHot", m -> withInputs(m, i, i))));
        assertEquals("malformed", refused(k, n, editNode("OneHot", m -> withOutputs(m, y, y))));
        accepted(k, editNode("OneHot", m -> withParam(m, 1, 1)).andThen(shape(y, 3, 1)));
        assertEquals("malformed", refused(k, n, editNode("OneHot", m -> withParam(m, 1, 0)).andThen(shape(y, 3, 1))));
        assertEquals("malformed", refused(k, n, editNode("OneHot", m -> withParam(m, 1, (1 << 24) + 1))));
        for (int at : new int[] {2, 3}) {
            for (long v : new long[] {half - 1, 1 - half}) accepted(k, editNode("OneHot", m -> withParam(m, at, v)));
            for (long v : new long[] {half, -half}) assertEquals("value outside the range budget", refused(k, n, editNode("OneHot", m -> withParam(m, at, v))));
        }
        accepted(k, editNode("OneHot", m -> withParam(m, 4, 0)).andThen(shape(y, 5, 3)));
        for (long a : new long[] {-1, 2}) assertEquals("axis " + a + " for indices of rank 1", refused(k, n, editNode("OneHot", m -> withParam(m, 4, a))));
        assertEquals("output of shape [3, 4], expected [3, 5]", refused(k, n, shape(y, 3, 4)));
    }

    @Test
    void aGatherNDsAndAScatterNDsCoordinatesAndShapesAreChecked() {
        VerifyingKey k = gather("nd");
        NodeSpec n = node(k, "GatherND");
        assertArrayEquals(new long[] {4, 2}, n.p);
        int y = n.out[0];
        assertEquals("malformed", refused(k, n, editNode("GatherND", m -> withParams(m, 4, 2, 0))));
        assertEquals("malformed", refused(k, n, editNode("GatherND", m -> withInputs(m, n.in[0]))));
        assertEquals("malformed", refused(k, n, editNode("GatherND", m -> withOutputs(m, y, y))));
        assertEquals("coordinates disagree with the indices' shape", refused(k, n, editNode("GatherND", m -> withParams(m, 4, 1))));
        assertEquals("output of shape [4], expected [3]", refused(k, n, shape(y, 4)));
        VerifyingKey sk = ScatterProofTest.key(Visibility.ALL_PUBLIC).verifyingKey();
        NodeSpec sc = node(sk, "ScatterND");
        assertArrayEquals(new long[] {1, 2}, sc.p);
        int d = sc.in[0], u = sc.in[2], z = sc.out[0];
        assertEquals("malformed", refused(sk, sc, editNode("ScatterND", m -> withParams(m, 1))));
        assertEquals("malformed", refused(sk, sc, editNode("ScatterND", m -> withParams(m, 2, 2))));
        assertEquals("malformed", refused(sk, sc, editNode("ScatterND", m -> withParams(m, 1, 2, 0))));
        assertEquals("malformed", refused(sk, sc, editNode("ScatterND", m -> withInputs(m, d, sc.in[1]))));
        assertEquals("malformed", refused(sk, sc, editNode("ScatterND", m -> withOutputs(m, z, z))));
        assertEquals("coordinates disagree with the indices' shape", refused(sk, sc, editNode("ScatterND", m -> withParams(m, 1, 1))));
        assertEquals("output of shape [3, 4], data [3, 5]", refused(sk, sc, shape(z, 3, 4)));
        assertTrue(refused(sk, sc, shape(u, 4)).startsWith("updates of shape [4], expected [3]"));
    }

    /** Transpose of x [2, 3] (tensor 0) into y [3, 2]: parameters [1 output, identity 0, fill 0, length 6, the map]. */
    private static VerifyingKey transposeKey() {
        G g = new G(1550, 2, 3);
        return ModelSetup.setup(g.compile(g.op("Transpose", ConvProofTest.attrs("perm", new long[] {1, 0}), "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    private static Consumer<MutationGroup10Test.Parts> transpose(long... p) {
        return editNode("Transpose", m -> withParams(m, p));
    }

    @Test
    void anIndexMapsOutputsLengthsIndicesAndUpShiftsAreChecked() {
        VerifyingKey transpose = transposeKey();
        NodeSpec n = node(transpose, "Transpose");
        long[] map = {0, 3, 1, 4, 2, 5};
        long[] honest = java.util.stream.LongStream.concat(java.util.stream.LongStream.of(1, 0, 0, 6), java.util.Arrays.stream(map)).toArray();
        assertArrayEquals(honest, n.p);
        int y = n.out[0];
        assertEquals("malformed", refused(transpose, n, editNode("Transpose", m -> withParam(m, 0, 2))));
        // a flat identity of the same size decodes, of another size not
        accepted(transpose, transpose(1, 1, 0, 0));
        assertEquals("identity of different sizes", refused(transpose, n, transpose(1, 1, 0, 0).andThen(shape(y, 2, 2))));
        assertEquals("identity of different sizes", refused(transpose, n, transpose(1, 1, 0, 0).andThen(editNode("Transpose", m -> withInputs(m, 0, 0)))));
        assertEquals("index map of the wrong length", refused(transpose, n, editNode("Transpose", m -> withParam(m, 3, 5))));
        assertEquals("index map of the wrong length", refused(transpose, n, transpose(java.util.Arrays.copyOf(honest, honest.length - 1))));
        // an index is -1 (the fill) or one of the inputs' entries
        for (long v : new long[] {-1, 5}) accepted(transpose, editNode("Transpose", m -> withParam(m, 4, v)));
        for (long v : new long[] {-2, 6}) assertEquals("index " + v + " out of range", refused(transpose, n, editNode("Transpose", m -> withParam(m, 4, v))));
        // two inputs: the indices run over both (x twice: 12 entries)
        accepted(transpose, editNode("Transpose", m -> withParam(withInputs(m, 0, 0), 4, 11)));
        assertEquals("index 12 out of range", refused(transpose, n, editNode("Transpose", m -> withParam(withInputs(m, 0, 0), 4, 12))));
        // the inputs' up-shifts, one per input, 0..MAX_UP; with them each output's budget is checked
        long[] up = java.util.Arrays.copyOf(honest, honest.length + 1);
        assertTrue(transpose.circuit.ranges.stream().noneMatch(r -> r.what.startsWith(n.name + ".bound")));
        for (long u : new long[] {0, IndexProof.MAX_UP}) {
            up[honest.length] = u;
            VerifyingKey k = accepted(transpose, transpose(up.clone()));
            assertTrue(k.circuit.ranges.stream().anyMatch(r -> r.what.equals(n.name + ".bound0")));
        }
        for (long u : new long[] {-1, IndexProof.MAX_UP + 1}) {
            up[honest.length] = u;
            assertEquals("up-shift out of range", refused(transpose, n, transpose(up.clone())));
        }
        assertEquals("trailing parameters", refused(transpose, n, transpose(java.util.Arrays.copyOf(honest, honest.length + 2))));
    }

    /** MaxPool 3x3, strides 2, pads 1 over x [1, 2, 5, 6] (tensor 0) into y [1, 2, 3, 3]: the geometry's parameters only. */
    private static VerifyingKey maxpoolKey() {
        G g = new G(1560, 1, 2, 5, 6);
        return ModelSetup.setup(g.compile(g.op("MaxPool", ConvProofTest.attrs("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}), "x"), 1),
                Visibility.ALL_PUBLIC).verifyingKey();
    }

    /**
     * A window with no cell inside the input (kernel 1, pads 1: the corners) is refused: the maximum of nothing; a
     * window of one real cell and padding (kernel 2, pads 1) decodes and proves (its padding slots read that cell).
     */
    @Test
    void aMaxPoolsParameterCountAndEmptyWindowsAreChecked() {
        VerifyingKey maxpool = maxpoolKey();
        NodeSpec n = node(maxpool, "MaxPool");
        long[] honest = {2, 2, 5, 6, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1};
        assertArrayEquals(honest, n.p);
        assertEquals("malformed pool parameters", refused(maxpool, n, editNode("MaxPool", m -> withParams(m, java.util.Arrays.copyOf(honest, honest.length + 1)))));
        // kernel 1, stride 1, pads 1: y [1, 2, 7, 8], whose border windows lie in the padding
        long[] empty = {2, 2, 5, 6, 7, 8, 1, 1, 1, 1, 1, 1, 1, 1};
        assertEquals("window not provable", refused(maxpool, n, editNode("MaxPool", m -> withParams(m, empty)).andThen(shape(1, 1, 2, 7, 8))));
        // a left pad only (pads 0 1, y [1, 2, 5, 7]): every empty window is followed by a real one, and is refused too
        long[] left = {2, 2, 5, 6, 5, 7, 1, 1, 1, 1, 0, 1, 1, 1};
        assertEquals("window not provable", refused(maxpool, n, editNode("MaxPool", m -> withParams(m, left)).andThen(shape(1, 1, 2, 5, 7))));
        // windows of MAX_WINDOW = 16 x 16 cells decode, 16 x 17 not (x [1, 2, 16, 16 or 17], y [1, 2, 1, 1])
        long[] widest = {2, 2, 16, 16, 1, 1, 16, 16, 1, 1, 0, 0, 1, 1};
        accepted(maxpool, editNode("MaxPool", m -> withParams(m, widest)).andThen(shape(0, 1, 2, 16, 16)).andThen(shape(1, 1, 2, 1, 1)));
        long[] wider = {2, 2, 16, 17, 1, 1, 16, 17, 1, 1, 0, 0, 1, 1};
        assertEquals("window not provable", refused(maxpool, n, editNode("MaxPool", m -> withParams(m, wider)).andThen(shape(0, 1, 2, 16, 17)).andThen(shape(1, 1, 2, 1, 1))));
        long[] corner = {2, 2, 5, 6, 6, 7, 2, 2, 1, 1, 1, 1, 1, 1};
        accepted(maxpool, editNode("MaxPool", m -> withParams(m, corner)).andThen(shape(1, 1, 2, 6, 7)));
        G g = new G(1561, 1, 2, 5, 6);
        ProvingKey pk = ModelSetup.setup(g.compile(g.op("MaxPool", ConvProofTest.attrs("kernel_shape", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}), "x"), 1),
                Visibility.ALL_PUBLIC);
        assertArrayEquals(corner, ElementwiseProofTest.spec(pk, "MaxPool").p);
        provesAndEveryCheckBinds(pk, 1562);
    }

    // ------------------------------------------------------------------ SoftmaxProof.bounds on hand-made tables

    /** Softmax and LogSoftmax of x [2, 6] (tensor 0) along axis 1 into y (tensor 1): MutationGroup14Test's keys. */
    private static VerifyingKey softmaxKey() {
        G g = new G(17, 2, 6);
        return ModelSetup.setup(g.compile(g.op("Softmax", ConvProofTest.attrs("axis", 1), "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    private static VerifyingKey logSoftmaxKey() {
        G h = new G(17, 2, 6);
        return ModelSetup.setup(h.compile(h.op("LogSoftmax", ConvProofTest.attrs("axis", 1), "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    /** A table of fn over the full signed domain of {@code bits} bits at input scale sIn, output scale sOut. */
    private static io.zkml4j.ml.quant.TableRule table(io.zkml4j.ml.quant.UnaryFunction fn, double[] params, int sIn, int sOut, int bits) {
        return new io.zkml4j.ml.quant.TableRule(fn, params, sIn, sOut, bits, -(1L << (bits - 1)), (1L << (bits - 1)) - 1, false);
    }

    /** 2^-x over [-16, 15] at scale 2^20: E = 2^16 2^20 = 2^36 on [lo, 0], its value at 0 2^20. */
    private static final io.zkml4j.ml.quant.TableRule STEEP = table(io.zkml4j.ml.quant.UnaryFunction.EXP_BASE, new double[] {0.5}, 0, SoftmaxProof.EXP_SCALE, 5);

    private static Consumer<MutationGroup10Test.Parts> softmaxRules(String op, io.zkml4j.ml.quant.TableRule... rules) {
        return editNode(op, m -> NodeKeyEdits.withRules(m, java.util.List.of(rules)));
    }

    /**
     * The exp table's shape (SoftmaxProof.bounds' first checks, maxExp): every value on [lo, 0] nonnegative, the largest
     * E >= 1 and the value at 0 >= 1. cos is negative on [-8, 0] while cos(0) = 1 (refused, and by the sign check
     * alone: E would be 2^20); x^2 is 0 at 0 while its largest value is 2^26 (refused by the value at 0 alone).
     */
    @Test
    void anExpTableWithANegativeValueOrNothingAtZeroIsRefused() {
        VerifyingKey softmax = softmaxKey();
        NodeSpec n = node(softmax, "Softmax");
        String out = "softmax parameters out of range";
        io.zkml4j.ml.quant.TableRule cos = table(io.zkml4j.ml.quant.UnaryFunction.COS, new double[0], 4, SoftmaxProof.EXP_SCALE, 8);
        io.zkml4j.ml.quant.TableRule square = table(io.zkml4j.ml.quant.UnaryFunction.POW, new double[] {2}, 4, SoftmaxProof.EXP_SCALE, 8);
        assertEquals(1L << 20, cos.entry(0));
        assertEquals(0, square.entry(0));
        assertEquals(out, refused(softmax, n, softmaxRules("Softmax", cos)));
        assertEquals(out, refused(softmax, n, softmaxRules("Softmax", square)));
        // a steep table decodes where its bounds allow (below)
        accepted(softmax, softmaxRules("Softmax", STEEP));
    }

    /**
     * Softmax's division term 2^s_y E + W E (W = 6) decides for a steep table at B = 8 (the other terms, W E 2^(B-1) and
     * the exp lookup's, are far below): s_y = 25 gives 2^61 + 6 2^36, s_y = 26 reaches 2^62.
     */
    @Test
    void aSteepExpTableBoundsTheSoftmaxOutputScale() {
        VerifyingKey softmax = softmaxKey();
        NodeSpec n = node(softmax, "Softmax");
        int so = 3; // p: [rank, flags 0 1, s_y, k]
        accepted(softmax, rangeBits(8).andThen(softmaxRules("Softmax", STEEP)).andThen(editNode("Softmax", m -> withParam(m, so, 25))));
        assertEquals("softmax parameters out of range", refused(softmax, n, rangeBits(8).andThen(softmaxRules("Softmax", STEEP)).andThen(editNode("Softmax", m -> withParam(m, so, 26)))));
    }

    /**
     * LogSoftmax's rescale of S before the log table: its clamp relation 2^(max(k_L, 0) + bits(S) + max(0, -k_L) + 3),
     * with S up to 6 2^36 (39 bits) from the steep table: k_L = -19 gives 2^61, -20 reaches 2^62.
     */
    @Test
    void aSteepExpTableBoundsTheLogRescale() {
        VerifyingKey logSoftmax = logSoftmaxKey();
        NodeSpec n = node(logSoftmax, "LogSoftmax");
        io.zkml4j.ml.quant.TableRule log = n.rules.get(1);
        int kl = 5; // p: [rank, flags 0 1, s_y, k, k_L, shift]
        accepted(logSoftmax, softmaxRules("LogSoftmax", STEEP, log).andThen(editNode("LogSoftmax", m -> withParam(m, kl, -19))));
        assertEquals("softmax parameters out of range", refused(logSoftmax, n, softmaxRules("LogSoftmax", STEEP, log).andThen(editNode("LogSoftmax", m -> withParam(m, kl, -20)))));
    }

    /**
     * LogSoftmax's output relation 2^shift (2^(B-1) + max|T_log| + 2) with a log table whose largest value on the indices
     * S reaches is 2^22: x [2, 1] (W = 1, S = 2^20 exactly, its index 2^11 at scale 2^11) and the identity at 2^22 as the
     * "log" table. At B = 8 and shift 40 that is 2^62 + 2^47 + ...: refused; shift 39 decodes.
     */
    @Test
    void aLargeLogTableBoundsTheLogSoftmaxShift() {
        VerifyingKey logSoftmax = logSoftmaxKey();
        NodeSpec n = node(logSoftmax, "LogSoftmax");
        io.zkml4j.ml.quant.TableRule exp = n.rules.get(0), log = n.rules.get(1);
        io.zkml4j.ml.quant.TableRule wide = table(io.zkml4j.ml.quant.UnaryFunction.POW, new double[] {1}, log.sIn(), 22, log.bits());
        assertEquals(11, log.sIn());
        assertEquals(1L << 22, wide.entry(1 << 11));
        int shift = 6;
        Consumer<MutationGroup10Test.Parts> edit = rangeBits(8).andThen(shape(0, 2, 1)).andThen(shape(1, 2, 1)).andThen(softmaxRules("LogSoftmax", exp, wide));
        accepted(logSoftmax, edit.andThen(editNode("LogSoftmax", m -> withParam(m, shift, 39))));
        assertEquals("softmax parameters out of range", refused(logSoftmax, n, edit.andThen(editNode("LogSoftmax", m -> withParam(m, shift, 40)))));
    }

    /**
     * A LogSoftmax whose output is finer than its input (shift = s_x - s_y < 0: y + L = 2^-shift (x - m)), and a
     * ReduceLogSumExp coarser (shift > 0: its rescale relation), each proven; a log-sum-exp output moved by one is caught
     * by that relation, named.
     */
    @Test
    void aLogSoftmaxToAFinerAndALogSumExpToACoarserScaleProve() {
        G g = new G(1570, 2, 6);
        // p: [rank, flags 0 1, s_y, k, k_L, shift]
        ProvingKey finer = withExponent(g.compile(g.op("LogSoftmax", ConvProofTest.attrs("axis", 1), "x"), 1), "LogSoftmax", 6, -1, -2);
        provesAndEveryCheckBinds(finer, 1571);
        ProvingKey lse = withExponent(MaxSoftmaxProofTest.reduce(new G(1572, 2, 6), "ReduceLogSumExp", new long[] {1}, 1, false), "ReduceLogSumExp", 6, -1, 2);
        long[] x = ElementwiseProofTest.quantized(lse, new G(1573, 2, 6).input(1));
        PowSqrtProofTest.provesQuantized(lse, x);
        // the prover commits an output one larger at an entry and its remainder kept in range
        String msg = ElementwiseProofTest.cheatRejected(lse, x, ElementwiseProofTest.alterOutput(lse, ElementwiseProofTest.spec(lse, "ReduceLogSumExp"), 1));
        assertEquals("node 'ReduceLogSumExp_0' (ReduceLogSumExp): log-sum-exp is not the rescaled max plus the log of the sum", msg);
    }
}
