package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.Decimal;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ops.Elementwise;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;

/**
 * Add, Sub and Mul with numpy broadcasting, a standalone BatchNormalization and Neg (a product with the constant -1
 * at scale 0, shift 0: q = -x exactly), exactly as ml/quant computes them.
 * <ul>
 *   <li>Add/Sub (AddOp.addScaled): each operand is brought to s_m = min(max(s_a, s_b), s_out + GUARD), an exact
 *       up-shift u = 2^up a or a rounding rescale u = rescale(a, e); acc = u_a ± u_b (broadcast) at s_m;
 *       q = requant(acc, s_m - s_out).</li>
 *   <li>Mul (MulOp): acc = a b (broadcast) exactly at s_a + s_b; q = requant(acc, s_a + s_b - s_out).</li>
 * </ul>
 * A constant operand of Add/Sub is requantized to s_m at setup (the same FixedPoint.requant the executor applies),
 * so it enters as a CONST at s_m; a constant operand of Mul enters as it is.
 *
 * <p>Broadcast evaluation. In the per-dimension padded layout, an operand x of shape s (aligned right with the
 * output shape o) broadcast to o is the tensor X(i) = x(i restricted to the dims x does not broadcast), times, for
 * every output dim d that x broadcasts (s_d = 1 &lt; o_d, or d absent from s), the indicator [i_d &lt; o_d]. Its
 * multilinear extension at a point r of the output's variables is therefore
 * X(r) = x(r|x) * prod_d prefix(o_d, r_d) with r|x the coordinates of x's own dimensions ({@link Padding#prefix};
 * a size-1 dimension has no variables). On every real output entry X equals x at the numpy source index.
 *
 * <p>Proof of Add/Sub (linear: no sumcheck). At a random point r of q's variables, acc(r) is obtained from q and its
 * remainder ({@link Rescale#accAt}, which also keeps a committed q in the range budget); the check is
 * acc(r) = U_a(r) ± U_b(r) with U the broadcast operand at s_m: 2^up x(r|x) times the prefixes for an exact
 * up-shift; for a rounding rescale (e &gt; 0) of a tensor operand, u is committed as advice and proven to be
 * rescale(x, e) by a {@link Rescale} of its own: 2^e u + rem - 2^(e-1) = x with rem in [0, 2^e) and
 * u + 2^(B-1) in [0, 2^B), checked at the sub-point r|x against x(r|x). Committing and bounding u is what makes this
 * sound when both operands are rescaled: with uncommitted u's, only the sum of the two remainders would be
 * constrained and a prover could move acc by one. Both identities are between multilinear polynomials fixed by the
 * commitments before r is drawn, so each holds on every entry of the hypercube except with probability
 * vars / |F_ext|.
 *
 * <p>Proof of Mul. If no output dimension (with variables) is kept by both operands (a scalar or an outer product),
 * P(i) = a(i|a) b(i|b) is a product of multilinear polynomials in disjoint variables, so its MLE at r is
 * a(r|a) b(r|b) and acc(r) = a(r|a) b(r|b) is checked directly. P equals a b (broadcast) on every real output entry;
 * on a padded output position it is a product with a padded entry of the operand that keeps that dimension (not
 * needed for the real entries; zero for zero-padded operands, so zero padding propagates). (The broadcast
 * indicators are left out here: a(r|a) times an indicator in the variables a(r|a) depends on would not be the MLE
 * of the entry-wise product.) Otherwise acc(r) = sum_i eq(r, i) A(i) B(i), a degree-3 sumcheck over the output's variables (the prover
 * materializes A and B), ending at t with A(t) B(t) from openings of a and b at their sub-points of t.
 *
 * <p>From field to integers: per real entry the checks give acc = u_a ± u_b (or acc = a b) and the rescale relation
 * in F_p. Every term is a small integer: tensors satisfy |v| &lt; 2^(B-1) (the framework's invariant: public values
 * checked by the verifier, committed ones range-checked by their producers), committed u's and q are range-checked,
 * remainders lie in [0, 2^k), and constants' magnitudes are known at setup. Setup rejects a node unless every side
 * of every relation stays below 2^62 in magnitude, so no relation wraps mod p and each holds over the integers,
 * which is the quantized semantics exactly (rescale's floor((v + 2^(k-1)) / 2^k) is pinned by the remainder range).
 *
 * <p>Soundness error beyond the range checks', the claims' and the batched opening's: Add/Sub
 * (1 + #rescaled operands) * vars / |F_ext|; Mul vars / |F_ext| (disjoint) or (vars + 3 vars) / |F_ext| (the random
 * point of the zero-test plus a degree-3 sumcheck), |F_ext| = p^2 ~ 2^128.
 *
 * <p>BatchNormalization (not folded into a Conv/Gemm) is the same product with a constant added:
 * acc = x a + b with a, b per-channel constants broadcast along x's channel dimension (BatchNormalizationOp.run), so
 * acc(r) - B(r) (B the broadcast b, evaluated like any operand) is the broadcast product x a at r, proven as Mul's.
 * Its soundness error is Mul's.
 *
 * <p>Parameters: Add/Sub [shift, e_a, e_b] (e &gt; 0: operand rescaled by 2^e with a committed u; e &lt;= 0: exact
 * factor 2^-e); Mul, Neg and BatchNormalization [shift]. Inputs [a, b] (Neg [x, -1], BatchNormalization [x, a, b]); output [q].
 */
final class ElementwiseProof implements OpProof {
    /** Add/Sub: the output's rescale and, per operand, the rescale of a committed u (null for an exact factor). */
    private record Decl(Rescale out, Rescale[] operand, int[] u) {}

    /** Largest exact up-shift of an operand or of the accumulator. */
    private static final int MAX_UP = 40;
    private static final int MAX_SHIFT = 56;

    /**
     * Mul, Div by a constant (DivOp mode 1: a Mul by the quantized reciprocal; see {@link DivProof}), Neg and
     * BatchNormalization: a broadcast product (plus, for BatchNormalization, a broadcast constant).
     */
    private static boolean isMul(String op) {
        return op.equals("Mul") || op.equals("Div") || op.equals("Neg") || isBatchNorm(op);
    }

    private static boolean isBatchNorm(String op) {
        return op.equals("BatchNormalization");
    }

    private static int sign(String op) {
        return op.equals("Sub") ? -1 : 1;
    }

    // ------------------------------------------------------------------ setup

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (isBatchNorm(q.op)) return compileBatchNorm(q, c);
        if (q.op.equals("Neg")) { // NegOp: -x exactly at one scale, the product with a constant -1 at scale 0
            if (q.inputs.size() != 1 || q.outputs.size() != 1 || q.inScales[0] != q.outScales[0]) throw CircuitCompiler.unsupported(q, "one input at the output's scale expected");
            int minusOne = c.constant(q.name + ".minus1", new int[] {1}, new long[] {-1}, 0);
            return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0), minusOne}, new int[] {c.output(q, 0)}, new long[] {0}, List.of());
        }
        if (q.inputs.size() != 2 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "two inputs and one output expected");
        if (q.ints.containsKey("use0") || q.ints.containsKey("use1")) throw CircuitCompiler.unsupported(q, "operand rescaled before the operation");
        int out = c.output(q, 0);
        int[] os = c.tensors.get(out).shape;
        long half = 1L << (c.rangeBits - 1); // tensors satisfy |v| < 2^(B-1)
        int[] in = new int[2];
        double[] bound = new double[2];
        long[] p;
        double acc;
        int shift;
        if (isMul(q.op)) {
            for (int i = 0; i < 2; i++) {
                in[i] = c.tensor(q, i);
                bound[i] = c.isConstant(q, i) ? FixedPoint.maxAbs(c.model.constants.get(q.inputs.get(i)).values) : half;
            }
            shift = q.inScales[0] + q.inScales[1] - q.outScales[0];
            acc = bound[0] * bound[1];
            p = new long[] {shift};
        } else {
            int sm = io.zkml4j.ml.ops.AddOp.sumScale(q);
            long[] e = new long[2];
            for (int i = 0; i < 2; i++) {
                if (c.isConstant(q, i)) {
                    in[i] = c.requantized(q, i, sm);
                    bound[i] = FixedPoint.maxAbs(c.constValues.get(in[i]));
                } else {
                    in[i] = c.tensor(q, i);
                    int ei = q.inScales[i] - sm;
                    if (ei > MAX_SHIFT || -ei > MAX_UP) throw CircuitCompiler.unsupported(q, "operand " + i + " requantized by 2^" + ei);
                    // 2^e u + rem - 2^(e-1) = x: both sides below 2^(B-1+e) + 2^e
                    if (ei > 0 && FixedPoint.scalb((double) half, ei) + FixedPoint.scalb(2.0, ei) >= 0x1p62) throw CircuitCompiler.unsupported(q, "operand " + i + " rescaled by 2^" + ei + " beyond 2^62");
                    e[i] = ei;
                    bound[i] = FixedPoint.scalb((double) half, (int) Math.max(0, -ei));
                }
            }
            shift = sm - q.outScales[0];
            acc = bound[0] + bound[1];
            p = new long[] {shift, e[0], e[1]};
        }
        int[] expect = Broadcast.shape(c.tensors.get(in[0]).shape, c.tensors.get(in[1]).shape);
        if (expect == null || !Arrays.equals(expect, os)) {
            throw CircuitCompiler.unsupported(q, "shapes " + Arrays.toString(c.tensors.get(in[0]).shape) + " and " + Arrays.toString(c.tensors.get(in[1]).shape)
                    + " do not broadcast to the output's " + Arrays.toString(os));
        }
        checkAccumulator(q, c, shift, acc);
        return new NodeSpec(q.op, q.name, in, new int[] {out}, p, List.of());
    }

    /**
     * BatchNormalization not folded into a Conv/Gemm (BatchNormalizationOp.run): acc = x a_c + b_c at s_x + s_a with
     * b requantized to that scale at setup (FixedPoint.requant, as the executor does), q = requant(acc, s_x + s_a - s_out).
     * The per-channel a and b enter as constants of shape [C, 1, ..., 1] (channel = dim 1 of x), so numpy broadcasting
     * puts them on x's channels: a broadcast Mul by a constant plus a broadcast constant.
     */
    private static NodeSpec compileBatchNorm(QNode q, CircuitCompiler c) {
        // inputs 1 and 2 are the folded per-channel scale and shift; mean and variance (3, 4) are folded into them
        if (q.inputs.size() < 3 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "folded scale and shift expected");
        int x = c.tensor(q, 0), out = c.output(q, 0);
        int[] xs = c.tensors.get(x).shape;
        if (xs.length < 2) throw CircuitCompiler.unsupported(q, "input of rank " + xs.length + " (no channel dimension)");
        if (!c.isConstant(q, 1) || !c.isConstant(q, 2)) throw CircuitCompiler.unsupported(q, "statistics computed by the model");
        QConst a = c.model.constants.get(q.inputs.get(1)), b = c.model.constants.get(q.inputs.get(2));
        if (a.values.length != xs[1] || b.values.length != xs[1]) throw CircuitCompiler.unsupported(q, "per-channel constants of the wrong length");
        int sAcc = q.inScales[0] + q.inScales[1];
        long[] bv;
        try {
            bv = FixedPoint.requant(b.values, q.inScales[2], sAcc);
        } catch (ModelException ex) {
            throw CircuitCompiler.unsupported(q, "shift: " + ex.getMessage());
        }
        int[] channel = new int[xs.length - 1];
        Arrays.fill(channel, 1);
        channel[0] = xs[1];
        int ai = c.constant(q.inputs.get(1) + "@channel", channel, a.values, q.inScales[1]);
        int bi = c.constant(q.inputs.get(2) + "@channel", channel, bv, sAcc);
        if (!Arrays.equals(c.tensors.get(out).shape, xs)) throw CircuitCompiler.unsupported(q, "output shape differs from the input's");
        int shift = sAcc - q.outScales[0];
        // |x a + b| <= 2^(B-1) max|a| + max|b|
        checkAccumulator(q, c, shift, FixedPoint.scalb((double) FixedPoint.maxAbs(a.values), c.rangeBits - 1) + FixedPoint.maxAbs(bv));
        return new NodeSpec(q.op, q.name, new int[] {x, ai, bi}, new int[] {out}, new long[] {shift}, List.of());
    }

    /** The output's rescale: its shift within range and both sides of q 2^shift + rem - h = acc below 2^62. */
    static void checkAccumulator(QNode q, CircuitCompiler c, int shift, double acc) {
        if (shift > MAX_SHIFT || -shift > MAX_UP) throw CircuitCompiler.unsupported(q, "rescale by 2^" + shift);
        int bits = Rescale.outBits(shift, c.rangeBits);
        if (bits < 2) throw CircuitCompiler.unsupported(q, "rescale by 2^" + shift);
        long half = 1L << (bits - 1); // q's bound as Rescale checks it
        // q 2^shift + rem - h (or q 2^-up) on one side, acc on the other: both below 2^62, so nothing wraps mod p
        double lhs = FixedPoint.scalb((double) half, Math.max(shift, 0)) + FixedPoint.scalb(2.0, Math.max(shift, 0));
        double rhs = FixedPoint.scalb(acc, Math.max(0, -shift));
        if (Math.max(lhs, rhs) >= 0x1p62) throw CircuitCompiler.unsupported(q, "accumulator bound 2^" + Decimal.fixed(Math.log(Math.max(lhs, rhs)) / Math.log(2), 1) + " exceeds 2^62");
    }

    // ------------------------------------------------------------------ declaration

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        boolean mul = isMul(n.op);
        boolean bn = isBatchNorm(n.op);
        if (n.in.length != (bn ? 3 : 2) || n.out.length != 1 || n.p.length != (mul ? 1 : 3)) throw new IllegalArgumentException(n.where() + ": malformed");
        Vec a = d.tensor(n.in[0]), b = d.tensor(n.in[1]), q = d.tensor(n.out[0]);
        int[] expect = Broadcast.shape(a.shape, b.shape);
        if (expect == null || !Arrays.equals(expect, q.shape)) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        if (bn && !Arrays.equals(Broadcast.shape(q.shape, d.tensor(n.in[2]).shape), q.shape)) throw new IllegalArgumentException(n.where() + ": shift does not broadcast");
        int shift = (int) n.p[0];
        if (n.p[0] > MAX_SHIFT || -n.p[0] > MAX_UP) throw new IllegalArgumentException(n.where() + ": rescale out of range");
        Rescale[] operand = new Rescale[2];
        int[] u = {-1, -1};
        if (!mul) {
            for (int i = 0; i < 2; i++) {
                long e = n.p[1 + i];
                if (e > MAX_SHIFT || -e > MAX_UP) throw new IllegalArgumentException(n.where() + ": operand requantization out of range");
                if (e > 0) {
                    u[i] = d.aux("operand" + i, d.tensor(n.in[i]).shape);
                    operand[i] = Rescale.declare(d, "operand" + i, u[i], (int) e);
                }
            }
        }
        return new Decl(Rescale.declare(d, mul ? "product" : "sum", n.out[0], shift), operand, u);
    }

    // ------------------------------------------------------------------ witness

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        int[] os = w.vec(n.out[0]).shape;
        long[][] x = new long[2][];
        for (int i = 0; i < 2; i++) x[i] = w.values(n.in[i]);
        long[] acc;
        if (isMul(n.op)) {
            acc = Elementwise.arith(Elementwise.Arith.MUL, x[0], w.vec(n.in[0]).shape, x[1], w.vec(n.in[1]).shape, os);
            if (isBatchNorm(n.op)) acc = Elementwise.arith(Elementwise.Arith.ADD, acc, os, w.values(n.in[2]), w.vec(n.in[2]).shape, os);
        } else {
            long[][] u = new long[2][];
            for (int i = 0; i < 2; i++) {
                int e = (int) n.p[1 + i];
                if (e > 0) {
                    u[i] = new long[x[i].length];
                    for (int j = 0; j < u[i].length; j++) u[i][j] = FixedPoint.rescale(x[i][j], e);
                    w.set(dc.u[i], u[i]);
                    dc.operand[i].witness(w, x[i]);
                } else {
                    u[i] = new long[x[i].length];
                    for (int j = 0; j < u[i].length; j++) u[i][j] = x[i][j] << -e;
                }
            }
            acc = Elementwise.arith(sign(n.op) > 0 ? Elementwise.Arith.ADD : Elementwise.Arith.SUB, u[0], w.vec(n.in[0]).shape, u[1], w.vec(n.in[1]).shape, os);
        }
        dc.out.witness(w, acc);
    }

    // ------------------------------------------------------------------ interactive part

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Vec q = s.circuit.vec(n.out[0]);
        GoldilocksExt2[] r = s.challenges(isMul(n.op) ? "mul.point" : "add.point", q.vars);
        Val acc = dc.out.accAt(s, r);
        if (isMul(n.op)) runMul(n, s, q, r, acc);
        else runAdd(n, dc, s, q, r, acc);
    }

    private static void runAdd(NodeSpec n, Decl dc, Side s, Vec q, GoldilocksExt2[] r, Val acc) {
        Val[] v = new Val[2];
        for (int i = 0; i < 2; i++) {
            Vec x = s.circuit.vec(n.in[i]);
            GoldilocksExt2[] sub = Broadcast.subPoint(q.shape, x.shape, r);
            int e = (int) n.p[1 + i];
            Val ui;
            if (e > 0) {
                ui = s.open(dc.u[i], sub);
                Val xv = dc.operand[i].accAt(s, sub);
                s.check(xv, s.open(n.in[i], sub), "operand " + i + " is not rescaled correctly");
            } else {
                ui = s.open(n.in[i], sub).mulBase(1L << -e);
            }
            v[i] = ui.mul(Broadcast.factor(q.shape, x.shape, r));
        }
        Val sum = sign(n.op) > 0 ? v[0].add(v[1]) : v[0].sub(v[1]);
        s.check(acc, sum, (sign(n.op) > 0 ? "sum" : "difference") + " disagrees with its operands");
    }

    private static void runMul(NodeSpec n, Side s, Vec q, GoldilocksExt2[] r, Val acc) {
        if (isBatchNorm(n.op)) { // the broadcast shift, a constant: acc - B(r) is the product's
            int[] bs = s.circuit.vec(n.in[2]).shape;
            acc = acc.sub(s.open(n.in[2], Broadcast.subPoint(q.shape, bs, r)).mul(Broadcast.factor(q.shape, bs, r)));
        }
        Broadcast.product(s, n.in[0], n.in[1], q.shape, r, acc, "product disagrees with its operands");
    }
}
