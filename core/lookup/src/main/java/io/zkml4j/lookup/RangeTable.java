package io.zkml4j.lookup;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.transcript.Transcript;

/**
 * The range table t[j] = j for j in [0, 2^k): one column whose multilinear extension is
 * t(x) = sum_i 2^i x_i, evaluated by the verifier in O(k).
 */
public final class RangeTable implements Table {
    /** Larger ranges go through 16-bit limbs ({@link RangeCheck}); 2^24 rows of multiplicities is already 128 MB. */
    public static final int MAX_BITS = 24;

    private final int bits;

    public RangeTable(int bits) {
        if (bits < 1 || bits > MAX_BITS) throw new IllegalArgumentException("range table of " + bits + " bits (supported: 1.." + MAX_BITS + ")");
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    @Override
    public String description() {
        return "range [0, 2^" + bits + ")";
    }

    @Override
    public int numVars() {
        return bits;
    }

    @Override
    public int numColumns() {
        return 1;
    }

    @Override
    public long entry(int column, int row) {
        checkColumn(column);
        if (row < 0 || row >= 1 << bits) throw new IndexOutOfBoundsException("row " + row + " of " + description());
        return row;
    }

    @Override
    public GoldilocksExt2 evaluate(int column, GoldilocksExt2[] point) {
        checkColumn(column);
        return indexMle(point, bits);
    }

    @Override
    public int rowOf(long[] values) {
        if (values.length != 1) throw new IllegalArgumentException("range table has 1 column, got a tuple of " + values.length);
        long v = values[0];
        return v >= 0 && v < 1L << bits ? (int) v : -1; // v is canonical: values >= 2^63 are negative here and rejected
    }

    @Override
    public void absorbInto(Transcript transcript) {
        transcript.absorbBytes("logup.table.rule", "range".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        transcript.absorbField("logup.table.bits", bits);
    }

    /** sum_i 2^i point[i]: the multilinear extension of the index j -> j over k variables, in O(k). */
    static GoldilocksExt2 indexMle(GoldilocksExt2[] point, int k) {
        if (point.length != k) throw new IllegalArgumentException("point of " + point.length + " coordinates for a table of " + k + " variables");
        GoldilocksExt2 acc = GoldilocksExt2.ZERO;
        for (int i = 0; i < k; i++) acc = acc.add(point[i].mulBase(1L << i));
        return acc;
    }

    private static void checkColumn(int column) {
        if (column != 0) throw new IndexOutOfBoundsException("column " + column + " of a one-column range table");
    }
}
