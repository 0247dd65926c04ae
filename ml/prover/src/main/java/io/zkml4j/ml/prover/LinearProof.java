package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.Decimal;
import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;
import java.util.List;

/**
 * Gemm and MatMul: q = requant(A W + bias, k) for A of shape [..., K] (any leading dimensions) and a right operand W
 * [K, N], constant or committed (an activation), bias at the accumulator scale materialized to q's shape at setup;
 * and MatMul's batched product (below).
 *
 * <p>Proof (Thaler's matrix-product sumcheck; the product is never committed): at a random point r = (r_N, r_lead) of
 * q's variables, acc(r) comes from q and the remainder ({@link Rescale}); then
 * acc(r) - bias(r) = sum_k A(r_lead, k) W(k, r_N), a degree-2 sumcheck over the K variables ending at s, and the
 * claims A(s, r_lead), W(r_N, s). Soundness error 2 log K / |F_ext| beyond the claims' own.
 *
 * <p>Batched products (MatMulOp with numpy batch broadcasting): A [batch_A..., M, K] x B [batch_B..., K, N] -&gt; q
 * [batch..., M, N], B committed (an activation) or constant, batch the broadcast of batch_A and batch_B. At r =
 * (r_N, r_M, r_batch): acc(r) - bias(r) = sum_b eq(r_batch, b) sum_k A'(b, r_M, k) B'(b, k, r_N), where A' and B' are
 * the operands broadcast along the batch dims ({@link Broadcast}); the prover folds A at r_M and B at r_N, and a
 * degree-3 sumcheck over the K and batch variables with eq at (1/2, ..., 1/2, r_batch) (eq(1/2^K, k) = 2^-K for every
 * boolean k: a plain sum over k) proves 2^-K (acc(r) - bias(r)), ending at t = (t_K, t_batch) in one opening of A at
 * (t_K, r_M, t_batch|A) and one of B at (r_N, t_K, t_batch|B), times their broadcast indicators. Over the integers:
 * |A|, |B| &lt; 2^(B-1) (range budgets of committed tensors), so K 2^(2B-2) plus bias and rounding is checked below
 * 2^62 at setup and acc never wraps. Soundness error 3 (log K + log batch) / |F_ext| beyond the claims' own.
 *
 * <p>Parameters: [shift, hasBias]; inputs [A, W, bias?]; output [q]. A right operand of rank &gt; 2 is the batched product.
 */
final class LinearProof implements OpProof {
    private record Decl(Rescale rescale) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.ints.containsKey("use0") || q.ints.containsKey("use1")) throw CircuitCompiler.unsupported(q, "operand rescaled before the product");
        if (q.inputs.size() < 2) throw CircuitCompiler.unsupported(q, "two operands expected");
        if (q.op.equals("Gemm") && (q.i("transA", 0) != 0 || q.i("transB", 0) != 0)) throw CircuitCompiler.unsupported(q, "transposed operands");
        int a = c.tensor(q, 0);
        boolean constW = c.isConstant(q, 1);
        QConst w = constW ? c.model.constants.get(q.inputs.get(1)) : null;
        int[] as = c.tensors.get(a).shape, ws = constW ? w.shape : c.tensors.get(c.tensor(q, 1)).shape;
        int out = c.output(q, 0);
        int[] os = c.tensors.get(out).shape;
        int[] expect = outShape(as, ws);
        if (expect == null) throw CircuitCompiler.unsupported(q, "right operand of shape " + Arrays.toString(ws) + " for a left one of shape " + Arrays.toString(as));
        if (!Arrays.equals(os, expect)) throw CircuitCompiler.unsupported(q, "output of shape " + Arrays.toString(os) + " (expected " + Arrays.toString(expect) + ")");
        int k = as[as.length - 1];
        int sAcc = q.inScales[0] + q.inScales[1];
        int shift = sAcc - q.outScales[0];
        if (shift > 56 || shift < -40) throw CircuitCompiler.unsupported(q, "rescale by 2^" + shift);
        int wid = constW ? c.constant(q.inputs.get(1), w.shape, w.values, q.inScales[1]) : c.tensor(q, 1);
        // a committed right operand is bounded by its range budget
        long maxW = constW ? FixedPoint.maxAbs(w.values) : 1L << (c.rangeBits - 1), maxB = 0;
        int bias = -1;
        if (q.inputs.size() > 2 && !q.inputs.get(2).isEmpty()) {
            if (!c.isConstant(q, 2)) throw CircuitCompiler.unsupported(q, "the bias must be a constant");
            QConst b = c.model.constants.get(q.inputs.get(2));
            long[] full = Broadcast.values(FixedPoint.requant(b.values.clone(), q.inScales[2], sAcc), b.shape, os);
            if (full == null) throw CircuitCompiler.unsupported(q, "bias of shape " + Arrays.toString(b.shape) + " for an output of shape " + Arrays.toString(os));
            maxB = FixedPoint.maxAbs(full);
            bias = c.constant(q.inputs.get(2) + "@acc", os, full, sAcc);
        }
        double bound = (double) k * maxW * Math.pow(2, c.rangeBits - 1) + maxB + Math.pow(2, Math.max(shift, 0));
        if (bound >= 0x1p62 || maxW >= (1L << 40)) throw CircuitCompiler.unsupported(q, "accumulator bound 2^" + Decimal.fixed(Math.log(bound) / Math.log(2), 1) + " exceeds 2^62");
        int[] in = bias >= 0 ? new int[] {a, wid, bias} : new int[] {a, wid};
        return new NodeSpec(q.op, q.name, in, new int[] {out}, new long[] {shift, bias >= 0 ? 1 : 0}, List.of());
    }

    /**
     * The product's output shape: [..., K] x [K, N] -&gt; [..., N] (a plain right operand), or the batched
     * [batch_A..., M, K] x [batch_B..., K, N] -&gt; [broadcast batch..., M, N]; null if the shapes do not multiply.
     */
    static int[] outShape(int[] a, int[] w) {
        if (a.length < 1 || w.length < 2 || a[a.length - 1] != w[w.length - 2]) return null;
        if (w.length == 2) {
            int[] r = a.clone();
            r[r.length - 1] = w[1];
            return r;
        }
        if (a.length < 2) return null;
        int[] batch = Broadcast.shape(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(w, w.length - 2));
        if (batch == null) return null;
        int[] r = Arrays.copyOf(batch, batch.length + 2);
        r[batch.length] = a[a.length - 2];
        r[batch.length + 1] = w[w.length - 1];
        return r;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        Vec a = d.tensor(n.in[0]), w = d.tensor(n.in[1]), q = d.tensor(n.out[0]);
        boolean bias = n.param(1) == 1;
        if (n.in.length != (bias ? 3 : 2) || n.out.length != 1) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] expect = outShape(a.shape, w.shape);
        if (expect == null) throw new IllegalArgumentException(n.where() + ": operands do not multiply");
        if (!Arrays.equals(q.shape, expect) || (bias && !Arrays.equals(d.tensor(n.in[2]).shape, q.shape))) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        return new Decl(Rescale.declare(d, "linear", n.out[0], n.param(0)));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        long[] a = w.values(n.in[0]), wt = w.values(n.in[1]);
        int[] as = w.vec(n.in[0]).shape, ws = w.vec(n.in[1]).shape, qs = w.vec(n.out[0]).shape;
        int k = ws[ws.length - 2], nn = ws[ws.length - 1];
        long[] acc = n.param(1) == 1 ? w.values(n.in[2]).clone() : new long[Padding.size(qs)];
        if (ws.length == 2) {
            matmulAdd(a, 0, wt, 0, acc, 0, a.length / k, k, nn);
        } else {
            // batched: each output batch entry multiplies the A and B blocks it broadcasts from (numpy, as MatMulOp)
            int m = as[as.length - 2];
            int[] batch = Arrays.copyOf(qs, qs.length - 2);
            long[] ia = blockMap(Arrays.copyOf(as, as.length - 2), batch), ib = blockMap(Arrays.copyOf(ws, ws.length - 2), batch);
            for (int b = 0; b < ia.length; b++) matmulAdd(a, (int) ia[b] * m * k, wt, (int) ib[b] * k * nn, acc, b * m * nn, m, k, nn);
        }
        ((Decl) decl).rescale.witness(w, acc);
    }

    /** acc[co..] += A[ao..] (m x k) times W[wo..] (k x n), exact (bounded below 2^62 at setup). */
    private static void matmulAdd(long[] a, int ao, long[] wt, int wo, long[] acc, int co, int m, int k, int nn) {
        for (int i = 0; i < m; i++) {
            for (int kk = 0; kk < k; kk++) {
                long x = a[ao + i * k + kk];
                if (x == 0) continue;
                int base = wo + kk * nn, ob = co + i * nn;
                for (int j = 0; j < nn; j++) acc[ob + j] += x * wt[base + j];
            }
        }
    }

    /** For each entry of {@code batch} (row-major), the index of the block of batch shape {@code from} it broadcasts from. */
    private static long[] blockMap(int[] from, int[] batch) {
        long[] iota = new long[Padding.size(from)];
        for (int i = 0; i < iota.length; i++) iota[i] = i;
        return Broadcast.values(iota, from, batch);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Vec a = s.circuit.vec(n.in[0]), w = s.circuit.vec(n.in[1]), q = s.circuit.vec(n.out[0]);
        GoldilocksExt2[] r = s.challenges("linear.point", q.vars);
        Val acc = ((Decl) decl).rescale.accAt(s, r);
        if (n.param(1) == 1) acc = acc.sub(s.open(n.in[2], r));
        if (w.shape.length > 2) {
            batched(n, s, a, w, q, r, acc);
            return;
        }
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
        Val av = s.open(n.in[0], Padding.concat(sc.point(), rLead), sc.eval(0));
        Val wv = s.open(n.in[1], Padding.concat(rN, sc.point()), sc.eval(1));
        s.check(av.mul(wv), sc.value(), "matrix product disagrees with its operands");
    }

    /** The batched product at r (see the class comment): acc = acc(r) - bias(r). */
    private static void batched(NodeSpec n, Side s, Vec a, Vec w, Vec q, GoldilocksExt2[] r, Val acc) {
        int[] batch = Arrays.copyOf(q.shape, q.shape.length - 2);
        int[] ba = Arrays.copyOf(a.shape, a.shape.length - 2), bb = Arrays.copyOf(w.shape, w.shape.length - 2);
        int k = a.shape[a.shape.length - 1], kv = Padding.log2Ceil(k);
        int nv = Padding.log2Ceil(q.shape[q.shape.length - 1]), mv = Padding.log2Ceil(q.shape[q.shape.length - 2]);
        GoldilocksExt2[] rN = Padding.slice(r, 0, nv), rM = Padding.slice(r, nv, mv), rB = Padding.slice(r, nv + mv, r.length - nv - mv);
        // eq(1/2, k) = 2^-K on every boolean k: the sum over k unweighted, times 2^-K
        GoldilocksExt2[] e = new GoldilocksExt2[kv + rB.length];
        Arrays.fill(e, 0, kv, GoldilocksExt2.ONE.mulBase(Goldilocks.inv(2)));
        System.arraycopy(rB, 0, e, kv, rB.length);
        ExtVec[] tables = null;
        if (s instanceof ProverCtx p) {
            // A [batch_A, M, K] folded at r_M block by block, B [batch_B, K, N] at r_N: tables of shape [batch_X, K],
            // then broadcast to [batch, K]
            long[] ap = p.padded(n.in[0]);
            int blocks = 1 << Padding.vars(ba), len = 1 << (mv + kv);
            long[] a0 = new long[blocks << kv], a1 = new long[blocks << kv];
            for (int b = 0; b < blocks; b++) {
                ExtVec f = Folds.foldHigh(ap, b * len, len, rM);
                System.arraycopy(f.c0, 0, a0, b << kv, 1 << kv);
                System.arraycopy(f.c1, 0, a1, b << kv, 1 << kv);
            }
            Witness.Slice ws = p.w.slice(n.in[1]);
            ExtVec bf = Folds.foldLow(ws.array(), ws.offset(), ws.length(), rN);
            tables = new ExtVec[] {broadcastK(a0, a1, ba, batch, k), broadcastK(bf.c0, bf.c1, bb, batch, k)};
        }
        Val claim = acc.mulBase(Goldilocks.inv(1L << kv));
        Sumchecks.Result sc = Sumchecks.runEq(s, e, SumOfProducts.product(2), tables, claim);
        GoldilocksExt2[] tK = Padding.slice(sc.point(), 0, kv), tB = Padding.slice(sc.point(), kv, rB.length);
        // an operand whose batch is the output's is its own table: the sumcheck's final value is its opening
        Val av = s.open(n.in[0], Padding.concat(Padding.concat(tK, rM), Broadcast.subPoint(batch, ba, tB)), Arrays.equals(ba, batch) ? sc.eval(0) : null)
                .mul(Broadcast.factor(batch, ba, tB));
        Val bv = s.open(n.in[1], Padding.concat(Padding.concat(rN, tK), Broadcast.subPoint(batch, bb, tB)), Arrays.equals(bb, batch) ? sc.eval(1) : null)
                .mul(Broadcast.factor(batch, bb, tB));
        s.check(av.mul(bv).mul(Eq.eval(e, sc.point())), sc.value(), "batched matrix product disagrees with its operands");
    }

    /** Prover: a table of shape [from..., K] (field components c0, c1) broadcast to [batch..., K]. */
    private static ExtVec broadcastK(long[] c0, long[] c1, int[] from, int[] batch, int k) {
        int[] x = Arrays.copyOf(from, from.length + 1), o = Arrays.copyOf(batch, batch.length + 1);
        x[from.length] = k;
        o[batch.length] = k;
        return new ExtVec(Broadcast.materialize(c0, x, o), Broadcast.materialize(c1, x, o));
    }
}
