package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;
import java.util.List;

/**
 * MaxPool and GlobalMaxPool (batch 1, no Indices output) exactly as ml/quant computes them: y[c, q] = the maximum of
 * x over window q's cells inside the input (padding cells do not take part; kernel, strides, pads, dilations,
 * ceil_mode as resolved by the quantizer), at the input's scale.
 *
 * <p>Proof. Every window has W slots; a slot in the padding is given the window's first real cell instead (a
 * repeated cell leaves the maximum unchanged, and the verifier derives the substitution from the public geometry), so
 * every slot k of output i reads a real cell j(i, k). The differences D[k, i] = y[i] - x[j(i, k)] (shape [W, y]) are
 * range checked in [0, 2^B) (never committed: their limbs are), and prod_k D[k, i] = 0 for every i by a zero-check:
 * sum_i eq(r, i) prod_k D_k(i) = 0 at a random r over y's variables (degree W + 1). Windows of more than 16 cells are
 * split into J &lt;= 16 chunks of at most 16 with committed chunk products P_j (P_j = prod of its chunk, prod_j P_j =
 * 0, all in one zero-check with powers of a random alpha). At the zero-check's end point s the prover sends every
 * D_k(s) and opens P_j(s); the D_k(s) are tied to the range check's limbs by one opening at (s, rho) for a random rho
 * over the slot variables (D(s, rho) = sum_k eq(rho, k) D_k(s)); then D_k = y - x[j(., k)] for every k is checked
 * with random beta_k:
 * sum_k beta_k D_k(s) = (sum_k beta_k) y(s) - sum_j x_j M(j), M(j) = sum of beta_k eq(s, i) over the (i, k) reading
 * cell j, a degree-2 sumcheck over x's variables the verifier finishes by evaluating M itself in O(C + |q| W).
 * Together: y &gt;= every cell of the window and y equals one of them, exactly (|x| &lt; 2^(B-1) and D &lt; 2^B, so no
 * relation wraps mod p; padding entries of y are forced to 0, since there D_k = y and one D_k is 0).
 *
 * <p>Soundness error, beyond the range check's and the claims': (max(min(W, 16), J) + 2) vars(y) / |F_ext| for the
 * zero-check and the identity at s, (J + 1 + log2 W) / |F_ext| for alpha, beta and rho, 2 vars(x) / |F_ext| for the
 * sumcheck over x.
 *
 * <p>Parameters: the window geometry ({@link PoolProof.Geometry}).
 */
final class MaxPoolProof implements OpProof {
    /** Largest factor count of one zero-check term (SumOfProducts.MAX_DEGREE). */
    private static final int CHUNK = SumOfProducts.MAX_DEGREE;
    /** Largest window: CHUNK chunks of CHUNK cells. */
    static final int MAX_WINDOW = CHUNK * CHUNK;

    private record Decl(PoolProof.Geometry g, RangeCheck diff, int[] chunkProducts) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        PoolProof.Geometry g = PoolProof.Geometry.compile(q, c);
        if (q.inScales[0] != q.outScales[0]) throw CircuitCompiler.unsupported(q, "max pool changing the scale");
        if (g.window > MAX_WINDOW) throw CircuitCompiler.unsupported(q, "window of " + g.window + " cells (at most " + MAX_WINDOW + ")");
        if (g.hasEmptyWindow()) throw CircuitCompiler.unsupported(q, "a window entirely in the padding");
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, g.params(), List.of());
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        PoolProof.Geometry g = PoolProof.Geometry.read(n, d);
        if (n.p.length != g.paramCount()) throw new IllegalArgumentException(n.where() + ": malformed pool parameters");
        if (g.window > MAX_WINDOW || g.hasEmptyWindow()) throw new IllegalArgumentException(n.where() + ": window not provable");
        int[] ys = d.tensor(n.out[0]).shape;
        int[] shape = new int[ys.length + 1];
        shape[0] = g.window; // slots on the highest variables: D_k is block k of the padded layout
        System.arraycopy(ys, 0, shape, 1, ys.length);
        RangeCheck diff = d.range("diff", shape, d.circuit().rangeBits);
        int chunks = g.window > CHUNK ? (g.window + CHUNK - 1) / CHUNK : 0;
        int[] prods = new int[chunks];
        for (int j = 0; j < chunks; j++) prods[j] = d.aux("chunk" + j, ys);
        return new Decl(g, diff, prods);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        Decl dc = (Decl) decl;
        PoolProof.Geometry g = dc.g;
        long[] x = w.values(n.in[0]), y = w.values(n.out[0]);
        int ny = y.length;
        long[] diff = new long[g.window * ny];
        for (int k = 0; k < g.window; k++) {
            for (int c = 0; c < g.channels; c++) {
                for (int q = 0; q < g.outSpatial; q++) {
                    int i = c * g.outSpatial + q;
                    diff[k * ny + i] = y[i] - x[c * g.inSpatial + g.cell(q, k, true)];
                }
            }
        }
        w.range(dc.diff, diff);
        for (int j = 0; j < dc.chunkProducts.length; j++) {
            long[] prod = new long[ny];
            for (int i = 0; i < ny; i++) {
                long p = 1;
                for (int k = j * CHUNK; k < Math.min(g.window, (j + 1) * CHUNK); k++) p = Goldilocks.mul(p, Goldilocks.fromSigned(diff[k * ny + i]));
                prod[i] = Goldilocks.toSigned(p);
            }
            w.set(dc.chunkProducts[j], prod);
        }
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        PoolProof.Geometry g = dc.g;
        int win = g.window, chunks = dc.chunkProducts.length;
        Vec y = s.circuit.vec(n.out[0]), x = s.circuit.vec(n.in[0]);
        GoldilocksExt2[] r = s.challenges("maxpool.zerocheck", y.vars);
        GoldilocksExt2 alpha = chunks > 0 ? s.challenges("maxpool.chunks", 1)[0] : null;
        SumOfProducts expr = zeroCheck(win, chunks, alpha);
        ExtVec[] tables = null;
        if (s instanceof ProverCtx p) {
            tables = new ExtVec[win + chunks];
            long[] diff = p.w.quantities.get(dc.diff); // what the limbs hold, so a cheat is proven faithfully
            int ny = Padding.size(y.shape);
            for (int k = 0; k < win; k++) tables[k] = ExtVec.ofBase(Padding.pad(Arrays.copyOfRange(diff, k * ny, (k + 1) * ny), y.shape));
            for (int j = 0; j < chunks; j++) tables[win + j] = ExtVec.ofBase(p.padded(dc.chunkProducts[j]));
        }
        ExtVec[] t0 = tables;
        Sumchecks.Result z = PoolProof.sumcheck(s, "no window cell equals the maximum", () -> Sumchecks.runEq(s, r, expr, t0, GoldilocksExt2.ZERO));
        GoldilocksExt2[] pt = z.point();
        int kv = Padding.log2Ceil(win);
        // the slots' values D_k(pt) are sent, then tied to the limbs by ONE range opening at (pt, rho):
        // D(pt, rho) = sum_{k < W} eq(rho, k) D_k(pt) (slots beyond W are 0), instead of W openings
        GoldilocksExt2[] vals = new GoldilocksExt2[win + chunks];
        for (int k = 0; k < win; k++) {
            vals[k] = s instanceof ProverCtx p ? p.send("maxpool.slot", Mle.evaluate(t0[k], pt)) : ((VerifierCtx) s).receive("maxpool.slot");
        }
        for (int j = 0; j < chunks; j++) vals[win + j] = s.open(dc.chunkProducts[j], pt);
        s.check(Eq.eval(r, pt).mul(expr.evaluate(vals)).equals(z.value()), "no window cell equals the maximum");
        GoldilocksExt2[] rho = s.challenges("maxpool.slotpoint", kv);
        ExtVec eqRho = Eq.table(rho);
        GoldilocksExt2 folded = GoldilocksExt2.ZERO;
        for (int k = 0; k < win; k++) folded = folded.add(eqRho.get(k).mul(vals[k]));
        s.check(s.range(dc.diff, Padding.concat(pt, rho)).equals(folded), "window slot values disagree with the range-checked differences");
        // D_k(pt) = y(pt) - (x read at slot k)(pt) for every k, combined with random beta
        GoldilocksExt2[] beta = s.challenges("maxpool.slots", win);
        GoldilocksExt2 betaSum = GoldilocksExt2.ZERO, lhs = GoldilocksExt2.ZERO;
        for (int k = 0; k < win; k++) {
            betaSum = betaSum.add(beta[k]);
            lhs = lhs.add(beta[k].mul(vals[k]));
        }
        GoldilocksExt2 claim = betaSum.mul(s.open(n.out[0], pt)).sub(lhs);
        ExtVec[] tx = s instanceof ProverCtx p ? new ExtVec[] {ExtVec.ofBase(p.padded(n.in[0])), g.inputWeights(pt, beta, 1)} : null;
        Sumchecks.Result sx = PoolProof.sumcheck(s, "window differences", () -> Sumchecks.run(s, SumOfProducts.product(2), tx, x.vars, claim));
        GoldilocksExt2 xt = s.open(n.in[0], sx.point());
        s.check(xt.mul(g.inputWeightAt(pt, sx.point(), beta, 1)).equals(sx.value()), "window differences disagree with the output and input");
    }

    /**
     * The zero-check's summand over tables D_0..D_{W-1} (and P_0..P_{J-1}): prod_k D_k, or with chunks
     * sum_j alpha^j (P_j - prod_{k in chunk j} D_k) + alpha^J prod_j P_j.
     */
    private static SumOfProducts zeroCheck(int win, int chunks, GoldilocksExt2 alpha) {
        if (chunks == 0) return SumOfProducts.product(win);
        SumOfProducts.Builder b = SumOfProducts.builder(win + chunks);
        GoldilocksExt2 a = GoldilocksExt2.ONE;
        int[] all = new int[chunks];
        for (int j = 0; j < chunks; j++) {
            int from = j * CHUNK, to = Math.min(win, from + CHUNK);
            int[] f = new int[to - from];
            for (int k = from; k < to; k++) f[k - from] = k;
            b.term(a, win + j).term(a.neg(), f);
            all[j] = win + j;
            a = a.mul(alpha);
        }
        return b.term(a, all).build();
    }
}
