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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.prover.ElementwiseProofTest.G;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The key guards of group 3's DivProof, DivRound and SoftmaxProof and of group 4's PoolProof (its Geometry), and the
 * setup-time bound analyses DivProof.bounds and SoftmaxProof.bounds where a key reaches them (docs/mutation.md, group
 * 14), each through a hand-edited key ({@link NodeKeyEdits}): at the limit a guard allows the key decodes, one beyond
 * it is refused by the node's own message.
 */
class MutationGroup14Test {
    // ------------------------------------------------------------------ DivProof (mode 2 and Reciprocal)

    /** Div(x, |x| + 1): x (tensor 0) [2, 6], the divisor 2 [2, 6], the constant 3 [6], y 4 [2, 6]; parameters [2, e = 17]. */
    private static final VerifyingKey DIV;
    /** Reciprocal(|x| + 1): the same tensors, parameters [3, e = 34], input [2]. */
    private static final VerifyingKey RECIPROCAL;

    static {
        G g = new G(14, 2, 6);
        String ones = g.c(Tensor.ofFloats(new int[] {6}, new double[] {1, 1, 1, 1, 1, 1}));
        DIV = ModelSetup.setup(g.compile(g.op("Div", "x", g.op("Add", g.op("Abs", "x"), ones)), 1), Visibility.ALL_PUBLIC).verifyingKey();
        G h = new G(15, 2, 6);
        String ones2 = h.c(Tensor.ofFloats(new int[] {6}, new double[] {1, 1, 1, 1, 1, 1}));
        RECIPROCAL = ModelSetup.setup(h.compile(h.op("Reciprocal", h.op("Add", h.op("Abs", "x"), ones2)), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    @Test
    void theKeysAreAsDescribed() {
        assertEquals(24, DIV.rangeBits);
        NodeSpec d = node(DIV, "Div"), r = node(RECIPROCAL, "Reciprocal");
        assertArrayEquals(new int[] {0, 2}, d.in);
        assertArrayEquals(new int[] {4}, d.out);
        assertArrayEquals(new long[] {2, 17}, d.p);
        assertArrayEquals(new int[] {2}, r.in);
        assertArrayEquals(new long[] {3, 34}, r.p);
        assertArrayEquals(new int[] {6}, DIV.tensors.get(3).shape);
        assertArrayEquals(new int[] {6}, RECIPROCAL.tensors.get(3).shape);
    }

    @Test
    void aDivisionsModeArityAndParameterCountAreChecked() {
        NodeSpec n = node(DIV, "Div");
        assertEquals("malformed", refused(DIV, n, editNode("Div", m -> withParams(m))));
        assertEquals("malformed", refused(DIV, n, editNode("Div", m -> withParams(m, 4, 17))));
        assertEquals("malformed", refused(DIV, n, editNode("Div", m -> withParams(m, 2))));
        assertEquals("malformed", refused(DIV, n, editNode("Div", m -> withParams(m, 2, 17, 0))));
        assertEquals("malformed", refused(DIV, n, editNode("Div", m -> withParams(m, 3, 17)))); // Reciprocal's mode, two inputs
        assertEquals("malformed", refused(DIV, n, editNode("Div", m -> withInputs(m, 0))));
        assertEquals("malformed", refused(DIV, n, editNode("Div", m -> withInputs(m, 0, 2, 2))));
        assertEquals("malformed", refused(DIV, n, editNode("Div", m -> withOutputs(m, 4, 4))));
        NodeSpec r = node(RECIPROCAL, "Reciprocal");
        assertEquals("malformed", refused(RECIPROCAL, r, editNode("Reciprocal", m -> withParams(m, 2, 34)))); // a division, one input
        assertEquals("malformed", refused(RECIPROCAL, r, editNode("Reciprocal", m -> withInputs(m, 2, 2))));
    }

    @Test
    void aDivisionsOperandsBroadcastToItsOutputAndAReciprocalsInputIsItsOutputsShape() {
        NodeSpec n = node(DIV, "Div");
        // either operand may broadcast to y (numpy), as LayerNorm's x / std
        accepted(DIV, editNode("Div", m -> withInputs(m, 0, 3)));
        accepted(DIV, editNode("Div", m -> withInputs(m, 3, 2)));
        assertEquals("shapes disagree", refused(DIV, n, shape(4, 2, 5)));
        assertEquals("shapes disagree", refused(DIV, n, shape(4, 1, 6))); // [2, 6] does not broadcast to [1, 6]
        // Reciprocal: the input [6] broadcasts to [2, 6] but is not of its shape
        NodeSpec r = node(RECIPROCAL, "Reciprocal");
        assertEquals("shapes disagree", refused(RECIPROCAL, r, editNode("Reciprocal", m -> withInputs(m, 3))));
        assertEquals("shapes disagree", refused(RECIPROCAL, r, shape(4, 2, 5)));
    }

    private static Consumer<MutationGroup10Test.Parts> rangeBits(int b) {
        return p -> p.rangeBits = b;
    }

    private static Consumer<MutationGroup10Test.Parts> scale(String op, long e) {
        return editNode(op, m -> withParam(m, 1, e));
    }

    /**
     * Relation (B) below 2^62, B = 24: 2^(B-1+e) + 2^B + 2^(2B-2) < 2^62 up to e = 38 (2^61 + ...), and for e < 0 (k =
     * -e) 2^(B-1) + 2^(B+k) + 2^(2B-2+k) up to k = 15. Reciprocal (|a| = 1): 2^e + ... up to e = 61, the exponent's own
     * limit, and k = 15 again.
     */
    @Test
    void aDivisionsScaleChangeIsBoundedByRelationB() {
        NodeSpec n = node(DIV, "Div"), r = node(RECIPROCAL, "Reciprocal");
        for (long e : new long[] {38, -15, 0}) accepted(DIV, scale("Div", e));
        for (long e : new long[] {39, -16}) assertEquals("scale change out of range", refused(DIV, n, scale("Div", e)));
        for (long e : new long[] {61, -15, 0}) accepted(RECIPROCAL, scale("Reciprocal", e));
        for (long e : new long[] {62, -16}) assertEquals("scale change out of range", refused(RECIPROCAL, r, scale("Reciprocal", e)));
    }

    /** With B = 8 the bound (2^(7+e), 2^(14+k)) allows every exponent of [-40, 40]: MAX_EXP decides. */
    @Test
    void withANarrowBudgetTheExponentsOwnLimitDecides() {
        NodeSpec n = node(DIV, "Div"), r = node(RECIPROCAL, "Reciprocal");
        for (long e : new long[] {40, -40}) accepted(DIV, rangeBits(8).andThen(scale("Div", e)));
        for (long e : new long[] {41, -41}) assertEquals("scale change out of range", refused(DIV, n, rangeBits(8).andThen(scale("Div", e))));
        accepted(RECIPROCAL, rangeBits(8).andThen(scale("Reciprocal", -40)));
        accepted(RECIPROCAL, rangeBits(8).andThen(scale("Reciprocal", 61)));
        for (long e : new long[] {62, -41}) assertEquals("scale change out of range", refused(RECIPROCAL, r, rangeBits(8).andThen(scale("Reciprocal", e))));
    }

    // ------------------------------------------------------------------ PoolProof and its Geometry

    /**
     * AveragePool (kernel 3x3, strides 2, pads 1, count_include_pad 0) over x [1, 2, 5, 6] (tensor 0) into y [1, 2, 3,
     * 3] (tensor 1): parameters [rank 2, channels 2, in 5 6, out 3 3, kernel 3 3, strides 2 2, pads 1 1, dilations 1
     * 1, e, the 9 window counts].
     */
    private static final VerifyingKey POOL;

    static {
        G p = new G(16, 1, 2, 5, 6);
        POOL = ModelSetup.setup(p.compile(p.op("AveragePool", Map.of("kernel_shape", Attribute.ofInts("kernel_shape", new long[] {3, 3}),
                "strides", Attribute.ofInts("strides", new long[] {2, 2}), "pads", Attribute.ofInts("pads", new long[] {1, 1, 1, 1})), "x"), 1),
                Visibility.ALL_PUBLIC).verifyingKey();
    }

    private static final long[] POOL_P = {2, 2, 5, 6, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 4, 6, 6, 6, 9, 9, 4, 6, 6};

    /** A pool node of the given geometry (rank r = in.length, e = 1, every window count 1), x and y shaped to match. */
    private static Consumer<MutationGroup10Test.Parts> pool(long ch, long[] in, long[] out, long[] kernel, long[] strides, long[] pads, long[] dil) {
        int r = in.length;
        long outSp = 1;
        for (long o : out) outSp *= o;
        LongStream.Builder b = LongStream.builder().add(r).add(ch);
        for (long[] a : new long[][] {in, out, kernel, strides, pads, dil}) for (long v : a) b.add(v);
        b.add(1);
        for (long i = 0; i < outSp; i++) b.add(1);
        long[] p = b.build().toArray();
        return editNode("AveragePool", m -> withParams(m, p)).andThen(shape(0, dims(ch, in))).andThen(shape(1, dims(ch, out)));
    }

    private static int[] dims(long ch, long[] spatial) {
        int[] s = new int[spatial.length + 2];
        s[0] = 1;
        s[1] = (int) ch;
        for (int i = 0; i < spatial.length; i++) s[i + 2] = (int) spatial[i];
        return s;
    }

    private static long[] fill(int r, long v) {
        long[] a = new long[r];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void thePoolKeyIsAsDescribed() {
        NodeSpec n = node(POOL, "AveragePool");
        assertArrayEquals(POOL_P, n.p);
        assertArrayEquals(new int[] {0}, n.in);
        assertArrayEquals(new int[] {1}, n.out);
        // the harness's own rebuild of the honest geometry decodes
        accepted(POOL, pool(2, new long[] {5, 6}, new long[] {3, 3}, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1}));
    }

    @Test
    void aPoolsArityAndParameterCountAreChecked() {
        NodeSpec n = node(POOL, "AveragePool");
        assertEquals("malformed", refused(POOL, n, editNode("AveragePool", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(POOL, n, editNode("AveragePool", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(POOL, n, editNode("AveragePool", m -> withParams(m, 2))));
        // two parameters pass the first guard: rank 0 then needs x and y of rank 2
        assertEquals("window geometry does not match the tensors' shapes", refused(POOL, n, editNode("AveragePool", m -> withParams(m, 0, 2))));
        // 2 + 6 rank parameters pass the geometry's guard, the pool's own count guard refuses them
        assertEquals("malformed window geometry", refused(POOL, n, editNode("AveragePool", m -> withParams(m, java.util.Arrays.copyOf(POOL_P, 13)))));
        assertEquals("malformed pool parameters", refused(POOL, n, editNode("AveragePool", m -> withParams(m, java.util.Arrays.copyOf(POOL_P, 14)))));
        assertEquals("malformed pool parameters", refused(POOL, n, editNode("AveragePool", m -> withParams(m, java.util.Arrays.copyOf(POOL_P, POOL_P.length - 1)))));
        assertEquals("malformed pool parameters", refused(POOL, n, editNode("AveragePool", m -> withParams(m, java.util.Arrays.copyOf(POOL_P, POOL_P.length + 1)))));
    }

    @Test
    void aPoolsRankAndChannelsAreBounded() {
        NodeSpec n = node(POOL, "AveragePool");
        // rank 0 (one cell per channel) and rank 6 decode: the key's reader refuses tensors of rank above 8, so 6 is the
        // largest pool rank a key can hold; rank MAX_RANK + 1 with parameters enough for it is refused by the rank guard
        accepted(POOL, pool(2, new long[0], new long[0], new long[0], new long[0], new long[0], new long[0]));
        accepted(POOL, pool(2, fill(6, 1), fill(6, 1), fill(6, 1), fill(6, 1), fill(6, 0), fill(6, 1)));
        int max = PoolProof.Geometry.MAX_RANK;
        long[] many = java.util.Arrays.copyOf(POOL_P, 2 + 6 * (max + 1) + 2);
        many[0] = max + 1;
        assertEquals("malformed window geometry", refused(POOL, n, editNode("AveragePool", m -> withParams(m, many))));
        assertEquals("malformed window geometry", refused(POOL, n, editNode("AveragePool", m -> withParam(m, 0, -1))));
        // channels in [1, MAX_EXTENT]
        long ext = PoolProof.Geometry.MAX_EXTENT;
        accepted(POOL, pool(ext, new long[0], new long[0], new long[0], new long[0], new long[0], new long[0]));
        accepted(POOL, pool(1, new long[] {5, 6}, new long[] {3, 3}, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1}));
        assertEquals("malformed window geometry", refused(POOL, n, pool(ext + 1, new long[0], new long[0], new long[0], new long[0], new long[0], new long[0])));
        assertEquals("malformed window geometry", refused(POOL, n, editNode("AveragePool", m -> withParam(m, 1, 0))));
    }

    @Test
    void everyWindowParameterIsBoundedAndOnlyPadsMayBeZero() {
        NodeSpec n = node(POOL, "AveragePool");
        long ext = PoolProof.Geometry.MAX_EXTENT;
        for (int j = 0; j < 6; j++) {
            long lo = j == 4 ? 0 : 1;
            for (int i = 0; i < 2; i++) {
                int at = 2 + 2 * j + i;
                assertEquals("window parameter " + (lo - 1) + " out of range", refused(POOL, n, editNode("AveragePool", m -> withParam(m, at, lo - 1))));
                assertEquals("window parameter " + (ext + 1) + " out of range", refused(POOL, n, editNode("AveragePool", m -> withParam(m, at, ext + 1))));
            }
        }
        // at the limits: pads 0 and MAX_EXTENT, strides, dilations and a kernel of MAX_EXTENT, an input of MAX_EXTENT
        long[] in = {5, 6}, out = {3, 3}, k = {3, 3}, s = {2, 2}, pd = {1, 1}, dl = {1, 1};
        accepted(POOL, pool(2, in, out, k, s, new long[] {0, 0}, dl));
        accepted(POOL, pool(2, in, out, k, s, new long[] {ext, 0}, dl));
        accepted(POOL, pool(2, in, out, k, new long[] {ext, 1}, pd, dl));
        accepted(POOL, pool(2, in, out, k, s, pd, new long[] {1, ext}));
        accepted(POOL, pool(2, in, out, new long[] {ext, 1}, s, pd, dl));
        accepted(POOL, pool(1, new long[] {ext, 1}, new long[] {1, 1}, k, s, pd, dl));
    }

    @Test
    void theWindowMapIsBounded() {
        NodeSpec n = node(POOL, "AveragePool");
        long[] in = {5, 6}, s = {2, 2}, pd = {1, 1}, dl = {1, 1};
        // outputs times window cells: 2^26 decodes (a source index per pair), one window of 2^26 + 2^13 cells or three of 2^25 do not
        accepted(POOL, pool(1, in, new long[] {1, 1}, new long[] {1 << 13, 1 << 13}, s, pd, dl));
        assertEquals("window map too large", refused(POOL, n, pool(1, in, new long[] {1, 1}, new long[] {(1 << 13) + 1, 1 << 13}, s, pd, dl)));
        assertEquals("window map too large", refused(POOL, n, pool(1, in, new long[] {3, 1}, new long[] {1 << 13, 1 << 12}, s, pd, dl)));
    }

    @Test
    void theGeometryMustMatchTheTensorsShapes() {
        NodeSpec n = node(POOL, "AveragePool");
        String msg = "window geometry does not match the tensors' shapes";
        int[][] xs = {{2, 2, 5, 6}, {1, 3, 5, 6}, {1, 2, 4, 6}, {1, 2, 5, 5}, {1, 2, 30}, {1, 2, 5, 6, 1}};
        for (int[] x : xs) assertEquals(msg, refused(POOL, n, shape(0, x)));
        int[][] ys = {{2, 2, 3, 3}, {1, 1, 3, 3}, {1, 2, 2, 3}, {1, 2, 3, 4}, {1, 2, 9}, {1, 2, 3, 3, 1}};
        for (int[] y : ys) assertEquals(msg, refused(POOL, n, shape(1, y)));
    }

    @Test
    void aPoolsScaleExponentAndWindowCountsAreBounded() {
        NodeSpec n = node(POOL, "AveragePool");
        int at = 14;
        for (long e : new long[] {40, -40}) accepted(POOL, editNode("AveragePool", m -> withParam(m, at, e)));
        for (long e : new long[] {41, -41}) assertEquals("scale exponent " + e + " out of range", refused(POOL, n, editNode("AveragePool", m -> withParam(m, at, e))));
        for (long c : new long[] {1, 1L << 20}) accepted(POOL, editNode("AveragePool", m -> withParam(withParam(m, at, -40), at + 5, c)));
        for (long c : new long[] {0, (1L << 20) + 1}) {
            assertEquals("window count " + c + " out of range", refused(POOL, n, editNode("AveragePool", m -> withParam(m, at + 9, c))));
        }
    }

    // ------------------------------------------------------------------ SoftmaxProof (declare and its bound analysis)

    /**
     * Softmax and LogSoftmax of x [2, 6] (tensor 0) along axis 1 into y [2, 6] (tensor 1), B = 24: parameters [rank 2,
     * flags 0 1, s_y, k = 5] (LogSoftmax then [k_L = 9, s_x - s_y = 1]); the exp table at scale 2^20 (E = 2^20).
     */
    private static final VerifyingKey SOFTMAX, LOG_SOFTMAX;

    static {
        G g = new G(17, 2, 6);
        SOFTMAX = ModelSetup.setup(g.compile(g.op("Softmax", Map.of("axis", Attribute.ofInt("axis", 1)), "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
        G h = new G(17, 2, 6);
        LOG_SOFTMAX = ModelSetup.setup(h.compile(h.op("LogSoftmax", Map.of("axis", Attribute.ofInt("axis", 1)), "x"), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    private static final String OUT_OF_RANGE = "softmax parameters out of range";

    @Test
    void theSoftmaxKeysAreAsDescribed() {
        assertArrayEquals(new long[] {2, 0, 1, 18, 5}, node(SOFTMAX, "Softmax").p);
        assertArrayEquals(new long[] {2, 0, 1, 15, 5, 9, 1}, node(LOG_SOFTMAX, "LogSoftmax").p);
        assertEquals(24, SOFTMAX.rangeBits);
        assertEquals(1, node(SOFTMAX, "Softmax").rules.size());
        assertEquals(2, node(LOG_SOFTMAX, "LogSoftmax").rules.size());
    }

    @Test
    void aSoftmaxsArityParametersFlagsAndOutputAreChecked() {
        NodeSpec n = node(SOFTMAX, "Softmax");
        assertEquals("malformed", refused(SOFTMAX, n, editNode("Softmax", m -> withInputs(m, 0, 0))));
        assertEquals("malformed", refused(SOFTMAX, n, editNode("Softmax", m -> withOutputs(m, 1, 1))));
        assertEquals("malformed", refused(SOFTMAX, n, editNode("Softmax", m -> withParams(m))));
        assertEquals("malformed", refused(SOFTMAX, n, editNode("Softmax", m -> withParams(m, 3, 0, 1, 18, 5))));
        assertEquals("malformed", refused(SOFTMAX, n, editNode("Softmax", m -> withParams(m, 2, 0, 1, 18, 5, 0))));
        assertEquals("malformed", refused(SOFTMAX, n, editNode("Softmax", m -> withParams(m, 2, 0, 1, 18))));
        assertEquals("malformed", refused(SOFTMAX, n, editNode("Softmax", m -> NodeKeyEdits.withRules(m, java.util.List.of(m.rules.get(0), m.rules.get(0))))));
        assertEquals("malformed reduced flag", refused(SOFTMAX, n, editNode("Softmax", m -> withParam(m, 2, 2))));
        assertEquals("malformed reduced flag", refused(SOFTMAX, n, editNode("Softmax", m -> withParam(m, 1, -1))));
        assertEquals("malformed", refused(SOFTMAX, n, shape(1, 2, 5)));
        // both axes, or none (a window of one cell), are reductions a key may declare
        accepted(SOFTMAX, editNode("Softmax", m -> withParam(m, 1, 1)));
        accepted(SOFTMAX, editNode("Softmax", m -> withParam(m, 2, 0)));
        NodeSpec l = node(LOG_SOFTMAX, "LogSoftmax");
        assertEquals("malformed", refused(LOG_SOFTMAX, l, editNode("LogSoftmax", m -> NodeKeyEdits.withRules(m, java.util.List.of(m.rules.get(0))))));
        assertEquals("malformed", refused(LOG_SOFTMAX, l, editNode("LogSoftmax", m -> withParams(m, 2, 0, 1, 15, 5, 9))));
    }

    @Test
    void aSoftmaxsWindowIsAtMostMaxWindow() {
        NodeSpec n = node(SOFTMAX, "Softmax");
        int w = WindowMax.MAX_WINDOW;
        accepted(SOFTMAX, shape(0, 2, w).andThen(shape(1, 2, w)));
        assertEquals(OUT_OF_RANGE, refused(SOFTMAX, n, shape(0, 2, w + 1).andThen(shape(1, 2, w + 1))));
    }

    @Test
    void aSoftmaxsOutputScaleIsInZeroToThirty() {
        NodeSpec n = node(SOFTMAX, "Softmax");
        for (long so : new long[] {0, 30}) accepted(SOFTMAX, editNode("Softmax", m -> withParam(m, 3, so)));
        for (long so : new long[] {-1, 31}) assertEquals(OUT_OF_RANGE, refused(SOFTMAX, n, editNode("Softmax", m -> withParam(m, 3, so))));
    }

    /**
     * The exp lookup's clamp relation 2^(|k| + B + 3) below 2^62: k = 34 at B = 24 (50 at B = 8); below, the table's own
     * limit -20; a k beyond an int that would read as 5 is refused too.
     */
    @Test
    void theRescaleBeforeTheExpTableIsBounded() {
        NodeSpec n = node(SOFTMAX, "Softmax");
        for (long k : new long[] {34, -20, 0}) accepted(SOFTMAX, editNode("Softmax", m -> withParam(m, 4, k)));
        for (long k : new long[] {35, -21, 65, -65, (1L << 32) + 5}) assertEquals(OUT_OF_RANGE, refused(SOFTMAX, n, editNode("Softmax", m -> withParam(m, 4, k))));
        accepted(SOFTMAX, rangeBits(8).andThen(editNode("Softmax", m -> withParam(m, 4, 50))));
        assertEquals(OUT_OF_RANGE, refused(SOFTMAX, n, rangeBits(8).andThen(editNode("Softmax", m -> withParam(m, 4, 51)))));
        // a down-shift counts too: at B = 40, 2^(18 + 40 + 3) decodes (the division's 2^61.6 below it), 2^(19 + 40 + 3) does not
        accepted(SOFTMAX, rangeBits(40).andThen(editNode("Softmax", m -> withParam(m, 4, -18))));
        assertEquals(OUT_OF_RANGE, refused(SOFTMAX, n, rangeBits(40).andThen(editNode("Softmax", m -> withParam(m, 4, -19)))));
    }

    /** The division W E (2^(B-1) + 1) below 2^62 at B = 40 (E = 2^20): W = 7 gives 2^61.8, W = 8 reaches 2^62. */
    @Test
    void theDivisionBoundsTheWindowAtTheWidestBudget() {
        NodeSpec n = node(SOFTMAX, "Softmax");
        accepted(SOFTMAX, rangeBits(40).andThen(shape(0, 2, 7)).andThen(shape(1, 2, 7)));
        assertEquals(OUT_OF_RANGE, refused(SOFTMAX, n, rangeBits(40).andThen(shape(0, 2, 8)).andThen(shape(1, 2, 8))));
    }

    /**
     * LogSoftmax: k_L before the log table, 2^(k_L + bits(S) + 3) with S < 6 2^20 (23 bits), up to 35 (the table's own
     * limit -20 below); the rescale of x - m, 2^shift (2^(B-1) + max |T_log| + 2) up to 38 and 2^(B - shift) down to
     * -37 at B = 24, and at B = 8 the shift's own limit 40.
     */
    @Test
    void aLogSoftmaxsRescalesAreBounded() {
        NodeSpec n = node(LOG_SOFTMAX, "LogSoftmax");
        for (long kl : new long[] {35, -20}) accepted(LOG_SOFTMAX, editNode("LogSoftmax", m -> withParam(m, 5, kl)));
        for (long kl : new long[] {36, -21, 65, (1L << 32) + 9}) assertEquals(OUT_OF_RANGE, refused(LOG_SOFTMAX, n, editNode("LogSoftmax", m -> withParam(m, 5, kl))));
        for (long sh : new long[] {38, -37, 0}) accepted(LOG_SOFTMAX, editNode("LogSoftmax", m -> withParam(m, 6, sh)));
        for (long sh : new long[] {39, -38}) assertEquals(OUT_OF_RANGE, refused(LOG_SOFTMAX, n, editNode("LogSoftmax", m -> withParam(m, 6, sh))));
        for (long sh : new long[] {40, -40}) accepted(LOG_SOFTMAX, rangeBits(8).andThen(editNode("LogSoftmax", m -> withParam(m, 6, sh))));
        for (long sh : new long[] {41, -41}) assertEquals(OUT_OF_RANGE, refused(LOG_SOFTMAX, n, rangeBits(8).andThen(editNode("LogSoftmax", m -> withParam(m, 6, sh)))));
    }

    @Test
    void theExpTableMustCoverZeroWithPositiveValues() {
        NodeSpec n = node(SOFTMAX, "Softmax");
        io.zkml4j.ml.quant.TableRule exp = n.rules.get(0);
        io.zkml4j.ml.quant.TableRule tanh = new io.zkml4j.ml.quant.TableRule(io.zkml4j.ml.quant.UnaryFunction.TANH, null, exp.sIn(), exp.sOut(), exp.bits(), exp.lo(), exp.hi(), exp.saturate());
        assertEquals(OUT_OF_RANGE, refused(SOFTMAX, n, editNode("Softmax", m -> NodeKeyEdits.withRules(m, java.util.List.of(tanh)))));
        io.zkml4j.ml.quant.TableRule atScale19 = new io.zkml4j.ml.quant.TableRule(exp.fn(), exp.params(), exp.sIn(), 19, exp.bits(), exp.lo(), exp.hi(), exp.saturate());
        assertEquals(OUT_OF_RANGE, refused(SOFTMAX, n, editNode("Softmax", m -> NodeKeyEdits.withRules(m, java.util.List.of(atScale19)))));
    }

    // ------------------------------------------------------------------ ClipProof (group 7's key guards)

    /** Clip(x, -0.5, 0.75) of x [2, 6] (tensor 0): parameters [has lo, lo, has hi, hi] at x's scale. */
    private static final VerifyingKey CLIP;

    static {
        G g = new G(18, 2, 6);
        String lo = g.c(Tensor.ofFloats(new int[0], new double[] {-0.5})), hi = g.c(Tensor.ofFloats(new int[0], new double[] {0.75}));
        CLIP = ModelSetup.setup(g.compile(g.op("Clip", "x", lo, hi), 1), Visibility.ALL_PUBLIC).verifyingKey();
    }

    @Test
    void aClipsArityFlagsAndShapesAreChecked() {
        NodeSpec n = node(CLIP, "Clip");
        assertEquals(4, n.p.length);
        assertEquals(1, n.p[0]);
        assertEquals(1, n.p[2]);
        assertEquals("malformed", refused(CLIP, n, editNode("Clip", m -> withInputs(m, m.in[0], m.in[0]))));
        assertEquals("malformed", refused(CLIP, n, editNode("Clip", m -> withOutputs(m, m.out[0], m.out[0]))));
        assertEquals("malformed", refused(CLIP, n, editNode("Clip", m -> withParams(m, 1, -3, 1))));
        assertEquals("malformed", refused(CLIP, n, editNode("Clip", m -> withParams(m, 1, -3, 1, 3, 0))));
        for (int at : new int[] {0, 2}) {
            for (long flag : new long[] {2, -1}) assertEquals("malformed", refused(CLIP, n, editNode("Clip", m -> withParam(m, at, flag))));
        }
        assertEquals("malformed", refused(CLIP, n, shape(n.out[0], 2, 5)));
        // either bound alone, or none
        accepted(CLIP, editNode("Clip", m -> withParam(m, 0, 0)));
        accepted(CLIP, editNode("Clip", m -> withParam(m, 2, 0)));
        accepted(CLIP, editNode("Clip", m -> withParams(m, 0, 0, 0, 0)));
    }

    @Test
    void aClipsBoundsLieInTheBudgetAndInOrder() {
        NodeSpec n = node(CLIP, "Clip");
        long half = 1L << (CLIP.rangeBits - 1);
        accepted(CLIP, editNode("Clip", m -> withParams(m, 1, -(half - 1), 1, half - 1)));
        accepted(CLIP, editNode("Clip", m -> withParams(m, 1, 5, 1, 5)));
        for (long[] p : new long[][] {{1, -half, 1, 0}, {1, half, 0, 0}, {1, 0, 1, half}, {0, 0, 1, -half}, {1, 6, 1, 5}}) {
            assertEquals("bounds out of range", refused(CLIP, n, editNode("Clip", m -> withParams(m, p))));
        }
        // a bound without its flag is not read: any value (and any order) decodes
        accepted(CLIP, editNode("Clip", m -> withParams(m, 0, half, 1, 0)));
        accepted(CLIP, editNode("Clip", m -> withParams(m, 1, 0, 0, -half)));
        accepted(CLIP, editNode("Clip", m -> withParams(m, 0, 7, 1, 5)));
        accepted(CLIP, editNode("Clip", m -> withParams(m, 1, 7, 0, 5)));
    }
}
