package io.zkml4j.pcs;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hash;
import io.zkml4j.hash.MerkleTree;
import java.util.List;

/**
 * A Ligero opening proof: per commitment, the evaluation rows (one per claim on it), the proximity row, the
 * distinct queried columns in increasing index order and their Merkle batch opening.
 *
 * <p>Encoding: u8 version, then per commitment in order: evaluation rows (C c0 values then C c1 values each),
 * the proximity row (same), u32 column count (1..t), the columns (count x R field elements), u32 sibling
 * count (bounded by count x depth), the sibling digests. Every size except the two counts follows from the
 * verifier's commitments and claims; the counts are checked exactly during verification (they depend on the
 * query indices, which the verifier derives from the transcript). Decoding rejects values >= p, bad counts,
 * truncation and trailing bytes.
 */
public final class LigeroProof implements PcsProof {
    static final int VERSION = 1;

    /** The part of the proof about one commitment. Fields are package-private for the soundness tests. */
    static final class Part {
        final long[][] evalRow0, evalRow1;
        final long[] proxRow0, proxRow1;
        final int numColumns;
        final long[] columns; // numColumns x R, column-major like the commitment's leaves
        final byte[] siblings;

        Part(long[][] evalRow0, long[][] evalRow1, long[] proxRow0, long[] proxRow1, int numColumns, long[] columns, byte[] siblings) {
            this.evalRow0 = evalRow0;
            this.evalRow1 = evalRow1;
            this.proxRow0 = proxRow0;
            this.proxRow1 = proxRow1;
            this.numColumns = numColumns;
            this.columns = columns;
            this.siblings = siblings;
        }
    }

    final Part[] parts;

    LigeroProof(Part[] parts) {
        this.parts = parts;
    }

    /** Size of the encoding in bytes. */
    public int sizeBytes() {
        return toBytes().length;
    }

    public void writeTo(FieldWriter w) {
        for (Part p : parts) {
            for (int j = 0; j < p.evalRow0.length; j++) {
                for (long x : p.evalRow0[j]) w.field(x);
                for (long x : p.evalRow1[j]) w.field(x);
            }
            for (long x : p.proxRow0) w.field(x);
            for (long x : p.proxRow1) w.field(x);
            w.u32(p.numColumns);
            for (long x : p.columns) w.field(x);
            w.u32(p.siblings.length / Hash.DIGEST_BYTES);
            w.bytes(p.siblings);
        }
    }

    /** Reads a proof for these commitments and claims (shapes from the verifier's side). */
    public static LigeroProof readFrom(FieldReader r, LigeroParams params, List<LigeroCommitment> commitments, List<EvalClaim> claims) {
        int[] claimsPer = LigeroPcs.claimsPerCommitment(commitments, claims, ProofFormatException::new);
        Part[] parts = new Part[commitments.size()];
        for (int k = 0; k < parts.length; k++) {
            int n = commitments.get(k).numVars();
            int logCols = params.logCols(n);
            int cols = 1 << logCols, rows = 1 << (n - logCols);
            int depth = logCols + params.logBlowup;
            String what = "ligero proof, commitment " + k;
            long[][] e0 = new long[claimsPer[k]][], e1 = new long[claimsPer[k]][];
            for (int j = 0; j < e0.length; j++) {
                e0[j] = r.fieldsFixed(what + " evaluation row", cols);
                e1[j] = r.fieldsFixed(what + " evaluation row", cols);
            }
            long[] p0 = r.fieldsFixed(what + " proximity row", cols);
            long[] p1 = r.fieldsFixed(what + " proximity row", cols);
            int maxColumns = (int) Math.min(params.numQueries, 1L << depth);
            int count = r.length(what + " column count", maxColumns);
            if (count < 1) throw new ProofFormatException(what + ": no opened columns");
            long cells = (long) count * rows; // count <= min(t, N) and rows come from the verifier, but t is caller-chosen
            if (cells > Integer.MAX_VALUE / 8) throw new ProofFormatException(what + ": " + count + " opened columns of " + rows + " rows exceed any proof");
            long[] columns = r.fieldsFixed(what + " columns", (int) cells);
            int sibs = r.length(what + " Merkle sibling count", MerkleTree.siblingBound(count, depth));
            byte[] siblings = r.bytes(what + " Merkle siblings", sibs * Hash.DIGEST_BYTES);
            parts[k] = new Part(e0, e1, p0, p1, count, columns, siblings);
        }
        return new LigeroProof(parts);
    }

    @Override
    public byte[] toBytes() {
        FieldWriter w = new FieldWriter().u8(VERSION);
        writeTo(w);
        return w.toByteArray();
    }

    public static LigeroProof fromBytes(byte[] bytes, LigeroParams params, List<LigeroCommitment> commitments, List<EvalClaim> claims) {
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("ligero proof version");
        if (v != VERSION) throw new ProofFormatException("ligero proof: unknown format version " + v);
        LigeroProof p = readFrom(r, params, commitments, claims);
        r.finish("ligero proof");
        return p;
    }
}
