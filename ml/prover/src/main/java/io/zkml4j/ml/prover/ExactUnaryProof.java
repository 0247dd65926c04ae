package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;

/**
 * Element-wise operators exact at the input's own scale s (ml/quant's ExactUnaryOp), output z at scale s:
 * <ul>
 *   <li>Abs: z = |x|. The prover commits p = max(x, 0), proven by one {@link Clamp} step (lower bound 0); then
 *       z = 2p - x is checked at the step's end point t. p = max(x, 0) exactly, so z = |x| on every entry, and |z| &lt;
 *       2^(B-1) follows from |x| &lt; 2^(B-1).</li>
 *   <li>Floor (z = 2^s floor(x / 2^s)) and Ceil (z = 2^s ceil(x / 2^s)), s &gt; 0: the prover commits the quotient q,
 *       kept in the range budget (q + 2^(B-1) in [0, 2^B)), and the remainder rem in [0, 2^s) is range-checked (never
 *       committed: its limbs are). At a random point r: x(r) = 2^s q(r) + rem(r) (Floor) or 2^s q(r) - rem(r) (Ceil),
 *       and z(r) = 2^s q(r). Setup requires s + B &lt;= 61, so every term is below 2^62 and the relations hold over
 *       the integers: q = floor(x / 2^s) (resp. ceil), z = 2^s q, the executor's values. For s &lt;= 0 the value
 *       is unchanged and z(r) = x(r) is checked.</li>
 *   <li>Round (z = 2^s round-half-to-even(x / 2^s), FloorOpHelper.roundHalfEven), s &gt; 0: with h = 2^(s-1), the
 *       result is 2^s floor((x + h - 1 + b) / 2^s) where b is the parity of floor(x / 2^s) (rem = x mod 2^s: rem &gt; h
 *       rounds up; rem = h, the tie, rounds up iff floor(x / 2^s) is odd, so the even neighbour wins). The prover
 *       commits a, whose range budget is checked, and b, range-checked to one bit, with the range-checked f in
 *       [0, 2^s): x(r) = 2^(s+1) a(r) + 2^s b(r) + f(r) makes 2a + b = floor(x / 2^s) exactly (so b is its parity);
 *       then the Floor relation above on x + (h - 1) ind + b: x(r) + (h - 1) ind(r) + b(r) = 2^s q(r) + rem(r), and
 *       z(r) = 2^s q(r). No tie needs a branch: the parity bit shifts the threshold by one. Every term stays below
 *       2^62 (|2^(s+1) a| &lt;= 2^(s+B) &lt;= 2^61), so each relation holds over the integers.</li>
 *   <li>Sign (z = 2^s sign(x), s &gt;= 0): for an integer x, sign(x) = min(max(x, -1), 1), so two {@link Clamp} steps
 *       prove the committed u = min(y, 1) of the committed y = max(x, -1) exactly; z(t) = 2^s u(t) at the second step's
 *       end point t. |z| &lt;= 2^s &lt; 2^(B-1) by setup (s &lt;= B - 2).</li>
 * </ul>
 * Each relation is multilinear in vectors committed before its point is drawn, so it holds entry-wise except with
 * probability vars / |F_ext|. Soundness error beyond the range checks' and the claims': Abs, the clamp step's plus
 * vars / |F_ext|; Floor/Ceil 3 vars / |F_ext| (the point and two relations); Round 6 vars / |F_ext| (the point and
 * five relations); Sign, two clamp steps' plus vars / |F_ext|; |F_ext| = p^2 ~ 2^128.
 *
 * <p>Parameters: [s]; inputs [x]; outputs [z].
 */
final class ExactUnaryProof implements OpProof {
    private record AbsDecl(int positive, Clamp clamp) {}

    /** Floor/Ceil, and Round's second stage (with its parity stage). */
    private record RoundDecl(int quotient, RangeCheck rem, RangeCheck bound, Parity parity) {}

    /** Round's first stage: x = 2^(s+1) a + 2^s b + f with b a bit, f in [0, 2^s), a in the budget. */
    private record Parity(int half, RangeCheck bit, RangeCheck rem, RangeCheck bound) {}

    private record SignDecl(int low, int unit, Clamp lower, Clamp upper) {}

    private static final List<String> OPS = List.of("Abs", "Floor", "Ceil", "Round", "Sign");

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1 || q.outputs.size() != 1 || q.inScales[0] != q.outScales[0]) throw CircuitCompiler.unsupported(q, "one input at the output's scale expected");
        int s = q.inScales[0];
        if (q.op.equals("Sign") && (s < 0 || s > c.rangeBits - 2)) throw CircuitCompiler.unsupported(q, "Sign at scale 2^" + s + " (0 <= s <= " + (c.rangeBits - 2) + " expected)");
        if (q.op.equals("Sign") || q.op.equals("Abs")) return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, new long[] {s}, List.of());
        if (s > 0 && s + c.rangeBits > 61) throw CircuitCompiler.unsupported(q, "scale 2^" + s + " too fine to round within 2^62");
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, new long[] {s}, List.of());
    }

    private static boolean rounds(NodeSpec n) {
        return !n.op.equals("Abs") && !n.op.equals("Sign") && n.p[0] > 0;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length != 1 || !Arrays.equals(d.tensor(n.in[0]).shape, d.tensor(n.out[0]).shape)
                || !OPS.contains(n.op) || (rounds(n) && n.p[0] + d.circuit().rangeBits > 61)
                || (n.op.equals("Sign") && (n.p[0] < 0 || n.p[0] > d.circuit().rangeBits - 2))) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        int[] shape = d.tensor(n.in[0]).shape;
        if (n.op.equals("Abs")) {
            int p = d.aux("positive", shape);
            return new AbsDecl(p, Clamp.declare(d, "abs", n.in[0], p, 0, true));
        }
        if (n.op.equals("Sign")) {
            int y = d.aux("low", shape), u = d.aux("unit", shape);
            return new SignDecl(y, u, Clamp.declare(d, "lower", n.in[0], y, -1, true), Clamp.declare(d, "upper", y, u, 1, false));
        }
        if (!rounds(n)) return null;
        int bits = d.circuit().rangeBits, s = (int) n.p[0];
        Parity parity = n.op.equals("Round") ? new Parity(d.aux("half", shape), d.range("parity", shape, 1), d.range("half.rem", shape, s), d.range("half.bound", shape, bits)) : null;
        return new RoundDecl(d.aux("quotient", shape), d.range("rem", shape, s), d.range("quotient.bound", shape, bits), parity);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        long[] x = w.values(n.in[0]);
        if (decl instanceof AbsDecl a) {
            long[] p = new long[x.length];
            for (int i = 0; i < p.length; i++) p[i] = Math.max(x[i], 0);
            w.set(a.positive, p);
            a.clamp.witness(w, x, p);
        } else if (decl instanceof SignDecl g) {
            long[] y = new long[x.length], u = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = g.lower.apply(x[i]);
                u[i] = g.upper.apply(y[i]);
            }
            w.set(g.low, y);
            w.set(g.unit, u);
            g.lower.witness(w, x, y);
            g.upper.witness(w, y, u);
        } else if (decl instanceof RoundDecl r) {
            int s = (int) n.p[0];
            boolean floor = !n.op.equals("Ceil");
            long[] v = x;
            if (r.parity != null) { // Round: v = x + 2^(s-1) - 1 + parity of floor(x / 2^s), then floored
                long[] a = new long[x.length], b = new long[x.length], f = new long[x.length];
                v = new long[x.length];
                for (int i = 0; i < x.length; i++) {
                    long fl = x[i] >> s;
                    a[i] = fl >> 1;
                    b[i] = fl & 1;
                    f[i] = x[i] - (fl << s);
                    v[i] = x[i] + (1L << (s - 1)) - 1 + b[i];
                }
                w.set(r.parity.half, a);
                w.range(r.parity.bit, b);
                w.range(r.parity.rem, f);
                w.budget(r.parity.bound, a);
            }
            long[] q = new long[x.length], rem = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                q[i] = floor ? v[i] >> s : -((-v[i]) >> s);
                rem[i] = floor ? v[i] - (q[i] << s) : (q[i] << s) - v[i];
            }
            w.set(r.quotient, q);
            w.range(r.rem, rem);
            w.budget(r.bound, q);
        }
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        if (decl instanceof AbsDecl a) {
            Clamp.End e = a.clamp.run(s, "abs");
            s.check(s.open(n.out[0], e.t()), e.w().add(e.w()).sub(e.v()), "output is not 2 max(x, 0) - x");
            return;
        }
        if (decl instanceof SignDecl g) {
            g.lower.run(s, "sign.lower");
            Clamp.End e = g.upper.run(s, "sign.upper");
            s.check(s.open(n.out[0], e.t()), e.w().mulBase(1L << n.p[0]), "output is not 2^s min(max(x, -1), 1)");
            return;
        }
        Vec z = s.circuit.vec(n.out[0]);
        GoldilocksExt2[] r = s.challenges("round.point", z.vars);
        Val x = s.open(n.in[0], r), zr = s.open(n.out[0], r);
        if (!(decl instanceof RoundDecl d)) {
            s.check(zr, x, "output differs from the input");
            return;
        }
        long scale = 1L << n.p[0];
        Val q = s.open(d.quotient, r);
        GoldilocksExt2 ind = Padding.realIndicator(z.shape, r);
        s.checkBudget(s.range(d.bound, r), q, ind, "quotient outside the range budget");
        Val v = x;
        if (d.parity != null) {
            Parity p = d.parity;
            Val a = s.open(p.half, r), b = s.range(p.bit, r);
            s.checkBudget(s.range(p.bound, r), a, ind, "half quotient outside the range budget");
            s.check(x, a.mulBase(2 * scale).add(b.mulBase(scale)).add(s.range(p.rem, r)), "parity of the quotient out of place");
            v = x.add(ind.mulBase((scale >> 1) - 1)).add(b);
        }
        Val rem = s.range(d.rem, r);
        Val qs = q.mulBase(scale);
        s.check(v, n.op.equals("Ceil") ? qs.sub(rem) : qs.add(rem), "remainder of the rounding out of place");
        s.check(zr, qs, "output is not the rounded quotient");
    }
}
