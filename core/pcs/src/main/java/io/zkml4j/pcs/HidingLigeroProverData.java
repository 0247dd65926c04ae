package io.zkml4j.pcs;

import io.zkml4j.hash.MerkleTree;

/**
 * The prover's side of a hiding Ligero commitment: the table (row-major R x C, not copied), the rows' hiding
 * coefficients (R x h), the six mask rows (K coefficients each: Dlo c0, c1, Dhi c0, c1, m c0, c1), the encoded
 * tableau by columns (each column prefixed by its two salt words, the leaf layout) and the Merkle tree.
 */
public final class HidingLigeroProverData implements PcsProverData {
    final LigeroCommitment commitment;
    final long[] evals;
    final long[] hidingCoeffs;
    final long[][] masks;
    final EncodedColumns encoded;
    final MerkleTree tree;
    final int logRows, logCols;
    /** Read from a file: each opened column is checked against its Merkle leaf. */
    boolean stored;
    /** Opened once: its hiding coefficients and masks are spent (a second opening would leak). */
    boolean spent;

    HidingLigeroProverData(LigeroCommitment commitment, long[] evals, long[] hidingCoeffs, long[][] masks, EncodedColumns encoded, MerkleTree tree,
            int logRows, int logCols) {
        this.commitment = commitment;
        this.evals = evals;
        this.hidingCoeffs = hidingCoeffs;
        this.masks = masks;
        this.encoded = encoded;
        this.tree = tree;
        this.logRows = logRows;
        this.logCols = logCols;
    }

    @Override
    public LigeroCommitment commitment() {
        return commitment;
    }
}
