package io.zkml4j.lookup;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.transcript.Transcript;

/**
 * A lookup table of 2^k rows and one or more columns, defined by a RULE that the verifier evaluates itself:
 * the table is never shipped in a proof or stored in a verifying key.
 *
 * <p>The verifier of {@link LogUpGkr} needs the multilinear extension of each column at two random points
 * ({@link #evaluate}). For {@link RangeTable} and for the input column of a {@link FunctionTable} that costs O(k)
 * (the column is an affine function of the index bits); for the output column of a FunctionTable the verifier
 * recomputes all 2^k entries from the rule, O(2^k), which is why function tables are limited to k <= 16.
 *
 * <p>Rows should be distinct (as tuples): then the lookup shows that every looked-up tuple is one of them.
 * With repeated rows the argument still shows membership, but the multiplicities are not unique.
 */
public interface Table {
    /** A short description naming the rule and its parameters, for messages. */
    String description();

    /** k: the table has 2^k rows. */
    int numVars();

    /** Number of columns (looked-up tuples have this many entries). */
    int numColumns();

    /** The canonical field element in row {@code row} of column {@code column}. */
    long entry(int column, int row);

    /** The multilinear extension of column {@code column} at {@code point} (numVars() coordinates, x_0 the lowest index bit). */
    GoldilocksExt2 evaluate(int column, GoldilocksExt2[] point);

    /** The row holding the tuple {@code values} (one canonical element per column), or -1 if none. Prover side. */
    int rowOf(long[] values);

    /**
     * Absorbs the rule and its parameters (everything that determines the entries) into the transcript, so that a
     * proof made for one table cannot be replayed against another with the same shape.
     */
    void absorbInto(Transcript transcript);
}
