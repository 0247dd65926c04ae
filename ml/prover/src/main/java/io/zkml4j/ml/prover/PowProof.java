package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;

import java.util.Arrays;
import java.util.List;

/**
 * Pow exactly as ml/quant's PowOp computes it, by mode.
 * <ul>
 *   <li>Mode 0 (constant integer exponent P in 1..4; PowOp's 5..8 are rejected at setup): a_0 = requant(x, s_x, s_out), then
 *       a_k = requant(a_{k-1} x, s_out + s_x, s_out) = rescale(a_{k-1} x, s_x) for k = 1..P-1, z = a_{P-1}: repeated
 *       exact products, each rescaled. Proven step by step below.</li>
 *   <li>Mode 1 (exponent 0.5): SqrtOp's exact square root, proven by {@link SqrtProof}.</li>
 *   <li>Modes 2 and 3 (any other constant exponent: x^p; a constant base with a runtime exponent: b^x): one table
 *       lookup of the runtime operand (UnaryLookupOp.lookup), proven by {@link ActivationProof} exactly as a table
 *       activation.</li>
 * </ul>
 *
 * <p>Proof of mode 0. The intermediate powers a_1..a_{P-2} are committed (advice); a_0 is committed when it is a
 * rounding rescale of x (e_0 = s_x - s_out &gt; 0), with a {@link Rescale} of its own (2^e_0 a_0 + rem - 2^(e_0-1) = x,
 * rem in [0, 2^e_0), a_0 in the range budget), and is the exact 2^up x (up = -e_0 &gt;= 0) otherwise, never committed.
 * Each step k is a {@link Rescale} of a_k by s_x (remainder range check; a committed a_k kept in the budget) whose
 * accumulator at a random point r is claimed to be sum_i eq(r, i) a_{k-1}(i) x(i): a degree-3 sumcheck ending at t in
 * openings of a_{k-1} and x (for a virtual a_0 = 2^up x, sum_i eq(r, i) x(i)^2 = acc(r) / 2^up, one opening of x;
 * a committed a_0's rescale relation is checked at the first step's t). P = 1 is the requantization alone:
 * acc(r) of z's rescale by e_0 equals x(r). For tensors of one entry the sumcheck has no rounds: the product is
 * checked at r directly.
 *
 * <p>From field to integers: |x|, committed |a_k| and |z| lie below 2^(B-1) (the budget: tensors by their producers,
 * a_k by their rescales' bound checks), |a_0| &lt; 2^(B-1+up), remainders below 2^s; setup keeps both sides of every
 * rescale relation below 2^62 ({@link ElementwiseProof#checkAccumulator}), so each relation holds over the integers:
 * PowOp's value entry by entry.
 *
 * <p>Soundness error of mode 0 beyond the range checks', the claims' and the batched opening's: per step,
 * (vars + 3 vars) / |F_ext| (the point of the zero-test, a degree-3 sumcheck), and vars / |F_ext| for a_0's rescale,
 * |F_ext| = p^2 ~ 2^128; P &lt;= 4 keeps the total within the soundness calculator's allowance.
 *
 * <p>Parameters: [mode, then the mode's own]: [0, P, e_0, s_x]; [1, e] (SqrtProof's [e]); [2, k] (ActivationProof's
 * [k], with its table rule). Inputs [x] (the runtime operand); outputs [z].
 */
final class PowProof implements OpProof {
    private static final SqrtProof SQRT = new SqrtProof();
    private static final ActivationProof TABLE = new ActivationProof();

    /** Mode 0's advice and checks: a_k's vector ids (-1: a_0 = 2^up x, never committed), a_0's and each step's rescale. */
    private record Power(int power, int e0, int shift, int[] pows, Rescale first, Rescale[] steps) {}

    /** Modes 1 and 2: the node as the delegate sees it (parameters without the mode) and its declaration. */
    private record Delegated(OpProof proof, NodeSpec spec, Object decl) {}

    /**
     * Largest exponent proven by products: P - 1 steps of (vars + 3 vars) / |F_ext| plus a_0's check stay within the
     * soundness calculator's allowance per node (ModelVerifier.soundnessBits: 8 (vars(x) + vars(z) + 1) / |F_ext|)
     * for P &lt;= 4. PowOp computes up to x^8 this way; 5..8 are rejected at setup.
     */
    private static final int MAX_POWER = 4;
    private static final int MAX_UP = 40, MAX_SHIFT = 56;

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        long[] m = q.ints.get("mode");
        if (m == null || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "no quantized mode");
        return switch ((int) m[0]) {
            case 0 -> compilePower(q, c, m);
            case 1 -> SqrtProof.compile(q, c, 2L * q.outScales[0] - q.inScales[0]).withMode(1);
            case 2 -> ActivationProof.compile(q, c, 0).withMode(2);
            case 3 -> ActivationProof.compile(q, c, 1).withMode(2);
            default -> throw CircuitCompiler.unsupported(q, "Pow mode " + m[0]);
        };
    }

    private static NodeSpec compilePower(QNode q, CircuitCompiler c, long[] m) {
        if (m.length != 2 || m[1] < 1) throw CircuitCompiler.unsupported(q, "exponent " + Arrays.toString(m));
        if (m[1] > MAX_POWER) throw CircuitCompiler.unsupported(q, "x^" + m[1] + " by products (at most x^" + MAX_POWER + ")");
        int x = c.tensor(q, 0), z = c.output(q, 0);
        if (!Arrays.equals(c.tensors.get(x).shape, c.tensors.get(z).shape)) throw CircuitCompiler.unsupported(q, "output shape differs from the input's");
        int s = q.inScales[0], e0 = s - q.outScales[0];
        double half = FixedPoint.scalb(1.0, c.rangeBits - 1);
        // a_0: z itself (P = 1) or a committed rescale of x, both by e_0; or the virtual 2^up x
        if (m[1] == 1 || e0 > 0) ElementwiseProof.checkAccumulator(q, c, e0, half);
        else if (-e0 > MAX_UP) throw CircuitCompiler.unsupported(q, "requantization by 2^" + e0);
        if (m[1] > 1) ElementwiseProof.checkAccumulator(q, c, s, FixedPoint.scalb(half, Math.max(0, -e0)) * half);
        return new NodeSpec(q.op, q.name, new int[] {x}, new int[] {z}, new long[] {0, m[1], e0, s}, List.of());
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.p.length < 1) throw new IllegalArgumentException(n.where() + ": malformed");
        if (n.p[0] == 1 || n.p[0] == 2) {
            OpProof proof = n.p[0] == 1 ? SQRT : TABLE;
            NodeSpec spec = n.withoutMode();
            return new Delegated(proof, spec, proof.declare(spec, d));
        }
        if (n.p[0] != 0 || n.p.length != 4 || n.in.length != 1 || n.out.length != 1 || !n.rules.isEmpty()) throw new IllegalArgumentException(n.where() + ": malformed");
        Vec x = d.tensor(n.in[0]);
        if (!Arrays.equals(x.shape, d.tensor(n.out[0]).shape)) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        long power = n.p[1], e0 = n.p[2], shift = n.p[3];
        if (power < 1 || power > MAX_POWER || e0 > MAX_SHIFT || -e0 > MAX_UP || shift > MAX_SHIFT || -shift > MAX_UP) {
            throw new IllegalArgumentException(n.where() + ": exponent or rescale out of range");
        }
        int p = (int) power;
        int[] pows = new int[p];
        Rescale[] steps = new Rescale[p - 1];
        if (p == 1) {
            pows[0] = n.out[0];
            return new Power(1, (int) e0, (int) shift, pows, Rescale.declare(d, "requant", n.out[0], (int) e0), steps);
        }
        Rescale first = null;
        pows[0] = -1;
        if (e0 > 0) {
            pows[0] = d.aux("pow1", x.shape);
            first = Rescale.declare(d, "requant", pows[0], (int) e0);
        }
        for (int k = 1; k < p; k++) {
            pows[k] = k == p - 1 ? n.out[0] : d.aux("pow" + (k + 1), x.shape);
            steps[k - 1] = Rescale.declare(d, "step" + k, pows[k], (int) shift);
        }
        return new Power(p, (int) e0, (int) shift, pows, first, steps);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        if (decl instanceof Delegated dg) {
            dg.proof.witness(dg.spec, dg.decl, w);
            return;
        }
        Power pw = (Power) decl;
        long[] x = w.values(n.in[0]);
        if (pw.power == 1) {
            pw.first.witness(w, x);
            return;
        }
        long[] a = new long[x.length];
        for (int i = 0; i < x.length; i++) a[i] = pw.e0 > 0 ? FixedPoint.rescale(x[i], pw.e0) : x[i] << -pw.e0;
        if (pw.first != null) {
            w.set(pw.pows[0], a);
            pw.first.witness(w, x);
        }
        for (int k = 1; k < pw.power; k++) {
            long[] prod = new long[x.length];
            for (int i = 0; i < x.length; i++) prod[i] = a[i] * x[i];
            if (k < pw.power - 1) w.set(pw.pows[k], FixedPoint.requant(prod, pw.shift, 0));
            pw.steps[k - 1].witness(w, prod);
            a = w.values(pw.pows[k]);
        }
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        if (decl instanceof Delegated dg) {
            dg.proof.run(dg.spec, dg.decl, s);
            return;
        }
        Power pw = (Power) decl;
        int x = n.in[0];
        int vars = s.circuit.vec(x).vars;
        if (pw.power == 1) {
            GoldilocksExt2[] r = s.challenges("pow.point", vars);
            s.check(pw.first.accAt(s, r), s.open(x, r), "output is not the input requantized");
            return;
        }
        for (int k = 1; k < pw.power; k++) {
            GoldilocksExt2[] r = s.challenges("pow.point", vars);
            Val acc = pw.steps[k - 1].accAt(s, r);
            int a = pw.pows[k - 1];
            String what = "power " + (k + 1) + " is not the rescaled product of power " + k + " and the input";
            if (a < 0) { // a_0 = 2^up x: sum eq(r, i) x(i)^2 = acc(r) / 2^up
                Val claim = acc.mulBase(Goldilocks.inv(1L << -pw.e0));
                long[] t = s instanceof ProverCtx p ? p.padded(x) : null;
                Sumchecks.Result sc = PoolProof.sumcheck(s, what, () -> Sumchecks.runEqProduct(s, r, t, t, claim));
                Val xv = s.open(x, sc.point(), sc.eval(0));
                s.check(xv.mul(xv).mul(Eq.eval(r, sc.point())), sc.value(), what);
            } else {
                long[] ta = s instanceof ProverCtx p ? p.padded(a) : null, tx = s instanceof ProverCtx p ? p.padded(x) : null;
                Sumchecks.Result sc = PoolProof.sumcheck(s, what, () -> Sumchecks.runEqProduct(s, r, ta, tx, acc));
                GoldilocksExt2[] t = sc.point();
                Val av = s.open(a, t, sc.eval(0)), xv = s.open(x, t, sc.eval(1));
                s.check(av.mul(xv).mul(Eq.eval(r, t)), sc.value(), what);
                if (k == 1 && pw.first != null) s.check(pw.first.accFrom(s, t, av), xv, "input is not requantized to the output scale");
            }
        }
    }
}
