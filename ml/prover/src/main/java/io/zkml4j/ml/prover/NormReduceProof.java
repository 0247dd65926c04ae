package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;

/**
 * ReduceL1 and ReduceL2 exactly as ml/quant's ReduceOp computes them, by composing proofs bound to each other through
 * committed advice:
 * <ul>
 *   <li>ReduceL1: y = requant(sum of |x| over the reduced axes, s_x, s_y). Advice a = |x| (x's shape), proven by
 *       {@link ExactUnaryProof}'s Abs (a clamp step: a = 2 max(x, 0) - x entry-wise, so |a| &lt;= 2^(B-1) like x);
 *       then y = requant(sum of a) by {@link ReduceProof} on a (its sum kind, with y's rescale and budget).</li>
 *   <li>ReduceL2: y = SqrtOp.sqrt(S, 2 s_x, s_y) with S = the exact sum of x^2. Advice S (y's shape), proven the sum of
 *       squares by {@link ReduceProof} (kind squares, no rescale: S(r) is the degree-3 sumcheck's claim), then y =
 *       sqrtRound(2^e S) (e = 2 s_y - 2 s_x; e &lt; 0 a rescale) by {@link SqrtProof} with S's bound 2^vb, vb =
 *       bits(n) + 2B - 2 &gt;= log2(n 2^(2B-2)): S is range-checked in [0, 2^vb) there, so S is the integer sum
 *       (both sides of the sumcheck's entry-wise identity are integers in [0, 2^vb), vb &lt;= 58) and SqrtProof's
 *       integer argument holds for it (setup: 4 * 2^e 2^vb &lt;= 2^60).</li>
 * </ul>
 * Each sub-proof reads the previous one's output as a committed vector, so the composition proves the executor's
 * value entry-wise. Soundness error: the sum of the sub-proofs' (ExactUnaryProof's Abs and ReduceProof's sum; or
 * ReduceProof's sum of squares and SqrtProof's), all beyond the range checks', the claims' and the batched opening's.
 *
 * <p>Parameters: [e (ReduceL1: s_x; ReduceL2: SqrtProof's e), then ReduceProof's parameters of the reduction into a
 * (L1) or S (L2)]. Inputs [x]; outputs [y].
 */
final class NormReduceProof implements OpProof {
    private static final ExactUnaryProof ABS = new ExactUnaryProof();
    private static final ReduceProof REDUCE = new ReduceProof();
    private static final SqrtProof SQRT = new SqrtProof();

    /** The two sub-proofs in order, their specs and declarations; the advice a (L1) or S (L2) between them. */
    private record Decl(int mid, OpProof first, NodeSpec firstSpec, Object firstDecl, OpProof second, NodeSpec secondSpec, Object secondDecl) {}

    private static boolean isL1(String op) {
        return op.equals("ReduceL1");
    }

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.isEmpty() || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one output expected");
        int x = c.tensor(q, 0), y = c.output(q, 0);
        int[] ys = c.tensors.get(y).shape;
        long[] rp;
        long e;
        if (isL1(q.op)) {
            e = q.inScales[0];
            rp = ReduceProof.params(q, c, ReduceProof.SUM, q.inScales[0] - q.outScales[0], ys);
        } else {
            e = 2L * q.outScales[0] - 2L * q.inScales[0];
            rp = ReduceProof.params(q, c, ReduceProof.SQUARES, 0, ys);
            String why = sqrtBounds(e, c.tensors.get(x).shape, rp, c.rangeBits);
            if (why != null) throw CircuitCompiler.unsupported(q, why);
        }
        long[] p = new long[1 + rp.length];
        p[0] = e;
        System.arraycopy(rp, 0, p, 1, rp.length);
        return new NodeSpec(q.op, q.name, new int[] {x}, new int[] {y}, p, List.of());
    }

    /** vb: S = sum of n squares of |x| &lt;= 2^(B-1) is below 2^vb. */
    private static int sumBits(int[] xs, long[] rp, int rangeBits) {
        boolean[] red = new boolean[xs.length];
        for (int i = 0; i < red.length; i++) red[i] = rp[3 + i] == 1;
        long n = ReduceProof.count(xs, red);
        return 64 - Long.numberOfLeadingZeros(n) + 2 * rangeBits - 2;
    }

    /** Null when SqrtProof can take S (bounded by 2^vb) with the shift e. */
    private static String sqrtBounds(long e, int[] xs, long[] rp, int rangeBits) {
        return SqrtProof.bounds(e, sumBits(xs, rp, rangeBits));
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length < 4 || !n.rules.isEmpty()) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] xs = d.tensor(n.in[0]).shape, ys = d.tensor(n.out[0]).shape;
        long[] rp = Arrays.copyOfRange(n.p, 1, n.p.length);
        long e = n.p[0];
        if (isL1(n.op)) {
            if (rp[0] != ReduceProof.SUM) throw new IllegalArgumentException(n.where() + ": malformed");
            int a = d.aux("abs", xs);
            NodeSpec abs = new NodeSpec("Abs", n.name, new int[] {n.in[0]}, new int[] {a}, new long[] {e}, List.of());
            NodeSpec sum = new NodeSpec(n.op, n.name, new int[] {a}, n.out, rp, List.of());
            return new Decl(a, ABS, abs, ABS.declare(abs, d), REDUCE, sum, REDUCE.declare(sum, d));
        }
        if (!n.op.equals("ReduceL2") || rp[0] != ReduceProof.SQUARES || rp[1] != 0 || rp.length != 3 + xs.length || rp[2] != xs.length) throw new IllegalArgumentException(n.where() + ": malformed");
        for (int i = 0; i < xs.length; i++) if ((rp[3 + i] & ~1L) != 0) throw new IllegalArgumentException(n.where() + ": malformed reduced flag");
        if (sqrtBounds(e, xs, rp, d.circuit().rangeBits) != null) throw new IllegalArgumentException(n.where() + ": scale change out of range");
        int s = d.aux("sumsq", ys);
        NodeSpec sum = new NodeSpec(n.op, n.name, n.in, new int[] {s}, rp, List.of());
        NodeSpec root = new NodeSpec(n.op, n.name, new int[] {s}, n.out, new long[] {e}, List.of());
        // S is bounded by the root's range check on it, not by the budget it exceeds
        Object sumDecl = ReduceProof.declare(sum, d, false);
        return new Decl(s, REDUCE, sum, sumDecl, SQRT, root, SqrtProof.declare(root, d, sumBits(xs, rp, d.circuit().rangeBits)));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        long[] x = w.values(n.in[0]);
        long[] mid;
        if (isL1(n.op)) {
            mid = new long[x.length];
            for (int i = 0; i < x.length; i++) mid[i] = Math.abs(x[i]);
        } else {
            boolean[] red = new boolean[w.vec(n.in[0]).shape.length];
            for (int i = 0; i < red.length; i++) red[i] = n.p[4 + i] == 1;
            mid = ReduceProof.sums(w, n.in[0], dc.mid, red, true);
        }
        w.set(dc.mid, mid);
        dc.first.witness(dc.firstSpec, dc.firstDecl, w);
        dc.second.witness(dc.secondSpec, dc.secondDecl, w);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        dc.first.run(dc.firstSpec, dc.firstDecl, s);
        dc.second.run(dc.secondSpec, dc.secondDecl, s);
    }
}
