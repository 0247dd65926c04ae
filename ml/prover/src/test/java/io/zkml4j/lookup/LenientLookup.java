package io.zkml4j.lookup;

/**
 * Test access for a cheating prover: a lookup witness whose multiplicities count only the rows that are in the table
 * (out-of-table rows are silently ignored), built without the membership check that {@link LookupWitness#of} does.
 */
public final class LenientLookup {
    private LenientLookup() {}

    public static LookupWitness witness(Table table, long[][][] segments) {
        return witness(table, segments, -1);
    }

    /** As above, with the multiplicity of table row {@code bumpRow} (if >= 0) off by one. */
    public static LookupWitness witness(Table table, long[][][] segments, int bumpRow) {
        long[] m = new long[1 << table.numVars()];
        for (long[][] seg : segments) {
            int rows = seg[0].length;
            long[] row = new long[seg.length];
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < seg.length; c++) row[c] = seg[c][i];
                int j = table.rowOf(row);
                if (j >= 0) m[j]++;
            }
        }
        if (bumpRow >= 0) m[bumpRow]++;
        return LookupWitness.unchecked(table, segments, m);
    }
}
