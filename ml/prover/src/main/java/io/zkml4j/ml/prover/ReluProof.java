package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;

import java.util.Arrays;
import java.util.List;

/**
 * Relu z = max(x, 0), element-wise at one scale. Proof: z (z - x) = 0 on every entry (a zero-check: sumcheck of
 * eq(r, .) z (z - x) at a random r) and 2z - x in [0, 2^B) (a range check). Together: each z is 0 or x; if z = x then
 * x = 2z - x &gt;= 0, if z = 0 then -x &gt;= 0; so z = max(x, 0) exactly. Soundness error 3 n / |F_ext| for the
 * zero-check (n = variables) beyond the range check's and the claims'.
 */
final class ReluProof implements OpProof {
    private record Decl(RangeCheck range) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1 || q.outScales[0] != q.inScales[0]) throw CircuitCompiler.unsupported(q, "Relu changing the scale");
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, new long[0], List.of());
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || !Arrays.equals(d.tensor(n.in[0]).shape, d.tensor(n.out[0]).shape)) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        return new Decl(d.range("relu", d.tensor(n.out[0]).shape, d.circuit().rangeBits));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        long[] x = w.values(n.in[0]), z = w.values(n.out[0]);
        long[] q = new long[x.length];
        for (int i = 0; i < q.length; i++) q[i] = 2 * z[i] - x[i];
        w.range(((Decl) decl).range, q);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Vec z = s.circuit.vec(n.out[0]);
        GoldilocksExt2[] r = s.challenges("relu.zerocheck", z.vars);
        long[] zp = null, dp = null;
        if (s instanceof ProverCtx p) {
            zp = p.padded(n.out[0]);
            long[] xp = p.padded(n.in[0]);
            dp = new long[zp.length];
            for (int i = 0; i < dp.length; i++) dp[i] = Goldilocks.sub(zp[i], xp[i]);
        }
        Sumchecks.Result sc = Sumchecks.runEqProduct(s, r, zp, dp, GoldilocksExt2.ZERO);
        GoldilocksExt2 zv = s.open(n.out[0], sc.point()), xv = s.open(n.in[0], sc.point());
        s.check(Eq.eval(r, sc.point()).mul(zv).mul(zv.sub(xv)).equals(sc.value()), "z (z - x) is not zero everywhere");
        GoldilocksExt2 q = s.range(((Decl) decl).range, sc.point());
        s.check(q.equals(zv.add(zv).sub(xv)), "2z - x disagrees with its range-checked limbs");
    }
}
