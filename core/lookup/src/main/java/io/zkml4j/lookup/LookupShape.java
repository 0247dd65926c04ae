package io.zkml4j.lookup;

/**
 * The public shape of a lookup: {@code numSegments} looked-up vectors ("segments") of 2^numVars rows each, every
 * row a tuple of the table's column count. Segments let one argument cover several vectors (e.g. the 16-bit limbs of
 * a range check, or several operators using one table); their number is padded to a power of two with rows whose
 * fraction has numerator 0, which the verifier accounts for itself.
 */
public final class LookupShape {
    /** Total looked-up rows are at most 2^MAX_TOTAL_VARS (far below p: the multiplicities cannot wrap mod p). */
    public static final int MAX_TOTAL_VARS = 30;

    private final int numVars;
    private final int numSegments;

    public LookupShape(int numVars, int numSegments) {
        if (numVars < 1) throw new IllegalArgumentException("lookup segments need at least 2 rows (numVars >= 1), got numVars " + numVars);
        if (numSegments < 1) throw new IllegalArgumentException("lookup needs at least one segment, got " + numSegments);
        if (numVars + segmentVars(numSegments) > MAX_TOTAL_VARS) {
            throw new IllegalArgumentException("lookup of " + numSegments + " segments of 2^" + numVars + " rows exceeds 2^" + MAX_TOTAL_VARS + " rows");
        }
        this.numVars = numVars;
        this.numSegments = numSegments;
    }

    /** n: each segment has 2^n rows. */
    public int numVars() {
        return numVars;
    }

    public int numSegments() {
        return numSegments;
    }

    /** s = ceil(log2(numSegments)): the high variables that select a segment. */
    public int segmentVars() {
        return segmentVars(numSegments);
    }

    /** n + s: depth of the lookup side's fraction tree. */
    public int totalVars() {
        return numVars + segmentVars();
    }

    private static int segmentVars(int segments) {
        return 32 - Integer.numberOfLeadingZeros(segments - 1);
    }

    @Override
    public String toString() {
        return numSegments + " x 2^" + numVars;
    }
}
