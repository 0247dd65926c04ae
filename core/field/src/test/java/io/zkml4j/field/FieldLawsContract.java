package io.zkml4j.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** One field-law suite run against every field implementation (base and extension). */
abstract class FieldLawsContract<T> {
    abstract T add(T a, T b);
    abstract T sub(T a, T b);
    abstract T mul(T a, T b);
    abstract T neg(T a);
    abstract T inv(T a);
    abstract T zero();
    abstract T one();
    /** Random elements, biased toward edge values (0, 1, p-1, 2^32, ...). */
    abstract T random(Random rnd);

    private static final int TRIALS = 2000;

    @Test
    void additiveGroup() {
        Random rnd = new Random(1);
        for (int i = 0; i < TRIALS; i++) {
            T a = random(rnd), b = random(rnd), c = random(rnd);
            assertEquals(add(a, b), add(b, a));
            assertEquals(add(add(a, b), c), add(a, add(b, c)));
            assertEquals(a, add(a, zero()));
            assertEquals(zero(), add(a, neg(a)));
            assertEquals(sub(a, b), add(a, neg(b)));
        }
    }

    @Test
    void multiplicativeLaws() {
        Random rnd = new Random(2);
        for (int i = 0; i < TRIALS; i++) {
            T a = random(rnd), b = random(rnd), c = random(rnd);
            assertEquals(mul(a, b), mul(b, a));
            assertEquals(mul(mul(a, b), c), mul(a, mul(b, c)));
            assertEquals(a, mul(a, one()));
            assertEquals(add(mul(a, b), mul(a, c)), mul(a, add(b, c)));
            if (!a.equals(zero())) assertEquals(one(), mul(a, inv(a)));
        }
    }

    @Test
    void inverseOfZeroIsRejected() {
        assertThrows(ArithmeticException.class, () -> inv(zero()));
    }
}
