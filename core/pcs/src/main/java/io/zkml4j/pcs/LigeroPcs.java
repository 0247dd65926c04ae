package io.zkml4j.pcs;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.Mul128;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hash;
import io.zkml4j.hash.Hashes;
import io.zkml4j.hash.MerkleTree;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Ligero/Brakedown-style multilinear commitment over Reed-Solomon codes and SHA-256 Merkle trees.
 *
 * <p>What it proves: that committed tables, read as multilinear polynomials, take the claimed values at the
 * claimed points. Soundness error per opening at most (1 - e/N)^t + N/q + m/q + t/q (about 2^-100 for every
 * preset; derivation and references in {@link LigeroParams}), plus SHA-256 collision resistance. Not hiding:
 * the opened columns reveal linear information about the table (zero knowledge needs a masked variant).
 *
 * <p>Commit: the 2^n table is an R x C row-major matrix (entry i at row i / C, column i % C, so the column
 * index holds the low logC variables). Each row, read as the coefficients of a polynomial of degree &lt; C, is
 * evaluated on the subgroup of size N = C * blowup (RS encoding); the commitment is the Merkle root over the N
 * columns of the encoded matrix (leaf j = H(0x00 || column j)); {@link RsEncoder} fixes the coordinate order.
 *
 * <p>Open, for claims f_k(z_j) = y_j (transcript order): absorb parameters, commitments and claims; send
 * per claim the row w_j = eqL(z_j)^T M_k (eqL over the high variables), absorb; draw gamma; per commitment draw
 * r_k in F_q^R, send u_k = r_k^T M_k, absorb; draw t column indices per commitment and open those columns.
 * Verify: &lt;w_j, eqR(z_j)&gt; = y_j; every opened column c is in the Merkle tree; Enc(u_k)[c] = r_k . U[., c]
 * (proximity) and Enc(sum_j gamma^j w_j)[c] = (sum_j gamma^j eqL(z_j)) . U[., c] (evaluation), the two folded into
 * one check per column with a last challenge beta (one encoding and one column product instead of two; error
 * t/q more).
 */
public final class LigeroPcs implements MultilinearPcs {
    /** The scheme's id in {@link PcsSchemes}. */
    static final int SCHEME_ID = 1;
    private static final int PARALLEL_MIN_ELEMENTS = 1 << 14;
    private final LigeroParams params;
    private final Hash hash;

    public LigeroPcs(LigeroParams params) {
        this(params, Hashes.sha256());
    }

    /**
     * With an explicit hash (the verifier's portable SHA-256, for instance). The hash's name is bound into
     * every transcript, so proofs made with one hash never verify under another.
     */
    public LigeroPcs(LigeroParams params, Hash hash) {
        this.params = params;
        this.hash = hash;
    }

    public LigeroParams params() {
        return params;
    }

    @Override
    public void writeScheme(FieldWriter w) {
        w.u8(SCHEME_ID).u32(params.logBlowup).u32(params.numQueries);
    }

    /** Decodes what {@link #writeScheme} wrote after the scheme id. */
    static LigeroPcs readScheme(FieldReader r) {
        return PcsSchemes.readBlowupAndQueries(r, "Ligero", (logBlowup, queries) -> new LigeroPcs(new LigeroParams(logBlowup, queries)));
    }

    @Override
    public String describe() {
        return params.toString();
    }

    @Override
    public double soundnessBits(int numVars) {
        return params.soundnessBits(numVars, 1);
    }

    @Override
    public LigeroCommitment readCommitment(FieldReader in) {
        return LigeroCommitment.readFrom(in);
    }

    @Override
    public LigeroProof readProof(FieldReader in, List<? extends PcsCommitment> commitments, List<EvalClaim> claims) {
        return LigeroProof.readFrom(in, params, ligeroCommitments(commitments, ProofFormatException::new), claims);
    }

    @Override
    public LigeroProof proofFromBytes(byte[] bytes, List<? extends PcsCommitment> commitments, List<EvalClaim> claims) {
        return LigeroProof.fromBytes(bytes, params, ligeroCommitments(commitments, ProofFormatException::new), claims);
    }

    @Override
    public LigeroCommitment commitmentFromBytes(byte[] bytes) {
        return LigeroCommitment.fromBytes(bytes);
    }

    /** The commitments as this scheme's own (a value of another scheme is refused, with err's exception). */
    static List<LigeroCommitment> ligeroCommitments(List<? extends PcsCommitment> commitments, Function<String, RuntimeException> err) {
        List<LigeroCommitment> r = new ArrayList<>(commitments.size());
        for (PcsCommitment c : commitments) {
            if (!(c instanceof LigeroCommitment l)) throw err.apply("ligero: a commitment of another scheme (" + c.getClass().getSimpleName() + ")");
            r.add(l);
        }
        return r;
    }

    // ------------------------------------------------------------------ commit

    @Override
    public LigeroProverData commit(long[] evals) {
        return commit(evals, Blinding.NONE);
    }

    @Override
    public LigeroProverData commit(long[] evals, Blinding blinding) {
        refuseHiding(blinding);
        int len = evals.length;
        if (len < 2 || Integer.bitCount(len) != 1) {
            throw new IllegalArgumentException("Ligero commits to 2^n values with n >= 1; got " + len + " (pad to a power of two)");
        }
        int n = Integer.numberOfTrailingZeros(len);
        if (n > LigeroParams.MAX_VARS) throw new IllegalArgumentException("table of 2^" + n + " values exceeds 2^" + LigeroParams.MAX_VARS);
        for (int i = 0; i < len; i++) {
            if (!Goldilocks.isCanonical(evals[i])) throw new IllegalArgumentException("value at index " + i + " is not a canonical field element");
        }
        int logCols = params.logCols(n), logRows = n - logCols;
        int rows = 1 << logRows, cols = 1 << logCols, width = cols << params.logBlowup;
        long[] enc = new long[Math.multiplyExact(rows, width)];
        RsEncoder rs = RsEncoder.of(logCols, params.logBlowup);
        encodeRows(rs, (r, msg) -> {
            int off = r * rs.msgLen;
            if (allZero(evals, off, rs.msgLen)) return false;
            System.arraycopy(evals, off, msg, 0, rs.msgLen);
            return true;
        }, enc, rows, rows, 0, (long) rows * width >= PARALLEL_MIN_ELEMENTS);
        byte[] leaves = MerkleTree.leafDigests(hash, enc, rows, width);
        MerkleTree tree = MerkleTree.fromLeafDigests(hash, leaves, width);
        LigeroCommitment c = new LigeroCommitment(n, tree.root());
        return new LigeroProverData(c, evals, EncodedColumns.of(enc, rows, width), tree, logRows, logCols, params.logBlowup);
    }

    /** Fills msg (length C of the encoder) with row r's message; false for a row of zeros (encoded as zeros, skipped). */
    interface RowSource {
        boolean fill(int row, long[] msg);
    }

    /** Rows per block: 8 rows are one 64-byte line per column of the column-major matrix when transposing. */
    private static final int BLOCK_ROWS = 8;

    /**
     * RS-encodes rows [0, rows) given by src into the column-major matrix whose column j holds its entries at
     * [j * stride + offset, j * stride + offset + rows) (the layout of the leaves; offset &gt; 0 leaves room for a salt),
     * which must be zero there on entry (a fresh array): a row of zeros (src returns false) encodes to zeros, and a
     * block of such rows (a model's padded tensors and the table's tail: a third of the 17.3M network's table) is not
     * written at all. On several threads when {@code parallel}, in a few tasks of contiguous blocks, each reusing one
     * buffer: a fresh buffer per 8-row block was 512 MB of garbage at the 17.3M network, and the young collections it
     * caused copied the live table and matrix.
     */
    static void encodeRows(RsEncoder rs, RowSource src, long[] enc, int rows, int stride, int offset, boolean parallel) {
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        int tasks = parallel ? Math.min(blocks, 16) : 1; // several per thread: the zero rows are not spread evenly
        IntStream ts = IntStream.range(0, tasks);
        if (tasks > 1) ts = ts.parallel();
        ts.forEach(t -> {
            long[] buf = new long[BLOCK_ROWS * rs.codeLen], msg = new long[rs.msgLen];
            long[][] scratch = rs.scratch();
            for (int b = (int) ((long) blocks * t / tasks), e = (int) ((long) blocks * (t + 1) / tasks); b < e; b++) {
                int r0 = b * BLOCK_ROWS;
                encodeBlock(rs, src, enc, r0, Math.min(BLOCK_ROWS, rows - r0), stride, offset, buf, msg, scratch);
            }
        });
    }

    /** Rows [r0, r0 + count) as {@link #encodeRows} writes them, with buffers of their own (HidingLigeroPcs' blocks). */
    static void encodeBlock(RsEncoder rs, RowSource src, long[] enc, int r0, int count, int stride, int offset) {
        encodeBlock(rs, src, enc, r0, count, stride, offset, new long[count * rs.codeLen], new long[rs.msgLen], rs.scratch());
    }

    /** Rows [r0, r0 + count) of {@link #encodeRows}, through buf (count codewords), msg (one message) and the encoder's scratch. */
    private static void encodeBlock(RsEncoder rs, RowSource src, long[] enc, int r0, int count, int stride, int offset, long[] buf, long[] msg, long[][] scratch) {
        int width = rs.codeLen;
        boolean any = false;
        for (int i = 0; i < count; i++) {
            if (src.fill(r0 + i, msg)) {
                rs.encode(msg, 0, buf, i * width, scratch);
                any = true;
            } else {
                Arrays.fill(buf, i * width, (i + 1) * width, 0); // the buffer is reused
            }
        }
        if (!any) return; // zeros: the matrix holds them already
        for (int j = 0; j < width; j++) {
            int base = j * stride + offset + r0;
            for (int i = 0; i < count; i++) enc[base + i] = buf[i * width + j];
        }
    }

    private static boolean allZero(long[] v, int off, int len) {
        long or = 0;
        for (int i = off; i < off + len; i++) or |= v[i];
        return or == 0;
    }

    // ------------------------------------------------------------------ open

    /** Test seam: lets a soundness test play a prover that sends altered evaluation rows (absorbed faithfully). */
    interface RowTamper {
        void tamper(int claimIndex, long[] row0, long[] row1);
    }

    /** This scheme does not hide yet: a hiding request is refused, never silently ignored. */
    private static void refuseHiding(Blinding blinding) {
        if (blinding.hiding()) throw new UnsupportedOperationException("Ligero: hiding commitments are not available yet");
    }

    @Override
    public LigeroProof open(List<? extends PcsProverData> committed, List<EvalClaim> claims, Transcript transcript) {
        return open(committed, claims, transcript, Blinding.NONE);
    }

    @Override
    public LigeroProof open(List<? extends PcsProverData> committed, List<EvalClaim> claims, Transcript transcript, Blinding blinding) {
        refuseHiding(blinding);
        List<LigeroProverData> data = new ArrayList<>(committed.size());
        for (PcsProverData d : committed) {
            if (!(d instanceof LigeroProverData l)) throw new IllegalArgumentException("ligero: prover data of another scheme (" + d.getClass().getSimpleName() + ")");
            data.add(l);
        }
        return open(data, claims, transcript, (RowTamper) null);
    }

    LigeroProof open(List<LigeroProverData> committed, List<EvalClaim> claims, Transcript transcript, RowTamper tamper) {
        List<LigeroCommitment> commitments = new ArrayList<>();
        for (LigeroProverData d : committed) commitments.add(d.commitment);
        int[] per = claimsPerCommitment(commitments, claims, IllegalArgumentException::new);
        absorbStatement(transcript, commitments, claims);
        int k = committed.size();
        long[][][] e0 = new long[k][][], e1 = new long[k][][];
        for (int i = 0; i < k; i++) {
            e0[i] = new long[per[i]][];
            e1[i] = new long[per[i]][];
        }
        int[] filled = new int[k];
        for (int j = 0; j < claims.size(); j++) {
            EvalClaim claim = claims.get(j);
            LigeroProverData d = committed.get(claim.vector);
            ExtVec eqL = Eq.table(highCoords(claim, d.logCols));
            int cols = 1 << d.logCols;
            long[] w0 = new long[cols], w1 = new long[cols];
            combineRows(d.evals, 1 << d.logRows, cols, eqL.c0, eqL.c1, w0, w1, d.smallRows());
            if (tamper != null) tamper.tamper(j, w0, w1);
            e0[claim.vector][filled[claim.vector]] = w0;
            e1[claim.vector][filled[claim.vector]++] = w1;
            transcript.absorbExts("ligero.evalRow", w0, w1);
        }
        transcript.challengeExt("ligero.gamma"); // used by the verifier only; drawn here to stay in step
        long[][] p0 = new long[k][], p1 = new long[k][];
        for (int i = 0; i < k; i++) {
            LigeroProverData d = committed.get(i);
            int rows = 1 << d.logRows, cols = 1 << d.logCols;
            long[][] r = challengeVector(transcript, "ligero.proximity", rows);
            p0[i] = new long[cols];
            p1[i] = new long[cols];
            combineRows(d.evals, rows, cols, r[0], r[1], p0[i], p1[i], d.smallRows());
            transcript.absorbExts("ligero.proxRow", p0[i], p1[i]);
        }
        LigeroProof.Part[] parts = new LigeroProof.Part[k];
        for (int i = 0; i < k; i++) {
            LigeroProverData d = committed.get(i);
            int rows = 1 << d.logRows, width = 1 << (d.logCols + d.logBlowup);
            int[] q = MerkleTree.distinctSorted(transcript.challengeIndices("ligero.queries", params.numQueries, width));
            long[] columns = new long[q.length * rows];
            for (int c = 0; c < q.length; c++) {
                d.encoded.copyColumn(q[c], columns, c * rows);
                if (d.stored) checkStoredColumn(hash, d.tree, q[c], columns, c * rows, rows);
            }
            parts[i] = new LigeroProof.Part(e0[i], e1[i], p0[i], p1[i], q.length, columns, d.tree.open(q));
        }
        transcript.challengeExt("ligero.beta"); // used by the verifier only; drawn here to stay in step
        return new LigeroProof(parts);
    }

    /** Rows whose entries are signed integers of magnitude below 2^SMALL_BITS take {@link #combineRows}' fast path. */
    static final int SMALL_BITS = 24;
    /** Rows summed in 64-bit words before they are reduced: 2^6 terms of magnitude below 2^(32 + SMALL_BITS) stay below 2^62. */
    private static final int SMALL_ROWS_PER_FLUSH = 1 << 6;

    /**
     * Per row of the row-major rows x cols matrix m: whether every entry, read as a signed integer (v or v - p), has
     * magnitude below 2^SMALL_BITS (a weight's row is; a row holding biases at the accumulator's scale may not be).
     */
    static boolean[] smallRows(long[] m, int rows, int cols) {
        boolean[] small = new boolean[rows];
        IntStream all = IntStream.range(0, rows);
        if ((long) rows * cols >= PARALLEL_MIN_ELEMENTS) all = all.parallel();
        all.forEach(r -> small[r] = smallRow(m, r * cols, cols));
        return small;
    }

    /**
     * Whether every entry of m[off, off + len) is small: read signed (v - p for v &gt;= 2^63, as combineSmall reads it),
     * |s| &lt; L = 2^SMALL_BITS, i.e. v &lt; L or v &gt; p - L, exactly when both s + L and s + L - 1 lie in [0, 2L)
     * (the first excludes s = L, the second s = -L; an entry in between reads as a large s of either sign). Branch-free: the high bits of all
     * entries are or-ed, so the scan of a 4M model's constants is one pass at memory speed (it runs once per proving key
     * read, i.e. per cold prove).
     */
    private static boolean smallRow(long[] m, int off, int len) {
        long lim = 1L << SMALL_BITS;
        for (int at = off, end = off + len; at < end; at += 512) { // blocks: a row of uniform entries stops at its first
            long high = 0;
            for (int i = at, stop = Math.min(end, at + 512); i < stop; i++) {
                long v = m[i];
                long s = v + ((v >> 63) & 0xFFFF_FFFFL);
                long t = s + lim;
                high |= ((t - 1) | t) >>> (SMALL_BITS + 1);
            }
            if (high != 0) return false;
        }
        return true;
    }

    /** As {@link #combineRows(long[], int, int, long[], long[], long[], long[], boolean[])} with no row known small. */
    static void combineRows(long[] m, int rows, int cols, long[] a0, long[] a1, long[] out0, long[] out1) {
        combineRows(m, rows, cols, a0, a1, out0, out1, null);
    }

    /**
     * out += sum_r a[r] * M[r] over the rows of the row-major rows x cols matrix m (extension coefficients).
     * Rows with a zero coefficient are skipped, so a claim whose high (row) variables are boolean, whose eqL is
     * zero on every row outside its slot, costs its slot's entries rather than the whole table. Per column the
     * products are summed unreduced in 192 bits (lo, hi, carry count) and reduced once; column chunks run in
     * parallel. Rows marked in {@code smallRows} ({@link #smallRows}, null: none) take a fast path: exact 64-bit
     * products of the coefficients' 32-bit halves (4 plain multiplies per entry instead of 2 multiplies and 2 high
     * words with carries), reduced every {@link #SMALL_ROWS_PER_FLUSH} rows.
     */
    static void combineRows(long[] m, int rows, int cols, long[] a0, long[] a1, long[] out0, long[] out1, boolean[] smallRows) {
        int[] live = new int[rows], small = new int[rows];
        int count = 0, countSmall = 0;
        for (int r = 0; r < rows; r++) {
            if ((a0[r] | a1[r]) == 0) continue;
            if (smallRows != null && smallRows[r]) small[countSmall++] = r;
            else live[count++] = r;
        }
        if (count + countSmall == 0) return;
        final int nLive = count, nSmall = countSmall;
        int chunkMax = Math.min(cols, 512);
        IntStream chunks = IntStream.range(0, (cols + chunkMax - 1) / chunkMax); // the last chunk may be shorter
        if ((long) (nLive + nSmall) * cols >= PARALLEL_MIN_ELEMENTS) chunks = chunks.parallel();
        chunks.forEach(ch -> {
            int lo = ch * chunkMax, chunk = Math.min(chunkMax, cols - lo);
            if (nSmall > 0) combineSmall(m, small, nSmall, cols, lo, chunk, a0, a1, out0, out1);
            if (nLive == 0) return;
            long[] l0 = new long[chunk], h0 = new long[chunk], t0 = new long[chunk];
            long[] l1 = new long[chunk], h1 = new long[chunk], t1 = new long[chunk];
            for (int i = 0; i < nLive; i++) {
                int r = live[i];
                long x0 = a0[r], x1 = a1[r];
                int base = r * cols + lo;
                for (int c = 0; c < chunk; c++) {
                    long v = m[base + c];
                    long pl = x0 * v, ph = Mul128.unsignedHigh(x0, v);
                    long s = l0[c] + pl;
                    ph += Goldilocks.carry(l0[c], pl, s); // ph <= p - 2 for canonical inputs: no overflow
                    l0[c] = s;
                    long hs = h0[c] + ph;
                    t0[c] += Goldilocks.carry(h0[c], ph, hs);
                    h0[c] = hs;
                    pl = x1 * v;
                    ph = Mul128.unsignedHigh(x1, v);
                    s = l1[c] + pl;
                    ph += Goldilocks.carry(l1[c], pl, s);
                    l1[c] = s;
                    hs = h1[c] + ph;
                    t1[c] += Goldilocks.carry(h1[c], ph, hs);
                    h1[c] = hs;
                }
            }
            for (int c = 0; c < chunk; c++) {
                out0[lo + c] = Goldilocks.add(out0[lo + c], Goldilocks.reduce192(l0[c], h0[c], t0[c]));
                out1[lo + c] = Goldilocks.add(out1[lo + c], Goldilocks.reduce192(l1[c], h1[c], t1[c]));
            }
        });
    }

    /**
     * out[lo, lo + chunk) += sum over the given rows r of a[r] * M[r] for rows of small entries s (signed, |s| &lt;
     * 2^SMALL_BITS): with a = 2^32 a_hi + a_lo, the sums of a_hi s and a_lo s are exact in 64 bits for up to
     * SMALL_ROWS_PER_FLUSH rows, then reduced into the field (the same value as the general path's).
     */
    private static void combineSmall(long[] m, int[] live, int nLive, int cols, int lo, int chunk, long[] a0, long[] a1, long[] out0, long[] out1) {
        long[] hi0 = new long[chunk], lo0 = new long[chunk], hi1 = new long[chunk], lo1 = new long[chunk];
        long[] f0 = new long[chunk], f1 = new long[chunk];
        for (int start = 0; start < nLive; start += SMALL_ROWS_PER_FLUSH) {
            int end = Math.min(nLive, start + SMALL_ROWS_PER_FLUSH);
            for (int i = start; i < end; i++) {
                int r = live[i];
                long x0 = a0[r], x1 = a1[r];
                long x0h = x0 >>> 32, x0l = x0 & 0xFFFF_FFFFL, x1h = x1 >>> 32, x1l = x1 & 0xFFFF_FFFFL;
                int base = r * cols + lo;
                for (int c = 0; c < chunk; c++) {
                    long v = m[base + c];
                    long s = v + ((v >> 63) & 0xFFFF_FFFFL); // v - p for v >= 2^63 (p = 2^64 - 2^32 + 1)
                    hi0[c] += x0h * s;
                    lo0[c] += x0l * s;
                    hi1[c] += x1h * s;
                    lo1[c] += x1l * s;
                }
            }
            for (int c = 0; c < chunk; c++) {
                f0[c] = Goldilocks.add(f0[c], Goldilocks.add(Goldilocks.mul(Goldilocks.fromSigned(hi0[c]), TWO_32), Goldilocks.fromSigned(lo0[c])));
                f1[c] = Goldilocks.add(f1[c], Goldilocks.add(Goldilocks.mul(Goldilocks.fromSigned(hi1[c]), TWO_32), Goldilocks.fromSigned(lo1[c])));
                hi0[c] = lo0[c] = hi1[c] = lo1[c] = 0;
            }
        }
        for (int c = 0; c < chunk; c++) {
            out0[lo + c] = Goldilocks.add(out0[lo + c], f0[c]);
            out1[lo + c] = Goldilocks.add(out1[lo + c], f1[c]);
        }
    }

    private static final long TWO_32 = 1L << 32;

    /** A column read from a proving key must be the one the commitment's tree holds (a corrupt file is named, not proven). */
    static void checkStoredColumn(Hash hash, MerkleTree tree, int j, long[] columns, int off, int len) {
        checkStoredLeaf(tree, j, MerkleTree.leafDigest(hash, columns, off, len));
    }

    /** As {@link #checkStoredColumn}, for a leaf digest computed by the caller (a scheme whose leaves hash more than the column). */
    static void checkStoredLeaf(MerkleTree tree, int j, byte[] digest) {
        if (!tree.leafEquals(j, digest, 0)) throw new CorruptProverDataException("the stored commitment data is corrupt (column " + j + " does not match its Merkle leaf): run setup again");
    }

    // ------------------------------------------------------------------ prover data kept across processes

    private static final int PROVER_DATA_VERSION = 1;

    @Override
    public void writeProverData(PcsProverData data, java.io.DataOutputStream out) throws java.io.IOException {
        writeProverDataHead(data, out).encoded.writeTo(out);
    }

    /** The encoded matrix (most of a proving key: 512 MiB for the 17.3M network) through the channel, on two threads. */
    @Override
    public void writeProverData(PcsProverData data, java.io.DataOutputStream out, java.nio.channels.FileChannel ch) throws java.io.IOException {
        LigeroProverData d = writeProverDataHead(data, out);
        out.flush();
        long at = ch.position();
        ch.position(at + d.encoded.writeTo(ch, at));
    }

    private static LigeroProverData writeProverDataHead(PcsProverData data, java.io.DataOutputStream out) throws java.io.IOException {
        if (!(data instanceof LigeroProverData d)) throw new IllegalArgumentException("ligero: prover data of another scheme");
        out.writeByte(PROVER_DATA_VERSION);
        out.writeInt(d.commitment.numVars());
        out.writeInt(d.logCols);
        out.writeInt(d.logBlowup);
        out.write(d.tree.leafDigests());
        return d;
    }

    @Override
    public LigeroProverData readProverData(java.nio.channels.FileChannel ch, long position, long[] evals) throws java.io.IOException {
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(13);
        if (ch.read(head, position) != 13) throw new ProofFormatException("commitment data: truncated header");
        head.flip();
        int version = head.get() & 0xff, n = head.getInt(), logCols = head.getInt(), logBlowup = head.getInt();
        if (version != PROVER_DATA_VERSION) throw new ProofFormatException("commitment data: unknown version " + version);
        if (n < 1 || n > LigeroParams.MAX_VARS || evals.length != 1L << n || logCols != params.logCols(n) || logBlowup != params.logBlowup) {
            throw new ProofFormatException("commitment data: shape 2^" + n + " (columns 2^" + logCols + ", blowup 2^" + logBlowup + ") does not match the table of " + evals.length + " values under " + params);
        }
        int logRows = n - logCols, rows = 1 << logRows, width = 1 << (logCols + logBlowup);
        long leafBytes = (long) width * Hash.DIGEST_BYTES, encBytes = 8L * rows * width;
        if (ch.size() - position - 13 != leafBytes + encBytes) {
            throw new ProofFormatException("commitment data: " + (ch.size() - position - 13) + " bytes, the shape needs " + (leafBytes + encBytes) + " (truncated or trailing bytes)");
        }
        java.nio.ByteBuffer leaves = java.nio.ByteBuffer.allocate((int) leafBytes);
        long at = position + 13;
        while (leaves.hasRemaining()) {
            if (ch.read(leaves, at + leaves.position()) < 0) throw new ProofFormatException("commitment data: truncated leaves");
        }
        MerkleTree tree = MerkleTree.fromLeafDigests(hash, leaves.array(), width);
        EncodedColumns enc = EncodedColumns.mapped(ch, at + leafBytes, rows, width);
        LigeroProverData d = new LigeroProverData(new LigeroCommitment(n, tree.root()), evals, enc, tree, logRows, logCols, logBlowup);
        d.stored = true;
        return d;
    }

    // ------------------------------------------------------------------ verify

    /** The verifier's challenges, replayed from the transcript (one place, so the binding tests cover verify). */
    static final class Challenges {
        final GoldilocksExt2 gamma;
        final long[][][] proximity; // per commitment: {r0, r1}
        final int[][] queries; // per commitment: distinct sorted column indices
        /** Folds each column's proximity and evaluation checks into one (drawn after every prover message). */
        final GoldilocksExt2 beta;

        Challenges(GoldilocksExt2 gamma, long[][][] proximity, int[][] queries, GoldilocksExt2 beta) {
            this.gamma = gamma;
            this.proximity = proximity;
            this.queries = queries;
            this.beta = beta;
        }
    }

    /** Absorbs the statement and the proof's messages in protocol order and draws every challenge. */
    Challenges replay(List<? extends PcsCommitment> commitments, List<EvalClaim> claims, LigeroProof proof, Transcript transcript) {
        int k = commitments.size();
        absorbStatement(transcript, commitments, claims);
        int[] seen = new int[k];
        for (EvalClaim claim : claims) {
            LigeroProof.Part part = proof.parts[claim.vector];
            int local = seen[claim.vector]++;
            transcript.absorbExts("ligero.evalRow", part.evalRow0[local], part.evalRow1[local]);
        }
        GoldilocksExt2 gamma = transcript.challengeExt("ligero.gamma");
        long[][][] r = new long[k][][];
        for (int i = 0; i < k; i++) {
            int n = commitments.get(i).numVars();
            r[i] = challengeVector(transcript, "ligero.proximity", 1 << (n - params.logCols(n)));
            transcript.absorbExts("ligero.proxRow", proof.parts[i].proxRow0, proof.parts[i].proxRow1);
        }
        int[][] q = new int[k][];
        for (int i = 0; i < k; i++) {
            int n = commitments.get(i).numVars();
            int width = 1 << (params.logCols(n) + params.logBlowup);
            q[i] = MerkleTree.distinctSorted(transcript.challengeIndices("ligero.queries", params.numQueries, width));
        }
        return new Challenges(gamma, r, q, transcript.challengeExt("ligero.beta"));
    }

    @Override
    public void verify(List<? extends PcsCommitment> given, List<EvalClaim> claims, PcsProof sent, Transcript transcript) {
        if (!(sent instanceof LigeroProof proof)) throw new VerificationException("ligero: a proof of another scheme (" + sent.getClass().getSimpleName() + ")");
        List<LigeroCommitment> commitments = ligeroCommitments(given, VerificationException::new);
        int[] per = claimsPerCommitment(commitments, claims, VerificationException::new);
        int k = commitments.size();
        if (proof.parts.length != k) throw new VerificationException("ligero: proof has " + proof.parts.length + " parts for " + k + " commitments");
        for (int i = 0; i < k; i++) checkShape(i, commitments.get(i), per[i], proof.parts[i]);
        Challenges ch = replay(commitments, claims, proof, transcript);

        // Each evaluation row must give its claimed value against eqR (the low variables).
        int[] seen = new int[k];
        int[] localIndex = new int[claims.size()];
        // claims often share their low coordinates (the limbs of one range check, read at one point): one eqR each
        java.util.Map<List<GoldilocksExt2>, ExtVec> eqRs = new java.util.HashMap<>();
        for (int j = 0; j < claims.size(); j++) {
            EvalClaim claim = claims.get(j);
            LigeroProof.Part part = proof.parts[claim.vector];
            int logCols = params.logCols(commitments.get(claim.vector).numVars());
            int local = seen[claim.vector]++;
            localIndex[j] = local;
            ExtVec eqR = eqRs.computeIfAbsent(List.of(Arrays.copyOfRange(claim.point(), 0, logCols)), low -> Eq.table(low.toArray(new GoldilocksExt2[0])));
            GoldilocksExt2 got = dotExt(part.evalRow0[local], part.evalRow1[local], eqR.c0, eqR.c1);
            if (!got.equals(claim.value)) {
                throw new VerificationException("ligero: claim " + j + " (vector " + claim.vector + "): evaluation row gives " + got
                        + ", claimed " + claim.value);
            }
        }
        // gamma^j per claim, in claim order.
        GoldilocksExt2[] gpow = new GoldilocksExt2[claims.size()];
        GoldilocksExt2 g = GoldilocksExt2.ONE;
        for (int j = 0; j < gpow.length; j++) {
            gpow[j] = g;
            g = g.mul(ch.gamma);
        }
        for (int i = 0; i < k; i++) {
            LigeroCommitment c = commitments.get(i);
            LigeroProof.Part part = proof.parts[i];
            int n = c.numVars(), logCols = params.logCols(n), logRows = n - logCols;
            int rows = 1 << logRows, cols = 1 << logCols, depth = logCols + params.logBlowup;
            String what = "ligero commitment " + i;
            int[] q = ch.queries[i];
            if (part.numColumns != q.length) {
                throw new VerificationException(what + ": proof opens " + part.numColumns + " columns, the queries need " + q.length);
            }
            byte[] leaves = new byte[q.length * Hash.DIGEST_BYTES]; // sequential: this path also runs where threads do not
            for (int t = 0; t < q.length; t++) {
                hash.hashFields(MerkleTree.LEAF_TAG, part.columns, t * rows, rows, leaves, t * Hash.DIGEST_BYTES);
            }
            MerkleTree.verify(hash, what, c.rootRef(), depth, q, leaves, part.siblings);

            // Batched evaluation row and its coefficient vector over the rows.
            long[] a0 = new long[cols], a1 = new long[cols];
            long[] l0 = new long[rows], l1 = new long[rows];
            for (int j = 0; j < claims.size(); j++) {
                EvalClaim claim = claims.get(j);
                if (claim.vector != i) continue;
                axpy(gpow[j], part.evalRow0[localIndex[j]], part.evalRow1[localIndex[j]], a0, a1);
                ExtVec eqL = Eq.table(highCoords(claim, logCols));
                axpy(gpow[j], eqL.c0, eqL.c1, l0, l1);
            }
            // Per column, the proximity check Enc(u)[c] = r . U[., c] and the evaluation check Enc(a)[c] = l . U[., c]
            // folded with beta: Enc(u + beta a)[c] = (r + beta l) . U[., c] (encoding is linear). beta is drawn after
            // every prover message and the columns are fixed by the Merkle root, so a column failing either check
            // passes the folded one only if beta is the root of a nonzero linear polynomial: 1/q per column.
            long[] m0 = part.proxRow0.clone(), m1 = part.proxRow1.clone();
            axpy(ch.beta, a0, a1, m0, m1);
            long[] z0 = ch.proximity[i][0].clone(), z1 = ch.proximity[i][1].clone();
            axpy(ch.beta, l0, l1, z0, z1);
            long[][] enc = encodeExt(m0, m1);
            for (int t = 0; t < q.length; t++) {
                int col = q[t];
                GoldilocksExt2 v = dotColumn(z0, z1, part.columns, t * rows, rows);
                if (v.c0 != enc[0][col] || v.c1 != enc[1][col]) {
                    throw new VerificationException(what + ": column " + col + " fails the proximity or evaluation check");
                }
            }
        }
    }

    private void checkShape(int i, LigeroCommitment c, int claimsOnIt, LigeroProof.Part p) {
        int n = c.numVars(), logCols = params.logCols(n);
        int cols = 1 << logCols, rows = 1 << (n - logCols);
        String what = "ligero commitment " + i;
        if (p.evalRow0.length != claimsOnIt || p.evalRow1.length != claimsOnIt) {
            throw new VerificationException(what + ": " + p.evalRow0.length + " evaluation rows for " + claimsOnIt + " claims");
        }
        for (int j = 0; j < claimsOnIt; j++) {
            if (p.evalRow0[j].length != cols || p.evalRow1[j].length != cols) throw new VerificationException(what + ": evaluation row length");
        }
        if (p.proxRow0.length != cols || p.proxRow1.length != cols) throw new VerificationException(what + ": proximity row length");
        if (p.numColumns < 1 || (long) p.numColumns * rows != p.columns.length) throw new VerificationException(what + ": opened column shape");
    }

    // ------------------------------------------------------------------ shared helpers

    private void absorbStatement(Transcript t, List<? extends PcsCommitment> commitments, List<EvalClaim> claims) {
        absorbStatement(t, params.label() + " hash=" + hash.name(), commitments, claims);
    }

    /** Absorbs the scheme's label, every commitment and every claim (vector, point, value), before any challenge. */
    static void absorbStatement(Transcript t, String scheme, List<? extends PcsCommitment> commitments, List<EvalClaim> claims) {
        t.absorbBytes("pcs.scheme", scheme.getBytes(StandardCharsets.UTF_8));
        t.absorbField("pcs.numCommitments", commitments.size());
        for (PcsCommitment c : commitments) c.absorbInto(t);
        t.absorbField("pcs.numClaims", claims.size());
        for (EvalClaim c : claims) {
            t.absorbField("pcs.claim.vector", c.vector);
            int n = c.numVars();
            long[] p0 = new long[n], p1 = new long[n];
            for (int i = 0; i < n; i++) {
                p0[i] = c.coordinate(i).c0;
                p1[i] = c.coordinate(i).c1;
            }
            t.absorbExts("pcs.claim.point", p0, p1);
            t.absorbExt("pcs.claim.value", c.value);
        }
    }

    /** Counts claims per commitment after checking each names an existing commitment of matching size. */
    static int[] claimsPerCommitment(List<? extends PcsCommitment> commitments, List<EvalClaim> claims, Function<String, RuntimeException> err) {
        if (commitments.isEmpty()) throw err.apply("ligero: an opening needs at least one commitment");
        int[] per = new int[commitments.size()];
        for (int j = 0; j < claims.size(); j++) {
            EvalClaim c = claims.get(j);
            if (c.vector >= commitments.size()) throw err.apply("ligero: claim " + j + " names vector " + c.vector + " of " + commitments.size());
            int n = commitments.get(c.vector).numVars();
            if (c.numVars() != n) throw err.apply("ligero: claim " + j + " has a point of " + c.numVars() + " coordinates, vector " + c.vector + " has " + n + " variables");
            per[c.vector]++;
        }
        return per;
    }

    static GoldilocksExt2[] highCoords(EvalClaim claim, int logCols) {
        return Arrays.copyOfRange(claim.point(), logCols, claim.numVars());
    }

    static long[][] challengeVector(Transcript t, String label, int n) {
        GoldilocksExt2[] r = t.challengeExts(label, n);
        long[] r0 = new long[n], r1 = new long[n];
        for (int i = 0; i < n; i++) {
            r0[i] = r[i].c0;
            r1[i] = r[i].c1;
        }
        return new long[][] {r0, r1};
    }

    private long[][] encodeExt(long[] c0, long[] c1) {
        RsEncoder rs = RsEncoder.of(Integer.numberOfTrailingZeros(c0.length), params.logBlowup);
        return new long[][] {rs.encode(c0), rs.encode(c1)};
    }

    /** (y0, y1) += g * (x0, x1), element-wise over the extension. */
    static void axpy(GoldilocksExt2 g, long[] x0, long[] x1, long[] y0, long[] y1) {
        for (int i = 0; i < x0.length; i++) {
            y0[i] = Goldilocks.add(y0[i], GoldilocksExt2.mul0(g.c0, g.c1, x0[i], x1[i]));
            y1[i] = Goldilocks.add(y1[i], GoldilocksExt2.mul1(g.c0, g.c1, x0[i], x1[i]));
        }
    }

    static GoldilocksExt2 dotExt(long[] a0, long[] a1, long[] b0, long[] b1) {
        long s0 = 0, s1 = 0;
        for (int i = 0; i < a0.length; i++) {
            s0 = Goldilocks.add(s0, GoldilocksExt2.mul0(a0[i], a1[i], b0[i], b1[i]));
            s1 = Goldilocks.add(s1, GoldilocksExt2.mul1(a0[i], a1[i], b0[i], b1[i]));
        }
        return GoldilocksExt2.of(s0, s1);
    }

    /** sum_r a[r] * column[off + r] for an extension coefficient vector and a base column. */
    static GoldilocksExt2 dotColumn(long[] a0, long[] a1, long[] columns, int off, int rows) {
        long s0 = 0, s1 = 0;
        for (int r = 0; r < rows; r++) {
            long v = columns[off + r];
            s0 = Goldilocks.add(s0, Goldilocks.mul(a0[r], v));
            s1 = Goldilocks.add(s1, Goldilocks.mul(a1[r], v));
        }
        return GoldilocksExt2.of(s0, s1);
    }
}
