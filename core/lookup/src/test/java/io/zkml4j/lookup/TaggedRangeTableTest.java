package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The table of every range width: its rows, its columns' extensions, and lookups that must fail. */
class TaggedRangeTableTest {

    @ParameterizedTest(name = "w {0}")
    @ValueSource(ints = {1, 2, 5, 8})
    void rowsAreEveryWidthWithItsValues(int w) {
        TaggedRangeTable t = new TaggedRangeTable(w);
        for (int b = 0; b <= w; b++) {
            for (long v = 0; v < 1L << b; v++) {
                int row = t.rowOf(new long[] {b, v});
                assertEquals(b, t.entry(0, row));
                assertEquals(v, t.entry(1, row));
            }
            assertEquals(-1, t.rowOf(new long[] {b, 1L << b}), "2^b is beyond width b");
            assertEquals(-1, t.rowOf(new long[] {b, Goldilocks.P - 1}), "-1 is beyond every width");
        }
        assertEquals(-1, t.rowOf(new long[] {w + 1, 0}));
        assertEquals(-1, t.rowOf(new long[] {Goldilocks.P - 1, 0}));
        assertEquals(0, t.entry(0, 0));
        assertEquals(0, t.entry(1, 0));
    }

    @ParameterizedTest(name = "w {0}")
    @ValueSource(ints = {1, 3, 6})
    void extensionsMatchTheEntriesEverywhere(int w) {
        TaggedRangeTable t = new TaggedRangeTable(w);
        SplittableRandom r = new SplittableRandom(w);
        for (int trial = 0; trial < 4; trial++) {
            GoldilocksExt2[] z = new GoldilocksExt2[w + 1];
            for (int i = 0; i < z.length; i++) z[i] = GoldilocksExt2.of(Fixtures.randomField(r), Fixtures.randomField(r));
            GoldilocksExt2[] eq = new GoldilocksExt2[1 << (w + 1)];
            for (int row = 0; row < eq.length; row++) eq[row] = Eq.eval(z, bits(row, w + 1));
            for (int col = 0; col < 2; col++) {
                GoldilocksExt2 brute = GoldilocksExt2.ZERO;
                for (int row = 0; row < eq.length; row++) brute = brute.add(eq[row].mulBase(t.entry(col, row)));
                assertEquals(brute, t.evaluate(col, z), "column " + col);
            }
        }
    }

    private static GoldilocksExt2[] bits(int row, int n) {
        GoldilocksExt2[] b = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) b[i] = ((row >> i) & 1) == 1 ? GoldilocksExt2.ONE : GoldilocksExt2.ZERO;
        return b;
    }

    /** Widths per row of the looked-up side, values within them: accepted; one value one past its width: rejected. */
    @Test
    void aValueBeyondItsOwnWidthIsRejectedThoughAWiderWidthHoldsIt() {
        TaggedRangeTable t = new TaggedRangeTable(8);
        SplittableRandom r = new SplittableRandom(3);
        long[] tags = new long[32], values = new long[32];
        for (int i = 0; i < 32; i++) {
            tags[i] = i < 16 ? 8 : 3;
            values[i] = r.nextLong(1L << tags[i]);
        }
        assertNotNull(Fixtures.roundTrip(LookupWitness.of(t, new long[][][] {{tags, values}})));
        values[20] = 8; // 2^3: in the table as (8, 8), not as (3, 8)
        assertThrows(ValueNotInTableException.class, () -> LookupWitness.of(t, new long[][][] {{tags, values}}));
        long[] m = new long[1 << t.numVars()];
        for (int i = 0; i < 32; i++) if (i != 20) m[t.rowOf(new long[] {tags[i], values[i]})]++;
        for (int row : new int[] {t.rowOf(new long[] {8, 8}), t.rowOf(new long[] {3, 0}), t.rowOf(new long[] {3, 7})}) {
            long[] m2 = m.clone();
            m2[row]++;
            assertFalse(Fixtures.accepted(LookupWitness.unchecked(t, new long[][][] {{tags, values}}, m2), LookupProver.Cheat.NONE), "counted at row " + row);
        }
    }

    @Test
    void widthsOutsideTheSupportedOnesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TaggedRangeTable(0));
        assertThrows(IllegalArgumentException.class, () -> new TaggedRangeTable(TaggedRangeTable.MAX_BITS + 1));
        assertEquals(TaggedRangeTable.MAX_BITS, new TaggedRangeTable(TaggedRangeTable.MAX_BITS).bits());
        assertEquals(1, new TaggedRangeTable(1).bits());
    }

    /** Rows, columns, points and tuples outside the table are errors, not values. */
    @Test
    void outOfShapeArgumentsAreRefused() {
        TaggedRangeTable t = new TaggedRangeTable(4);
        assertEquals(4, t.entry(0, (1 << 5) - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.entry(0, 1 << 5));
        assertThrows(IndexOutOfBoundsException.class, () -> t.entry(1, -1));
        for (int col : new int[] {-1, 2}) {
            assertThrows(IndexOutOfBoundsException.class, () -> t.entry(col, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> t.evaluate(col, new GoldilocksExt2[5]));
        }
        assertThrows(IllegalArgumentException.class, () -> t.evaluate(0, new GoldilocksExt2[4]));
        assertThrows(IllegalArgumentException.class, () -> t.rowOf(new long[] {3}));
        assertThrows(IllegalArgumentException.class, () -> t.rowOf(new long[] {3, 1, 0}));
        assertTrue(t.description().contains("2^b") && t.description().contains("4"), t.description());
    }

    /** The rule is bound into the transcript: another width, or the plain range table of the same size, moves the challenges. */
    @Test
    void theRuleIsAbsorbed() {
        GoldilocksExt2 w8 = challengeAfter(new TaggedRangeTable(8)), w7 = challengeAfter(new TaggedRangeTable(7)), plain = challengeAfter(new RangeTable(9));
        assertEquals(w8, challengeAfter(new TaggedRangeTable(8)));
        assertNotEquals(w8, w7);
        assertNotEquals(w8, plain);
        assertNotEquals(w8, new io.zkml4j.transcript.Transcript("t").challengeExt("c"));
        io.zkml4j.transcript.Transcript widthOnly = new io.zkml4j.transcript.Transcript("t"); // the rule's name is bound, not only its width
        widthOnly.absorbField("logup.table.bits", 8);
        assertNotEquals(w8, widthOnly.challengeExt("c"));
    }

    private static GoldilocksExt2 challengeAfter(Table table) {
        io.zkml4j.transcript.Transcript t = new io.zkml4j.transcript.Transcript("t");
        table.absorbInto(t);
        return t.challengeExt("c");
    }
}
