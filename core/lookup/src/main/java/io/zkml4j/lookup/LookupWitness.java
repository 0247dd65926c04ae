package io.zkml4j.lookup;

import io.zkml4j.field.Goldilocks;

/**
 * Prover-only: the looked-up vectors and the multiplicities m, where m[j] counts how often table row j is looked up.
 * The multiplicities are advice; the caller commits to them (and binds the looked-up vectors) before
 * {@link LookupProver#prove} draws the LogUp challenge. Counts are taken over the integers and are below
 * 2^{@value LookupShape#MAX_TOTAL_VARS} < p, so reducing them mod p loses nothing.
 */
public final class LookupWitness {
    private final Table table;
    private final LookupShape shape;
    private final long[][][] segments; // [segment][column][row]
    private final long[] multiplicities;

    private LookupWitness(Table table, LookupShape shape, long[][][] segments, long[] multiplicities) {
        this.table = table;
        this.shape = shape;
        this.segments = segments;
        this.multiplicities = multiplicities;
    }

    /** One single-column vector of 2^n values. */
    public static LookupWitness of(Table table, long[] values) {
        return of(table, new long[][][] {{values}});
    }

    /**
     * segments[s][c] is column c of segment s; all segments have 2^n rows. Computes the multiplicities; throws
     * {@link ValueNotInTableException} naming the first row that is not in the table, and IllegalArgumentException for
     * ragged or non-canonical input.
     */
    public static LookupWitness of(Table table, long[][][] segments) {
        LookupShape shape = checkShape(table, segments);
        long[] m = new long[1 << table.numVars()];
        int cols = table.numColumns();
        long[] tuple = new long[cols];
        for (int s = 0; s < segments.length; s++) {
            long[][] seg = segments[s];
            int rows = seg[0].length;
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < cols; c++) tuple[c] = seg[c][i];
                int row = table.rowOf(tuple);
                if (row < 0) {
                    throw new ValueNotInTableException("lookup: segment " + s + " row " + i + " value " + tupleString(tuple) + " is not in table " + table.description());
                }
                m[row]++;
            }
        }
        return new LookupWitness(table, shape, segments, m);
    }

    /**
     * A cheating prover's witness (tests of the verifiers above this one): arbitrary, possibly wrong multiplicities and
     * no membership check. The verifier never learns how a witness was built, so this is what a cheater can send.
     */
    public static LookupWitness unchecked(Table table, long[][][] segments, long[] multiplicities) {
        if (multiplicities.length != 1 << table.numVars()) throw new IllegalArgumentException("multiplicities length");
        return new LookupWitness(table, checkShape(table, segments), segments, multiplicities);
    }

    /** The multiplicities of the rows that are in the table; rows outside it are not counted (a cheat's starting point). */
    public static long[] inTableCounts(Table table, long[][][] segments) {
        checkShape(table, segments);
        long[] m = new long[1 << table.numVars()];
        long[] tuple = new long[table.numColumns()];
        for (long[][] seg : segments) {
            for (int i = 0; i < seg[0].length; i++) {
                for (int c = 0; c < tuple.length; c++) tuple[c] = seg[c][i];
                int row = table.rowOf(tuple);
                if (row >= 0) m[row]++;
            }
        }
        return m;
    }

    private static LookupShape checkShape(Table table, long[][][] segments) {
        LogUpGkr.checkTable(table);
        if (segments.length == 0) throw new IllegalArgumentException("lookup: no segments");
        int cols = table.numColumns();
        int rows = -1;
        for (int s = 0; s < segments.length; s++) {
            if (segments[s].length != cols) {
                throw new IllegalArgumentException("lookup: segment " + s + " has " + segments[s].length + " columns, table " + table.description() + " has " + cols);
            }
            for (int c = 0; c < cols; c++) {
                long[] col = segments[s][c];
                if (rows < 0) rows = col.length;
                if (col.length != rows) throw new IllegalArgumentException("lookup: segment " + s + " column " + c + " has " + col.length + " rows, expected " + rows);
                for (int i = 0; i < col.length; i++) {
                    if (!Goldilocks.isCanonical(col[i])) throw new IllegalArgumentException("lookup: segment " + s + " column " + c + " row " + i + " is not a canonical field element");
                }
            }
        }
        if (rows < 2 || Integer.bitCount(rows) != 1) throw new IllegalArgumentException("lookup: segments must have a power-of-two number of rows >= 2, got " + rows);
        return new LookupShape(Integer.numberOfTrailingZeros(rows), segments.length);
    }

    private static String tupleString(long[] t) {
        if (t.length == 1) return Goldilocks.toString(t[0]);
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < t.length; i++) sb.append(i == 0 ? "" : ", ").append(Goldilocks.toString(t[i]));
        return sb.append(')').toString();
    }

    public Table table() {
        return table;
    }

    public LookupShape shape() {
        return shape;
    }

    /** m[j] = number of looked-up rows equal to table row j (the array itself: commit it, do not change it). */
    public long[] multiplicities() {
        return multiplicities;
    }

    long[][][] segments() {
        return segments;
    }
}
