package io.zkml4j.lookup;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.transcript.Transcript;

/**
 * Ranges of every width up to w in one table: the rows are the pairs (b, v) with 0 &lt;= b &lt;= w and 0 &lt;= v &lt; 2^b.
 * Looking up (b, x) shows x in [0, 2^b), so a limb narrower than w needs no second, shifted copy: the looked-up side
 * pairs each vector with its width (a public column the verifier evaluates itself).
 *
 * <p>Layout over w + 1 index bits: width b fills rows [2^b, 2^(b+1)), row 2^b + v holding (b, v); row 0 holds (0, 0)
 * again (the one repeated row: membership is unaffected). Width b's rows are the subcube "bit b set, bits above b
 * clear", so each column's multilinear extension is a sum over b of that subcube's selector z_b prod_{j&gt;b} (1 - z_j)
 * times b (tag column) or times sum_{j&lt;b} 2^j z_j (value column): O(w) for the verifier.
 */
public final class TaggedRangeTable implements Table {
    /** Largest width: 2^(w+1) rows of committed multiplicities. */
    public static final int MAX_BITS = 23;

    private final int bits;

    public TaggedRangeTable(int bits) {
        if (bits < 1 || bits > MAX_BITS) throw new IllegalArgumentException("tagged range table of " + bits + " bits (supported: 1.." + MAX_BITS + ")");
        this.bits = bits;
    }

    /** w: the widest range. */
    public int bits() {
        return bits;
    }

    @Override
    public String description() {
        return "ranges [0, 2^b) for b <= " + bits;
    }

    @Override
    public int numVars() {
        return bits + 1;
    }

    @Override
    public int numColumns() {
        return 2;
    }

    @Override
    public long entry(int column, int row) {
        checkColumn(column);
        if (row < 0 || row >= 1 << (bits + 1)) throw new IndexOutOfBoundsException("row " + row + " of " + description());
        if (row == 0) return 0;
        int b = 31 - Integer.numberOfLeadingZeros(row);
        return column == 0 ? b : row - (1 << b);
    }

    @Override
    public GoldilocksExt2 evaluate(int column, GoldilocksExt2[] point) {
        checkColumn(column);
        if (point.length != bits + 1) throw new IllegalArgumentException("point of " + point.length + " coordinates for a table of " + (bits + 1) + " variables");
        GoldilocksExt2 acc = GoldilocksExt2.ZERO, above = GoldilocksExt2.ONE, low = RangeTable.indexMle(java.util.Arrays.copyOf(point, bits), bits);
        for (int b = bits; b >= 1; b--) { // width 0's block (row 1) and row 0 hold (0, 0): nothing to add
            if (column == 1 && b < bits) low = low.sub(point[b].mulBase(1L << b)); // low = sum_{j<b} 2^j z_j
            GoldilocksExt2 sel = point[b].mul(above);
            acc = acc.add(column == 0 ? sel.mulBase(b) : sel.mul(low));
            above = above.mul(GoldilocksExt2.ONE.sub(point[b]));
        }
        return acc;
    }

    @Override
    public int rowOf(long[] values) {
        if (values.length != 2) throw new IllegalArgumentException("tagged range table has 2 columns, got a tuple of " + values.length);
        long b = values[0], v = values[1];
        if (b < 0 || b > bits || v < 0 || v >= 1L << b) return -1; // canonical elements: anything >= 2^63 is negative here
        return (int) ((1L << b) + v);
    }

    @Override
    public void absorbInto(Transcript transcript) {
        transcript.absorbBytes("logup.table.rule", "tagged-range".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        transcript.absorbField("logup.table.bits", bits);
    }

    private static void checkColumn(int column) {
        if (column != 0 && column != 1) throw new IndexOutOfBoundsException("column " + column + " of a two-column tagged range table");
    }
}
