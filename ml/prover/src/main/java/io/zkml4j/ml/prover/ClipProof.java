package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;

/**
 * Clip z = min(max(x, lo), hi) at one scale, exactly as ml/quant's ClipOp computes it (FixedPoint.clamp with the
 * bounds quantized at the input scale; an absent bound is no bound), and Relu, which is Clip with lo = 0 and no hi.
 *
 * <p>Proof: one or two {@link Clamp} steps. Both bounds: the prover commits y = max(x, lo) (advice) and the steps
 * y = max(x, lo), z = min(y, hi) are proven; one bound: the single step from x to z. Each step pins its output to
 * exactly max or min of its input and the bound (a zero-check and a range check of B bits), so z is ClipOp's value on
 * every entry, and z and y, being entries of x or bounds, stay within the range budget |.| &lt; 2^(B-1) with no
 * further check. Setup keeps every bound within the budget: a lower bound &lt;= -2^(B-1) or an upper bound
 * &gt;= 2^(B-1) cannot bind any tensor (|x| &lt; 2^(B-1)) and is dropped; a bound on the other side of the whole
 * budget (a constant output) and lo &gt; hi (where FixedPoint.clamp is not min(max(.))) are rejected. No bound at all
 * (Clip as the identity) is a lower step at -2^(B-1), which holds only for z = x.
 *
 * <p>Soundness error: that of one or two clamp steps, (5 vars) / |F_ext| each, beyond the range checks' and claims'.
 *
 * <p>Parameters: [has lo, lo, has hi, hi]; inputs [x]; outputs [z].
 */
final class ClipProof implements OpProof {
    private record Decl(Clamp low, Clamp high, int y) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.outputs.size() != 1 || q.inputs.isEmpty()) throw CircuitCompiler.unsupported(q, "one data input and one output expected");
        if (q.outScales[0] != q.inScales[0]) throw CircuitCompiler.unsupported(q, q.op + " changing the scale");
        long lo = 0, hi = Long.MAX_VALUE;
        if (q.op.equals("Clip")) {
            long[] b = q.ints.get("bounds");
            if (b == null || b.length != 2) throw CircuitCompiler.unsupported(q, "no quantized bounds");
            lo = b[0];
            hi = b[1];
        }
        long half = 1L << (c.rangeBits - 1); // tensors satisfy |x| < 2^(B-1)
        if (lo > hi) throw CircuitCompiler.unsupported(q, "Clip with min " + lo + " above max " + hi);
        if (lo >= half || hi <= -half) throw CircuitCompiler.unsupported(q, "Clip bound beyond the range budget 2^" + (c.rangeBits - 1) + " (a constant output)");
        boolean hasLo = lo > -half, hasHi = hi < half;
        long[] p = {hasLo ? 1 : 0, hasLo ? lo : 0, hasHi ? 1 : 0, hasHi ? hi : 0};
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, p, List.of());
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length != 4 || (n.p[0] | n.p[2]) >>> 1 != 0
                || !Arrays.equals(d.tensor(n.in[0]).shape, d.tensor(n.out[0]).shape)) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        boolean hasLo = n.p[0] == 1, hasHi = n.p[2] == 1;
        long half = 1L << (d.circuit().rangeBits - 1);
        if (hasLo && Math.abs(n.p[1]) >= half || hasHi && Math.abs(n.p[3]) >= half || hasLo && hasHi && n.p[1] > n.p[3]) {
            throw new IllegalArgumentException(n.where() + ": bounds out of range");
        }
        int x = n.in[0], z = n.out[0];
        if (hasLo && hasHi) {
            int y = d.aux("low", d.tensor(x).shape);
            return new Decl(Clamp.declare(d, "lower", x, y, n.p[1], true), Clamp.declare(d, "upper", y, z, n.p[3], false), y);
        }
        if (hasHi) return new Decl(null, Clamp.declare(d, "upper", x, z, n.p[3], false), -1);
        return new Decl(Clamp.declare(d, "lower", x, z, hasLo ? n.p[1] : -half, true), null, -1);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        long[] x = w.values(n.in[0]), z = w.values(n.out[0]);
        if (dc.low != null && dc.high != null) {
            long[] y = new long[x.length];
            for (int i = 0; i < y.length; i++) y[i] = dc.low.apply(x[i]);
            w.set(dc.y, y);
            dc.low.witness(w, x, y);
            dc.high.witness(w, y, z);
        } else {
            (dc.low != null ? dc.low : dc.high).witness(w, x, z);
        }
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        if (dc.low != null) dc.low.run(s, "clip.lower");
        if (dc.high != null) dc.high.run(s, "clip.upper");
    }
}
