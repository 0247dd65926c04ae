package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.Arrays;

/**
 * y[i] = the maximum (or minimum) of x over the W cells read by output i, one cell per slot k (a pool window, or a
 * slice of reduced axes: {@link Slots}); shared by {@link MaxPoolProof} and {@link AxisMax}. x and y are any
 * committed (or public) vectors, so an intermediate maximum (Softmax's) is proven the same way.
 *
 * <p>Proof. The differences D[k, i] = sigma (y[i] - x[j(i, k)]) (sigma = 1 for a maximum, -1 for a minimum; shape
 * [W, y]) are range checked in [0, 2^B) (never committed: their limbs are), and prod_k D[k, i] = 0 for every i by a
 * zero-check: sum_i eq(r, i) prod_k D_k(i) = 0 at a random r over y's variables (degree W + 1). More than 16 slots are
 * split into J &lt;= 16 chunks of at most 16 with committed chunk products P_j (P_j = prod of its chunk, prod_j P_j =
 * 0, all in one zero-check with powers of a random alpha). At the zero-check's end point s the prover sends every
 * D_k(s) and opens P_j(s); the D_k(s) are tied to the range check's limbs by one opening at (s, rho) for a random rho
 * over the slot variables (D(s, rho) = sum_k eq(rho, k) D_k(s)); then D_k = sigma (y - x[j(., k)]) for every k is
 * checked with random beta_k: sum_k beta_k D_k(s) = sigma ((sum_k beta_k) y(s) - sum_j x_j M(j)), M(j) = sum of
 * beta_k eq(s, i) over the (i, k) reading cell j, a degree-2 sumcheck over x's variables the verifier finishes by
 * evaluating M itself ({@link Slots#inputWeightAt}). Together: y &gt;= every cell read (&lt;= for a minimum) and y equals
 * one of them, exactly (|x| &lt; 2^(B-1) and D &lt; 2^B, so no relation wraps mod p; padding entries of y are forced to
 * 0, since there D_k = sigma y and one D_k is 0). So y is bounded like x: |y| &lt; 2^(B-1).
 *
 * <p>Soundness error, beyond the range check's and the claims': (max(min(W, 16), J) + 2) vars(y) / |F_ext| for the
 * zero-check and the identity at s, (J + 1 + log2 W) / |F_ext| for alpha, beta and rho, 2 vars(x) / |F_ext| for the
 * sumcheck over x.
 */
final class WindowMax {
    /** Largest factor count of one zero-check term (SumOfProducts.MAX_DEGREE). */
    static final int CHUNK = SumOfProducts.MAX_DEGREE;
    /** Largest window: CHUNK chunks of CHUNK cells. */
    static final int MAX_WINDOW = CHUNK * CHUNK;

    /** Which cell of x each (output, slot) reads, and the verifier's evaluation of the slot-weighted read map. */
    interface Slots {
        /** W: the slots per output. */
        int window();

        /** Row-major index of the x cell read by output i (row-major) at slot k: entry k * |y| + i. */
        int[] cells(int ny);

        /** Prover: M(j) = sum of beta_k eq(s, i) over the (i, k) reading cell j, in x's padded layout. */
        ExtVec inputWeights(GoldilocksExt2[] s, GoldilocksExt2[] beta);

        /** The MLE of {@link #inputWeights} at t (x's variables), computed by the verifier itself. */
        GoldilocksExt2 inputWeightAt(GoldilocksExt2[] s, GoldilocksExt2[] t, GoldilocksExt2[] beta);
    }

    final int x, y;
    final Slots slots;
    final boolean min;
    final RangeCheck diff;
    final int[] chunkProducts;

    private WindowMax(int x, int y, Slots slots, boolean min, RangeCheck diff, int[] chunkProducts) {
        this.x = x;
        this.y = y;
        this.slots = slots;
        this.min = min;
        this.diff = diff;
        this.chunkProducts = chunkProducts;
    }

    /** Both sides: the range check and chunk products of y = max (or min) over the slots of x; names start with {@code prefix}. */
    static WindowMax declare(Circuit.Declarer d, String prefix, int x, int y, Slots slots, boolean min) {
        return declare(d, prefix, x, y, slots, min, d.circuit().rangeBits);
    }

    /**
     * A wider maximum: the differences range-checked in [0, 2^bits) (B &lt;= bits &lt;= 60) for an x the caller has
     * pinned to |x| &lt; 2^(bits-1) (ArgMaxProof's tie-broken keys); the argument above holds with bits for B.
     */
    static WindowMax declare(Circuit.Declarer d, String prefix, int x, int y, Slots slots, boolean min, int bits) {
        if (bits < d.circuit().rangeBits || bits > 60) throw new IllegalArgumentException(d.node.where() + ": maximum over " + bits + "-bit differences");
        int win = slots.window();
        if (win < 1 || win > MAX_WINDOW) throw new IllegalArgumentException(d.node.where() + ": window of " + win + " cells not provable");
        int[] ys = d.tensor(y).shape;
        int[] shape = new int[ys.length + 1];
        shape[0] = win; // slots on the highest variables: D_k is block k of the padded layout
        System.arraycopy(ys, 0, shape, 1, ys.length);
        RangeCheck diff = d.range(prefix + "diff", shape, bits);
        int chunks = win > CHUNK ? (win + CHUNK - 1) / CHUNK : 0;
        int[] prods = new int[chunks];
        for (int j = 0; j < chunks; j++) prods[j] = d.aux(prefix + "chunk" + j, ys);
        return new WindowMax(x, y, slots, min, diff, prods);
    }

    /** Prover: the differences and chunk products from x's and y's values. */
    void witness(Witness w) {
        long[] xv = w.values(x), yv = w.values(y);
        int ny = yv.length, win = slots.window();
        int[] cells = slots.cells(ny);
        long[] d = new long[win * ny];
        for (int j = 0; j < d.length; j++) {
            long v = yv[j % ny] - xv[cells[j]];
            d[j] = min ? -v : v;
        }
        w.range(diff, d);
        for (int c = 0; c < chunkProducts.length; c++) {
            long[] prod = new long[ny];
            for (int i = 0; i < ny; i++) {
                long p = 1;
                for (int k = c * CHUNK; k < Math.min(win, (c + 1) * CHUNK); k++) p = Goldilocks.mul(p, Goldilocks.fromSigned(d[k * ny + i]));
                prod[i] = Goldilocks.toSigned(p);
            }
            w.set(chunkProducts[c], prod);
        }
    }

    /** Both sides: the zero-check, the slot link to the range check and the link of the differences to x and y. */
    void run(Side s) {
        int win = slots.window(), chunks = chunkProducts.length;
        Vec yv = s.circuit.vec(y), xv = s.circuit.vec(x);
        GoldilocksExt2[] r = s.challenges("maxpool.zerocheck", yv.vars);
        GoldilocksExt2 alpha = chunks > 0 ? s.challenges("maxpool.chunks", 1)[0] : null;
        SumOfProducts expr = zeroCheck(win, chunks, alpha);
        ExtVec[] tables = null;
        if (s instanceof ProverCtx p) {
            tables = new ExtVec[win + chunks];
            long[] d = p.w.quantities.get(diff); // what the limbs hold, so a cheat is proven faithfully
            int ny = Padding.size(yv.shape);
            for (int k = 0; k < win; k++) tables[k] = ExtVec.ofBase(Padding.pad(Arrays.copyOfRange(d, k * ny, (k + 1) * ny), yv.shape));
            for (int j = 0; j < chunks; j++) tables[win + j] = ExtVec.ofBase(p.padded(chunkProducts[j]));
        }
        ExtVec[] t0 = tables;
        Sumchecks.Result z = PoolProof.sumcheck(s, "no window cell equals the maximum", () -> Sumchecks.runEq(s, r, expr, t0, Val.ZERO));
        GoldilocksExt2[] pt = z.point();
        int kv = Padding.log2Ceil(win);
        // the slots' values D_k(pt) are sent, then tied to the limbs by ONE range opening at (pt, rho):
        // D(pt, rho) = sum_{k < W} eq(rho, k) D_k(pt) (slots beyond W are 0), instead of W openings
        Val[] vals = new Val[win + chunks];
        for (int k = 0; k < win; k++) {
            vals[k] = s instanceof ProverCtx p ? p.send("maxpool.slot", Mle.evaluate(t0[k], pt)) : ((VerifierCtx) s).receive("maxpool.slot");
        }
        for (int j = 0; j < chunks; j++) vals[win + j] = s.open(chunkProducts[j], pt);
        s.check(Val.evaluate(expr, vals).mul(Eq.eval(r, pt)), z.value(), "no window cell equals the maximum");
        GoldilocksExt2[] rho = s.challenges("maxpool.slotpoint", kv);
        ExtVec eqRho = Eq.table(rho);
        Val folded = Val.ZERO;
        for (int k = 0; k < win; k++) folded = folded.add(vals[k].mul(eqRho.get(k)));
        s.check(s.range(diff, Padding.concat(pt, rho)), folded, "window slot values disagree with the range-checked differences");
        // D_k(pt) = sigma (y(pt) - (x read at slot k)(pt)) for every k, combined with random beta:
        // sum_j x_j M(j) = (sum_k beta_k) y(pt) - sigma sum_k beta_k D_k(pt)
        GoldilocksExt2[] beta = s.challenges("maxpool.slots", win);
        GoldilocksExt2 betaSum = GoldilocksExt2.ZERO;
        Val lhs = Val.ZERO;
        for (int k = 0; k < win; k++) {
            betaSum = betaSum.add(beta[k]);
            lhs = lhs.add(vals[k].mul(beta[k]));
        }
        Val yAt = s.open(y, pt).mul(betaSum);
        Val claim = min ? yAt.add(lhs) : yAt.sub(lhs);
        ExtVec[] tx = s instanceof ProverCtx p ? new ExtVec[] {ExtVec.ofBase(p.padded(x)), slots.inputWeights(pt, beta)} : null;
        Sumchecks.Result sx = PoolProof.sumcheck(s, "window differences", () -> Sumchecks.run(s, SumOfProducts.product(2), tx, xv.vars, claim));
        Val xt = s.open(x, sx.point());
        s.check(xt.mul(slots.inputWeightAt(pt, sx.point(), beta)), sx.value(), "window differences disagree with the output and input");
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
