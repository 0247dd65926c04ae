package io.zkml4j.sumcheck;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.ExtVec;
import java.util.SplittableRandom;

/** Random instances for the sumcheck tests. */
final class Fixtures {
    private Fixtures() {}

    static final String DOMAIN = "zkml4j.sumcheck.test/v1";

    static long field(SplittableRandom r) {
        return Goldilocks.reduce64(r.nextLong());
    }

    static GoldilocksExt2 ext(SplittableRandom r) {
        return GoldilocksExt2.of(field(r), field(r));
    }

    static GoldilocksExt2[] point(SplittableRandom r, int n) {
        GoldilocksExt2[] p = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) p[i] = ext(r);
        return p;
    }

    static long[] base(SplittableRandom r, int n) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) t[i] = field(r);
        return t;
    }

    static ExtVec extTable(SplittableRandom r, int n) {
        return new ExtVec(base(r, n), base(r, n));
    }

    /** A random sum of products over m polynomials: 1..3 terms of 1..maxDeg factors, the first of exactly maxDeg. */
    static SumOfProducts expr(SplittableRandom r, int m, int maxDeg) {
        SumOfProducts.Builder b = SumOfProducts.builder(m);
        int terms = 1 + r.nextInt(3);
        for (int k = 0; k < terms; k++) {
            int deg = k == 0 ? maxDeg : 1 + r.nextInt(maxDeg);
            int[] f = new int[deg];
            for (int i = 0; i < deg; i++) f[i] = r.nextInt(m);
            b.term(ext(r), f);
        }
        return b.build();
    }

    static GoldilocksExt2 plusOne(GoldilocksExt2 v) {
        return v.add(GoldilocksExt2.ONE);
    }
}
