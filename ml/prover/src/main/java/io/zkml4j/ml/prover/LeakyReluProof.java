package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;

import java.util.Arrays;
import java.util.List;

/**
 * LeakyRelu exactly as ml/quant's LeakyReluOp computes it, at one scale: z = x for x &gt;= 0, else
 * z = rescale(x alpha_q, s_alpha) = floor((x alpha_q + 2^(s_alpha-1)) / 2^s_alpha), with alpha_q, s_alpha public.
 *
 * <p>Proof. The prover commits p = max(x, 0) (advice); n = x - p is never committed. Then:
 * <ol>
 *   <li>p (p - x) = 0 on every entry: a zero-check, sum_i eq(r, i) p(i) (p(i) - x(i)) = 0 at a random r, a degree-3
 *       sumcheck ending at a point t;</li>
 *   <li>2p - x in [0, 2^B) (a range check, evaluated at t). With (1): p is 0 or x; p = x forces x = 2p - x &gt;= 0,
 *       p = 0 forces -x &gt;= 0 (|x| &lt; 2^(B-1), the framework's bound on tensors, so a negative x is no small
 *       non-negative integer mod p); so p = max(x, 0) and n = min(x, 0);</li>
 *   <li>2^s z + rem - 2^(s-1) = 2^s p + alpha_q (x - p) with rem in [0, 2^s) (a {@link Rescale} of z by s = s_alpha,
 *       which also keeps a committed z within |z| &lt; 2^(B-1)), checked at t. Over the integers this says
 *       z - p = floor((alpha_q n + 2^(s-1)) / 2^s) = rescale(alpha_q n, s): for x &gt;= 0 that is rescale(0) = 0 and
 *       z = x; for x &lt; 0 it is z = rescale(alpha_q x, s), LeakyReluOp's value.</li>
 * </ol>
 * The relations of (2) and (3) are multilinear in the committed vectors, fixed before t is drawn, so checking them
 * at t proves them entry-wise except with probability vars / |F_ext| each. Integers: every term is below 2^62 in
 * magnitude (setup checks s + B &lt;= 60 and |alpha_q| 2^B &lt; 2^61, with |x|, |z|, |p| &lt; 2^(B-1) and
 * rem &lt; 2^s), so the field identities are integer identities.
 *
 * <p>Soundness error beyond the range checks', the claims' and the batched opening's:
 * (vars + 3 vars + 2 vars) / |F_ext| (the zero-check's random point, its degree-3 sumcheck, the two linear
 * relations at t), |F_ext| = p^2 ~ 2^128.
 *
 * <p>Parameters: [alpha_q, s_alpha]; inputs [x]; outputs [z].
 */
final class LeakyReluProof implements OpProof {
    private record Decl(int p, RangeCheck sign, Rescale rescale) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one input and one output expected");
        if (q.outScales[0] != q.inScales[0]) throw CircuitCompiler.unsupported(q, "LeakyRelu changing the scale");
        long[] a = q.ints.get("alpha");
        if (a == null || a.length != 2) throw CircuitCompiler.unsupported(q, "no quantized alpha");
        checkAlpha(a[0], a[1], c.rangeBits, msg -> CircuitCompiler.unsupported(q, msg));
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, new long[] {a[0], a[1]}, List.of());
    }

    /** alpha's scale s in [0, 60 - B] and |alpha| 2^B &lt; 2^61: every relation of the proof stays below 2^62. */
    private static void checkAlpha(long alpha, long s, int rangeBits, java.util.function.Function<String, RuntimeException> fail) {
        if (s < 0 || s + rangeBits > 60) throw fail.apply("alpha at scale 2^" + s + " (at most 2^" + (60 - rangeBits) + ")");
        if (Math.abs(alpha) >= (1L << (61 - rangeBits))) throw fail.apply("quantized alpha " + alpha + " too large");
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length != 2 || !Arrays.equals(d.tensor(n.in[0]).shape, d.tensor(n.out[0]).shape)) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        int b = d.circuit().rangeBits;
        checkAlpha(n.p[0], n.p[1], b, msg -> new IllegalArgumentException(n.where() + ": " + msg));
        int[] shape = d.tensor(n.in[0]).shape;
        int p = d.aux("positive", shape);
        RangeCheck sign = d.range("sign", shape, b);
        return new Decl(p, sign, Rescale.declare(d, "leaky", n.out[0], (int) n.p[1]));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        long alpha = n.p[0];
        int s = (int) n.p[1];
        long[] x = w.values(n.in[0]);
        long[] p = new long[x.length], q = new long[x.length], acc = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.max(x[i], 0);
            q[i] = 2 * p[i] - x[i];
            acc[i] = (p[i] << s) + alpha * (x[i] - p[i]);
        }
        w.set(dc.p, p);
        w.range(dc.sign, q);
        dc.rescale.witness(w, acc);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Vec z = s.circuit.vec(n.out[0]);
        GoldilocksExt2[] r = s.challenges("leakyrelu.zerocheck", z.vars);
        long[] pp = null, dp = null;
        if (s instanceof ProverCtx pc) {
            pp = pc.padded(dc.p);
            long[] xp = pc.padded(n.in[0]);
            dp = new long[pp.length];
            for (int i = 0; i < dp.length; i++) dp[i] = Goldilocks.sub(pp[i], xp[i]);
        }
        Sumchecks.Result sc = Sumchecks.runEqProduct(s, r, pp, dp, GoldilocksExt2.ZERO);
        GoldilocksExt2[] t = sc.point();
        GoldilocksExt2 pk = sc.eval(0), dk = sc.eval(1); // the prover's folded tables p and p - x at t (null: verifier)
        GoldilocksExt2 pv = s.open(dc.p, t, pk), xv = s.open(n.in[0], t, pk == null ? null : pk.sub(dk));
        s.check(Eq.eval(r, t).mul(pv).mul(pv.sub(xv)).equals(sc.value()), "p (p - x) is not zero everywhere");
        s.check(s.range(dc.sign, t).equals(pv.add(pv).sub(xv)), "2p - x disagrees with its range-checked limbs");
        GoldilocksExt2 acc = dc.rescale.accAt(s, t);
        GoldilocksExt2 expect = pv.mulBase(1L << n.p[1]).add(xv.sub(pv).mulBase(Goldilocks.fromSigned(n.p[0])));
        s.check(acc.equals(expect), "negative branch is not alpha x rescaled");
    }
}
