package io.zkml4j.pcs;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hash;
import io.zkml4j.hash.MerkleTree;
import java.util.List;

/**
 * A hiding Ligero opening: per commitment, the masked evaluation polynomial q (K + C extension coefficients), the
 * masked proximity row u (K), and the t distinct queried columns in increasing index order, each with its 16-byte
 * salt, with their Merkle batch opening.
 *
 * <p>Encoding: u8 version, then per commitment: for a commitment of B > 1 openings u32 b, the mask set this opening
 * uses (0 &lt;= b &lt; B; absent when B = 1), q (K + C c0 values, then K + C c1 values), u (same, K), t salts (two u64
 * each), the columns (t x (R + 6) field elements: the data entries and set b's six), when B &gt; 1 each column's path in
 * its set tree (t x ceil(log2 B) digests; version 2, before which the columns held all 6B mask entries), u32 sibling
 * count (bounded by t x depth), the siblings. Every size
 * but the sibling count follows from the verifier's commitments (their B) and parameters. Decoding rejects values >= p,
 * b >= B, bad counts, truncation and trailing bytes.
 */
public final class HidingLigeroProof implements PcsProof {
    static final int VERSION = 2; // 2: one mask set per opened column, with its set-tree path

    static final class Part {
        /** The mask set b of this opening, and the commitment's B (b is encoded only when B > 1). */
        final int index, openings;
        final long[] q0, q1, u0, u1;
        final long[] salts; // 2 per column
        final long[] columns; // t x (R + 6), column-major: data entries, then set b's six
        final byte[] setPaths; // t x ceil(log2 B) digests (none when B = 1)
        final byte[] siblings;

        /** A part of a commitment opened once (no set paths). */
        Part(int index, int openings, long[] q0, long[] q1, long[] u0, long[] u1, long[] salts, long[] columns, byte[] siblings) {
            this(index, openings, q0, q1, u0, u1, salts, columns, new byte[0], siblings);
        }

        Part(int index, int openings, long[] q0, long[] q1, long[] u0, long[] u1, long[] salts, long[] columns, byte[] setPaths, byte[] siblings) {
            this.index = index;
            this.openings = openings;
            this.q0 = q0;
            this.q1 = q1;
            this.u0 = u0;
            this.u1 = u1;
            this.salts = salts;
            this.columns = columns;
            this.setPaths = setPaths;
            this.siblings = siblings;
        }
    }

    final Part[] parts;

    HidingLigeroProof(Part[] parts) {
        this.parts = parts;
    }

    public int sizeBytes() {
        return toBytes().length;
    }

    /** The mask set each part opens. */
    int[] openingIndices() {
        int[] b = new int[parts.length];
        for (int i = 0; i < b.length; i++) b[i] = parts[i].index;
        return b;
    }

    @Override
    public void writeTo(FieldWriter w) {
        for (Part p : parts) {
            if (p.openings > 1) w.u32(p.index);
            for (long[] v : new long[][] {p.q0, p.q1, p.u0, p.u1}) {
                for (long x : v) w.field(x);
            }
            for (long s : p.salts) w.u64(s);
            for (long x : p.columns) w.field(x);
            w.bytes(p.setPaths);
            w.u32(p.siblings.length / Hash.DIGEST_BYTES);
            w.bytes(p.siblings);
        }
    }

    static HidingLigeroProof readFrom(FieldReader r, HidingLigeroParams params, List<LigeroCommitment> commitments, List<EvalClaim> claims) {
        LigeroPcs.claimsPerCommitment(commitments, claims, ProofFormatException::new);
        Part[] parts = new Part[commitments.size()];
        for (int i = 0; i < parts.length; i++) {
            LigeroCommitment cm = commitments.get(i);
            String what = "hiding ligero proof, commitment " + i;
            int openings = cm.openings();
            if (openings < 1) throw new ProofFormatException(what + ": a binding commitment (no openings recorded) under the hiding scheme");
            HidingLigeroParams p = params.forOpenings(openings);
            int n = cm.numVars(), lc = p.logCols(n), t = p.numQueries;
            int c = 1 << lc, k = p.msgCoeffs(lc), rows = (1 << (n - lc)) + HidingLigeroPcs.MASK_ROWS;
            int setDepth = HidingLigeroPcs.setDepth(openings);
            int depth = p.logMsg(lc) + p.logBlowup;
            int index = 0;
            if (openings > 1) {
                index = r.u32(what + " opening index");
                if (index >= openings) throw new ProofFormatException(what + ": opening " + index + " of a commitment for " + openings + " openings");
            }
            long[] q0 = r.fieldsFixed(what + " q", k + c), q1 = r.fieldsFixed(what + " q", k + c);
            long[] u0 = r.fieldsFixed(what + " u", k), u1 = r.fieldsFixed(what + " u", k);
            long[] salts = new long[2 * t];
            for (int s = 0; s < salts.length; s++) salts[s] = r.u64(what + " salt");
            long cells = (long) t * rows;
            if (cells > Integer.MAX_VALUE / 8) throw new ProofFormatException(what + ": " + t + " columns of " + rows + " rows exceed any proof");
            long[] columns = r.fieldsFixed(what + " columns", (int) cells);
            byte[] setPaths = r.bytes(what + " set paths", t * setDepth * Hash.DIGEST_BYTES);
            int sibs = r.length(what + " Merkle sibling count", MerkleTree.siblingBound(t, depth));
            byte[] siblings = r.bytes(what + " Merkle siblings", sibs * Hash.DIGEST_BYTES);
            parts[i] = new Part(index, openings, q0, q1, u0, u1, salts, columns, setPaths, siblings);
        }
        return new HidingLigeroProof(parts);
    }

    @Override
    public byte[] toBytes() {
        FieldWriter w = new FieldWriter().u8(VERSION);
        writeTo(w);
        return w.toByteArray();
    }

    static HidingLigeroProof fromBytes(byte[] bytes, HidingLigeroParams params, List<LigeroCommitment> commitments, List<EvalClaim> claims) {
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("hiding ligero proof version");
        if (v != VERSION) throw new ProofFormatException("hiding ligero proof: unknown format version " + v);
        HidingLigeroProof p = readFrom(r, params, commitments, claims);
        r.finish("hiding ligero proof");
        return p;
    }
}
