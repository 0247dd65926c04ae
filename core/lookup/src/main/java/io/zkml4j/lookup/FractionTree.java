package io.zkml4j.lookup;

import static io.zkml4j.field.Goldilocks.add;
import static io.zkml4j.field.Goldilocks.mulAdd;
import static io.zkml4j.field.Goldilocks.mul;
import static io.zkml4j.lookup.ExtKernels.cross0;
import static io.zkml4j.lookup.ExtKernels.cross1;
import static io.zkml4j.lookup.ExtKernels.mul0;
import static io.zkml4j.lookup.ExtKernels.mul1;
import static io.zkml4j.lookup.ExtKernels.times7;

import io.zkml4j.field.GoldilocksExt2;

/**
 * Prover-only: every layer of a binary tree of fractions p/q over GoldilocksExt2. Layer D holds the leaves, layer d
 * has 2^d nodes and node x of layer d is the sum of its children 2x and 2x+1 of layer d+1, kept projectively:
 * (p, q) = (p_e q_o + p_o q_e, q_e q_o). No inverse is ever computed. Coordinates are separate arrays:
 * p0[d] + p1[d] X is the numerator of layer d, q0[d] + q1[d] X the denominator.
 *
 * <p>Leaves come in two kinds: unit numerators (every looked-up row counts once; p arrays of the leaf layer are null
 * and the layer above is (q_e + q_o, q_e q_o)), or base-field numerators (multiplicities, or 0 for padding).
 * {@link #constLeafQ1} records that every leaf denominator has the same c1 coordinate (single-column lookups:
 * alpha - a with a in the base field), which the leaf layer's prover exploits.
 */
final class FractionTree {
    final int depth;
    final boolean unitLeaves;
    final boolean constLeafQ1;
    final long[][] p0, p1, q0, q1;

    private FractionTree(int depth, boolean unitLeaves, boolean constLeafQ1) {
        this.depth = depth;
        this.unitLeaves = unitLeaves;
        this.constLeafQ1 = constLeafQ1;
        p0 = new long[depth + 1][];
        p1 = new long[depth + 1][];
        q0 = new long[depth + 1][];
        q1 = new long[depth + 1][];
    }

    /** Leaves 1 / (leafQ0 + leafQ1 X). */
    static FractionTree unitNumerators(long[] leafQ0, long[] leafQ1, boolean constQ1) {
        FractionTree t = new FractionTree(Integer.numberOfTrailingZeros(leafQ0.length), true, constQ1);
        t.q0[t.depth] = leafQ0;
        t.q1[t.depth] = leafQ1;
        t.buildAbove(t.depth);
        return t;
    }

    /** Leaves leafP / (leafQ0 + leafQ1 X) with base-field numerators. */
    static FractionTree baseNumerators(long[] leafP, long[] leafQ0, long[] leafQ1) {
        FractionTree t = new FractionTree(Integer.numberOfTrailingZeros(leafQ0.length), false, false);
        t.p0[t.depth] = leafP;
        t.p1[t.depth] = new long[leafP.length];
        t.q0[t.depth] = leafQ0;
        t.q1[t.depth] = leafQ1;
        t.buildAbove(t.depth);
        return t;
    }

    private void buildAbove(int from) {
        for (int d = from - 1; d >= 0; d--) {
            p0[d] = new long[1 << d];
            p1[d] = new long[1 << d];
            q0[d] = new long[1 << d];
            q1[d] = new long[1 << d];
            combine(d);
        }
    }

    /** Recomputes layer d from layer d + 1. */
    void combine(int d) {
        long[] cp0 = p0[d + 1], cp1 = p1[d + 1], cq0 = q0[d + 1], cq1 = q1[d + 1];
        long[] np0 = p0[d], np1 = p1[d], nq0 = q0[d], nq1 = q1[d];
        if (d + 1 == depth && unitLeaves) {
            if (constLeafQ1) {
                // (x + aX)(y + aX) = (xy + 7a^2) + a(x + y) X
                long a = cq1[0], a2w = times7(mul(a, a)), twoA = add(a, a);
                Par.forRange(1 << d, (from, to) -> {
                    for (int x = from; x < to; x++) {
                        long e = cq0[2 * x], o = cq0[2 * x + 1], s = add(e, o);
                        np0[x] = s;
                        np1[x] = twoA;
                        nq0[x] = mulAdd(e, o, a2w);
                        nq1[x] = mul(a, s);
                    }
                });
            } else {
                Par.forRange(1 << d, (from, to) -> {
                    for (int x = from; x < to; x++) {
                        int e = 2 * x, o = e + 1;
                        long qe0 = cq0[e], qe1 = cq1[e], qo0 = cq0[o], qo1 = cq1[o];
                        np0[x] = add(qe0, qo0);
                        np1[x] = add(qe1, qo1);
                        nq0[x] = mul0(qe0, qe1, qo0, qo1);
                        nq1[x] = mul1(qe0, qe1, qo0, qo1);
                    }
                });
            }
            return;
        }
        Par.forRange(1 << d, (from, to) -> {
            for (int x = from; x < to; x++) {
                int e = 2 * x, o = e + 1;
                long pe0 = cp0[e], pe1 = cp1[e], po0 = cp0[o], po1 = cp1[o];
                long qe0 = cq0[e], qe1 = cq1[e], qo0 = cq0[o], qo1 = cq1[o];
                np0[x] = cross0(pe0, pe1, qo0, qo1, po0, po1, qe0, qe1);
                np1[x] = cross1(pe0, pe1, qo0, qo1, po0, po1, qe0, qe1);
                nq0[x] = mul0(qe0, qe1, qo0, qo1);
                nq1[x] = mul1(qe0, qe1, qo0, qo1);
            }
        });
    }

    GoldilocksExt2 p(int d, int x) {
        if (d == depth && unitLeaves) return GoldilocksExt2.ONE;
        return GoldilocksExt2.of(p0[d][x], p1[d][x]);
    }

    GoldilocksExt2 q(int d, int x) {
        return GoldilocksExt2.of(q0[d][x], q1[d][x]);
    }

    /** Test seam for cheating provers: sets node x of inner layer d < depth to (p, q) and recomputes every layer above it. */
    void overwrite(int d, int x, GoldilocksExt2 p, GoldilocksExt2 q) {
        if (d >= depth) throw new IllegalArgumentException("only inner layers can be overwritten");
        p0[d][x] = p.c0;
        p1[d][x] = p.c1;
        q0[d][x] = q.c0;
        q1[d][x] = q.c1;
        for (int l = d - 1; l >= 0; l--) combine(l);
    }
}
