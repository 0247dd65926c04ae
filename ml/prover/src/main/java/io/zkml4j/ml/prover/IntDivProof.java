package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;

/**
 * Div's mode 0 (DivOp on integers at scale 0): y = a / b truncated toward zero, for a divisor b that is one positive
 * constant (a scalar or a tensor of equal entries, such as a bit shift's 2^c) and a dividend a of the output's shape.
 *
 * <p>Advice, all as range-checked quantities of the output's shape: s = [a &lt; 0] (1 bit), A = |a| (B - 1 bits),
 * R1 = A - b |y| and R2 = b - 1 - R1 (k bits each, 2^k &gt;= b). At a random point r: R2(r) = (b - 1) ind(r) - R1(r);
 * with Y = (A - R1) / b, sum eq(r, i) s_i a_i = (a(r) - A(r)) / 2 and sum eq(r, i) s_i y_i = (y(r) - Y(r)) / 2 (two
 * degree-3 sumchecks, {@link Broadcast#product}). Over the integers: s is a bit and A = a (1 - 2s) &gt;= 0 makes s the
 * sign of a (or a = 0); R1 in [0, b) and A = b Y + R1 with A &gt;= 0 make Y = floor(|a| / b) &gt;= 0; y = Y (1 - 2s)
 * is then |a| / b with a's sign: truncation (a = 0 gives Y = 0, y = 0 whatever s). Every term is below 2^62: |a|,
 * |y| &lt; 2^(B-1), b &lt; 2^(B-1).
 *
 * <p>Soundness error beyond the range checks' and the claims': 5 vars(y) / |F_ext| for the identities at r and
 * 2 * 3 vars(y) / |F_ext| for the sumchecks. Parameters: [b]; inputs [a]; output [y].
 */
final class IntDivProof {
    private IntDivProof() {}

    record Decl(long b, RangeCheck sign, RangeCheck abs, RangeCheck r1, RangeCheck r2) {}

    /** Setup: [b] for a positive constant divisor with equal entries, else why not. */
    static NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 2 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "two inputs and one output expected");
        QConst k = c.isConstant(q, 1) ? c.model.constants.get(q.inputs.get(1)) : null;
        if (k == null || k.values.length == 0) throw CircuitCompiler.unsupported(q, "integer division by a tensor computed at run time");
        long b = k.values[0];
        for (long v : k.values) if (v != b) throw CircuitCompiler.unsupported(q, "integer division by a constant of unequal entries");
        if (b < 1 || b >= 1L << (c.rangeBits - 1)) throw CircuitCompiler.unsupported(q, "integer division by " + b);
        if (q.inScales[0] != 0 || q.outScales[0] != 0) throw CircuitCompiler.unsupported(q, "integer division at a scale other than 0");
        int a = c.tensor(q, 0), y = c.output(q, 0);
        if (!Arrays.equals(c.tensors.get(a).shape, c.tensors.get(y).shape)) throw CircuitCompiler.unsupported(q, "dividend of another shape than the output");
        return new NodeSpec(q.op, q.name, new int[] {a}, new int[] {y}, new long[] {b}, List.of());
    }

    static Decl declare(NodeSpec n, Circuit.Declarer d) {
        int bits = d.circuit().rangeBits;
        if (n.p.length != 1 || n.in.length != 1 || n.out.length != 1 || n.p[0] < 1 || n.p[0] >= 1L << (bits - 1)) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] ys = d.tensor(n.out[0]).shape;
        if (!Arrays.equals(d.tensor(n.in[0]).shape, ys)) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        long b = n.p[0];
        int k = Math.max(1, 64 - Long.numberOfLeadingZeros(b - 1));
        return new Decl(b, d.range("sign", ys, 1), d.range("abs", ys, bits - 1), d.range("rem", ys, k), d.range("slack", ys, k));
    }

    static void witness(NodeSpec n, Decl dc, Witness w) {
        long[] a = w.values(n.in[0]);
        long[] s = new long[a.length], abs = new long[a.length], r1 = new long[a.length], r2 = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] < 0 ? 1 : 0;
            abs[i] = Math.abs(a[i]);
            r1[i] = abs[i] % dc.b;
            r2[i] = dc.b - 1 - r1[i];
        }
        w.range(dc.sign, s);
        w.range(dc.abs, abs);
        w.range(dc.r1, r1);
        w.range(dc.r2, r2);
    }

    static void run(NodeSpec n, Decl dc, Side s) {
        Vec y = s.circuit.vec(n.out[0]);
        GoldilocksExt2[] r = s.challenges("intdiv.point", y.vars);
        GoldilocksExt2 ind = Padding.realIndicator(y.shape, r);
        s.range(dc.sign, r); // binds the sign's top limb: it is a bit wherever the products below read it
        Val abs = s.range(dc.abs, r), r1 = s.range(dc.r1, r), r2 = s.range(dc.r2, r);
        s.check(r2, r1.neg().add(ind.mulBase(dc.b - 1)), "remainder and slack do not add up to the divisor - 1");
        Val ar = s.open(n.in[0], r), yr = s.open(n.out[0], r);
        Val mag = abs.sub(r1).mulBase(Goldilocks.inv(dc.b));
        GoldilocksExt2 half = GoldilocksExt2.ONE.mulBase(Goldilocks.inv(2));
        int sign = dc.sign.limbs[0];
        Broadcast.product(s, sign, n.in[0], y.shape, r, ar.sub(abs).mul(half), "|dividend| is not the dividend times its sign");
        Broadcast.product(s, sign, n.out[0], y.shape, r, yr.sub(mag).mul(half), "quotient is not the truncated |dividend| / divisor with the dividend's sign");
    }
}
