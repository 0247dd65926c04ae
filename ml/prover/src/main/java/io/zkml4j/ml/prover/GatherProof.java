package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;
import java.util.List;

/**
 * Gather, GatherElements, GatherND and OneHot. With constant indices: {@link IndexProof}'s static map (mode 0). With indices computed at
 * run time (integers at scale 0): a one-hot matrix H of shape idx.shape + [N] (N = data.shape[axis]), advice whose
 * entries are proven bits by a 1-bit range check (H is that check's quantity, so it costs no vector of its own), with
 * for every index entry e: sum_i H(e, i) = 1, sum_i i H(e, i) = idx(e) and the output the data selected by H:
 * <ul>
 *   <li>Gather (mode 1): out[p, e, q] = sum_i H(e, i) data[p, i, q];</li>
 *   <li>GatherElements (mode 2): out[e] = sum_i H(e, i) data[p(e), i, q(e)], p(e), q(e) e's coordinates off the axis
 *   (idx may be smaller than data there).</li>
 *   <li>GatherND (mode 4, batch_dims 0; m = idx.shape[-1] coordinates): H of shape idx.shape[:-1] + data.shape[:m],
 *   out[e, q] = sum_i H(e, i) data[i, q] over the m-dimensional positions i, and one position identity per
 *   coordinate k, sum_i i_k H(e, i) = idx(e, k), weighted by gamma^(k+2);</li>
 *   <li>OneHot (mode 3; depth N on any axis, H then of the output's shape, values off and on): out = off + (on - off) H entry-wise, checked at a
 *   random point, then H's rows as below with no data (an index outside [0, N), which ONNX turns into a row of off,
 *   is refused by the prover like a negative one).</li>
 * </ul>
 * Bits summing to 1 (N &lt; p) form a unit vector, whose position the second sum pins to idx(e): so idx(e) is in
 * [0, N) and the output is the data at it. Padded index entries have H's row zero (the padding invariant) and
 * contribute nothing; H's padded columns are zero too, so the data's padding is never read.
 *
 * <p>Proof: at a random point r of the output (re its index coordinates) and gamma, one degree-3 sumcheck over H's
 * variables: sum_{e,i} eq(re, e) H(e, i) (W(e, i) + gamma + gamma^2 i) = out(r) + gamma ind(re) + gamma^2 idx(re),
 * with W(e, i) the data entry H(e, i) selects (for Gather data(rp, i, rq), independent of e). The verifier evaluates
 * eq, i and the real-entry indicator itself; H comes from the range check, data and idx from openings. Soundness
 * error beyond the claims' and the range check's: (3 vars(H) + vars(out) + 2) / |F_ext|. Negative indices (ONNX's
 * count from the end) are not proven: the prover refuses them.
 *
 * <p>Parameters: [mode] then, for modes 1 and 2, [axis] with inputs [data, idx]; for mode 4, [m] with inputs [data, idx]; for mode 3, [depth, off, on, axis] with
 * inputs [idx].
 */
final class GatherProof implements OpProof {
    private static final IndexProof STATIC = new IndexProof();

    /** low: H's variables below its axis dimension (0 but for OneHot); inner: index entries per step of that axis. */
    record Decl(int mode, int axis, int n, int[] hShape, RangeCheck h, long off, long on, int low, int inner, int iv, int[] coordShift, int[] coordBits) {
        /** One coordinate of iv bits (Gather, GatherElements, OneHot). */
        Decl(int mode, int axis, int n, int[] hShape, RangeCheck h, long off, long on, int low, int inner) {
            this(mode, axis, n, hShape, h, off, on, low, inner, Padding.log2Ceil(n), new int[] {0}, new int[] {Padding.log2Ceil(n)});
        }

        /** The index's row shape: GatherND's index without its last dimension (the m coordinates). */
        int[] rowShape(int[] is) {
            return mode == 4 ? Arrays.copyOf(is, is.length - 1) : is;
        }

        /** The index vector's position among the node's inputs. */
        int idxInput() {
            return mode == 3 ? 0 : 1;
        }

        /** H's padded position of index entry e (padded) at axis position i. */
        int at(int e, int i, int iv) {
            return ((e >>> low) << (low + iv)) | (i << low) | (e & ((1 << low) - 1));
        }
    }

    /** A node proven by the static index map (its soundness is IndexProof's). */
    static boolean isStatic(NodeSpec n) {
        return OpProofs.of(n) instanceof GatherProof && n.p.length > 0 && n.p[0] == 0;
    }

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.op.equals("OneHot")) return compileOneHot(q, c);
        long[] dyn = q.ints.get("dynamic");
        if (dyn == null) return STATIC.compile(q, c).withMode(0);
        if (q.inputs.size() != 2 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "two inputs and one output expected");
        if (q.inScales[1] != 0) throw CircuitCompiler.unsupported(q, "indices at scale " + q.inScales[1]);
        if (q.inScales[0] != q.outScales[0]) throw CircuitCompiler.unsupported(q, "data input rescaled to the output scale");
        int data = c.tensor(q, 0), idx = c.tensor(q, 1), out = c.output(q, 0);
        if (q.op.equals("GatherND")) {
            if (dyn[0] != 0) throw CircuitCompiler.unsupported(q, "batch_dims " + dyn[0]);
            int[] is = c.tensors.get(idx).shape;
            String bad = ndShapeError(c.tensors.get(data).shape, is, c.tensors.get(out).shape);
            if (bad != null) throw CircuitCompiler.unsupported(q, bad);
            return new NodeSpec(q.op, q.name, new int[] {data, idx}, new int[] {out}, new long[] {4, is[is.length - 1]}, List.of());
        }
        int mode = q.op.equals("Gather") ? 1 : 2;
        String bad = shapeError(mode, (int) dyn[0], c.tensors.get(data).shape, c.tensors.get(idx).shape, c.tensors.get(out).shape);
        if (bad != null) throw CircuitCompiler.unsupported(q, bad);
        return new NodeSpec(q.op, q.name, new int[] {data, idx}, new int[] {out}, new long[] {mode, dyn[0]}, List.of());
    }

    /** OneHot (OneHotOp): [3, depth, off, on, axis] on the index alone; H's layout is the output's. */
    private static NodeSpec compileOneHot(QNode q, CircuitCompiler c) {
        long[] p = q.ints("onehot");
        if (q.outputs.size() != 1 || q.inputs.isEmpty()) throw CircuitCompiler.unsupported(q, "one output expected");
        if (q.inScales[0] != 0) throw CircuitCompiler.unsupported(q, "indices at scale " + q.inScales[0]);
        int idx = c.tensor(q, 0), out = c.output(q, 0);
        return new NodeSpec(q.op, q.name, new int[] {idx}, new int[] {out}, new long[] {3, p[0], p[2], p[3], p[1]}, List.of());
    }

    /** GatherND (batch_dims 0): out = idx.shape[:-1] + data.shape[m:], m = idx.shape[-1] coordinates; or why not. */
    static String ndShapeError(int[] ds, int[] is, int[] os) {
        return ndShapeError(ds, is, os, "output");
    }

    /** As {@link #ndShapeError(int[], int[], int[])} for a tensor named {@code what} (ScatterND's updates). */
    static String ndShapeError(int[] ds, int[] is, int[] os, String what) {
        if (is.length < 1 || is[is.length - 1] < 1 || is[is.length - 1] > ds.length) return "indices of shape " + Arrays.toString(is) + " for data of rank " + ds.length;
        int m = is[is.length - 1];
        int[] expect = new int[is.length - 1 + ds.length - m];
        System.arraycopy(is, 0, expect, 0, is.length - 1);
        System.arraycopy(ds, m, expect, is.length - 1, ds.length - m);
        return Arrays.equals(expect, os) ? null : what + " of shape " + Arrays.toString(os) + ", expected " + Arrays.toString(expect);
    }

    /** Why the shapes do not fit the operator, or null. */
    private static String shapeError(int mode, int axis, int[] ds, int[] is, int[] os) {
        if (axis < 0 || axis >= ds.length) return "axis " + axis + " of a rank-" + ds.length + " data input";
        int[] expect;
        if (mode == 1) {
            expect = new int[ds.length - 1 + is.length];
            int k = 0;
            for (int i = 0; i < axis; i++) expect[k++] = ds[i];
            for (int d : is) expect[k++] = d;
            for (int i = axis + 1; i < ds.length; i++) expect[k++] = ds[i];
        } else {
            if (is.length != ds.length) return "indices of rank " + is.length + " for data of rank " + ds.length;
            for (int d = 0; d < ds.length; d++) if (d != axis && is[d] > ds[d]) return "indices of shape " + Arrays.toString(is) + " beyond data of shape " + Arrays.toString(ds);
            expect = is;
        }
        return Arrays.equals(expect, os) ? null : "output of shape " + Arrays.toString(os) + ", expected " + Arrays.toString(expect);
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.p.length < 1) throw new IllegalArgumentException(n.where() + ": malformed");
        if (n.p[0] == 0) return STATIC.declare(n.withoutMode(), d);
        int mode = n.param(0);
        if (mode == 3) return declareOneHot(n, d);
        if (mode == 4) return declareNd(n, d);
        if ((mode != 1 && mode != 2) || n.p.length != 2 || n.in.length != 2 || n.out.length != 1) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] ds = d.tensor(n.in[0]).shape, is = d.tensor(n.in[1]).shape;
        int axis = n.param(1);
        String bad = shapeError(mode, axis, ds, is, d.tensor(n.out[0]).shape);
        if (bad != null) throw new IllegalArgumentException(n.where() + ": " + bad);
        int[] hShape = Arrays.copyOf(is, is.length + 1);
        hShape[is.length] = ds[axis];
        return new Decl(mode, axis, ds[axis], hShape, d.range("onehot", hShape, 1), 0, 0, 0, 1);
    }

    private static Decl declareNd(NodeSpec n, Circuit.Declarer d) {
        if (n.p.length != 2 || n.in.length != 2 || n.out.length != 1) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] ds = d.tensor(n.in[0]).shape, is = d.tensor(n.in[1]).shape;
        String bad = is.length < 1 || is[is.length - 1] != n.p[1] ? "coordinates disagree with the indices' shape" : ndShapeError(ds, is, d.tensor(n.out[0]).shape);
        if (bad != null) throw new IllegalArgumentException(n.where() + ": " + bad);
        return ndRows(d, ds, is);
    }

    /** GatherND's (and ScatterND's) one-hot rows: H over the index rows and the data's first m = idx.shape[-1] dimensions. */
    static Decl ndRows(Circuit.Declarer d, int[] ds, int[] is) {
        int m = is[is.length - 1], size = 1, iv = 0;
        int[] shift = new int[m], bits = new int[m];
        for (int k = m - 1; k >= 0; k--) { // the last coordinate on the lowest variables, as in the data's layout
            shift[k] = iv;
            bits[k] = Padding.log2Ceil(ds[k]);
            iv += bits[k];
            size = Math.multiplyExact(size, ds[k]);
        }
        int[] hShape = Arrays.copyOf(is, is.length - 1 + m);
        System.arraycopy(ds, 0, hShape, is.length - 1, m);
        return new Decl(4, 0, size, hShape, d.range("onehot", hShape, 1), 0, 0, 0, 1, iv, shift, bits);
    }

    private static Decl declareOneHot(NodeSpec n, Circuit.Declarer d) {
        if (n.p.length != 5 || n.in.length != 1 || n.out.length != 1 || n.p[1] < 1 || n.p[1] > 1 << 24) throw new IllegalArgumentException(n.where() + ": malformed");
        long half = 1L << (d.circuit().rangeBits - 1);
        for (int i = 2; i < 4; i++) if (Math.abs(n.p[i]) >= half) throw new IllegalArgumentException(n.where() + ": value outside the range budget");
        int[] is = d.tensor(n.in[0]).shape;
        int axis = n.param(4);
        if (axis < 0 || axis > is.length) throw new IllegalArgumentException(n.where() + ": axis " + axis + " for indices of rank " + is.length);
        int[] hShape = new int[is.length + 1];
        int low = 0, inner = 1;
        for (int i = 0, k = 0; i < hShape.length; i++) hShape[i] = i == axis ? n.param(1) : is[k++];
        for (int i = axis; i < is.length; i++) {
            low += Padding.log2Ceil(is[i]);
            inner *= is[i];
        }
        if (!Arrays.equals(hShape, d.tensor(n.out[0]).shape)) throw new IllegalArgumentException(n.where() + ": output of shape " + Arrays.toString(d.tensor(n.out[0]).shape) + ", expected " + Arrays.toString(hShape));
        return new Decl(3, axis, n.param(1), hShape, d.range("onehot", hShape, 1), n.p[2], n.p[3], low, inner);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        if (!(decl instanceof Decl dc)) {
            STATIC.witness(n.withoutMode(), decl, w);
            return;
        }
        long[] idx = w.values(n.in[dc.idxInput()]);
        if (dc.mode == 4) {
            witnessNd(n, dc, w, idx);
            return;
        }
        long[] h = new long[Math.multiplyExact(idx.length, dc.n)];
        for (int e = 0; e < idx.length; e++) {
            if (idx[e] < 0 || idx[e] >= dc.n) {
                throw new ModelException(n.where() + ": index " + idx[e] + " at entry " + e + " outside [0, " + dc.n + ")" + (idx[e] < 0 ? " (negative indices are not proven)" : ""));
            }
            h[(e / dc.inner * dc.n + (int) idx[e]) * dc.inner + e % dc.inner] = 1;
        }
        w.range(dc.h, h);
    }

    /** GatherND's rows: entry (e, flat row-major position of the m coordinates) set. */
    static long[] witnessNd(NodeSpec n, Decl dc, Witness w, long[] idx) {
        int m = dc.coordBits.length, rows = idx.length / m;
        int[] ds = w.vec(n.in[0]).shape;
        long[] h = new long[Math.multiplyExact(rows, dc.n)];
        for (int e = 0; e < rows; e++) {
            int flat = 0;
            for (int k = 0; k < m; k++) {
                long c = idx[e * m + k];
                if (c < 0 || c >= ds[k]) {
                    throw new ModelException(n.where() + ": coordinate " + k + " of index " + e + " is " + c + ", outside [0, " + ds[k] + ")" + (c < 0 ? " (negative indices are not proven)" : ""));
                }
                flat = flat * ds[k] + (int) c;
            }
            h[e * dc.n + flat] = 1;
        }
        w.range(dc.h, h);
        return h;
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        if (!(decl instanceof Decl dc)) {
            STATIC.run(n.withoutMode(), decl, s);
            return;
        }
        boolean oneHot = dc.mode == 3;
        Vec data = oneHot ? null : s.circuit.vec(n.in[0]), idx = s.circuit.vec(n.in[dc.idxInput()]), out = s.circuit.vec(n.out[0]);
        int ev = Padding.vars(dc.rowShape(idx.shape)), m = dc.coordBits.length;
        GoldilocksExt2[] r = s.challenges("gather.point", out.vars);
        Val outV = s.open(out.id, r);
        if (oneHot) { // out = off + (on - off) H entry-wise (the same layout), then H's rows alone
            GoldilocksExt2 ind = Padding.realIndicator(out.shape, r);
            s.check(outV, s.range(dc.h, r).mulBase(io.zkml4j.field.Goldilocks.fromSigned(dc.on - dc.off)).add(ind.mulBase(io.zkml4j.field.Goldilocks.fromSigned(dc.off))),
                    "output is not off + (on - off) x the one-hot rows");
            r = s.challenges("onehot.rows", ev);
            outV = Val.ZERO;
        }
        // Gather's output variables, lowest first: the data's dimensions after the axis, the index's, those before
        int qv = 0;
        if (!oneHot) for (int d = dc.mode == 4 ? m : dc.axis + 1; d < data.shape.length; d++) qv += Padding.log2Ceil(data.shape[d]);
        GoldilocksExt2[] re = dc.mode == 1 || dc.mode == 4 ? Arrays.copyOfRange(r, qv, qv + ev) : r;
        lookup(s, dc, data, idx, r, re, qv, outV);
    }

    /**
     * Both sides: the rows of H are unit vectors at the indices, and (with {@code data}) out(r) = outV is the data they
     * select; without data (OneHot, ScatterND) only the rows, outV zero. re: the rows' point.
     */
    static void lookup(Side s, Decl dc, Vec data, Vec idx, GoldilocksExt2[] r, GoldilocksExt2[] re, int qv, Val outV) {
        int[] rowShape = dc.rowShape(idx.shape);
        int iv = dc.iv, ev = Padding.vars(rowShape), hv = iv + ev, m = dc.coordBits.length;
        GoldilocksExt2 gamma = s.challenges("gather.gamma", 1)[0];
        // coordinate k's identity weighted by gamma^(k+2); GatherND's coordinate k is the index at (k, re)
        GoldilocksExt2[] weights = new GoldilocksExt2[m];
        Val claim = outV.add(gamma.mul(Padding.realIndicator(rowShape, re)));
        GoldilocksExt2 g = gamma;
        for (int k = 0; k < m; k++) {
            weights[k] = g = g.mul(gamma);
            claim = claim.add(s.open(idx.id, dc.mode == 4 ? coordinatePoint(k, idx.vars - ev, re) : re).mul(weights[k]));
        }
        ExtVec[] tables = null;
        if (s instanceof ProverCtx p) {
            tables = new ExtVec[] {eqOverRows(dc, Eq.table(re), iv), ExtVec.ofBase(Padding.pad(p.w.quantities.get(dc.h), dc.hShape)),
                    selected(dc, data, ev, data == null ? null : p.padded(data.id), r, qv, gamma, weights)};
        }
        Sumchecks.Result sc = Sumchecks.run(s, SumOfProducts.product(3), tables, hv, claim);
        GoldilocksExt2[] rho = sc.point(), rhoI = Arrays.copyOfRange(rho, dc.low, dc.low + iv), rhoE = new GoldilocksExt2[ev];
        System.arraycopy(rho, 0, rhoE, 0, dc.low);
        System.arraycopy(rho, dc.low + iv, rhoE, dc.low, ev - dc.low);
        Val hV = s.range(dc.h, rho);
        Val selectedData = data == null ? Val.ZERO : switch (dc.mode) {
            case 1, 4 -> s.open(data.id, gatherDataPoint(r, qv, ev, rhoI));
            case 2 -> s.open(data.id, elementsDataPoint(dc, data.shape, idx.shape, rhoE, rhoI));
            default -> Val.ZERO;
        };
        Val w = selectedData.add(gamma);
        for (int k = 0; k < m; k++) w = w.add(weights[k].mul(position(Arrays.copyOfRange(rhoI, dc.coordShift[k], dc.coordShift[k] + dc.coordBits[k]))));
        s.check(hV.mul(w).mul(Eq.eval(re, rhoE)), sc.value(), "output is not the data at the indices");
    }

    /** eq(re, e) over H's layout, each value repeated over the 2^iv positions i of the axis. */
    private static ExtVec eqOverRows(Decl dc, ExtVec eqE, int iv) {
        int rows = eqE.length(), cols = 1 << iv;
        long[] c0 = new long[rows * cols], c1 = new long[rows * cols];
        for (int e = 0; e < rows; e++) {
            for (int i = 0; i < cols; i++) {
                int at = dc.at(e, i, iv);
                c0[at] = eqE.c0[e];
                c1[at] = eqE.c1[e];
            }
        }
        return new ExtVec(c0, c1);
    }

    /** GatherND: coordinate k of every row, the index's point with its last dimension fixed at k (cv variables). */
    private static GoldilocksExt2[] coordinatePoint(int k, int cv, GoldilocksExt2[] re) {
        GoldilocksExt2[] pt = new GoldilocksExt2[cv + re.length];
        for (int b = 0; b < cv; b++) pt[b] = ((k >>> b) & 1) == 1 ? GoldilocksExt2.ONE : GoldilocksExt2.ZERO;
        System.arraycopy(re, 0, pt, cv, re.length);
        return pt;
    }

    /** The multilinear extension of i -> i over iv variables (x_0 the lowest bit). */
    private static GoldilocksExt2 position(GoldilocksExt2[] rhoI) {
        GoldilocksExt2 v = GoldilocksExt2.ZERO;
        for (int b = 0; b < rhoI.length; b++) v = v.add(rhoI[b].mulBase(1L << b));
        return v;
    }

    /** Gather's data point: (rq, rho_i, rp), the output point with its index coordinates replaced by rho_i. */
    private static GoldilocksExt2[] gatherDataPoint(GoldilocksExt2[] r, int qv, int ev, GoldilocksExt2[] rhoI) {
        GoldilocksExt2[] pt = new GoldilocksExt2[r.length - ev + rhoI.length];
        System.arraycopy(r, 0, pt, 0, qv);
        System.arraycopy(rhoI, 0, pt, qv, rhoI.length);
        System.arraycopy(r, qv + ev, pt, qv + rhoI.length, r.length - qv - ev);
        return pt;
    }

    /**
     * GatherElements' data point: per data dimension (lowest variables last dimension first), rho_i on the axis, else
     * the index point's coordinates of that dimension and 0 on the data's extra high variables (the index is smaller).
     */
    private static GoldilocksExt2[] elementsDataPoint(Decl dc, int[] ds, int[] is, GoldilocksExt2[] rhoE, GoldilocksExt2[] rhoI) {
        GoldilocksExt2[] pt = new GoldilocksExt2[Padding.vars(ds)];
        int at = 0, from = 0;
        for (int d = ds.length - 1; d >= 0; d--) {
            int dv = Padding.log2Ceil(ds[d]), xv = Padding.log2Ceil(is[d]);
            for (int b = 0; b < dv; b++) {
                if (d == dc.axis) pt[at + b] = rhoI[b];
                else pt[at + b] = b < xv ? rhoE[from + b] : GoldilocksExt2.ZERO;
            }
            at += dv;
            from += xv;
        }
        return pt;
    }

    /** Prover: W(e, i) + gamma + gamma^2 i over H's padded layout (W the data entry row e selects at position i). */
    private static ExtVec selected(Decl dc, Vec data, int ev, long[] dataPadded, GoldilocksExt2[] r, int qv, GoldilocksExt2 gamma, GoldilocksExt2[] weights) {
        int iv = dc.iv, cols = 1 << iv, rows = 1 << ev;
        ExtVec col = new ExtVec(new long[cols], new long[cols]);
        if (dataPadded != null && (dc.mode == 1 || dc.mode == 4)) {
            // data(rp, i, rq): the data folded by eq over its coordinates off the axis
            ExtVec eqQ = Eq.table(Arrays.copyOfRange(r, 0, qv)), eqP = Eq.table(Arrays.copyOfRange(r, qv + ev, r.length));
            for (int p = 0; p < eqP.length(); p++) {
                for (int i = 0; i < cols; i++) {
                    int base = ((p << iv) | i) << qv;
                    GoldilocksExt2 acc = GoldilocksExt2.ZERO;
                    for (int q = 0; q < eqQ.length(); q++) acc = acc.add(eqQ.get(q).mulBase(dataPadded[base | q]));
                    col.set(i, col.get(i).add(eqP.get(p).mul(acc)));
                }
            }
        }
        long[] c0 = new long[rows * cols], c1 = new long[rows * cols];
        int[] ds = data == null ? null : data.shape;
        int[] is = dc.mode == 2 ? dc.rowShape(Arrays.copyOf(dc.hShape, dc.hShape.length - 1)) : null;
        for (int e = 0; e < rows; e++) {
            int base = dc.mode == 2 ? elementsBase(dc.axis, ds, is, e) : 0;
            for (int i = 0; i < cols; i++) {
                GoldilocksExt2 v = dc.mode == 2 ? GoldilocksExt2.ofBase(dataPadded[base | (i << axisShift(dc.axis, ds))]) : col.get(i);
                v = v.add(gamma);
                for (int k = 0; k < weights.length; k++) v = v.add(weights[k].mulBase((i >>> dc.coordShift[k]) & ((1 << dc.coordBits[k]) - 1)));
                int at = dc.at(e, i, iv);
                c0[at] = v.c0;
                c1[at] = v.c1;
            }
        }
        return new ExtVec(c0, c1);
    }

    /** Variables of the data's dimensions after the axis (the axis coordinate's shift in its padded layout). */
    private static int axisShift(int axis, int[] ds) {
        int s = 0;
        for (int d = axis + 1; d < ds.length; d++) s += Padding.log2Ceil(ds[d]);
        return s;
    }

    /** The data's padded position of index entry e (padded layout) with the axis coordinate 0. */
    private static int elementsBase(int axis, int[] ds, int[] is, int e) {
        int pos = 0, shiftD = 0, shiftE = 0;
        for (int d = ds.length - 1; d >= 0; d--) {
            int dv = Padding.log2Ceil(ds[d]), xv = Padding.log2Ceil(is[d]);
            int coord = (e >>> shiftE) & ((1 << xv) - 1);
            if (d != axis) pos |= coord << shiftD;
            shiftD += dv;
            shiftE += xv;
        }
        return pos;
    }
}
