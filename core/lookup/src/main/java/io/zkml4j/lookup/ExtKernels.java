package io.zkml4j.lookup;

import static io.zkml4j.field.Goldilocks.add;
import static io.zkml4j.field.Goldilocks.carry;
import static io.zkml4j.field.Goldilocks.dot2Add;
import static io.zkml4j.field.Goldilocks.reduce192;
import static io.zkml4j.field.Goldilocks.sub;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.Mul128;

/**
 * Coordinate kernels for the fraction-tree prover's hot loops (extension elements as (c0, c1) longs, X^2 = 7):
 * one reduction per output coordinate via dot2Add, and weighted sums kept as unreduced 192-bit Karatsuba partial sums.
 */
final class ExtKernels {
    private ExtKernels() {}

    /** 7 x mod p without a multiply: 8 x as a 128-bit value, reduced, minus x. */
    static long times7(long x) {
        return sub(Goldilocks.reduce128(x << 3, x >>> 61), x);
    }

    /** c0 of a b + c d (the numerator combination p_e q_o + p_o q_e). */
    static long cross0(long a0, long a1, long b0, long b1, long c0, long c1, long d0, long d1) {
        return dot2Add(a0, b0, c0, d0, times7(dot2Add(a1, b1, c1, d1, 0)));
    }

    /** c1 of a b + c d. */
    static long cross1(long a0, long a1, long b0, long b1, long c0, long c1, long d0, long d1) {
        return dot2Add(a0, b1, a1, b0, dot2Add(c0, d1, c1, d0, 0));
    }

    /** c0 of a b. */
    static long mul0(long a0, long a1, long b0, long b1) {
        return GoldilocksExt2.mul0(a0, a1, b0, b1);
    }

    /** c1 of a b. */
    static long mul1(long a0, long a1, long b0, long b1) {
        return GoldilocksExt2.mul1(a0, a1, b0, b1);
    }

    /**
     * acc[at..at+8] += Karatsuba partial sums of w * v for w = x + y X (xy = x + y precomputed) and v = v0 + v1 X:
     * three unreduced 128-bit products into three 192-bit accumulators; {@link #karatsuba} combines them.
     */
    static void weighted(long[] acc, int at, long x, long y, long xy, long v0, long v1) {
        accumulate(acc, at, x, v0);
        accumulate(acc, at + 3, y, v1);
        accumulate(acc, at + 6, xy, add(v0, v1));
    }

    static void accumulate(long[] acc, int at, long x, long y) {
        long pl = x * y, ph = Mul128.unsignedHigh(x, y);
        long lo = acc[at], nl = lo + pl;
        ph += carry(lo, pl, nl); // ph <= p - 2 for canonical inputs: no overflow
        acc[at] = nl;
        long hi = acc[at + 1], nh = hi + ph;
        acc[at + 2] += carry(hi, ph, nh);
        acc[at + 1] = nh;
    }

    /** (u + 7v) + (s - u - v) X from the partial sums u = sum x v0, v = sum y v1, s = sum (x+y)(v0+v1). */
    static GoldilocksExt2 karatsuba(long[] acc, int at) {
        long u = reduce192(acc[at], acc[at + 1], acc[at + 2]);
        long v = reduce192(acc[at + 3], acc[at + 4], acc[at + 5]);
        long s = reduce192(acc[at + 6], acc[at + 7], acc[at + 8]);
        return GoldilocksExt2.of(add(u, times7(v)), sub(sub(s, u), v));
    }

    /** Merges accumulator block {@code from} into {@code into} (same layout), exactly. */
    static void merge(long[] into, long[] from) {
        for (int g = 0; g < into.length; g += 3) {
            long lo = into[g] + from[g];
            long c = carry(into[g], from[g], lo);
            long hi1 = into[g + 1] + from[g + 1];
            long c1 = carry(into[g + 1], from[g + 1], hi1);
            long hi = hi1 + c;
            c1 += carry(hi1, c, hi);
            into[g] = lo;
            into[g + 1] = hi;
            into[g + 2] += from[g + 2] + c1;
        }
    }
}
