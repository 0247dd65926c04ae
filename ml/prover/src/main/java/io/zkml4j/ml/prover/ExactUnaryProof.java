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
 * </ul>
 * Each relation is multilinear in vectors committed before its point is drawn, so it holds entry-wise except with
 * probability vars / |F_ext|. Soundness error beyond the range checks' and the claims': Abs, the clamp step's plus
 * vars / |F_ext|; Floor/Ceil 3 vars / |F_ext| (the point and two relations), |F_ext| = p^2 ~ 2^128.
 *
 * <p>Parameters: [s]; inputs [x]; outputs [z].
 */
final class ExactUnaryProof implements OpProof {
    private record AbsDecl(int positive, Clamp clamp) {}

    private record RoundDecl(int quotient, RangeCheck rem, RangeCheck bound) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1 || q.outputs.size() != 1 || q.inScales[0] != q.outScales[0]) throw CircuitCompiler.unsupported(q, "one input at the output's scale expected");
        int s = q.inScales[0];
        if (!q.op.equals("Abs") && s > 0 && s + c.rangeBits > 61) throw CircuitCompiler.unsupported(q, "scale 2^" + s + " too fine to round within 2^62");
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, new long[] {s}, List.of());
    }

    private static boolean rounds(NodeSpec n) {
        return !n.op.equals("Abs") && n.p[0] > 0;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length != 1 || !Arrays.equals(d.tensor(n.in[0]).shape, d.tensor(n.out[0]).shape)
                || !(n.op.equals("Abs") || n.op.equals("Floor") || n.op.equals("Ceil")) || (rounds(n) && n.p[0] + d.circuit().rangeBits > 61)) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        int[] shape = d.tensor(n.in[0]).shape;
        if (n.op.equals("Abs")) {
            int p = d.aux("positive", shape);
            return new AbsDecl(p, Clamp.declare(d, "abs", n.in[0], p, 0, true));
        }
        if (!rounds(n)) return null;
        return new RoundDecl(d.aux("quotient", shape), d.range("rem", shape, (int) n.p[0]), d.range("quotient.bound", shape, d.circuit().rangeBits));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        long[] x = w.values(n.in[0]);
        if (decl instanceof AbsDecl a) {
            long[] p = new long[x.length];
            for (int i = 0; i < p.length; i++) p[i] = Math.max(x[i], 0);
            w.set(a.positive, p);
            a.clamp.witness(w, x, p);
        } else if (decl instanceof RoundDecl r) {
            int s = (int) n.p[0];
            boolean floor = n.op.equals("Floor");
            long[] q = new long[x.length], rem = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                q[i] = floor ? x[i] >> s : -((-x[i]) >> s);
                rem[i] = floor ? x[i] - (q[i] << s) : (q[i] << s) - x[i];
            }
            w.set(r.quotient, q);
            w.range(r.rem, rem);
            w.range(r.bound, DivRound.shifted(q, w.circuit.rangeBits));
        }
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        if (decl instanceof AbsDecl a) {
            Clamp.End e = a.clamp.run(s, "abs");
            s.check(s.open(n.out[0], e.t()).equals(e.w().add(e.w()).sub(e.v())), "output is not 2 max(x, 0) - x");
            return;
        }
        Vec z = s.circuit.vec(n.out[0]);
        GoldilocksExt2[] r = s.challenges("round.point", z.vars);
        GoldilocksExt2 x = s.open(n.in[0], r), zr = s.open(n.out[0], r);
        if (!(decl instanceof RoundDecl d)) {
            s.check(zr.equals(x), "output differs from the input");
            return;
        }
        long scale = 1L << n.p[0];
        GoldilocksExt2 q = s.open(d.quotient, r);
        GoldilocksExt2 ind = Padding.realIndicator(z.shape, r);
        s.check(s.range(d.bound, r).equals(q.add(ind.mulBase(1L << (s.circuit.rangeBits - 1)))), "quotient outside the range budget");
        GoldilocksExt2 rem = s.range(d.rem, r);
        GoldilocksExt2 qs = q.mulBase(scale);
        s.check(x.equals(n.op.equals("Floor") ? qs.add(rem) : qs.sub(rem)), "remainder of the rounding out of place");
        s.check(zr.equals(qs), "output is not the rounded quotient");
    }
}
