package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;

/**
 * HardSigmoid exactly as ml/quant's HardSigmoidOp computes it: acc = alpha x + beta at s_acc = s_x + s_alpha (alpha
 * and beta quantized constants), z = requant(clamp(acc, 0, 2^s_acc), s_acc, s_z).
 *
 * <p>Reordering. requant by k = s_acc - s_z is monotone non-decreasing (a rounding rescale for k &gt; 0, an exact
 * 2^-k factor otherwise) and maps 0 to 0 and 2^s_acc to 2^s_z exactly, and a monotone f commutes with clamping:
 * f(clamp(v, lo, hi)) = clamp(f(v), f(lo), f(hi)). So z = clamp(u, 0, 2^s_z) with u = requant(acc, k): the clamp acts
 * on u, which is 2^k times narrower than acc.
 *
 * <p>Proof. Advice: u and y = max(u, 0). (1) u = requant(alpha x + beta, k): a {@link Rescale} of u by k
 * (2^k u + rem - 2^(k-1) = acc with rem in [0, 2^k); u = 2^-k acc for k &lt;= 0), checked at the lower clamp's point
 * against alpha x(t) + beta ind(t); u gets no range-budget check of its own. (2) y = max(u, 0): a {@link Clamp}
 * step of W bits, 2^W &gt; max|u| over inputs in the budget; its range check makes u an integer with |u| &lt; 2^W (Clamp's
 * wider steps need no prior bound on v), so (1) holds over the integers (setup keeps both sides below 2^62) and u is
 * exactly requant(acc, k). (3) z = min(y, 2^s_z): a Clamp step of W bits (|y - 2^s_z| &lt; 2^W). Then
 * 0 &lt;= z &lt;= 2^s_z &lt; 2^(B-1) (setup: s_z &lt;= B - 2), in the range budget. When 2^s_z &gt;= 2^W the upper bound cannot
 * bind (y &lt; 2^W) and step (3) is left out: z = y, with W &lt;= B - 1 required at setup.
 *
 * <p>Soundness error beyond the range checks', the claims' and the batched opening's: two clamp steps, 5 vars / |F_ext|
 * each, and vars / |F_ext| for the rescale relation (checked at the first step's point), |F_ext| = p^2 ~ 2^128.
 *
 * <p>Parameters: [alpha, beta, k, s_z]; inputs [x]; outputs [z].
 */
final class HardSigmoidProof implements OpProof {
    private record Decl(int u, int y, Rescale scaled, Clamp low, Clamp high) {}

    private static final int MAX_UP = 40, MAX_SHIFT = 56;

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        long[] a = q.ints.get("alpha");
        if (q.inputs.size() != 1 || q.outputs.size() != 1 || a == null || a.length != 3) throw CircuitCompiler.unsupported(q, "one input and quantized alpha, beta expected");
        int x = c.tensor(q, 0), z = c.output(q, 0);
        if (!Arrays.equals(c.tensors.get(x).shape, c.tensors.get(z).shape)) throw CircuitCompiler.unsupported(q, "output shape differs from the input's");
        int k = q.inScales[0] + (int) a[1] - q.outScales[0];
        long[] p = {a[0], a[2], k, q.outScales[0]};
        String why = bounds(p, c.rangeBits);
        if (why != null) throw CircuitCompiler.unsupported(q, why);
        return new NodeSpec(q.op, q.name, new int[] {x}, new int[] {z}, p, List.of());
    }

    /** max |alpha x + beta| for |x| &lt; 2^(B-1). */
    private static double maxAcc(long[] p, int rangeBits) {
        return Math.abs((double) p[0]) * (FixedPoint.scalb(1.0, rangeBits - 1) - 1) + Math.abs((double) p[1]);
    }

    /** W: 2^W &gt; max|u| for u = requant(alpha x + beta, k), |x| &lt; 2^(B-1). */
    private static int width(long[] p, int rangeBits) {
        int k = (int) p[2];
        double u = k > 0 ? maxAcc(p, rangeBits) / FixedPoint.scalb(1.0, k) + 1 : FixedPoint.scalb(maxAcc(p, rangeBits), -k);
        return Math.max(1, Math.getExponent(Math.max(u, 1)) + 1);
    }

    /** Whether the upper clamp can bind: 2^s_z &lt; 2^W. */
    private static boolean hasHigh(long[] p, int rangeBits) {
        return p[3] < width(p, rangeBits);
    }

    /** Null when the node's relations stay far from p; else why not. */
    private static String bounds(long[] p, int rangeBits) {
        long k = p[2], so = p[3];
        if (k > MAX_SHIFT || -k > MAX_UP) return "rescale by 2^" + k;
        if (so < 0) return "output scale 2^" + so;
        double acc = maxAcc(p, rangeBits);
        if (acc >= 0x1p61) return "accumulator alpha x + beta beyond 2^61";
        int w = width(p, rangeBits);
        if (w > 60) return "scaled input beyond 2^60";
        // 2^k u + rem - 2^(k-1) (k > 0) or 2^-k acc (k < 0), with |u| < 2^W: below 2^62
        if (FixedPoint.scalb(1.0, w + (int) Math.max(k, 0)) + FixedPoint.scalb(1.0, (int) Math.max(k, 0)) >= 0x1p62 || FixedPoint.scalb(acc, (int) Math.max(0, -k)) >= 0x1p62) {
            return "rescale relation beyond 2^62";
        }
        if (hasHigh(p, rangeBits) ? so > rangeBits - 2 : w > rangeBits - 1) return "output 1 at scale 2^" + so + " outside the range budget 2^" + (rangeBits - 1);
        return null;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length != 4 || !n.rules.isEmpty()) throw new IllegalArgumentException(n.where() + ": malformed");
        Vec x = d.tensor(n.in[0]);
        if (!Arrays.equals(x.shape, d.tensor(n.out[0]).shape)) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        int b = d.circuit().rangeBits;
        if (bounds(n.p, b) != null) throw new IllegalArgumentException(n.where() + ": parameters out of range");
        int w = width(n.p, b);
        int u = d.aux("scaled", x.shape);
        Rescale scaled = Rescale.declare(d, "scaled", u, (int) n.p[2], false);
        if (!hasHigh(n.p, b)) return new Decl(u, -1, scaled, Clamp.declare(d, "lower", u, n.out[0], 0, true, w), null);
        int y = d.aux("low", x.shape);
        return new Decl(u, y, scaled, Clamp.declare(d, "lower", u, y, 0, true, w), Clamp.declare(d, "upper", y, n.out[0], 1L << n.p[3], false, w));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        long alpha = n.p[0], beta = n.p[1];
        int k = (int) n.p[2];
        long[] x = w.values(n.in[0]);
        long[] acc = new long[x.length], u = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            acc[i] = x[i] * alpha + beta;
            u[i] = k > 0 ? FixedPoint.rescale(acc[i], k) : acc[i] << -k;
        }
        w.set(dc.u, u);
        dc.scaled.witness(w, acc);
        if (dc.high == null) {
            dc.low.witness(w, u, w.values(n.out[0]));
            return;
        }
        long[] y = new long[x.length];
        for (int i = 0; i < y.length; i++) y[i] = dc.low.apply(u[i]);
        w.set(dc.y, y);
        dc.low.witness(w, u, y);
        dc.high.witness(w, y, w.values(n.out[0]));
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Clamp.End e = dc.low.run(s, "hardsigmoid.lower");
        GoldilocksExt2 ind = Padding.realIndicator(s.circuit.vec(n.in[0]).shape, e.t());
        Val acc = s.open(n.in[0], e.t()).mulBase(Goldilocks.fromSigned(n.p[0])).add(ind.mulBase(Goldilocks.fromSigned(n.p[1])));
        s.check(dc.scaled.accFrom(s, e.t(), e.v()), acc, "scaled input is not alpha x + beta requantized");
        if (dc.high != null) dc.high.run(s, "hardsigmoid.upper");
    }
}
