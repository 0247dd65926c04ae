package io.zkml4j.pcs;

import io.zkml4j.hash.MerkleTree;

/**
 * The prover's side of a Ligero commitment: the table (row-major R x C, not copied), its row-wise RS
 * encoding stored column-major (column j at enc[j R, (j + 1) R), the leaf layout), and the Merkle tree.
 */
public final class LigeroProverData implements PcsProverData {
    final LigeroCommitment commitment;
    final long[] evals;
    final long[] encoded;
    final MerkleTree tree;
    final int logRows, logCols, logBlowup;

    LigeroProverData(LigeroCommitment commitment, long[] evals, long[] encoded, MerkleTree tree, int logRows, int logCols, int logBlowup) {
        this.commitment = commitment;
        this.evals = evals;
        this.encoded = encoded;
        this.tree = tree;
        this.logRows = logRows;
        this.logCols = logCols;
        this.logBlowup = logBlowup;
    }

    @Override
    public LigeroCommitment commitment() {
        return commitment;
    }
}
