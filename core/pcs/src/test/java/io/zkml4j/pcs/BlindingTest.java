package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Bulk field draws: canonical, the generator's words where they are canonical, a redraw where they are not. */
class BlindingTest {
    @Test
    void bulkDrawsAreCanonicalAndRedrawWordsAtOrAboveP() {
        long[] out = new long[1000];
        Blinding.from(new SplittableRandom(3)).nextFields(out);
        for (long v : out) assertTrue(Goldilocks.isCanonical(v));
        assertTrue(java.util.Arrays.stream(out).distinct().count() == out.length);
        // a generator whose first words are >= p: each is replaced by a fresh canonical draw, never reduced (no bias)
        RandomGenerator high = new RandomGenerator() {
            int calls;

            @Override
            public long nextLong() {
                return calls++ < 4 ? -1L : 12345;
            }
        };
        long[] two = new long[2];
        Blinding.from(high).nextFields(two);
        assertEquals(12345, two[0]);
        assertEquals(12345, two[1]);
        assertThrows(IllegalStateException.class, () -> Blinding.NONE.nextFields(new long[1]));
    }
}
