package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;
import java.util.List;

/**
 * Gemm and MatMul with a constant right operand W [K, N]: q = requant(A W + bias, k) for A of shape [..., K] (any
 * leading dimensions), bias at the accumulator scale materialized to q's shape at setup.
 *
 * <p>Proof (Thaler's matrix-product sumcheck; the product is never committed): at a random point r = (r_N, r_lead) of
 * q's variables, acc(r) comes from q and the remainder ({@link Rescale}); then
 * acc(r) - bias(r) = sum_k A(r_lead, k) W(k, r_N), a degree-2 sumcheck over the K variables ending at s, and the
 * claims A(s, r_lead), W(r_N, s). Soundness error 2 log K / |F_ext| beyond the claims' own.
 *
 * <p>Parameters: [shift, hasBias]; inputs [A, W, bias?]; output [q].
 */
final class LinearProof implements OpProof {
    private record Decl(Rescale rescale) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.ints.containsKey("use0") || q.ints.containsKey("use1")) throw CircuitCompiler.unsupported(q, "operand rescaled before the product");
        if (q.inputs.size() < 2 || !c.isConstant(q, 1)) throw CircuitCompiler.unsupported(q, "the right operand must be a constant weight");
        if (q.op.equals("Gemm") && (q.i("transA", 0) != 0 || q.i("transB", 0) != 0)) throw CircuitCompiler.unsupported(q, "transposed operands");
        int a = c.tensor(q, 0);
        QConst w = c.model.constants.get(q.inputs.get(1));
        int[] as = c.tensors.get(a).shape;
        int k = as[as.length - 1];
        if (w.shape.length != 2 || w.shape[0] != k) throw CircuitCompiler.unsupported(q, "weight of shape " + Arrays.toString(w.shape) + " for an input of shape " + Arrays.toString(as));
        int n = w.shape[1];
        int out = c.output(q, 0);
        int[] os = c.tensors.get(out).shape;
        int[] expect = Arrays.copyOf(as, as.length);
        expect[expect.length - 1] = n;
        if (!Arrays.equals(os, expect)) throw CircuitCompiler.unsupported(q, "output of shape " + Arrays.toString(os) + " (expected " + Arrays.toString(expect) + ")");
        int sAcc = q.inScales[0] + q.inScales[1];
        int shift = sAcc - q.outScales[0];
        if (shift > 56 || shift < -40) throw CircuitCompiler.unsupported(q, "rescale by 2^" + shift);
        int wid = c.constant(q.inputs.get(1), w.shape, w.values, q.inScales[1]);
        long maxW = FixedPoint.maxAbs(w.values), maxB = 0;
        int bias = -1;
        if (q.inputs.size() > 2 && !q.inputs.get(2).isEmpty()) {
            if (!c.isConstant(q, 2)) throw CircuitCompiler.unsupported(q, "the bias must be a constant");
            QConst b = c.model.constants.get(q.inputs.get(2));
            long[] full = broadcast(FixedPoint.requant(b.values.clone(), q.inScales[2], sAcc), b.shape, os);
            if (full == null) throw CircuitCompiler.unsupported(q, "bias of shape " + Arrays.toString(b.shape) + " for an output of shape " + Arrays.toString(os));
            maxB = FixedPoint.maxAbs(full);
            bias = c.constant(q.inputs.get(2) + "@acc", os, full, sAcc);
        }
        double bound = (double) k * maxW * Math.pow(2, c.rangeBits - 1) + maxB + Math.pow(2, Math.max(shift, 0));
        if (bound >= 0x1p62 || maxW >= (1L << 40)) throw CircuitCompiler.unsupported(q, String.format("accumulator bound 2^%.1f exceeds 2^62", Math.log(bound) / Math.log(2)));
        int[] in = bias >= 0 ? new int[] {a, wid, bias} : new int[] {a, wid};
        return new NodeSpec(q.op, q.name, in, new int[] {out}, new long[] {shift, bias >= 0 ? 1 : 0}, List.of());
    }

    /** A constant of shape {@code from} broadcast (numpy rules) to {@code to}, row-major; null if not broadcastable. */
    static long[] broadcast(long[] v, int[] from, int[] to) {
        if (from.length > to.length) {
            for (int i = 0; i < from.length - to.length; i++) if (from[i] != 1) return null;
            from = Arrays.copyOfRange(from, from.length - to.length, from.length);
        }
        int off = to.length - from.length;
        for (int i = 0; i < from.length; i++) if (from[i] != 1 && from[i] != to[off + i]) return null;
        int n = Padding.size(to);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            int rem = i, src = 0, mul = 1;
            for (int d = to.length - 1; d >= 0; d--) {
                int idx = rem % to[d];
                rem /= to[d];
                int fd = d - off;
                if (fd >= 0) {
                    if (from[fd] != 1) src += idx * mul;
                    mul *= from[fd];
                }
            }
            r[i] = v[src];
        }
        return r;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        Vec a = d.tensor(n.in[0]), w = d.tensor(n.in[1]), q = d.tensor(n.out[0]);
        boolean bias = n.param(1) == 1;
        if (n.in.length != (bias ? 3 : 2) || n.out.length != 1 || w.shape.length != 2) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] expect = Arrays.copyOf(a.shape, a.shape.length);
        if (expect[expect.length - 1] != w.shape[0]) throw new IllegalArgumentException(n.where() + ": inner dimensions differ");
        expect[expect.length - 1] = w.shape[1];
        if (!Arrays.equals(q.shape, expect) || (bias && !Arrays.equals(d.tensor(n.in[2]).shape, q.shape))) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        return new Decl(Rescale.declare(d, "linear", n.out[0], n.param(0)));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        long[] a = w.values(n.in[0]), wt = w.values(n.in[1]);
        int[] ws = w.vec(n.in[1]).shape;
        int k = ws[0], nn = ws[1], m = a.length / k;
        long[] acc = n.param(1) == 1 ? w.values(n.in[2]).clone() : new long[m * nn];
        for (int i = 0; i < m; i++) {
            for (int kk = 0; kk < k; kk++) {
                long x = a[i * k + kk];
                if (x == 0) continue;
                int base = kk * nn, ob = i * nn;
                for (int j = 0; j < nn; j++) acc[ob + j] += x * wt[base + j];
            }
        }
        ((Decl) decl).rescale.witness(w, acc);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Vec a = s.circuit.vec(n.in[0]), w = s.circuit.vec(n.in[1]), q = s.circuit.vec(n.out[0]);
        GoldilocksExt2[] r = s.challenges("linear.point", q.vars);
        GoldilocksExt2 acc = ((Decl) decl).rescale.accAt(s, r);
        if (n.param(1) == 1) acc = acc.sub(s.open(n.in[2], r));
        int nv = Padding.log2Ceil(w.shape[1]), kv = Padding.log2Ceil(w.shape[0]);
        GoldilocksExt2[] rN = Padding.slice(r, 0, nv), rLead = Padding.slice(r, nv, r.length - nv);
        ExtVec[] tables = null;
        if (s instanceof ProverCtx p) {
            long[] ap = p.padded(n.in[0]);
            ExtVec af = rLead.length == 0 ? ExtVec.ofBase(ap) : Folds.foldHigh(ap, rLead);
            Witness.Slice ws = p.w.slice(n.in[1]); // the weights in the constant table: no copy
            tables = new ExtVec[] {af, Folds.foldLow(ws.array(), ws.offset(), ws.length(), rN)};
        }
        Sumchecks.Result sc = Sumchecks.run(s, SumOfProducts.product(2), tables, kv, acc);
        // the sumcheck's final evaluations are A(s, r_lead) and W(r_N, s): the prover need not evaluate them again
        GoldilocksExt2 av = s.open(n.in[0], Padding.concat(sc.point(), rLead), sc.eval(0));
        GoldilocksExt2 wv = s.open(n.in[1], Padding.concat(rN, sc.point()), sc.eval(1));
        s.check(av.mul(wv).equals(sc.value()), "matrix product disagrees with its operands");
    }
}
