package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.Decimal;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ops.Shapes;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * ReduceSum, ReduceMean and ReduceSumSquare over any axes, keepdims either way, exactly as ml/quant's ReduceOp computes
 * them: S = the exact sum of x (ReduceSumSquare: of x^2) over the reduced axes (per kept index); ReduceSum y =
 * requant(S, s_x, s_y) (a {@link Rescale} by k = s_x - s_y), ReduceSumSquare y = requant(S, 2 s_x, s_y) (k = 2 s_x -
 * s_y); ReduceMean y = divRound(v, d) with v = S 2^e, d = n for e = s_y - s_x &gt;= 0, else v = S, d = n 2^-e, n the
 * public count of reduced entries ({@code PoolOp.average}: {@link DivRound}). {@link NormReduceProof} composes this
 * proof for ReduceL1 and ReduceL2.
 *
 * <p>Proof. At a random point r of y's variables the accumulator's value S(r) is obtained from y's: ReduceSum by
 * {@link Rescale#accAt} (q, remainder in [0, 2^k), q's range budget); ReduceMean from
 * 2^max(e,0) S(r) = d y(r) + rem(r) - floor(d/2) ind(r), with rem and its slack d - 1 - rem range-checked
 * ({@link DivRound#remAt}). Then S(r) = sum_k x(k) M(k) (squares: sum_k x(k)^2 M(k)) with M(k) = eq(r, out(k)) on x's
 * real entries (0 on its padding) is a degree-2 (squares: 3) sumcheck over x's variables ending at t (claim x(t)); M factors over x's dimensions, so the
 * verifier evaluates M(t) = prod_kept sum_{j &lt; s_d} eq(r_d, j) eq(t_d, j) * prod_reduced prefix(s_d, t_d) itself
 * in O(sum of x's dimensions). Integers: |x| &lt;= 2^(B-1) (range budget), so |S| &lt;= n 2^(B-1) (squares: 0 &lt;= S &lt;=
 * n 2^(2B-2)); setup rejects a node
 * unless both sides of the rescale or rounding relation stay below 2^62, so every relation holds over the integers.
 *
 * <p>Soundness error beyond the range checks', the claims' and the batched opening's: ReduceSum
 * (2 vars(y) + 2 vars(x)) / |F_ext| (rescale and bound identities at r, the sumcheck; ReduceSumSquare 3 vars(x) for its
 * degree-3 sumcheck); ReduceMean
 * (3 vars(y) + 2 vars(x)) / |F_ext| (rounding, slack, bound at r, the sumcheck); |F_ext| = p^2 ~ 2^128.
 *
 * <p>Parameters: [kind (0 sum, 1 mean, 2 sum of squares), e (mean: s_y - s_x; sums: the rescale k), rank of x, reduced
 * flag per dimension of x]. Inputs [x]; outputs [y].
 */
final class ReduceProof implements OpProof {
    /** Scale changes beyond this are rejected (they keep every relation far below 2^62). */
    private static final int MAX_EXP = 40;

    static final int SUM = 0, MEAN = 1, SQUARES = 2;

    private record Decl(int kind, int e, boolean[] reduced, long count, Rescale sum, DivRound div) {
        boolean mean() {
            return kind == MEAN;
        }
    }

    private static int kind(String op) {
        return switch (op) {
            case "ReduceMean" -> MEAN;
            case "ReduceSumSquare" -> SQUARES;
            default -> SUM;
        };
    }

    // ------------------------------------------------------------------ setup

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one output expected");
        int kind = kind(q.op);
        int e = switch (kind) {
            case MEAN -> q.outScales[0] - q.inScales[0];
            case SQUARES -> 2 * q.inScales[0] - q.outScales[0];
            default -> q.inScales[0] - q.outScales[0];
        };
        int x = c.tensor(q, 0), y = c.output(q, 0);
        return new NodeSpec(q.op, q.name, new int[] {x}, new int[] {y}, params(q, c, kind, e, c.tensors.get(y).shape), List.of());
    }

    /**
     * The parameters of a reduction of q's input of the given kind and scale change e into an output of shape ys
     * (setup: rejects what is not provable). For {@link NormReduceProof}, whose reductions end in its own advice.
     */
    static long[] params(QNode q, CircuitCompiler c, int kind, int e, int[] ys) {
        int[] xs = c.tensors.get(c.tensor(q, 0)).shape;
        long[] red = q.ints("reduced");
        if (red.length != q.inShapes[0].length || !Arrays.equals(xs, q.inShapes[0])) throw CircuitCompiler.unsupported(q, "input of rank 0 or of another shape than the node's");
        boolean[] r = new boolean[red.length];
        for (int i = 0; i < r.length; i++) r[i] = red[i] != 0;
        if (!outputShapeFits(xs, r, ys)) throw CircuitCompiler.unsupported(q, "output of shape " + Arrays.toString(ys));
        if (Math.abs(e) > MAX_EXP) throw CircuitCompiler.unsupported(q, "rescale by 2^" + e);
        String why = bounds(kind, e, count(xs, r), c.rangeBits);
        if (why != null) throw CircuitCompiler.unsupported(q, why);
        long[] p = new long[3 + r.length];
        p[0] = kind;
        p[1] = e;
        p[2] = r.length;
        for (int i = 0; i < r.length; i++) p[3 + i] = r[i] ? 1 : 0;
        return p;
    }

    /** The output is x's shape without the reduced dimensions, or with them as 1 (keepdims); a scalar is [1]. */
    static boolean outputShapeFits(int[] xs, boolean[] red, int[] ys) {
        for (boolean keep : new boolean[] {true, false}) {
            int[] o = Shapes.reducedShape(xs, red, keep);
            if (Arrays.equals(o.length == 0 ? new int[] {1} : o, ys)) return true;
        }
        return false;
    }

    static long count(int[] xs, boolean[] red) {
        long n = 1;
        for (int i = 0; i < xs.length; i++) if (red[i]) n *= xs[i];
        return n;
    }

    /**
     * Null when every relation stays below 2^62, else why not. |S| &lt;= n 2^(B-1) (squares: n 2^(2B-2), also the
     * sumcheck's terms). Sums: 2^k q + rem - 2^(k-1) against S (k &gt; 0) or q = 2^-k S. Mean: 2^max(e,0) S + d/2
     * against d y + rem with |y| &lt; 2^(B-1).
     */
    private static String bounds(int kind, int e, long n, int rangeBits) {
        double half = FixedPoint.scalb(1.0, rangeBits - 1), s = n * (kind == SQUARES ? half * half : half), lhs, rhs;
        if (kind == MEAN) {
            double d = e >= 0 ? n : FixedPoint.scalb((double) n, -e);
            if (d > 0x1p40) return "divisor " + d + " beyond 2^40";
            lhs = FixedPoint.scalb(s, Math.max(e, 0)) + d;
            rhs = d * half + d;
        } else {
            lhs = FixedPoint.scalb(half, Math.max(e, 0)) + FixedPoint.scalb(2.0, Math.max(e, 0));
            rhs = FixedPoint.scalb(s, Math.max(0, -e));
        }
        double m = Math.max(Math.max(lhs, rhs), s);
        return m >= 0x1p62 ? "accumulator bound 2^" + Decimal.fixed(Math.log(m) / Math.log(2), 1) + " exceeds 2^62" : null;
    }

    // ------------------------------------------------------------------ declaration

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        return declare(n, d, true);
    }

    /**
     * As {@link #declare(NodeSpec, Circuit.Declarer)}; with {@code bounded} false a committed sum gets no range-budget
     * check ({@link Rescale#declare(Circuit.Declarer, String, int, int, boolean)}): for a caller whose own range check
     * bounds it (ReduceL2's sum of squares, beyond the budget).
     */
    static Object declare(NodeSpec n, Circuit.Declarer d, boolean bounded) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length < 3) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] xs = d.tensor(n.in[0]).shape;
        if (n.p[2] != xs.length || n.p.length != 3 + xs.length || n.p[0] < SUM || n.p[0] > SQUARES) throw new IllegalArgumentException(n.where() + ": malformed");
        int kind = (int) n.p[0];
        boolean[] red = new boolean[xs.length];
        for (int i = 0; i < red.length; i++) {
            if ((n.p[3 + i] & ~1L) != 0) throw new IllegalArgumentException(n.where() + ": malformed reduced flag");
            red[i] = n.p[3 + i] == 1;
        }
        if (!outputShapeFits(xs, red, d.tensor(n.out[0]).shape)) throw new IllegalArgumentException(n.where() + ": output shape does not match the reduction");
        long e = n.p[1];
        long count = count(xs, red);
        if (Math.abs(e) > MAX_EXP || bounds(kind, (int) e, count, d.circuit().rangeBits) != null) throw new IllegalArgumentException(n.where() + ": scale change out of range");
        if (kind == MEAN) return new Decl(kind, (int) e, red, count, null, DivRound.declare(d, "", n.out[0], divisor(count, (int) e)));
        return new Decl(kind, (int) e, red, count, Rescale.declare(d, "sum", n.out[0], (int) e, bounded), null);
    }

    /** Prover: the exact sums (of squares) of x over the reduced axes, row-major in y's shape. */
    static long[] sums(Witness w, int x, int y, boolean[] reduced, boolean squares) {
        long[] v = w.values(x);
        int[] map = Shapes.reduceIndex(w.vec(x).shape, reduced);
        long[] acc = new long[Padding.size(w.vec(y).shape)];
        // exact: setup bounds every sum below 2^62
        if (squares) for (int i = 0; i < v.length; i++) acc[map[i]] += v[i] * v[i];
        else for (int i = 0; i < v.length; i++) acc[map[i]] += v[i];
        return acc;
    }

    private static long divisor(long count, int e) {
        return e >= 0 ? count : count << -e;
    }

    // ------------------------------------------------------------------ witness

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        long[] acc = sums(w, n.in[0], n.out[0], dc.reduced, dc.kind == SQUARES);
        if (!dc.mean()) {
            dc.sum.witness(w, acc);
            return;
        }
        long f = dc.e > 0 ? 1L << dc.e : 1, dv = divisor(dc.count, dc.e);
        long[] d = new long[acc.length];
        for (int i = 0; i < acc.length; i++) {
            acc[i] *= f;
            d[i] = dv;
        }
        dc.div.witness(w, acc, d);
    }

    // ------------------------------------------------------------------ interactive part

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Vec y = s.circuit.vec(n.out[0]), x = s.circuit.vec(n.in[0]);
        GoldilocksExt2[] r = s.challenges("reduce.point", y.vars);
        Val sum;
        if (dc.mean()) {
            // 2^max(e,0) S(r) = d y(r) + rem(r) - floor(d/2) ind(r): S(r) by the inverse of the power of two
            long dv = divisor(dc.count, dc.e);
            GoldilocksExt2 ind = Padding.realIndicator(y.shape, r);
            Val yr = s.open(n.out[0], r);
            Val rem = dc.div.remAt(s, r, Val.of(ind.mulBase(dv)), ind, yr);
            Val v = yr.mulBase(dv).add(rem).sub(ind.mulBase(dv >> 1));
            sum = dc.e > 0 ? v.mulBase(Goldilocks.inv(1L << dc.e)) : v;
        } else {
            sum = dc.sum.accAt(s, r);
        }
        // S(r) = sum_k x(k) M(k), or sum_k x(k) x(k) M(k) for the squares: tables [x, M] or [x, x, M]
        boolean sq = dc.kind == SQUARES;
        ExtVec[] tables = null;
        if (s instanceof ProverCtx p) {
            ExtVec xv = ExtVec.ofBase(p.padded(n.in[0])), m = weights(x.shape, y.shape, dc.reduced, r);
            tables = sq ? new ExtVec[] {xv, xv, m} : new ExtVec[] {xv, m};
        }
        ExtVec[] t = tables;
        Sumchecks.Result sc = PoolProof.sumcheck(s, "sum over the reduced axes", () -> Sumchecks.run(s, SumOfProducts.product(sq ? 3 : 2), t, x.vars, sum));
        Val xt = s.open(n.in[0], sc.point(), sc.eval(0));
        Val term = sq ? xt.mul(xt) : xt;
        s.check(term.mul(weightAt(x.shape, dc.reduced, r, sc.point())), sc.value(), "reduction disagrees with its input");
    }

    /** Prover: M(k) = eq(r, out(k)) over x's padded layout (0 on its padding): one pass over x's real entries. */
    static ExtVec weights(int[] xs, int[] ys, boolean[] red, GoldilocksExt2[] r) {
        ExtVec eq = Eq.table(r);
        int[] map = Shapes.reduceIndex(xs, red), xPos = Padding.paddedIndices(xs), yPos = Padding.paddedIndices(ys);
        long[] c0 = new long[1 << Padding.vars(xs)], c1 = new long[c0.length];
        for (int k = 0; k < map.length; k++) {
            int o = yPos[map[k]];
            c0[xPos[k]] = eq.c0[o];
            c1[xPos[k]] = eq.c1[o];
        }
        return new ExtVec(c0, c1);
    }

    /**
     * The MLE of {@link #weights} at t (x's variables): per dimension of x (last on the lowest variables), a kept one
     * contributes sum_{j &lt; s_d} eq(r_d, j) eq(t_d, j) (its coordinates in r are the next ones of y), the reduced ones
     * together the real-entry indicator of their shape.
     */
    static GoldilocksExt2 weightAt(int[] xs, boolean[] red, GoldilocksExt2[] r, GoldilocksExt2[] t) {
        int[] rs = new int[xs.length];
        int n = 0;
        for (int d = 0; d < xs.length; d++) if (red[d]) rs[n++] = xs[d];
        int[] reducedShape = Arrays.copyOf(rs, n);
        return weightAt(xs, red, r, t, tr -> Padding.realIndicator(reducedShape, tr));
    }

    /**
     * As {@link #weightAt(int[], boolean[], GoldilocksExt2[], GoldilocksExt2[])} with the reduced dimensions' factor
     * given: {@code reduced} of t's coordinates on them (concatenated low first: a point of the reduced dimensions'
     * own padded layout). O(sum of x's dimensions) plus the factor's cost.
     */
    static GoldilocksExt2 weightAt(int[] xs, boolean[] red, GoldilocksExt2[] r, GoldilocksExt2[] t, Function<GoldilocksExt2[], GoldilocksExt2> reduced) {
        GoldilocksExt2 m = GoldilocksExt2.ONE;
        GoldilocksExt2[] tr = new GoldilocksExt2[0];
        int at = 0, rat = 0;
        for (int d = xs.length - 1; d >= 0; d--) {
            int k = Padding.log2Ceil(xs[d]);
            if (red[d]) {
                tr = Padding.concat(tr, Padding.slice(t, at, k));
            } else {
                ExtVec er = Eq.table(Padding.slice(r, rat, k)), et = Eq.table(Padding.slice(t, at, k));
                GoldilocksExt2 acc = GoldilocksExt2.ZERO;
                for (int j = 0; j < xs[d]; j++) acc = acc.add(er.get(j).mul(et.get(j)));
                m = m.mul(acc);
                rat += k;
            }
            at += k;
        }
        return m.mul(reduced.apply(tr));
    }
}
