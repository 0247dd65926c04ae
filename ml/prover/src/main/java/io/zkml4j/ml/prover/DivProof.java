package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.Decimal;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.Mle;

import java.util.Arrays;
import java.util.List;

/**
 * Div exactly as ml/quant's DivOp computes it, by mode.
 * <ul>
 *   <li>Mode 1 (constant float divisor): DivOp.run is MulOp.product of the input and the quantized reciprocal
 *       constant, the same integer semantics as Mul with a constant operand, so it is proven by
 *       {@link ElementwiseProof}'s Mul path (its soundness argument and error apply unchanged).</li>
 *   <li>Mode 2 (runtime divisor b; a and b broadcast to the output's shape, numpy rules as Elementwise.binary): y =
 *       divRound(sgn(b) a 2^max(e,0), |b| 2^max(-e,0)) entry-wise on the broadcast operands, with e = s_y + s_b - s_a
 *       (DivOp.divide, Elementwise.divSigned: the sign of b folded into a; b = 0 is an error of the executor and is
 *       unprovable here).</li>
 *   <li>Mode 0 (integers at scale 0, truncating): {@link IntDivProof}, for one positive constant divisor.</li>
 * </ul>
 *
 * <p>Proof of mode 2. Advice, of the divisor b's own shape: its sign bit s, m = |b|, and for k = max(-e, 0) = 0 also
 * h = floor(m/2) (for k &gt; 0, h = m 2^(k-1) = D/2 exactly). Range checks: s in [0, 2); m - 1 in [0, 2^(B-1)); (k = 0)
 * h in [0, 2^(B-1)) and m - 2h in [0, 2) ({@link DivRound.Half}); on y's entries the {@link DivRound} remainder and
 * slack of D = m' 2^k, and y's range budget. Relations: (A) m = b - 2 s b on b's entries; (B) 2^max(e,0) (a' - 2 s' a')
 * + h' = D y + rem on y's entries, x' the broadcast of x to y's shape (numpy; its MLE at a point is x's at the point's
 * sub-point times the broadcast indicators, {@link Broadcast}). At a random u of b's variables, (A) gives sum eq(u, i)
 * s b = (b(u) - m(u)) / 2 and the divisor's ranges are checked at u; at a random r of y's, the prover sends P = sum
 * eq(r, i) s' a', and (B) gives sum eq(r, i) m' y. Each of the three sums is a degree-3 sumcheck ending in openings of
 * its two factors ({@link Broadcast#product}: factors sharing no dimension with variables make the sum one product,
 * checked directly). Over the integers (every term below 2^62, checked at setup from |a|, |b|, |y| &lt; 2^(B-1)): s is
 * 0 or 1, so m = +-b, and m &gt;= 1 makes b nonzero and s its sign bit, m = |b|; h = floor(D/2); and (B) with
 * 0 &lt;= rem &lt; D is DivOp's rounded division of the broadcast operands.
 *
 * <p>Soundness error of mode 2 beyond the range checks', the claims' and the batched opening's: 7 (vars(b) + vars(y))
 * / |F_ext| for the identities at u and r and 3 * 3 vars(y) / |F_ext| for the three degree-3 sumchecks, |F_ext| = p^2
 * ~ 2^128.
 *
 * <p>Reciprocal (ReciprocalOp: y = divSigned(2^(s_x + s_y), x)) is mode 2 with the constant dividend a = 1 at scale 0,
 * so e = s_x + s_y (up to 61; setup checks relation (B) below 2^62 with |a| = 1) and k = 0: the same advice and
 * checks, except that P = sum eq(r, i) s_i a_i is s(r) itself (a is the real-entry indicator), neither sent nor
 * proven by a sumcheck. Soundness error: 7 vars / |F_ext| + 2 * 3 vars / |F_ext|.
 *
 * <p>Parameters: [mode, then the mode's own parameters] (mode 0: IntDivProof's [b]; mode 1: ElementwiseProof's Mul parameters; mode 2: [e];
 * Reciprocal, mode 3: [e]). Inputs [a, b] (Reciprocal: [x]); output [y].
 */
final class DivProof implements OpProof {
    private static final ElementwiseProof MUL = new ElementwiseProof();

    /** Mode 1: the node as ElementwiseProof's Mul sees it (parameters without the mode) and its declaration. */
    private record ByMul(NodeSpec mul, Object decl) {}

    /** Mode 2's (and Reciprocal's: no dividend vector, a = 1) advice and checks; b is the divisor's vector id. */
    private record Runtime(boolean reciprocal, int b, int e, int sign, int abs, DivRound.Half half, RangeCheck signBit, RangeCheck absPos, DivRound div) {}

    private static final int MAX_EXP = 40;

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.op.equals("Reciprocal")) return compileReciprocal(q, c);
        long mode = q.i("mode", -1);
        if (mode == 1) return MUL.compile(q, c).withMode(1);
        if (mode == 0) return IntDivProof.compile(q, c).withMode(0);
        if (mode != 2) throw CircuitCompiler.unsupported(q, "mode " + mode);
        if (q.inputs.size() != 2 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "two inputs and one output expected");
        int a = c.tensor(q, 0), b = c.tensor(q, 1), y = c.output(q, 0);
        int[] ys = c.tensors.get(y).shape;
        if (!Arrays.equals(Broadcast.shape(c.tensors.get(a).shape, c.tensors.get(b).shape), ys)) {
            throw CircuitCompiler.unsupported(q, "operands of shapes " + Arrays.toString(c.tensors.get(a).shape) + " and " + Arrays.toString(c.tensors.get(b).shape) + " for an output of shape " + Arrays.toString(ys));
        }
        int e = q.outScales[0] + q.inScales[1] - q.inScales[0];
        String why = bounds(e, c.rangeBits, c.rangeBits - 1);
        if (why != null) throw CircuitCompiler.unsupported(q, why);
        return new NodeSpec(q.op, q.name, new int[] {a, b}, new int[] {y}, new long[] {2, e}, List.of());
    }

    /**
     * Reciprocal (ReciprocalOp): y = divSigned(2^e, x) with e = s_x + s_y, mode 2's division with the constant
     * dividend a = 1 at scale 0 (so DivOp's e is s_y + s_x - 0 and D = |x|). Parameters [3, e]; inputs [x].
     */
    private static NodeSpec compileReciprocal(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one input and one output expected");
        int x = c.tensor(q, 0), y = c.output(q, 0);
        if (!Arrays.equals(c.tensors.get(x).shape, c.tensors.get(y).shape)) throw CircuitCompiler.unsupported(q, "output shape differs from the input's");
        int e = q.inScales[0] + q.outScales[0];
        String why = bounds(e, c.rangeBits, 0);
        if (why != null) throw CircuitCompiler.unsupported(q, why);
        return new NodeSpec(q.op, q.name, new int[] {x}, new int[] {y}, new long[] {3, e}, List.of());
    }

    /**
     * Null when relation (B) stays below 2^62: |2^e+ a| + h + |D y| + rem with D &lt;= 2^(B-1+k) and |a| &lt; 2^aBits (B - 1
     * for a tensor, 0 for Reciprocal's a = 1); else why not.
     */
    private static String bounds(long e, int rangeBits, int aBits) {
        if (e < -MAX_EXP || e > (aBits == 0 ? 61 : MAX_EXP)) return "rescale by 2^" + e;
        double d = FixedPoint.scalb(1.0, rangeBits - 1 + (int) Math.max(0, -e));
        double m = FixedPoint.scalb(1.0, aBits + (int) Math.max(0, e)) + 2 * d + d * FixedPoint.scalb(1.0, rangeBits - 1);
        return m >= 0x1p62 ? "division bound 2^" + Decimal.fixed(Math.log(m) / Math.log(2), 1) + " exceeds 2^62" : null;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.p.length < 1) throw new IllegalArgumentException(n.where() + ": malformed");
        if (n.p[0] == 1) {
            NodeSpec mul = n.withoutMode();
            return new ByMul(mul, MUL.declare(mul, d));
        }
        if (n.p[0] == 0) return IntDivProof.declare(n.withoutMode(), d);
        boolean reciprocal = n.p[0] == 3;
        if (n.p[0] != 2 && !reciprocal || n.p.length != 2 || n.in.length != (reciprocal ? 1 : 2) || n.out.length != 1) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] ys = d.tensor(n.out[0]).shape;
        for (int in : n.in) if (!Arrays.equals(Broadcast.shape(d.tensor(in).shape, ys), ys) || reciprocal && !Arrays.equals(d.tensor(in).shape, ys)) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        int bits = d.circuit().rangeBits;
        if (bounds(n.p[1], bits, reciprocal ? 0 : bits - 1) != null) throw new IllegalArgumentException(n.where() + ": scale change out of range");
        int e = (int) n.p[1], k = Math.max(0, -e);
        // the divisor's advice has the divisor's own shape (LayerNorm's std: one entry per row, not per output entry)
        int[] bs = d.tensor(n.in[n.in.length - 1]).shape;
        int sign = d.aux("sign", bs), abs = d.aux("abs", bs);
        RangeCheck signBit = d.range("signbit", bs, 1), absPos = d.range("abspos", bs, bits - 1);
        DivRound.Half half = k == 0 ? DivRound.Half.declare(d, bs, bits - 1) : null;
        return new Runtime(reciprocal, n.in[n.in.length - 1], e, sign, abs, half, signBit, absPos, DivRound.declare(d, "", n.out[0], 1L << (bits - 1 + k)));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        if (decl instanceof ByMul m) {
            MUL.witness(m.mul, m.decl, w);
            return;
        }
        if (decl instanceof IntDivProof.Decl dc) {
            IntDivProof.witness(n.withoutMode(), dc, w);
            return;
        }
        Runtime rt = (Runtime) decl;
        // the operands broadcast to the output's shape (row-major), as Elementwise.binary reads them
        int[] ys = w.vec(n.out[0]).shape;
        long[] bo = w.values(rt.b), b = Broadcast.values(bo, w.vec(rt.b).shape, ys);
        long[] a = rt.reciprocal ? ones(b.length) : Broadcast.values(w.values(n.in[0]), w.vec(n.in[0]).shape, ys);
        long[] s = new long[bo.length], m = new long[bo.length], pos = new long[bo.length];
        for (int i = 0; i < bo.length; i++) {
            s[i] = bo[i] < 0 ? 1 : 0;
            m[i] = Math.abs(bo[i]);
            pos[i] = m[i] - 1;
        }
        int len = a.length, up = Math.max(rt.e, 0), k = Math.max(0, -rt.e);
        long[] v = new long[len], d = new long[len];
        for (int i = 0; i < len; i++) {
            v[i] = (b[i] < 0 ? -a[i] : a[i]) << up; // the sign of b folded into a (Elementwise.divSigned)
            d[i] = Math.abs(b[i]) << k;
        }
        w.set(rt.sign, s);
        w.set(rt.abs, m);
        w.range(rt.signBit, s);
        w.range(rt.absPos, pos);
        if (rt.half != null) rt.half.witness(w, m);
        rt.div.witness(w, v, d);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        if (decl instanceof ByMul m) {
            MUL.run(m.mul, m.decl, s);
            return;
        }
        if (decl instanceof IntDivProof.Decl dc) {
            IntDivProof.run(n.withoutMode(), dc, s);
            return;
        }
        Runtime rt = (Runtime) decl;
        Vec y = s.circuit.vec(n.out[0]);
        int[] bs = s.circuit.vec(rt.b).shape;
        int up = Math.max(rt.e, 0), k = Math.max(0, -rt.e);
        GoldilocksExt2 inv2 = GoldilocksExt2.ONE.mulBase(Goldilocks.inv(2));
        // relation (A) and the divisor's ranges, entry-wise on the divisor's own entries, at a point u of its variables
        GoldilocksExt2[] u = s.challenges("div.divisor.point", Padding.vars(bs));
        GoldilocksExt2 indB = Padding.realIndicator(bs, u);
        Val bu = s.open(rt.b, u), su = s.open(rt.sign, u), mu = s.open(rt.abs, u);
        s.check(s.range(rt.signBit, u), su, "sign of the divisor is not a bit");
        s.check(s.range(rt.absPos, u), mu.sub(indB), "|divisor| - 1 disagrees with its range-checked limbs");
        if (rt.half != null) rt.half.at(s, u, mu, "divisor");
        Broadcast.product(s, rt.sign, rt.b, bs, u, bu.sub(mu).mul(inv2), "sign times divisor disagrees with its factors");
        // relation (B) on the output's entries at r, with s, m and h broadcast to them
        GoldilocksExt2[] r = s.challenges("div.point", y.vars);
        GoldilocksExt2 ind = Padding.realIndicator(y.shape, r);
        // Reciprocal: a = 1 on the real entries, whose MLE is the indicator
        Val ar = rt.reciprocal ? Val.of(ind) : Broadcast.Lin.of(n.in[0]).at(s, y.shape, r), yr = s.open(n.out[0], r);
        Val mr = Broadcast.Lin.of(rt.abs).at(s, y.shape, r);
        Val hr = rt.half != null ? Broadcast.Lin.of(rt.half.half()).at(s, y.shape, r) : mr.mulBase(1L << (k - 1));
        Val rem = rt.div.remAt(s, r, mr.mulBase(1L << k), ind, yr);
        // P = sum eq(r, i) s'_i a'_i: sent; then (B) gives sum eq(r, i) m'_i y_i
        Val p;
        if (rt.reciprocal) {
            // P = s(r): the identity checked below is then (ind - 2 s) 2^e + h = D y + rem entry-wise, relation (B) with
            // a = 1 on every real entry (ind = 1 there; the padded entries are unconstrained and never read)
            p = s.open(rt.sign, r);
        } else if (s instanceof ProverCtx pc) {
            long[] sp = Broadcast.materialize(pc.padded(rt.sign), bs, y.shape), ap = Broadcast.materialize(pc.padded(n.in[0]), pc.circuit.vec(n.in[0]).shape, y.shape);
            long[] sa = new long[sp.length];
            // a field product, not a select on the bit: the value must be the sum the proof checks whatever s holds
            for (int i = 0; i < sa.length; i++) sa[i] = sp[i] == 0 ? 0 : Goldilocks.mul(sp[i], ap[i]);
            p = pc.send("div.signed", Mle.dot(sa, Eq.table(r)));
        } else {
            p = ((VerifierCtx) s).receive("div.signed");
        }
        Val my = ar.sub(p.add(p)).mulBase(1L << up).add(hr).sub(rem).mulBase(Goldilocks.inv(1L << k));
        if (!rt.reciprocal) Broadcast.product(s, rt.sign, n.in[0], y.shape, r, p, "sign times dividend disagrees with its factors");
        Broadcast.product(s, rt.abs, n.out[0], y.shape, r, my, "quotient times |divisor| disagrees with its factors");
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }
}
