package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ops.Elementwise;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;

/**
 * Less, Greater, LessOrEqual, GreaterOrEqual and Equal with numpy broadcasting, exactly as ml/quant's CompareOp
 * computes them: both operands brought to s_m = min(max(s_a, s_b), min(s_a, s_b) + 20) (FixedPoint.requant: an exact
 * up-shift 2^u, or a rounding down-shift), compared as integers; the output c is 0 or 1 at scale 0.
 *
 * <p>Operands. A constant operand is requantized to s_m at setup (the executor's own FixedPoint.requant) and enters
 * as a CONST at s_m; a tensor operand enters as 2^u x (u = s_m - s_x &gt;= 0, an exact factor; a tensor that would be
 * rounded down is rejected at setup). The difference d = U_b - U_a (Less, LessOrEqual, Equal) or U_a - U_b (Greater,
 * GreaterOrEqual), with U the operand at s_m broadcast to the output ({@link Broadcast.Lin}), is an integer with
 * |d| &lt; 2^D - 1 for the D bits fixed at setup (D &lt;= 62, else the node is rejected).
 *
 * <p>Order (Less, Greater: c = [d &gt;= 1]; LessOrEqual, GreaterOrEqual: c = [d &gt;= 0]). c is range-checked to one
 * bit, and Q = (2c - 1) d - c (strict) or Q = (2c - 1) d - (1 - c) (non-strict) to [0, 2^D). Strict, c = 1:
 * Q = d - 1 &gt;= 0 iff d &gt;= 1; c = 0: Q = -d &gt;= 0 iff d &lt;= 0; so c = [d &gt;= 1] (non-strict likewise, c = [d &gt;= 0]).
 * Every term is an integer below 2^62 in magnitude, so the field identity is an integer identity (a negative Q would
 * be a field element above p - 2^62, outside the range). Proof: at a random r of the output's variables,
 * bit(r) = c(r) (the 1-bit check's quantity is c itself) and, Q being 2 c d - d - c (or 2 c d - d + c - ind),
 * sum_i eq(r, i) c(i) d(i) = (Q(r) + d(r) + c(r)) / 2 (strict) or (Q(r) + d(r) - c(r) + ind(r)) / 2 (non-strict;
 * ind the real-entry indicator, so the padding, where c = d = Q = 0, satisfies the identity too), a degree-3 sumcheck
 * ending at t, where c(t) and d(t) are opened.
 *
 * <p>Equal (c = [d = 0]): an inverse witness w (advice) with c = ind - d w and d c = 0 on every entry. If d != 0 (as
 * an integer below 2^62, so nonzero in F_p) the second forces c = 0; if d = 0 the first gives c = 1; w is pinned to
 * 1/d where d != 0 and does not matter elsewhere (the prover sets 0). Proof: two degree-3 sumchecks from one random r,
 * sum eq(r, i) d(i) w(i) = ind(r) - c(r) and sum eq(r, i) d(i) c(i) = 0.
 *
 * <p>Soundness error beyond the range checks', the claims' and the batched opening's: vars / |F_ext| (the random point)
 * plus 3 vars / |F_ext| per sumcheck (one for the orders, two for Equal), |F_ext| = p^2 ~ 2^128.
 *
 * <p>Parameters: [u_a, u_b, D] (u the exact up-shift of a tensor operand, 0 for a constant); inputs [a, b]; output [c].
 */
final class CompareProof implements OpProof {
    private record Decl(RangeCheck order, RangeCheck bit, int inv) {}

    /** Largest exact up-shift of a tensor operand (CompareOp shifts by at most 20). */
    private static final int MAX_UP = 40;

    private static boolean isEqual(String op) {
        return op.equals("Equal");
    }

    /** Greater and GreaterOrEqual compare a against b: d = a - b. */
    private static boolean swapped(String op) {
        return op.startsWith("Greater");
    }

    private static boolean strict(String op) {
        return op.equals("Less") || op.equals("Greater");
    }

    // ------------------------------------------------------------------ setup

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 2 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "two inputs and one output expected");
        if (q.outScales[0] != 0) throw CircuitCompiler.unsupported(q, "boolean output at scale " + q.outScales[0]);
        int sm = io.zkml4j.ml.ops.CompareOp.compareScale(q);
        int[] in = new int[2];
        long[] up = new long[2];
        double bound = 0;
        for (int i = 0; i < 2; i++) {
            if (c.isConstant(q, i)) {
                in[i] = c.requantized(q, i, sm);
                bound += FixedPoint.maxAbs(c.constValues.get(in[i]));
            } else {
                in[i] = c.tensor(q, i);
                int u = sm - q.inScales[i];
                if (u < 0) throw CircuitCompiler.unsupported(q, "operand " + i + " rounded from scale " + q.inScales[i] + " to " + sm);
                if (u > MAX_UP) throw CircuitCompiler.unsupported(q, "operand " + i + " shifted by 2^" + u);
                up[i] = u;
                bound += FixedPoint.scalb(1.0, c.rangeBits - 1 + u); // |x| < 2^(B-1)
            }
        }
        // Q is at most |d| + 1 in magnitude; D bits hold it, and D <= 62 keeps every relation below 2^62
        int bits = Math.max(1, Math.getExponent(bound + 2) + 1);
        if (bits > 62) throw CircuitCompiler.unsupported(q, "difference bound 2^" + bits + " exceeds 2^62");
        int out = c.output(q, 0);
        int[] expect = Broadcast.shape(c.tensors.get(in[0]).shape, c.tensors.get(in[1]).shape);
        if (expect == null || !Arrays.equals(expect, c.tensors.get(out).shape)) throw CircuitCompiler.unsupported(q, "operands do not broadcast to the output's shape");
        return new NodeSpec(q.op, q.name, in, new int[] {out}, new long[] {up[0], up[1], bits}, List.of());
    }

    // ------------------------------------------------------------------ declaration

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 2 || n.out.length != 1 || n.p.length != 3) throw new IllegalArgumentException(n.where() + ": malformed");
        for (int i = 0; i < 2; i++) if (n.p[i] < 0 || n.p[i] > MAX_UP) throw new IllegalArgumentException(n.where() + ": operand shift out of range");
        if (n.p[2] < 1 || n.p[2] > 62) throw new IllegalArgumentException(n.where() + ": difference bits out of range");
        int[] os = d.tensor(n.out[0]).shape;
        int[] expect = Broadcast.shape(d.tensor(n.in[0]).shape, d.tensor(n.in[1]).shape);
        if (expect == null || !Arrays.equals(expect, os)) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        if (isEqual(n.op)) return new Decl(null, null, d.aux("inverse", os));
        return new Decl(d.range("order", os, (int) n.p[2]), d.range("bit", os, 1), -1);
    }

    /** d = U_b - U_a (or U_a - U_b for Greater*) as a combination of the broadcast operands. */
    private static Broadcast.Lin difference(NodeSpec n) {
        long sa = swapped(n.op) ? 1 : -1;
        return new Broadcast.Lin(n.in.clone(), new long[] {sa << n.p[0], -sa << n.p[1]});
    }

    // ------------------------------------------------------------------ witness

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        int[] os = w.vec(n.out[0]).shape;
        long[] a = w.values(n.in[0]), b = w.values(n.in[1]);
        int ua = (int) n.p[0], ub = (int) n.p[1];
        boolean sw = swapped(n.op);
        // d per real output entry (row-major), exactly as the relations read it
        long[] d = Elementwise.binary(a, w.vec(n.in[0]).shape, b, w.vec(n.in[1]).shape, os, (x, y) -> sw ? (x << ua) - (y << ub) : (y << ub) - (x << ua));
        long[] c = w.values(n.out[0]);
        if (isEqual(n.op)) {
            long[] inv = new long[d.length];
            for (int i = 0; i < d.length; i++) inv[i] = d[i] == 0 ? 0 : Goldilocks.toSigned(Goldilocks.inv(Goldilocks.fromSigned(d[i])));
            w.set(dc.inv, inv);
            return;
        }
        boolean st = strict(n.op);
        long[] q = new long[d.length];
        for (int i = 0; i < d.length; i++) q[i] = (2 * c[i] - 1) * d[i] - (st ? c[i] : 1 - c[i]);
        w.range(dc.order, q);
        w.range(dc.bit, c);
    }

    // ------------------------------------------------------------------ interactive part

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        int[] os = s.circuit.vec(n.out[0]).shape;
        GoldilocksExt2[] r = s.challenges("compare.point", Padding.vars(os));
        Val c = s.open(n.out[0], r);
        GoldilocksExt2 ind = Padding.realIndicator(os, r);
        Broadcast.Lin d = difference(n);
        Broadcast.Lin out = Broadcast.Lin.of(n.out[0]);
        if (isEqual(n.op)) {
            Broadcast.productOf(s, d, Broadcast.Lin.of(dc.inv), os, r, c.neg().add(ind), "output is not [a = b] (inverse witness)");
            Broadcast.productOf(s, d, out, os, r, Val.ZERO, "output is 1 where a != b");
            return;
        }
        s.check(s.range(dc.bit, r), c, "output is not a bit");
        Val q = s.range(dc.order, r), dr = d.at(s, os, r);
        // sum eq c d = (Q + d + c) / 2 (strict) or (Q + d - c + ind) / 2
        Val twice = strict(n.op) ? q.add(dr).add(c) : q.add(dr).sub(c).add(ind);
        Broadcast.productOf(s, out, d, os, r, twice.mulBase(Goldilocks.inv(2)), "output disagrees with the comparison of its operands");
    }
}
