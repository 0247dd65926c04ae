package io.zkml4j.sumcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkml4j.field.GoldilocksExt2;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class UnivariateTest {
    @Property(tries = 50)
    void interpolationMatchesCoefficients(@ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int d) {
        SplittableRandom r = new SplittableRandom(seed);
        GoldilocksExt2[] coeffs = new GoldilocksExt2[d + 1];
        for (int i = 0; i <= d; i++) coeffs[i] = Fixtures.ext(r);
        GoldilocksExt2[] evals = new GoldilocksExt2[d + 1];
        for (int i = 0; i <= d; i++) evals[i] = horner(coeffs, GoldilocksExt2.ofBase(i));
        GoldilocksExt2 x = Fixtures.ext(r);
        assertEquals(horner(coeffs, x), Univariate.evaluate(evals, x));
        int node = r.nextInt(d + 1);
        assertEquals(evals[node], Univariate.evaluate(evals, GoldilocksExt2.ofBase(node)));
    }

    static GoldilocksExt2 horner(GoldilocksExt2[] c, GoldilocksExt2 x) {
        GoldilocksExt2 acc = GoldilocksExt2.ZERO;
        for (int i = c.length - 1; i >= 0; i--) acc = acc.mul(x).add(c[i]);
        return acc;
    }
}
