package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;

import java.util.Arrays;

/**
 * Numpy broadcasting in the per-dimension padded layout: an operand x of shape s (aligned right with the output
 * shape o) broadcast to o has, at a point r of the output's variables, the MLE x(r|x) prod_d prefix(o_d, r_d) over the
 * dims d it broadcasts ({@link #subPoint}, {@link #factor}); {@link #materialize} is the prover's table of it and
 * {@link #product} proves a broadcast entry-wise product at a point. Used by ElementwiseProof (Mul, BatchNormalization),
 * the slope activations (PRelu), DivProof (runtime divisors) and LinearProof (batched MatMul, biases).
 */
final class Broadcast {
    private Broadcast() {}

    /** The numpy broadcast of two shapes, or null. */
    static int[] shape(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            if (da != db && da != 1 && db != 1) return null;
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /** Values of shape {@code from} broadcast (numpy rules) to {@code to}, row-major (unpadded); null if not broadcastable. */
    static long[] values(long[] v, int[] from, int[] to) {
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

    /** Whether output dim d (of an output of rank {@code n}) is one the operand of shape {@code x} has (not broadcast). */
    private static boolean keeps(int[] out, int[] x, int d) {
        int j = d - (out.length - x.length);
        return j >= 0 && x[j] == out[d];
    }

    /** The coordinates of r (a point of the output's variables) that belong to the operand's own dimensions. */
    static GoldilocksExt2[] subPoint(int[] out, int[] x, GoldilocksExt2[] r) {
        GoldilocksExt2[] sub = new GoldilocksExt2[Padding.vars(x)];
        int at = 0, to = 0;
        for (int d = out.length - 1; d >= 0; d--) {
            int k = Padding.log2Ceil(out[d]);
            if (keeps(out, x, d)) {
                System.arraycopy(r, at, sub, to, k);
                to += k;
            }
            at += k;
        }
        if (to != sub.length) throw new IllegalStateException("internal: operand " + Arrays.toString(x) + " does not broadcast to " + Arrays.toString(out));
        return sub;
    }

    /** prod over the output dims the operand broadcasts of prefix(o_d, r_d): the indicator of real entries along them. */
    static GoldilocksExt2 factor(int[] out, int[] x, GoldilocksExt2[] r) {
        GoldilocksExt2 f = GoldilocksExt2.ONE;
        int at = 0;
        for (int d = out.length - 1; d >= 0; d--) {
            int k = Padding.log2Ceil(out[d]);
            if (!keeps(out, x, d)) f = f.mul(Padding.prefix(out[d], r, at, k));
            at += k;
        }
        return f;
    }

    /** No output dimension with variables is kept by both operands: their broadcast product is multilinear as it is. */
    static boolean disjoint(int[] out, int[] a, int[] b) {
        for (int d = 0; d < out.length; d++) if (Padding.log2Ceil(out[d]) > 0 && keeps(out, a, d) && keeps(out, b, d)) return false;
        return true;
    }

    /**
     * Prover: the operand broadcast to the output's padded layout, entry by entry from the operand's padded values
     * (X(i) = x(i|x) on real positions of the broadcast dims, 0 elsewhere: the table whose MLE {@link #subPoint} and
     * {@link #factor} evaluate).
     */
    static long[] materialize(long[] xp, int[] x, int[] out) {
        int vars = Padding.vars(out);
        long[] t = new long[1 << vars];
        int n = out.length;
        int[] k = new int[n], at = new int[n], xat = new int[n];
        boolean[] keep = new boolean[n];
        int pos = 0, xpos = 0;
        for (int d = n - 1; d >= 0; d--) {
            k[d] = Padding.log2Ceil(out[d]);
            keep[d] = keeps(out, x, d);
            at[d] = pos;
            pos += k[d];
            xat[d] = xpos;
            if (keep[d]) xpos += k[d];
        }
        for (int i = 0; i < t.length; i++) {
            int src = 0;
            boolean real = true;
            for (int d = 0; d < n; d++) {
                int idx = (i >>> at[d]) & ((1 << k[d]) - 1);
                if (keep[d]) src |= idx << xat[d];
                else if (idx >= out[d]) real = false;
            }
            if (real) t[i] = xp[src];
        }
        return t;
    }

    /**
     * Both sides: claim = sum_i eq(r, i) A(i) B(i) over the output's variables, for A and B the broadcasts of vectors
     * {@code ai} and {@code bi} to {@code out} (r a point of its variables); {@code what} names a failure. Disjoint
     * operands (no shared dimension with variables): one check, claim = a(r|a) b(r|b); otherwise a degree-3 sumcheck
     * ending at t and a(t|a) b(t|b) times the broadcast indicators (see ElementwiseProof's class comment).
     */
    static void product(Side s, int ai, int bi, int[] out, GoldilocksExt2[] r, Val claim, String what) {
        Vec a = s.circuit.vec(ai), b = s.circuit.vec(bi);
        int vars = Padding.vars(out);
        if (disjoint(out, a.shape, b.shape)) {
            // P(i) = a(i|a) b(i|b) is multilinear (disjoint variables); no indicators: each padded output position
            // is a padded position of the operand that keeps its dimension
            Val av = s.open(ai, subPoint(out, a.shape, r));
            Val bv = s.open(bi, subPoint(out, b.shape, r));
            s.check(claim, av.mul(bv), what);
            return;
        }
        long[] ta = null, tb = null;
        if (s instanceof ProverCtx p) {
            ta = materialize(p.padded(ai), a.shape, out);
            tb = materialize(p.padded(bi), b.shape, out);
        }
        Sumchecks.Result sc = Sumchecks.runEqProduct(s, r, ta, tb, claim);
        GoldilocksExt2[] t = sc.point();
        // an operand of the output's shape is its own table: the prover's folded value is its opening
        Val av = s.open(ai, subPoint(out, a.shape, t), a.vars == vars ? sc.eval(0) : null).mul(factor(out, a.shape, t));
        Val bv = s.open(bi, subPoint(out, b.shape, t), b.vars == vars ? sc.eval(1) : null).mul(factor(out, b.shape, t));
        s.check(av.mul(bv).mul(Eq.eval(r, t)), sc.value(), what);
    }

    /**
     * sum_k coef_k X_k: an integer combination of operands broadcast to one output shape (coefficients small public
     * integers, as signed longs). Its MLE at a point of the output's variables is sum_k coef_k x_k(r|x_k) factor_k(r).
     */
    record Lin(int[] vecs, long[] coef) {
        static Lin of(int vec) {
            return new Lin(new int[] {vec}, new long[] {1});
        }

        /** Both sides: the combination's MLE at r (each operand opened at its sub-point of r). */
        Val at(Side s, int[] out, GoldilocksExt2[] r) {
            return at(s, out, r, null);
        }

        /** As {@link #at(Side, int[], GoldilocksExt2[])}; {@code known}: the prover's value of a lone full-shape operand. */
        Val at(Side s, int[] out, GoldilocksExt2[] r, GoldilocksExt2 known) {
            Val v = Val.ZERO;
            for (int k = 0; k < vecs.length; k++) {
                int[] xs = s.circuit.vec(vecs[k]).shape;
                boolean own = vecs.length == 1 && coef[0] == 1 && Padding.vars(xs) == r.length;
                Val x = s.open(vecs[k], subPoint(out, xs, r), own ? known : null).mul(factor(out, xs, r));
                v = v.add(x.mulBase(Goldilocks.fromSigned(coef[k])));
            }
            return v;
        }

        /** Prover: the combination's table in the output's padded layout (field values). */
        long[] table(ProverCtx p, int[] out) {
            long[] t = null;
            for (int k = 0; k < vecs.length; k++) {
                long[] x = materialize(p.padded(vecs[k]), p.circuit.vec(vecs[k]).shape, out);
                long c = Goldilocks.fromSigned(coef[k]);
                if (t == null && c == 1) {
                    t = x;
                    continue;
                }
                if (t == null) t = new long[x.length];
                for (int i = 0; i < t.length; i++) t[i] = Goldilocks.add(t[i], Goldilocks.mul(c, x[i]));
            }
            return t;
        }
    }

    /**
     * Both sides: claim = sum_i eq(r, i) A(i) B(i) over the output's variables for two combinations A and B of broadcast
     * operands; a degree-3 sumcheck ending at t, where A(t) and B(t) are opened and eq(r, t) A(t) B(t) checked against
     * the sumcheck's value ({@code what} names a failure).
     */
    static void productOf(Side s, Lin a, Lin b, int[] out, GoldilocksExt2[] r, Val claim, String what) {
        long[] ta = null, tb = null;
        if (s instanceof ProverCtx p) {
            ta = a.table(p, out);
            tb = b.table(p, out);
        }
        Sumchecks.Result sc = Sumchecks.runEqProduct(s, r, ta, tb, claim);
        GoldilocksExt2[] t = sc.point();
        Val av = a.at(s, out, t, sc.eval(0)), bv = b.at(s, out, t, sc.eval(1));
        s.check(av.mul(bv).mul(Eq.eval(r, t)), sc.value(), what);
    }
}
