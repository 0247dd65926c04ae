package io.zkml4j.pcs;

import io.zkml4j.hash.MerkleTree;

/**
 * The prover's side of a hiding Ligero commitment: the table (row-major R x C, not copied), the rows' hiding
 * coefficients (R x h), the B sets of six mask rows (K coefficients each: Dlo c0, c1, Dhi c0, c1, m c0, c1; set b at
 * rows 6b..6b+5), the encoded tableau by columns (each column prefixed by its two salt words, the leaf layout), the
 * Merkle tree, and the ledger of the mask sets this object has opened.
 *
 * <p>The ledger is this object's only: prover data read again from a file starts with an empty one, so whoever keeps
 * the file (a proving key) records used sets there and marks them here ({@link #markUsed}) before opening.
 */
public final class HidingLigeroProverData implements PcsProverData {
    final LigeroCommitment commitment;
    final long[] evals;
    final long[] hidingCoeffs;
    /** Mask row r ({@link #mask}); a row of prover data read from a file is null until first used. */
    final long[][] masks;
    /** Read from a file: the mask rows' bytes, mapped (row r at 8 r K), read on first use ({@link #mask}). */
    private java.nio.ByteBuffer storedMasks;
    final EncodedColumns encoded;
    final MerkleTree tree;
    final int logRows, logCols;
    /** Read from a file: each opened column is checked against its Merkle leaf. */
    boolean stored;
    /** Mask sets already opened: reusing one would reveal q - q' and u - u' of two openings under one mask. */
    private final boolean[] used;
    /** The set the next opening uses ({@link #select}); -1: the lowest unused. */
    private int selected = -1;

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
        this.used = new boolean[commitment.openings()];
    }

    /** Which data rows are small ({@link LigeroPcs#smallRows}: a key's quantized weights are); found once, on the first opening. */
    private boolean[] smallRows;

    /** The fast path of {@link LigeroPcs#combineRows} for the data rows: a key's constants are opened by every proof under it. */
    synchronized boolean[] smallRows() {
        if (smallRows == null) smallRows = LigeroPcs.smallRows(evals, 1 << logRows, 1 << logCols);
        return smallRows;
    }

    /** Prover data read from a file whose mask rows stay in the file until used (a proof reads one set's six of 6B). */
    void storedMasks(java.nio.ByteBuffer mapped) {
        this.storedMasks = mapped;
    }

    /** Mask row r (set r / 6, {@link HidingLigeroPcs#DLO0}..{@link HidingLigeroPcs#M1} r % 6), K coefficients. */
    synchronized long[] mask(int row) {
        long[] m = masks[row];
        if (m == null) {
            java.nio.LongBuffer b = storedMasks.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer();
            int k = (int) (b.capacity() / masks.length);
            m = new long[k];
            b.position(row * k);
            b.get(m);
            masks[row] = m;
        }
        return m;
    }

    @Override
    public LigeroCommitment commitment() {
        return commitment;
    }

    /** B, the openings this commitment holds masks for. */
    public int openings() {
        return used.length;
    }

    /** Openings left to this object (its ledger only). */
    public synchronized int remaining() {
        int n = 0;
        for (boolean u : used) if (!u) n++;
        return n;
    }

    /** Records that mask set b was opened elsewhere (by another process, as a proving key's ledger says). */
    public synchronized void markUsed(int b) {
        checkIndex(b);
        used[b] = true;
        if (selected == b) selected = -1;
    }

    /**
     * The next opening uses mask set b. Refused (SpentCommitmentException) if b was opened before: the same masks twice
     * would leak the difference of two openings.
     */
    public synchronized void select(int b) {
        checkIndex(b);
        if (used[b]) throw new SpentCommitmentException("hiding ligero: opening " + b + " of this commitment was used before; its masks would be reused (a leak)");
        selected = b;
    }

    /** The set the next opening will use, not taken; SpentCommitmentException when none is left. */
    synchronized int next() {
        if (selected >= 0) return selected;
        for (int b = 0; b < used.length; b++) if (!used[b]) return b;
        throw new SpentCommitmentException(used.length == 1
                ? "hiding ligero: this commitment was already opened; a second opening would spend its hiding again (commit afresh)"
                : "hiding ligero: all " + used.length + " openings of this commitment are spent (commit afresh)");
    }

    /** Takes the next opening's set: from now on it counts as used. */
    synchronized int take() {
        int b = next();
        used[b] = true;
        selected = -1;
        return b;
    }

    /** The highest used set + 1 (0 if none): a ledger written as a count never hands out a used set. */
    public synchronized int usedPrefix() {
        for (int b = used.length - 1; b >= 0; b--) if (used[b]) return b + 1;
        return 0;
    }

    private void checkIndex(int b) {
        if (b < 0 || b >= used.length) throw new IllegalArgumentException("hiding ligero: opening " + b + " outside 0.." + (used.length - 1));
    }

    /** Row of mask {@code which} (DLO0..M1) of set b in {@link #masks}. */
    static int maskRow(int b, int which) {
        return HidingLigeroPcs.MASK_ROWS * b + which;
    }
}
