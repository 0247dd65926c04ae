package io.zkml4j.poly;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.field.GoldilocksExt2;
import org.junit.jupiter.api.Test;

/** The argument guards of {@link Eq} the verifiers rely on (docs/mutation.md). */
class EqGuardTest {
    @Test
    void pointsOfDifferentLengthsAreRejectedNotTruncated() {
        GoldilocksExt2[] one = {GoldilocksExt2.ONE};
        GoldilocksExt2[] two = {GoldilocksExt2.ONE, GoldilocksExt2.ZERO};
        assertThrows(IllegalArgumentException.class, () -> Eq.eval(one, two));
        assertThrows(IllegalArgumentException.class, () -> Eq.eval(two, one));
    }

    @Test
    void tablesOfMoreThanThirtyVariablesAreRejectedBeforeAllocating() {
        assertThrows(IllegalArgumentException.class, () -> Eq.table(new GoldilocksExt2[31]));
        assertThrows(IllegalArgumentException.class, () -> Eq.tableBase(new long[31]));
    }
}
