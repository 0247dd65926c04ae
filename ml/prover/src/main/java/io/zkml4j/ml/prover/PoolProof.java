package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.exec.ConvGeometry;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumOfProducts;
import io.zkml4j.transcript.VerificationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * AveragePool and GlobalAveragePool (batch 1) exactly as ml/quant computes them: for output (c, q) with window sum
 * S = sum of the window's cells inside the input (kernel, strides, pads, dilations, ceil_mode as resolved by the
 * quantizer) and the public per-position count n_q, y = divRound(v, d) with v = S 2^e, d = n_q when e = so - si &gt;= 0,
 * else v = S, d = n_q 2^(si - so) ({@code PoolOp.average}).
 *
 * <p>Proof. divRound(v, d) = floor((v + h) / d) with h = floor(d/2) means v + h = d y + rem with 0 &lt;= rem &lt; d.
 * The remainder is never committed: rem in [0, 2^b) and d - 1 - rem in [0, 2^b) are two range checks (b = ceil(log2
 * max d)), and a committed y is kept in the range budget (y + 2^(B-1) in [0, 2^B)): {@link DivRound}. At a random point r of y's
 * variables: the slack's limbs give d(r) - ind(r) - rem(r) (d, h public: the verifier evaluates their MLEs itself, ind
 * the real-entry indicator); the prover sends V = v(r); then V + h(r) - rem(r) = sum_i y_i eq(r, i) d_i is a degree-2
 * sumcheck over y's variables ending at t (claim y(t); the verifier evaluates the public eq(r, .) d at t in O(|y|)),
 * and V = 2^max(e,0) sum_j x_j M_r(j) with M_r(j) = sum of eq(r, i) over the outputs i whose window holds cell j is a
 * degree-2 sumcheck over x's variables ending at t' (claim x(t'); M_r(t') evaluated by the verifier in
 * O(C + |q| window)). Every relation holds entry-wise on the padded layout (padding: v = h = d = rem = 0).
 * Accumulators are bounded at setup so nothing wraps mod p (|x| &lt; 2^(B-1) by the range budget).
 *
 * <p>Soundness error, beyond the range checks' and the claims': 3 vars(y) / |F_ext| for the identities at r (main,
 * slack, bound), 2 vars(y) / |F_ext| and 2 vars(x) / |F_ext| for the two sumchecks: (5 vars(y) + 2 vars(x)) / 2^128.
 *
 * <p>Parameters: the window geometry ({@link Geometry}), then [e, counts (one per output position)].
 */
final class PoolProof implements OpProof {
    /** Divisors and scale exponents beyond these are rejected (they keep every accumulator far below 2^62). */
    private static final int MAX_EXP = 40;

    private record Decl(Geometry g, int e, long[] divisor, DivRound div) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        Geometry g = Geometry.compile(q, c);
        long[] counts = q.ints("counts");
        if (counts == null || counts.length != g.outSpatial) throw CircuitCompiler.unsupported(q, "window counts missing");
        int e = q.outScales[0] - q.inScales[0];
        if (Math.abs(e) > MAX_EXP) throw CircuitCompiler.unsupported(q, "rescale by 2^" + e);
        long maxD = 0;
        for (long n : counts) {
            if (n < 1 || n > (1L << 20)) throw CircuitCompiler.unsupported(q, "window count " + n);
            maxD = Math.max(maxD, e >= 0 ? n : n << -e);
        }
        // |v + h| <= window * 2^(B-1) * 2^max(e,0) + d and |d y| <= d 2^(B-1): both far below 2^62
        double acc = Math.max((double) g.window * Math.pow(2, c.rangeBits - 1 + Math.max(e, 0)), (double) maxD * Math.pow(2, c.rangeBits - 1)) + maxD;
        if (acc >= Math.pow(2, 62)) throw CircuitCompiler.unsupported(q, "window sum of up to 2^" + (int) Math.ceil(Math.log(acc) / Math.log(2)) + " exceeds the field's exact range");
        long[] p = Arrays.copyOf(g.params(), g.params().length + 1 + counts.length);
        p[g.params().length] = e;
        System.arraycopy(counts, 0, p, g.params().length + 1, counts.length);
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, p, List.of());
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        Geometry g = Geometry.read(n, d);
        int at = g.paramCount();
        if (n.p.length != at + 1 + g.outSpatial) throw new IllegalArgumentException(n.where() + ": malformed pool parameters");
        long e = n.p[at];
        if (Math.abs(e) > MAX_EXP) throw new IllegalArgumentException(n.where() + ": scale exponent " + e + " out of range");
        long[] div = new long[g.outSpatial];
        long maxD = 1;
        for (int i = 0; i < div.length; i++) {
            long c = n.p[at + 1 + i];
            if (c < 1 || c > (1L << 20)) throw new IllegalArgumentException(n.where() + ": window count " + c + " out of range");
            div[i] = e >= 0 ? c : c << -e;
            maxD = Math.max(maxD, div[i]);
        }
        return new Decl(g, (int) e, div, DivRound.declare(d, "", n.out[0], maxD));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        Geometry g = dc.g;
        long[] v = g.windowSums(w.values(n.in[0]));
        long f = dc.e > 0 ? 1L << dc.e : 1;
        long[] d = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] *= f;
            d[i] = dc.divisor[i % g.outSpatial];
        }
        dc.div.witness(w, v, d);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        Geometry g = dc.g;
        Vec y = s.circuit.vec(n.out[0]), x = s.circuit.vec(n.in[0]);
        GoldilocksExt2[] r = s.challenges("avgpool.point", y.vars);
        GoldilocksExt2 ind = Padding.realIndicator(y.shape, r);
        long[] half = new long[dc.divisor.length];
        for (int i = 0; i < half.length; i++) half[i] = dc.divisor[i] >> 1;
        GoldilocksExt2 dR = g.outputVectorAt(dc.divisor, r), hR = g.outputVectorAt(half, r);
        Val rem = dc.div.remAt(s, r, Val.of(dR), ind, s.open(n.out[0], r));
        long f = dc.e > 0 ? 1L << dc.e : 1;
        // V = v(r) = 2^max(e,0) (window sums)(r): sent by the prover, proven by the sumcheck over x below
        ExtVec mx = null;
        Val v;
        if (s instanceof ProverCtx p) {
            mx = g.inputWeights(r, null, f);
            v = p.send("avgpool.sum", Mle.dot(p.padded(n.in[0]), mx));
        } else {
            v = ((VerifierCtx) s).receive("avgpool.sum");
        }
        // v + h - rem = d y entry-wise, at r: sum_i eq(r, i) d_i y_i
        ExtVec[] ta = s instanceof ProverCtx p ? new ExtVec[] {ExtVec.ofBase(p.padded(n.out[0])), g.outputWeights(r, dc.divisor)} : null;
        Sumchecks.Result a = sumcheck(s, "rounding of the average", () -> Sumchecks.run(s, SumOfProducts.product(2), ta, y.vars, v.add(hR).sub(rem)));
        Val yt = s.open(n.out[0], a.point());
        s.check(yt.mul(g.outputWeightAt(r, a.point(), dc.divisor)), a.value(), "average is not the rounded window sum over its count");
        // v(r) = f sum_j x_j M_r(j)
        ExtVec[] tb = s instanceof ProverCtx p ? new ExtVec[] {ExtVec.ofBase(p.padded(n.in[0])), mx} : null;
        Sumchecks.Result b = sumcheck(s, "window sums", () -> Sumchecks.run(s, SumOfProducts.product(2), tb, x.vars, v));
        Val xt = s.open(n.in[0], b.point());
        s.check(xt.mul(g.inputWeightAt(r, b.point(), null, f)), b.value(), "window sums disagree with the input");
    }

    /** Runs a sumcheck; on the verifier's side a failure is reported naming the node and what was being proven. */
    static Sumchecks.Result sumcheck(Side s, String what, Supplier<Sumchecks.Result> run) {
        try {
            return run.get();
        } catch (VerificationException e) {
            s.check(false, what + ": " + e.getMessage());
            throw e;
        }
    }

    /**
     * The window geometry of a pool over x [1, C, D_1..D_k] to y [1, C, O_1..O_k] (shared with {@link MaxPoolProof}):
     * {@code src[q * window + k]} is the flat spatial input cell read by output position q at window slot k, or -1
     * in the padding (ml/quant's {@link ConvGeometry}, depthwise). Parameters: [k, C, D.., O.., kernel.., strides..,
     * padBegin.., dilations..].
     */
    static final class Geometry {
        static final int MAX_RANK = 8, MAX_EXTENT = 1 << 16;

        final int channels, window, outSpatial, inSpatial;
        final int[] inDims, outDims, kernel, strides, padBegin, dilations;
        final int[] src;
        /** Padded positions of spatial cells / output positions inside a channel's block. */
        final int[] inPos, outPos;
        final int inSpVars, outSpVars;

        private Geometry(int channels, int[] inDims, int[] outDims, int[] kernel, int[] strides, int[] padBegin, int[] dilations) {
            this.channels = channels;
            this.inDims = inDims;
            this.outDims = outDims;
            this.kernel = kernel;
            this.strides = strides;
            this.padBegin = padBegin;
            this.dilations = dilations;
            ConvGeometry cg = new ConvGeometry(1, channels, channels, channels, inDims, kernel, strides, padBegin, dilations, outDims);
            this.window = cg.kernelSpatial();
            this.outSpatial = cg.outSpatial();
            this.inSpatial = cg.inSpatial();
            this.src = cg.sourceIndex();
            this.inPos = Padding.paddedIndices(inDims);
            this.outPos = Padding.paddedIndices(outDims);
            this.inSpVars = Padding.vars(inDims);
            this.outSpVars = Padding.vars(outDims);
        }

        int rank() {
            return inDims.length;
        }

        int paramCount() {
            return 2 + 6 * rank();
        }

        long[] params() {
            List<Long> p = new ArrayList<>();
            p.add((long) rank());
            p.add((long) channels);
            for (int[] a : new int[][] {inDims, outDims, kernel, strides, padBegin, dilations}) for (int v : a) p.add((long) v);
            return p.stream().mapToLong(Long::longValue).toArray();
        }

        /** Setup: the geometry the quantizer stored on the node, after checking the node is a provable pool. */
        static Geometry compile(QNode q, CircuitCompiler c) {
            if (q.inputs.size() != 1) throw CircuitCompiler.unsupported(q, "pool with " + q.inputs.size() + " inputs");
            for (int j = 1; j < q.outputs.size(); j++) if (!q.outputs.get(j).isEmpty()) throw CircuitCompiler.unsupported(q, "the Indices output");
            int[] xs = q.inShapes[0];
            if (xs.length < 2) throw CircuitCompiler.unsupported(q, "input of rank " + xs.length);
            if (xs[0] != 1) throw CircuitCompiler.unsupported(q, "batch of " + xs[0] + " (only batch 1 is provable)");
            int k = xs.length - 2;
            int[] in = Arrays.copyOfRange(xs, 2, xs.length);
            Geometry g;
            try {
                g = new Geometry(xs[1], in, ints(q, "outDims", k), ints(q, "kernel", k), ints(q, "strides", k), ints(q, "padBegin", k), ints(q, "dilations", k));
            } catch (IllegalArgumentException e) {
                throw CircuitCompiler.unsupported(q, e.getMessage());
            }
            int[] expect = new int[k + 2];
            expect[0] = 1;
            expect[1] = xs[1];
            System.arraycopy(g.outDims, 0, expect, 2, k);
            if (!Arrays.equals(q.outShapes[0], expect)) throw CircuitCompiler.unsupported(q, "output of shape " + Arrays.toString(q.outShapes[0]) + " (expected " + Arrays.toString(expect) + ")");
            if (!Arrays.equals(c.tensors.get(c.tensor(q, 0)).shape, xs) || !Arrays.equals(c.tensors.get(c.output(q, 0)).shape, expect)) {
                throw CircuitCompiler.unsupported(q, "input or output tensor of another shape than the node's");
            }
            return g;
        }

        private static int[] ints(QNode q, String key, int k) {
            long[] v = q.ints(key);
            if (v == null || v.length != k) throw new IllegalArgumentException("window attribute '" + key + "' missing");
            int[] r = new int[k];
            for (int i = 0; i < k; i++) {
                if (v[i] < 0 || v[i] > MAX_EXTENT) throw new IllegalArgumentException("window attribute '" + key + "' = " + v[i]);
                r[i] = (int) v[i];
            }
            return r;
        }

        /** Both sides: the geometry of a key's node, checked against its tensors' shapes. */
        static Geometry read(NodeSpec n, Circuit.Declarer d) {
            if (n.in.length != 1 || n.out.length != 1 || n.p.length < 2) throw new IllegalArgumentException(n.where() + ": malformed");
            long k = n.p[0], ch = n.p[1];
            if (k < 0 || k > MAX_RANK || ch < 1 || ch > MAX_EXTENT || n.p.length < 2 + 6 * k) throw new IllegalArgumentException(n.where() + ": malformed window geometry");
            int r = (int) k;
            int[][] a = new int[6][r];
            for (int j = 0; j < 6; j++) {
                for (int i = 0; i < r; i++) {
                    long v = n.p[2 + j * r + i];
                    long lo = j == 4 ? 0 : 1; // only pads may be 0
                    if (v < lo || v > MAX_EXTENT) throw new IllegalArgumentException(n.where() + ": window parameter " + v + " out of range");
                    a[j][i] = (int) v;
                }
            }
            long outSp = 1, win = 1;
            for (int i = 0; i < r; i++) {
                outSp *= a[1][i];
                win *= a[2][i];
            }
            if (outSp * win > (1L << 26)) throw new IllegalArgumentException(n.where() + ": window map too large");
            int[] xs = d.tensor(n.in[0]).shape, ys = d.tensor(n.out[0]).shape;
            if (xs.length != r + 2 || ys.length != r + 2 || xs[0] != 1 || ys[0] != 1 || xs[1] != ch || ys[1] != ch
                    || !Arrays.equals(Arrays.copyOfRange(xs, 2, r + 2), a[0]) || !Arrays.equals(Arrays.copyOfRange(ys, 2, r + 2), a[1])) {
                throw new IllegalArgumentException(n.where() + ": window geometry does not match the tensors' shapes");
            }
            return new Geometry((int) ch, a[0], a[1], a[2], a[3], a[4], a[5]);
        }

        /** Exact window sums over the cells inside the input, row-major [C][outSpatial]. */
        long[] windowSums(long[] x) {
            long[] s = new long[channels * outSpatial];
            for (int c = 0; c < channels; c++) {
                for (int q = 0; q < outSpatial; q++) {
                    long acc = 0;
                    for (int k = 0; k < window; k++) {
                        int j = src[q * window + k];
                        if (j >= 0) acc += x[c * inSpatial + j];
                    }
                    s[c * outSpatial + q] = acc;
                }
            }
            return s;
        }

        /** sum_{c < C} eq(a_c, c) eq(b_c, c) for the channel coordinates of two points (spatial variables lowest). */
        private GoldilocksExt2 channelOverlap(GoldilocksExt2[] a, int aFrom, GoldilocksExt2[] b, int bFrom) {
            int cv = Padding.log2Ceil(channels);
            ExtVec ea = Eq.table(Padding.slice(a, aFrom, cv)), eb = Eq.table(Padding.slice(b, bFrom, cv));
            GoldilocksExt2 acc = GoldilocksExt2.ZERO;
            for (int c = 0; c < channels; c++) acc = acc.add(ea.get(c).mul(eb.get(c)));
            return acc;
        }

        /** MLE at r (y's variables) of a public per-position vector broadcast over the channels (0 on padding). */
        GoldilocksExt2 outputVectorAt(long[] perPosition, GoldilocksExt2[] r) {
            ExtVec eq = Eq.table(Padding.slice(r, 0, outSpVars));
            GoldilocksExt2 acc = GoldilocksExt2.ZERO;
            for (int q = 0; q < outSpatial; q++) acc = acc.add(eq.get(outPos[q]).mulBase(perPosition[q]));
            return acc.mul(Padding.prefix(channels, r, outSpVars, Padding.log2Ceil(channels)));
        }

        /** Prover: the table eq(r, i) w_i over y's padded layout, w a public per-position vector. */
        ExtVec outputWeights(GoldilocksExt2[] r, long[] perPosition) {
            ExtVec eq = Eq.table(r);
            int block = 1 << outSpVars;
            ExtVec u = ExtVec.zeros(eq.length());
            for (int c = 0; c < channels; c++) {
                for (int q = 0; q < outSpatial; q++) {
                    int i = c * block + outPos[q];
                    u.set(i, eq.get(i).mulBase(perPosition[q]));
                }
            }
            return u;
        }

        /** The MLE of {@link #outputWeights} at t, in O(C + |q|). */
        GoldilocksExt2 outputWeightAt(GoldilocksExt2[] r, GoldilocksExt2[] t, long[] perPosition) {
            ExtVec er = Eq.table(Padding.slice(r, 0, outSpVars)), et = Eq.table(Padding.slice(t, 0, outSpVars));
            GoldilocksExt2 acc = GoldilocksExt2.ZERO;
            for (int q = 0; q < outSpatial; q++) acc = acc.add(er.get(outPos[q]).mul(et.get(outPos[q])).mulBase(perPosition[q]));
            return acc.mul(channelOverlap(r, outSpVars, t, outSpVars));
        }

        /**
         * Prover: M(j) = f sum of beta_k eq(r, i) over (output i, slot k) reading input cell j, over x's padded
         * layout; beta == null: weight 1 on the cells inside the input (a window sum), else slot k of a window in the
         * padding reads {@link #cell}'s substitute.
         */
        ExtVec inputWeights(GoldilocksExt2[] r, GoldilocksExt2[] beta, long f) {
            ExtVec er = Eq.table(Padding.slice(r, 0, outSpVars));
            ExtVec sp = ExtVec.zeros(1 << inSpVars);
            for (int q = 0; q < outSpatial; q++) {
                GoldilocksExt2 e = er.get(outPos[q]).mulBase(f);
                for (int k = 0; k < window; k++) {
                    int j = cell(q, k, beta != null);
                    if (j < 0) continue;
                    int at = inPos[j];
                    sp.set(at, sp.get(at).add(beta == null ? e : e.mul(beta[k])));
                }
            }
            int cv = Padding.log2Ceil(channels);
            ExtVec ec = Eq.table(Padding.slice(r, outSpVars, cv));
            int block = 1 << inSpVars;
            ExtVec m = ExtVec.zeros(block << cv);
            for (int c = 0; c < channels; c++) {
                GoldilocksExt2 w = ec.get(c);
                for (int j = 0; j < block; j++) if (!sp.get(j).isZero()) m.set(c * block + j, sp.get(j).mul(w));
            }
            return m;
        }

        /** The MLE of {@link #inputWeights} at t (x's variables), in O(C + |q| window + |x block|). */
        GoldilocksExt2 inputWeightAt(GoldilocksExt2[] r, GoldilocksExt2[] t, GoldilocksExt2[] beta, long f) {
            ExtVec er = Eq.table(Padding.slice(r, 0, outSpVars)), et = Eq.table(Padding.slice(t, 0, inSpVars));
            GoldilocksExt2 acc = GoldilocksExt2.ZERO;
            for (int q = 0; q < outSpatial; q++) {
                GoldilocksExt2 inner = GoldilocksExt2.ZERO;
                for (int k = 0; k < window; k++) {
                    int j = cell(q, k, beta != null);
                    if (j < 0) continue;
                    inner = inner.add(beta == null ? et.get(inPos[j]) : et.get(inPos[j]).mul(beta[k]));
                }
                acc = acc.add(er.get(outPos[q]).mul(inner));
            }
            return acc.mulBase(f).mul(channelOverlap(r, outSpVars, t, inSpVars));
        }

        /**
         * The input cell of window q at slot k; with {@code substitute}, a slot in the padding reads the window's
         * first cell inside the input instead (a repeated cell leaves a maximum unchanged), so every slot is real.
         */
        int cell(int q, int k, boolean substitute) {
            int j = src[q * window + k];
            if (j >= 0 || !substitute) return j;
            for (int kk = 0; kk < window; kk++) if (src[q * window + kk] >= 0) return src[q * window + kk];
            return -1;
        }

        /** True when some window has no cell inside the input. */
        boolean hasEmptyWindow() {
            for (int q = 0; q < outSpatial; q++) if (cell(q, 0, true) < 0) return true;
            return false;
        }
    }
}
