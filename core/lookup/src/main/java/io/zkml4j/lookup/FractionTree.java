package io.zkml4j.lookup;

import static io.zkml4j.lookup.ExtKernels.cross0;
import static io.zkml4j.lookup.ExtKernels.cross1;
import static io.zkml4j.lookup.ExtKernels.mul0;
import static io.zkml4j.lookup.ExtKernels.mul1;

import io.zkml4j.field.GoldilocksExt2;

/**
 * Prover-only: every layer of a binary tree of fractions p/q over GoldilocksExt2. Layer D holds the leaves, layer d
 * has 2^d nodes and node x of layer d is the sum of its children 2x and 2x+1 of layer d+1, kept projectively:
 * (p, q) = (p_e q_o + p_o q_e, q_e q_o). No inverse is ever computed. Coordinates are separate arrays:
 * p0[d] + p1[d] X is the numerator of layer d, q0[d] + q1[d] X the denominator.
 */
final class FractionTree {
    final int depth;
    final long[][] p0, p1, q0, q1;

    /** Builds all layers above the given leaves (2^depth of them; leafP1 may be null for base-field numerators). */
    FractionTree(long[] leafP0, long[] leafP1, long[] leafQ0, long[] leafQ1) {
        int len = leafP0.length;
        depth = Integer.numberOfTrailingZeros(len);
        p0 = new long[depth + 1][];
        p1 = new long[depth + 1][];
        q0 = new long[depth + 1][];
        q1 = new long[depth + 1][];
        p0[depth] = leafP0;
        p1[depth] = leafP1 != null ? leafP1 : new long[len];
        q0[depth] = leafQ0;
        q1[depth] = leafQ1;
        for (int d = depth - 1; d >= 0; d--) {
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
        int n = 1 << d;
        for (int x = 0; x < n; x++) {
            int e = 2 * x, o = e + 1;
            long pe0 = cp0[e], pe1 = cp1[e], po0 = cp0[o], po1 = cp1[o];
            long qe0 = cq0[e], qe1 = cq1[e], qo0 = cq0[o], qo1 = cq1[o];
            np0[x] = cross0(pe0, pe1, qo0, qo1, po0, po1, qe0, qe1);
            np1[x] = cross1(pe0, pe1, qo0, qo1, po0, po1, qe0, qe1);
            nq0[x] = mul0(qe0, qe1, qo0, qo1);
            nq1[x] = mul1(qe0, qe1, qo0, qo1);
        }
    }

    GoldilocksExt2 p(int d, int x) {
        return GoldilocksExt2.of(p0[d][x], p1[d][x]);
    }

    GoldilocksExt2 q(int d, int x) {
        return GoldilocksExt2.of(q0[d][x], q1[d][x]);
    }

    /** Test seam for cheating provers: sets node x of layer d to (p, q) and recomputes every layer above it. */
    void overwrite(int d, int x, GoldilocksExt2 p, GoldilocksExt2 q) {
        p0[d][x] = p.c0;
        p1[d][x] = p.c1;
        q0[d][x] = q.c0;
        q1[d][x] = q.c1;
        for (int l = d - 1; l >= 0; l--) combine(l);
    }
}
