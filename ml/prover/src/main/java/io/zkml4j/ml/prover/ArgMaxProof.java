package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;

import java.util.Arrays;
import java.util.List;

/**
 * ArgMax and ArgMin over one axis of length L, keepdims either way, select_last_index 0 (first occurrence) or 1,
 * exactly as ml/quant's ArgMaxOp computes them: the output y is the index (scale 0) of the extreme entry per slice.
 *
 * <p>Proof: the tie-break is folded into the values. The prover commits the keys K_k = L x_k + c_k with c_k in
 * [0, L) distinct along the axis (c_k = L - 1 - k when the smallest index wins a maximum's tie, c_k = k otherwise; a
 * minimum mirrors it), so K's order is x's order with ties broken by c, and every key of a slice is distinct. (1) At
 * a random point r of x's variables, K(r) = L x(r) + C(r), C the padded c (the verifier evaluates it in O(L + vars)):
 * K = L x + c entry-wise. (2) M = max (min) of K over the axis, by {@link WindowMax} over {@link AxisMax#slots} with
 * differences of W = B + log2 L bits (|K| &lt; L 2^(B-1) &lt;= 2^(W-1), so its argument holds with W for B): M is the
 * key of the chosen entry k*, the executor's index. (3) At a random point r' of y's variables: M(r') = L q(r') + e(r')
 * with e and L - 1 - e range-checked to log2 L bits and q, committed, in the range budget; then y(r') = e(r') (c = k)
 * or (L - 1) ind(r') - e(r') (c = L - 1 - k). Every term is an integer below 2^62 in magnitude (setup requires
 * W &lt;= 60), so M = L q + e over the integers with 0 &lt;= e &lt; L: e = M mod L = c_{k*}, and y = k*.
 *
 * <p>Soundness error beyond the range checks', the claims' and WindowMax's: vars(x) / |F_ext| for (1), 4 vars(y) /
 * |F_ext| for the relations of (3) at one point, |F_ext| = p^2 ~ 2^128.
 *
 * <p>Parameters: [axis, last]; inputs [x]; outputs [y].
 */
final class ArgMaxProof implements OpProof {
    private record Decl(int axis, int len, boolean reversed, int keys, int max, WindowMax window, int quotient, RangeCheck bound, RangeCheck index, RangeCheck top) {}

    private static boolean isMin(String op) {
        return op.equals("ArgMin");
    }

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one input and one output expected");
        if (q.outScales[0] != 0) throw CircuitCompiler.unsupported(q, "index output at scale " + q.outScales[0]);
        int x = c.tensor(q, 0), y = c.output(q, 0);
        int[] xs = c.tensors.get(x).shape;
        long[] plan = q.ints("axisPlan");
        if (plan == null || plan.length != 3 || xs.length == 0 || !Arrays.equals(xs, q.inShapes[0])) throw CircuitCompiler.unsupported(q, "no axis plan");
        int axis = axisOf(xs, plan);
        if (axis < 0) throw CircuitCompiler.unsupported(q, "axis plan " + Arrays.toString(plan) + " does not match the shape " + Arrays.toString(xs));
        if (!ReduceProof.outputShapeFits(xs, reduced(xs.length, axis), c.tensors.get(y).shape)) throw CircuitCompiler.unsupported(q, "output of shape " + Arrays.toString(c.tensors.get(y).shape));
        String why = bounds(xs[axis], c.rangeBits);
        if (why != null) throw CircuitCompiler.unsupported(q, why);
        return new NodeSpec(q.op, q.name, new int[] {x}, new int[] {y}, new long[] {axis, q.i("last") != 0 ? 1 : 0}, List.of());
    }

    /** The dimension the plan (outer, len, inner) reduces, or -1. */
    private static int axisOf(int[] xs, long[] plan) {
        long outer = 1;
        for (int d = 0; d < xs.length; d++) {
            long inner = 1;
            for (int e = d + 1; e < xs.length; e++) inner *= xs[e];
            if (outer == plan[0] && xs[d] == plan[1] && inner == plan[2]) return d;
            outer *= xs[d];
        }
        return -1;
    }

    private static boolean[] reduced(int rank, int axis) {
        boolean[] red = new boolean[rank];
        red[axis] = true;
        return red;
    }

    /** The keys' difference bits W = B + log2 L. */
    private static int keyBits(int len, int rangeBits) {
        return rangeBits + Padding.log2Ceil(len);
    }

    private static String bounds(int len, int rangeBits) {
        if (len > WindowMax.MAX_WINDOW) return "index over " + len + " cells (at most " + WindowMax.MAX_WINDOW + ")";
        if (keyBits(len, rangeBits) > 60) return "keys of " + keyBits(len, rangeBits) + " bits (at most 60)";
        return null;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length != 2 || (n.p[1] & ~1L) != 0) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] xs = d.tensor(n.in[0]).shape;
        if (n.p[0] < 0 || n.p[0] >= xs.length) throw new IllegalArgumentException(n.where() + ": malformed axis");
        int axis = (int) n.p[0], len = xs[axis];
        boolean[] red = reduced(xs.length, axis);
        if (!ReduceProof.outputShapeFits(xs, red, d.tensor(n.out[0]).shape) || bounds(len, d.circuit().rangeBits) != null) throw new IllegalArgumentException(n.where() + ": malformed");
        boolean min = isMin(n.op);
        boolean reversed = min == (n.p[1] == 1); // max, first: c = L - 1 - k; min, last: likewise
        int[] kept = d.tensor(n.out[0]).shape;
        int keys = d.aux("keys", xs), max = d.aux("keymax", kept);
        WindowMax window = WindowMax.declare(d, "key.", keys, max, AxisMax.slots(xs, red), min, keyBits(len, d.circuit().rangeBits));
        int lb = Math.max(1, Padding.log2Ceil(len));
        return new Decl(axis, len, reversed, keys, max, window, d.aux("quotient", kept), d.range("quotient.bound", kept, d.circuit().rangeBits),
                d.range("index", kept, lb), d.range("index.top", kept, lb));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        long[] x = w.values(n.in[0]);
        int[] xs = w.circuit.vec(n.in[0]).shape;
        int len = dc.len, inner = 1;
        for (int e = dc.axis + 1; e < xs.length; e++) inner *= xs[e];
        long[] keys = new long[x.length];
        for (int j = 0; j < x.length; j++) {
            int k = (j / inner) % len;
            keys[j] = len * x[j] + (dc.reversed ? len - 1 - k : k);
        }
        w.set(dc.keys, keys);
        int ny = x.length / len;
        long[] m = new long[ny];
        boolean min = isMin(n.op);
        for (int o = 0; o < ny; o++) { // slice o = (outer, inner): its cells outer * len * inner + k * inner + inner index
            int base = (o / inner) * len * inner + o % inner;
            long best = keys[base];
            for (int k = 1; k < len; k++) best = min ? Math.min(best, keys[base + k * inner]) : Math.max(best, keys[base + k * inner]);
            m[o] = best;
        }
        w.set(dc.max, m);
        dc.window.witness(w);
        long[] q = new long[ny], e = new long[ny], top = new long[ny];
        for (int o = 0; o < ny; o++) {
            q[o] = Math.floorDiv(m[o], len);
            e[o] = m[o] - len * q[o];
            top[o] = len - 1 - e[o];
        }
        w.set(dc.quotient, q);
        w.budget(dc.bound, q);
        w.range(dc.index, e);
        w.range(dc.top, top);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Vec xv = s.circuit.vec(n.in[0]), yv = s.circuit.vec(n.out[0]);
        // (1) K = L x + c entry-wise
        GoldilocksExt2[] r = s.challenges("argmax.keys", xv.vars);
        GoldilocksExt2 c = tieBreak(xv.shape, dc.axis, dc.reversed, r);
        s.check(s.open(dc.keys, r), s.open(n.in[0], r).mulBase(dc.len).add(c), "keys are not L x + the tie-break");
        // (2) M = the extreme key per slice
        dc.window.run(s);
        // (3) M = L q + e with 0 <= e < L, and y from e
        GoldilocksExt2[] t = s.challenges("argmax.index", yv.vars);
        GoldilocksExt2 ind = Padding.realIndicator(yv.shape, t);
        Val q = s.open(dc.quotient, t), e = s.range(dc.index, t), y = s.open(n.out[0], t);
        GoldilocksExt2 last = ind.mulBase(dc.len - 1);
        s.checkBudget(s.range(dc.bound, t), q, ind, "quotient outside the range budget");
        s.check(s.range(dc.top, t), e.neg().add(last), "index beyond the axis");
        s.check(s.open(dc.max, t), q.mulBase(dc.len).add(e), "extreme key is not L q + its tie-break");
        s.check(y, dc.reversed ? e.neg().add(last) : e, "output is not the extreme key's index");
    }

    /**
     * The MLE at r of the padded tie-break c (c_k = k, or L - 1 - k when reversed, on real entries): the axis
     * dimension's sum_{k &lt; L} c_k eq(r_axis, k) times the indicator of the other dimensions' real entries.
     */
    static GoldilocksExt2 tieBreak(int[] xs, int axis, boolean reversed, GoldilocksExt2[] r) {
        int len = xs[axis], from = 0;
        for (int d = xs.length - 1; d > axis; d--) from += Padding.log2Ceil(xs[d]);
        ExtVec eq = Eq.table(Padding.slice(r, from, Padding.log2Ceil(len)));
        GoldilocksExt2 acc = GoldilocksExt2.ZERO;
        for (int k = 0; k < len; k++) acc = acc.add(eq.get(k).mulBase(reversed ? len - 1 - k : k));
        int[] others = xs.clone();
        others[axis] = 1 << Padding.log2Ceil(len); // the axis's own indicator is folded into the sum above
        return acc.mul(Padding.realIndicator(others, r));
    }
}
