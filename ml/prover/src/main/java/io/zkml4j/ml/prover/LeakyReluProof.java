package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ops.Elementwise;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;

/**
 * The slope activations, at one scale, exactly as ml/quant computes them: z = x for x &gt;= 0, else
 * z = rescale(x a, s) = floor((x a + 2^(s-1)) / 2^s) with a the slope at scale 2^s. LeakyRelu (LeakyReluOp): a scalar
 * alpha_q at s_alpha, entered as a one-entry constant; PRelu (PReluOp): a slope tensor broadcast to x (per channel or
 * any numpy broadcast), at its own scale.
 *
 * <p>Proof. The prover commits n = min(x, 0) (advice); x - n = max(x, 0) is never committed. Then:
 * <ol>
 *   <li>n = min(x, 0) exactly: a {@link Clamp} step (upper bound 0: a zero-check n (n - x) = 0 and x - 2n in [0, 2^B)),
 *       ending at a point t;</li>
 *   <li>2^s z + rem - 2^(s-1) = 2^s (x - n) + A n entry-wise, A the broadcast slope, rem in [0, 2^s) (a {@link Rescale}
 *       of z by s, which also keeps a committed z within |z| &lt; 2^(B-1)): acc(t) from z and rem at t, minus
 *       2^s (x(t) - n(t)), is claimed to be sum_i eq(t, i) A(i) n(i), proven by {@link Broadcast#product} (one check at t
 *       for a scalar slope, else a degree-3 sumcheck). Over the integers this says z = rescale(2^s x, s) = x for x &gt;= 0
 *       (n = 0) and z = rescale(a x, s) for x &lt; 0 (n = x): the executor's value.</li>
 * </ol>
 * Integers: every term is below 2^62 in magnitude (setup checks s + B &lt;= 60 and max|a| 2^B &lt; 2^61, with |x|,
 * |z|, |n| &lt; 2^(B-1) and rem &lt; 2^s), so the field identities are integer identities.
 *
 * <p>Soundness error beyond the range checks', the claims' and the batched opening's: the clamp step's
 * 5 vars / |F_ext|, the rescale relation's vars / |F_ext| at t, and the product's vars / |F_ext| (scalar) or
 * (vars + 3 vars) / |F_ext| (sumcheck), |F_ext| = p^2 ~ 2^128.
 *
 * <p>Parameters: [s]; inputs [x, slope]; outputs [z].
 */
final class LeakyReluProof implements OpProof {
    private record Decl(int n, Clamp sign, Rescale rescale) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one output expected");
        if (q.outScales[0] != q.inScales[0]) throw CircuitCompiler.unsupported(q, q.op + " changing the scale");
        int x = c.tensor(q, 0), slope;
        long s, maxSlope;
        if (q.op.equals("LeakyRelu")) {
            long[] a = q.ints.get("alpha");
            if (q.inputs.size() != 1 || a == null || a.length != 2) throw CircuitCompiler.unsupported(q, "one input and a quantized alpha expected");
            s = a[1];
            maxSlope = Math.abs(a[0]);
            slope = c.constant(q.name + ".alpha", new int[] {1}, new long[] {a[0]}, (int) s);
        } else {
            if (q.inputs.size() != 2) throw CircuitCompiler.unsupported(q, "an input and a slope expected");
            if (!c.isConstant(q, 1)) throw CircuitCompiler.unsupported(q, "slope computed by the model (constant slopes only)");
            slope = c.tensor(q, 1);
            s = q.inScales[1];
            maxSlope = FixedPoint.maxAbs(c.constValues.get(slope));
        }
        checkSlope(maxSlope, s, c.rangeBits, msg -> CircuitCompiler.unsupported(q, msg));
        int[] xs = c.tensors.get(x).shape;
        if (!Arrays.equals(Broadcast.shape(xs, c.tensors.get(slope).shape), xs)) throw CircuitCompiler.unsupported(q, "slope does not broadcast to the input");
        return new NodeSpec(q.op, q.name, new int[] {x, slope}, new int[] {c.output(q, 0)}, new long[] {s}, List.of());
    }

    /** The slope's scale s in [0, 60 - B] and max|a| 2^B &lt; 2^61: every relation of the proof stays below 2^62. */
    private static void checkSlope(long maxSlope, long s, int rangeBits, java.util.function.Function<String, RuntimeException> fail) {
        if (s < 0 || s + rangeBits > 60) throw fail.apply("slope at scale 2^" + s + " (at most 2^" + (60 - rangeBits) + ")");
        if (maxSlope >= (1L << (61 - rangeBits))) throw fail.apply("quantized slope " + maxSlope + " too large");
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 2 || n.out.length != 1 || n.p.length != 1) throw new IllegalArgumentException(n.where() + ": malformed");
        Vec x = d.tensor(n.in[0]), slope = d.tensor(n.in[1]);
        if (!Arrays.equals(x.shape, d.tensor(n.out[0]).shape) || !Arrays.equals(Broadcast.shape(x.shape, slope.shape), x.shape) || slope.kind != Vec.Kind.CONST) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        int b = d.circuit().rangeBits;
        // the slope's values are constants of the key, their magnitude checked at setup
        checkSlope(0, n.p[0], b, msg -> new IllegalArgumentException(n.where() + ": " + msg));
        int neg = d.aux("negative", x.shape);
        return new Decl(neg, Clamp.declare(d, "sign", n.in[0], neg, 0, false), Rescale.declare(d, "slope", n.out[0], (int) n.p[0]));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        int s = (int) n.p[0];
        long[] x = w.values(n.in[0]);
        int[] shape = w.vec(n.in[0]).shape;
        long[] neg = new long[x.length];
        for (int i = 0; i < x.length; i++) neg[i] = dc.sign.apply(x[i]);
        w.set(dc.n, neg);
        dc.sign.witness(w, x, neg);
        // acc = 2^s (x - n) + a n: 2^s x on the non-negative entries, a x on the negative ones
        long[] acc = Elementwise.arith(Elementwise.Arith.MUL, w.values(n.in[1]), w.vec(n.in[1]).shape, neg, shape, shape);
        for (int i = 0; i < x.length; i++) acc[i] += (x[i] - neg[i]) << s;
        dc.rescale.witness(w, acc);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Clamp.End e = dc.sign.run(s, "slope.sign");
        Val acc = dc.rescale.accAt(s, e.t());
        Val negative = acc.sub(e.v().sub(e.w()).mulBase(1L << n.p[0]));
        Broadcast.product(s, n.in[1], dc.n, s.circuit.vec(n.out[0]).shape, e.t(), negative, "negative branch is not the slope times x rescaled");
    }
}
