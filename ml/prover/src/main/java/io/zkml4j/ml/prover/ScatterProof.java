package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;
import java.util.List;

/**
 * ScatterND (reduction none) with indices computed at run time: out = data with out[idx[e], q] = upd[e, q]. GatherND's
 * one-hot rows H (idx.shape[:-1] x data.shape[:m], {@link GatherProof#lookup}: each row a unit vector at its index) and
 * the coverage c = sum_e H(e, .), a 1-bit range check of shape data.shape[:m] (trailing ones): bits, so no position is
 * written twice (ONNX leaves duplicates undefined; the prover refuses them). Then entry-wise
 * out = data - c data + sum_e H(e, .) upd(e, .), checked at a random point r = (rq, ri): the prover sends
 * P = (c data)(r), proven by a product sumcheck ({@link Broadcast#product}), and one degree-3 sumcheck over H's variables
 * proves sum_{e,i} eq(ri, i) H(e, i) (upd(e, rq) + beta) = out(r) - data(r) + P + beta c(ri), binding the coverage to
 * H's columns and the written values to the updates at once. Soundness error beyond the claims' and the range checks':
 * (3 vars(H) + vars(out) + 3 vars(out) + 4) / |F_ext|.
 *
 * <p>Parameters: [m]; inputs [data, idx, upd] (data and upd at the output's scale); output [out].
 */
final class ScatterProof implements OpProof {
    private static final IndexProof STATIC = new IndexProof(); // constant indices: the static index map (mode 0)
    private record Decl(GatherProof.Decl rows, RangeCheck cover, int[] coverShape) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (!q.ints.containsKey("dynamic")) return STATIC.compile(q, c).withMode(0);
        if (q.inputs.size() != 3 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "three inputs and one output expected");
        if (q.inScales[1] != 0) throw CircuitCompiler.unsupported(q, "indices at scale " + q.inScales[1]);
        int[] values = new int[3];
        for (int i : new int[] {0, 2}) { // a constant is requantized here as the executor does; a tensor must be at the scale
            if (c.isConstant(q, i)) values[i] = c.requantized(q, i, q.outScales[0]);
            else if (q.inScales[i] == q.outScales[0]) values[i] = c.tensor(q, i);
            else throw CircuitCompiler.unsupported(q, "data input rescaled to the output scale");
        }
        int data = values[0], idx = c.tensor(q, 1), upd = values[2], out = c.output(q, 0);
        String bad = shapeError(c.tensors.get(data).shape, c.tensors.get(idx).shape, c.tensors.get(upd).shape, c.tensors.get(out).shape);
        if (bad != null) throw CircuitCompiler.unsupported(q, bad);
        int[] is = c.tensors.get(idx).shape;
        return new NodeSpec(q.op, q.name, new int[] {data, idx, upd}, new int[] {out}, new long[] {1, is[is.length - 1]}, List.of());
    }

    private static String shapeError(int[] ds, int[] is, int[] us, int[] os) {
        if (!Arrays.equals(ds, os)) return "output of shape " + Arrays.toString(os) + ", data " + Arrays.toString(ds);
        return GatherProof.ndShapeError(ds, is, us, "updates"); // the updates are what GatherND would read there
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.p.length >= 1 && n.p[0] == 0) return STATIC.declare(n.withoutMode(), d);
        if (n.p.length != 2 || n.p[0] != 1 || n.in.length != 3 || n.out.length != 1) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] ds = d.tensor(n.in[0]).shape, is = d.tensor(n.in[1]).shape;
        String bad = is.length < 1 || is[is.length - 1] != n.p[1] ? "coordinates disagree with the indices' shape" : shapeError(ds, is, d.tensor(n.in[2]).shape, d.tensor(n.out[0]).shape);
        if (bad != null) throw new IllegalArgumentException(n.where() + ": " + bad);
        int m = n.param(1);
        int[] cover = new int[ds.length];
        Arrays.fill(cover, 1);
        System.arraycopy(ds, 0, cover, 0, m);
        return new Decl(GatherProof.ndRows(d, ds, is), d.range("coverage", cover, 1), cover);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        if (!(decl instanceof Decl dc)) {
            STATIC.witness(n.withoutMode(), decl, w);
            return;
        }
        long[] h = GatherProof.witnessNd(n, dc.rows, w, w.values(n.in[1]));
        int cols = dc.rows.n();
        long[] cover = new long[cols];
        for (int e = 0; e < h.length / cols; e++) {
            for (int i = 0; i < cols; i++) {
                if (h[e * cols + i] == 0) continue;
                if (++cover[i] > 1) throw new ModelException(n.where() + ": position " + i + " written twice (duplicate indices are not proven)");
            }
        }
        w.range(dc.cover, cover);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        if (!(decl instanceof Decl dc)) {
            STATIC.run(n.withoutMode(), decl, s);
            return;
        }
        Vec data = s.circuit.vec(n.in[0]), idx = s.circuit.vec(n.in[1]), upd = s.circuit.vec(n.in[2]), out = s.circuit.vec(n.out[0]);
        GatherProof.Decl rows = dc.rows;
        int iv = rows.iv(), ev = Padding.vars(rows.rowShape(idx.shape)), qv = out.vars - iv;
        GatherProof.lookup(s, rows, null, idx, null, s.challenges("scatter.rows", ev), 0, Val.ZERO);
        GoldilocksExt2[] r = s.challenges("scatter.point", out.vars);
        GoldilocksExt2[] rq = Arrays.copyOfRange(r, 0, qv), ri = Arrays.copyOfRange(r, qv, r.length);
        Val outV = s.open(out.id, r), dataV = s.open(data.id, r), coverV = s.range(dc.cover, ri);
        int cover = dc.cover.limbs[0];
        Val p;
        if (s instanceof ProverCtx pc) {
            long[] cm = Broadcast.materialize(pc.padded(cover), dc.coverShape, data.shape), dm = pc.padded(data.id), cd = new long[dm.length];
            for (int i = 0; i < cd.length; i++) cd[i] = Goldilocks.mul(cm[i], dm[i]);
            p = pc.send("scatter.kept", Mle.dot(cd, Eq.table(r)));
        } else {
            p = ((VerifierCtx) s).receive("scatter.kept");
        }
        Broadcast.product(s, cover, data.id, data.shape, r, p, "covered data disagrees with its factors");
        GoldilocksExt2 beta = s.challenges("scatter.beta", 1)[0];
        Val claim = outV.sub(dataV).add(p).add(coverV.mul(beta));
        ExtVec[] tables = null;
        if (s instanceof ProverCtx pc) {
            int cols = 1 << iv, rowsN = 1 << ev;
            ExtVec eqI = Eq.table(ri), u = Eq.table(rq);
            long[] up = pc.padded(upd.id);
            long[] a0 = new long[rowsN * cols], a1 = new long[rowsN * cols], b0 = new long[rowsN * cols], b1 = new long[rowsN * cols];
            for (int e = 0; e < rowsN; e++) {
                GoldilocksExt2 ue = beta;
                for (int q = 0; q < u.length(); q++) ue = ue.add(u.get(q).mulBase(up[(e << qv) | q]));
                for (int i = 0; i < cols; i++) {
                    int at = e * cols + i;
                    a0[at] = eqI.c0[i];
                    a1[at] = eqI.c1[i];
                    b0[at] = ue.c0;
                    b1[at] = ue.c1;
                }
            }
            tables = new ExtVec[] {new ExtVec(a0, a1), ExtVec.ofBase(Padding.pad(pc.w.quantities.get(rows.h()), rows.hShape())), new ExtVec(b0, b1)};
        }
        Sumchecks.Result sc = Sumchecks.run(s, SumOfProducts.product(3), tables, iv + ev, claim);
        GoldilocksExt2[] rho = sc.point(), rhoI = Arrays.copyOfRange(rho, 0, iv), rhoE = Arrays.copyOfRange(rho, iv, iv + ev);
        Val hV = s.range(rows.h(), rho);
        GoldilocksExt2[] updPoint = new GoldilocksExt2[qv + ev];
        System.arraycopy(rq, 0, updPoint, 0, qv);
        System.arraycopy(rhoE, 0, updPoint, qv, ev);
        Val uV = s.open(upd.id, updPoint).add(beta);
        s.check(hV.mul(uV).mul(Eq.eval(ri, rhoI)), sc.value(), "output is not the data with the updates written at the indices");
    }
}
