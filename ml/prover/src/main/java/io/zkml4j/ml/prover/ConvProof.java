package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.Decimal;
import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.exec.ConvGeometry;
import io.zkml4j.ml.exec.Kernels;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QConst;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumOfProducts;
import io.zkml4j.transcript.VerificationException;

import java.util.Arrays;
import java.util.List;

/**
 * ONNX Conv (1-d, 2-d or N-d; any strides, begin/end pads, dilations and groups, incl. depthwise; batch 1) exactly as
 * ml/quant's ConvOp computes it: acc[o, p] = sum_{c', k} W[o, c', k] x[g(o) Cg + c', src(p, k)] (0 in the padding)
 * + bias[o] (the bias requantized to the accumulator scale s_x + s_W), q = requant(acc, s_acc - s_out) by
 * {@link Rescale}. Here g(o) = o / (O / G) is the group of output channel o, Cg = C / G, k runs over the kernel
 * window, src(p, k) is the input position output position p reads at kernel offset k ({@link ConvGeometry}).
 *
 * <p>Proof (a matrix product over a virtual im2col matrix that is never committed). W is committed as the constant
 * W2 [O, Cg K] (row-major, (c', k) flattened), the bias as a constant b [O]. At a random point r = (r_sp, r_o) of q's
 * variables (spatial dims low, channels high), acc(r) comes from q and the remainder; the bias contributes
 * b(r_o) times the real-entry indicator of the spatial dims at r_sp. Then
 * <pre>  acc(r) - bias(r) = sum_{o, ck} eq(r_o, o) W2[o, ck] X''[o, ck],   X''[o, ck] = sum_p eq(r_sp, p) x[g(o) Cg + c', src(p, k)]</pre>
 * a degree-3 sumcheck over the (ck, o) variables ending at t = (t_ck, t_o); the prover sends v = X''(t) and the
 * verifier checks eq(r_o, t_o) W2(t) v against the sumcheck's value (W2(t) a claim on the constant). Finally
 * v = sum_j x[j] M(j) with M(j) = E_{g(c)} sum_{(p, k) : src(p, k) = pos} eq(t_ck, c' K + k) eq(r_sp, p) for
 * j = (c, pos), E_g = sum_{o in group g} eq(t_o, o): a degree-2 sumcheck over x's variables ending at u, the claim
 * x(u), and M(u) computed by the verifier itself in O(C K P + O + |x|).
 *
 * <p>Soundness error beyond the claims' own: (vars(q) + 3 (vars(O) + vars(Cg K)) + 2 vars(x)) / |F_ext|
 * (|F_ext| ~ 2^128): the random point separates a wrong accumulator MLE with error vars(q)/|F_ext|
 * (Schwartz-Zippel), each sumcheck round of degree d errs with d/|F_ext|. The accumulator never wraps mod p:
 * setup checks Cg K max|W| 2^(B-1) + max|bias| + 2^shift &lt; 2^62 with |x| &lt; 2^(B-1).
 *
 * <p>Parameters: [shift, hasBias, groups, d, kernel[d], strides[d], padBegin[d], dilations[d]]; inputs
 * [x [1, C, D_1..D_d], W2 [O, Cg K], b [O]?]; output [q [1, O, E_1..E_d]].
 */
final class ConvProof implements OpProof {
    /**
     * Bound on C K P: the verifier's work for M (about 10 ns per term) and the size bound of the geometry's source
     * table (P K ints), so a hostile key cannot make the verifier allocate or loop without limit.
     */
    private static final long MAX_WORK = 1L << 27;

    private record Decl(Rescale rescale, ConvGeometry g, int[] xPos, int[] spPos, int[] outDims, int ov, int kv) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.ints.containsKey("use0")) throw CircuitCompiler.unsupported(q, "input rescaled before the product");
        if (q.inputs.size() < 2 || !c.isConstant(q, 1)) throw CircuitCompiler.unsupported(q, "the weight must be a constant");
        int[] xs = q.inShapes[0];
        if (xs.length < 3) throw CircuitCompiler.unsupported(q, "input of shape " + Arrays.toString(xs) + " (expected [N, C, spatial...])");
        if (xs[0] != 1) throw CircuitCompiler.unsupported(q, "batch size " + xs[0] + " (only N = 1 is provable)");
        int d = xs.length - 2;
        int[] kernel = ints(q, "kernel", d), strides = ints(q, "strides", d), pads = ints(q, "padBegin", d), dil = ints(q, "dilations", d);
        int[] outDims = ints(q, "outDims", d);
        if (kernel == null || strides == null || pads == null || dil == null || outDims == null) throw CircuitCompiler.unsupported(q, "window attributes missing or of the wrong rank");
        int groups = Math.toIntExact(q.i("group", 1));
        QConst w = c.model.constants.get(q.inputs.get(1));
        int cIn = xs[1], o = w.shape.length > 0 ? w.shape[0] : 0;
        if (groups < 1 || cIn % groups != 0 || o % groups != 0) throw CircuitCompiler.unsupported(q, groups + " groups for " + cIn + " input and " + o + " output channels");
        int[] expectW = new int[d + 2];
        expectW[0] = o;
        expectW[1] = cIn / groups;
        System.arraycopy(kernel, 0, expectW, 2, d);
        if (!Arrays.equals(w.shape, expectW)) throw CircuitCompiler.unsupported(q, "weight of shape " + Arrays.toString(w.shape) + " (expected " + Arrays.toString(expectW) + ")");
        int x = c.tensor(q, 0);
        if (!Arrays.equals(c.tensors.get(x).shape, xs)) throw CircuitCompiler.unsupported(q, "input tensor of shape " + Arrays.toString(c.tensors.get(x).shape));
        int out = c.output(q, 0);
        int[] os = c.tensors.get(out).shape;
        int[] expectOut = new int[d + 2];
        expectOut[0] = 1;
        expectOut[1] = o;
        System.arraycopy(outDims, 0, expectOut, 2, d);
        if (!Arrays.equals(os, expectOut)) throw CircuitCompiler.unsupported(q, "output of shape " + Arrays.toString(os) + " (expected " + Arrays.toString(expectOut) + ")");
        int sAcc = q.inScales[0] + q.inScales[1];
        int shift = sAcc - q.outScales[0];
        if (shift > 56 || shift < -40) throw CircuitCompiler.unsupported(q, "rescale by 2^" + shift);
        long terms = (long) (cIn / groups) * Padding.size(kernel);
        if ((long) cIn * Padding.size(kernel) * Padding.size(outDims) > MAX_WORK) throw CircuitCompiler.unsupported(q, "im2col of C K P > 2^27 entries");
        int wid = c.constant(q.inputs.get(1) + "@2d", new int[] {o, Math.toIntExact(terms)}, w.values, q.inScales[1]);
        long maxW = FixedPoint.maxAbs(w.values), maxB = 0;
        int bias = -1;
        if (q.inputs.size() > 2 && !q.inputs.get(2).isEmpty()) {
            if (!c.isConstant(q, 2)) throw CircuitCompiler.unsupported(q, "the bias must be a constant");
            QConst b = c.model.constants.get(q.inputs.get(2));
            if (b.values.length != o) throw CircuitCompiler.unsupported(q, "bias of shape " + Arrays.toString(b.shape) + " for " + o + " output channels");
            long[] acc = FixedPoint.requant(b.values.clone(), q.inScales[2], sAcc); // as ConvOp.run adds it
            maxB = FixedPoint.maxAbs(acc);
            bias = c.constant(q.inputs.get(2) + "@acc", new int[] {o}, acc, sAcc);
        }
        double bound = (double) terms * maxW * Math.pow(2, c.rangeBits - 1) + maxB + Math.pow(2, Math.max(shift, 0));
        if (bound >= 0x1p62 || maxW >= (1L << 40)) throw CircuitCompiler.unsupported(q, "accumulator bound 2^" + Decimal.fixed(Math.log(bound) / Math.log(2), 1) + " exceeds 2^62");
        long[] p = new long[4 + 4 * d];
        p[0] = shift;
        p[1] = bias >= 0 ? 1 : 0;
        p[2] = groups;
        p[3] = d;
        for (int i = 0; i < d; i++) {
            p[4 + i] = kernel[i];
            p[4 + d + i] = strides[i];
            p[4 + 2 * d + i] = pads[i];
            p[4 + 3 * d + i] = dil[i];
        }
        int[] in = bias >= 0 ? new int[] {x, wid, bias} : new int[] {x, wid};
        return new NodeSpec(q.op, q.name, in, new int[] {out}, p, List.of());
    }

    private static int[] ints(QNode q, String key, int d) {
        if (!q.ints.containsKey(key)) return null;
        long[] v = q.ints(key);
        if (v.length != d) return null;
        int[] r = new int[d];
        for (int i = 0; i < d; i++) r[i] = Math.toIntExact(v[i]);
        return r;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.p.length < 4) throw new IllegalArgumentException(n.where() + ": malformed");
        boolean hasBias = n.param(1) == 1;
        int groups = n.param(2), dims = n.param(3);
        if (n.param(1) > 1 || dims < 1 || dims > 8 || n.p.length != 4 + 4 * dims || n.out.length != 1 || n.in.length != (hasBias ? 3 : 2)) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        Vec x = d.tensor(n.in[0]), w = d.tensor(n.in[1]), q = d.tensor(n.out[0]);
        if (x.shape.length != dims + 2 || q.shape.length != dims + 2 || w.shape.length != 2 || x.shape[0] != 1 || q.shape[0] != 1) {
            throw new IllegalArgumentException(n.where() + ": shapes disagree");
        }
        int cIn = x.shape[1], o = q.shape[1];
        if (groups < 1 || cIn % groups != 0 || o % groups != 0 || w.shape[0] != o) throw new IllegalArgumentException(n.where() + ": channels disagree");
        int[] kernel = new int[dims], strides = new int[dims], pads = new int[dims], dil = new int[dims];
        for (int i = 0; i < dims; i++) {
            kernel[i] = n.param(4 + i);
            strides[i] = n.param(4 + dims + i);
            pads[i] = n.param(4 + 2 * dims + i);
            dil[i] = n.param(4 + 3 * dims + i);
            if (kernel[i] < 1 || strides[i] < 1 || dil[i] < 1 || kernel[i] > (1 << 20) || strides[i] > (1 << 20) || dil[i] > (1 << 20) || Math.abs(pads[i]) > (1 << 20)) {
                throw new IllegalArgumentException(n.where() + ": window parameters out of range");
            }
        }
        int[] inDims = Arrays.copyOfRange(x.shape, 2, dims + 2), outDims = Arrays.copyOfRange(q.shape, 2, dims + 2);
        long k = 1;
        for (int v : kernel) k *= v;
        long cg = cIn / groups;
        if (w.shape[1] != cg * k) throw new IllegalArgumentException(n.where() + ": weight of shape " + Arrays.toString(w.shape) + " for the kernel");
        if (hasBias && !Arrays.equals(d.tensor(n.in[2]).shape, new int[] {o})) throw new IllegalArgumentException(n.where() + ": bias shape");
        if ((long) cIn * k * Padding.size(outDims) > MAX_WORK) throw new IllegalArgumentException(n.where() + ": convolution too large");
        ConvGeometry g = new ConvGeometry(1, cIn, o, groups, inDims, kernel, strides, pads, dil, outDims);
        Rescale rs = Rescale.declare(d, "conv", n.out[0], n.param(0));
        return new Decl(rs, g, Padding.paddedIndices(x.shape), Padding.paddedIndices(outDims), outDims,
                Padding.log2Ceil(o), Padding.log2Ceil(w.shape[1]));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        long[] acc = Kernels.conv(dc.g, w.values(n.in[0]), w.values(n.in[1]));
        if (n.param(1) == 1) {
            long[] b = w.values(n.in[2]);
            int p = dc.g.outSpatial();
            for (int i = 0; i < acc.length; i++) acc[i] += b[i / p];
        }
        dc.rescale.witness(w, acc);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Vec q = s.circuit.vec(n.out[0]), x = s.circuit.vec(n.in[0]);
        int ov = dc.ov, kv = dc.kv, spv = q.vars - ov;
        GoldilocksExt2[] r = s.challenges("conv.point", q.vars);
        GoldilocksExt2[] rSp = Padding.slice(r, 0, spv), rO = Padding.slice(r, spv, ov);
        Val acc = dc.rescale.accAt(s, r);
        if (n.param(1) == 1) acc = acc.sub(s.open(n.in[2], rO).mul(Padding.realIndicator(dc.outDims, rSp)));
        ExtVec eqSp = Eq.table(rSp);
        ExtVec[] tables = null;
        ExtVec xg = null;
        if (s instanceof ProverCtx p) {
            xg = im2colRows(dc, p.padded(n.in[0]), eqSp, ov, kv);
            tables = new ExtVec[] {eqRows(rO, kv), ExtVec.ofBase(p.padded(n.in[1])), xg};
        }
        Sumchecks.Result sc = sumcheck(s, SumOfProducts.product(3), tables, kv + ov, acc, "product sumcheck");
        GoldilocksExt2[] t = sc.point();
        GoldilocksExt2[] tCk = Padding.slice(t, 0, kv), tO = Padding.slice(t, kv, ov);
        // the sumcheck's final evaluations are W2(t) and X''(t): the prover need not evaluate them again
        Val v = s instanceof ProverCtx p ? p.send("conv.im2col", sc.eval(2) != null ? sc.eval(2) : eval(xg, t)) : ((VerifierCtx) s).receive("conv.im2col");
        Val wv = s.open(n.in[1], t, sc.eval(1));
        s.check(wv.mul(v).mul(Eq.eval(rO, tO)), sc.value(), "convolution output disagrees with its weights and im2col input");
        ExtVec m = inputWeights(dc, eqSp, tCk, tO, x.paddedSize());
        ExtVec[] tables2 = s instanceof ProverCtx p ? new ExtVec[] {ExtVec.ofBase(p.padded(n.in[0])), m} : null;
        Sumchecks.Result sc2 = sumcheck(s, SumOfProducts.product(2), tables2, x.vars, v, "im2col sumcheck");
        Val xv = s.open(n.in[0], sc2.point(), sc2.eval(0));
        s.check(xv.mul(eval(m, sc2.point())), sc2.value(), "im2col input disagrees with the convolution's input");
    }

    /** A sumcheck whose failure on the verifier's side names the node (and which sumcheck) like every other check. */
    private static Sumchecks.Result sumcheck(Side s, SumOfProducts expr, ExtVec[] tables, int vars, Val claimed, String what) {
        try {
            return Sumchecks.run(s, expr, tables, vars, claimed);
        } catch (VerificationException e) {
            s.check(false, what + ": " + e.getMessage());
            throw e;
        }
    }

    private static GoldilocksExt2 eval(ExtVec f, GoldilocksExt2[] point) {
        return point.length == 0 ? f.get(0) : Mle.evaluate(f, point);
    }

    /** eq(r_o, o) on every row o of the [2^ov, 2^kv] table (o high, ck low). */
    private static ExtVec eqRows(GoldilocksExt2[] rO, int kv) {
        ExtVec eo = Eq.table(rO);
        int cols = 1 << kv;
        long[] c0 = new long[eo.length() * cols], c1 = new long[c0.length];
        for (int o = 0; o < eo.length(); o++) {
            Arrays.fill(c0, o * cols, (o + 1) * cols, eo.c0[o]);
            Arrays.fill(c1, o * cols, (o + 1) * cols, eo.c1[o]);
        }
        return new ExtVec(c0, c1);
    }

    /**
     * Prover: X''[o, ck] = sum_p eq(r_sp, p) x[g(o) Cg + c', src(p, k)] for real (o, ck), 0 elsewhere, as a
     * [2^ov, 2^kv] table. O(C K P) for the group rows, O(O Cg K) to spread them over the channels.
     */
    private static ExtVec im2colRows(Decl dc, long[] xPad, ExtVec eqSp, int ov, int kv) {
        ConvGeometry g = dc.g;
        int kk = g.kernelSpatial(), p = g.outSpatial(), cg = g.cPerGroup(), inSp = g.inSpatial(), cols = 1 << kv;
        int[] src = g.sourceIndex();
        long[] c0 = new long[(1 << ov) * cols], c1 = new long[c0.length];
        long[] g0 = new long[cg * kk], g1 = new long[cg * kk];
        for (int grp = 0; grp < g.groups(); grp++) {
            Arrays.fill(g0, 0);
            Arrays.fill(g1, 0);
            for (int c = 0; c < cg; c++) {
                int xc = (grp * cg + c) * inSp;
                for (int k = 0; k < kk; k++) {
                    long s0 = 0, s1 = 0;
                    for (int sp = 0; sp < p; sp++) {
                        int at = src[sp * kk + k];
                        if (at < 0) continue;
                        long v = xPad[dc.xPos[xc + at]];
                        if (v == 0) continue;
                        int e = dc.spPos[sp];
                        s0 = Goldilocks.mulAdd(eqSp.c0[e], v, s0);
                        s1 = Goldilocks.mulAdd(eqSp.c1[e], v, s1);
                    }
                    g0[c * kk + k] = s0;
                    g1[c * kk + k] = s1;
                }
            }
            for (int o = grp * g.mPerGroup(); o < (grp + 1) * g.mPerGroup(); o++) {
                System.arraycopy(g0, 0, c0, o * cols, cg * kk);
                System.arraycopy(g1, 0, c1, o * cols, cg * kk);
            }
        }
        return new ExtVec(c0, c1);
    }

    /**
     * Both sides: M over x's padded positions, M(c, pos) = E_{g(c)} sum_{(p, k) : src(p, k) = pos} eq(t_ck, c' K + k)
     * eq(r_sp, p), so that sum_j x[j] M(j) = X''(t_ck, t_o). Zero on x's padding.
     */
    private static ExtVec inputWeights(Decl dc, ExtVec eqSp, GoldilocksExt2[] tCk, GoldilocksExt2[] tO, int size) {
        ConvGeometry g = dc.g;
        int kk = g.kernelSpatial(), p = g.outSpatial(), cg = g.cPerGroup(), inSp = g.inSpatial(), mg = g.mPerGroup();
        int[] src = g.sourceIndex();
        ExtVec eqCk = Eq.table(tCk), eqO = Eq.table(tO);
        long[] m0 = new long[size], m1 = new long[size];
        long[] a0 = new long[inSp], a1 = new long[inSp];
        for (int c = 0; c < g.inChannels(); c++) {
            int grp = c / cg, cl = c % cg;
            long e0 = 0, e1 = 0; // E_g
            for (int o = grp * mg; o < (grp + 1) * mg; o++) {
                e0 = Goldilocks.add(e0, eqO.c0[o]);
                e1 = Goldilocks.add(e1, eqO.c1[o]);
            }
            Arrays.fill(a0, 0);
            Arrays.fill(a1, 0);
            for (int k = 0; k < kk; k++) {
                long w0 = eqCk.c0[cl * kk + k], w1 = eqCk.c1[cl * kk + k];
                for (int sp = 0; sp < p; sp++) {
                    int at = src[sp * kk + k];
                    if (at < 0) continue;
                    int e = dc.spPos[sp];
                    long b0 = eqSp.c0[e], b1 = eqSp.c1[e];
                    a0[at] = Goldilocks.add(a0[at], GoldilocksExt2.mul0(w0, w1, b0, b1));
                    a1[at] = Goldilocks.add(a1[at], GoldilocksExt2.mul1(w0, w1, b0, b1));
                }
            }
            int xc = c * inSp;
            for (int i = 0; i < inSp; i++) {
                int j = dc.xPos[xc + i];
                m0[j] = GoldilocksExt2.mul0(a0[i], a1[i], e0, e1);
                m1[j] = GoldilocksExt2.mul1(a0[i], a1[i], e0, e1);
            }
        }
        return new ExtVec(m0, m1);
    }
}
