package io.zkml4j.pcs;

import io.zkml4j.hash.MerkleTree;

/**
 * The prover's side of a Ligero commitment: the table (row-major R x C, not copied), its row-wise RS
 * encoding by columns (the leaf layout; in memory, or mapped from a proving key), and the Merkle tree.
 */
public final class LigeroProverData implements PcsProverData {
    final LigeroCommitment commitment;
    final long[] evals;
    final EncodedColumns encoded;
    final MerkleTree tree;
    final int logRows, logCols, logBlowup;
    /** Read from a file: each opened column is checked against its Merkle leaf. */
    boolean stored;

    LigeroProverData(LigeroCommitment commitment, long[] evals, EncodedColumns encoded, MerkleTree tree, int logRows, int logCols, int logBlowup) {
        this.commitment = commitment;
        this.evals = evals;
        this.encoded = encoded;
        this.tree = tree;
        this.logRows = logRows;
        this.logCols = logCols;
        this.logBlowup = logBlowup;
    }

    /** Which rows of the table are small ({@link LigeroPcs#smallRows}); found once, on the first opening. */
    private boolean[] smallRows;

    boolean[] smallRows() {
        if (smallRows == null) smallRows = LigeroPcs.smallRows(evals, 1 << logRows, 1 << logCols);
        return smallRows;
    }

    @Override
    public LigeroCommitment commitment() {
        return commitment;
    }
}
