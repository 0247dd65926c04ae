package io.zkml4j.pcs;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hash;
import io.zkml4j.transcript.Transcript;
import java.util.Arrays;

/**
 * A Ligero commitment: the number of variables and the Merkle root over the encoded matrix's columns; for a hiding
 * commitment ({@link HidingLigeroPcs}) also the number B of openings its tableau holds masks for (the verifier derives
 * the tableau's layout and every opening's shape from it). A binding commitment records none (0): it may be opened any
 * number of times.
 */
public final class LigeroCommitment implements PcsCommitment {
    static final int VERSION = 1;
    private final int numVars;
    private final byte[] root;
    /** Openings of a hiding commitment (1..{@link HidingLigeroParams#MAX_OPENINGS}); 0 for a binding one. */
    private final int openings;

    LigeroCommitment(int numVars, byte[] root) {
        this(numVars, root, 0);
    }

    LigeroCommitment(int numVars, byte[] root, int openings) {
        if (numVars < 1 || numVars > LigeroParams.MAX_VARS) throw new IllegalArgumentException("numVars " + numVars + " out of range");
        if (root.length != Hash.DIGEST_BYTES) throw new IllegalArgumentException("Merkle root of " + root.length + " bytes");
        if (openings < 0 || openings > HidingLigeroParams.MAX_OPENINGS) throw new IllegalArgumentException("openings " + openings + " out of range 0.." + HidingLigeroParams.MAX_OPENINGS);
        this.numVars = numVars;
        this.root = root.clone();
        this.openings = openings;
    }

    /** How many times a hiding commitment may be opened (B); 0 for a binding commitment. */
    public int openings() {
        return openings;
    }

    @Override
    public int numVars() {
        return numVars;
    }

    public byte[] root() {
        return root.clone();
    }

    byte[] rootRef() {
        return root;
    }

    @Override
    public void absorbInto(Transcript transcript) {
        transcript.absorbField("ligero.commitment.numVars", numVars);
        transcript.absorbBytes("ligero.commitment.root", root);
        if (openings > 0) transcript.absorbField("ligero.commitment.openings", openings);
    }

    /** u32 numVars, the root, and for a hiding commitment u32 B (the reader knows which from the scheme). */
    public void writeTo(FieldWriter w) {
        w.u32(numVars).bytes(root);
        if (openings > 0) w.u32(openings);
    }

    /** A binding commitment ({@link LigeroPcs}). */
    public static LigeroCommitment readFrom(FieldReader r) {
        int n = r.u32("ligero commitment numVars");
        if (n < 1 || n > LigeroParams.MAX_VARS) throw new ProofFormatException("ligero commitment: numVars " + n + " out of range 1.." + LigeroParams.MAX_VARS);
        return new LigeroCommitment(n, r.bytes("ligero commitment root", Hash.DIGEST_BYTES));
    }

    /** A hiding commitment ({@link HidingLigeroPcs}): the binding form, then its number of openings. */
    public static LigeroCommitment readHiding(FieldReader r) {
        LigeroCommitment c = readFrom(r);
        int b = r.u32("hiding commitment openings");
        if (b < 1 || b > HidingLigeroParams.MAX_OPENINGS) throw new ProofFormatException("hiding commitment: " + b + " openings, out of range 1.." + HidingLigeroParams.MAX_OPENINGS);
        return new LigeroCommitment(c.numVars, c.root, b);
    }

    /** A hiding commitment made to be opened once: a proof's own tableau (the verifier refuses any other). */
    public static LigeroCommitment readHidingOnce(FieldReader r, String what) {
        LigeroCommitment c = readHiding(r);
        if (c.openings != 1) throw new ProofFormatException(what + ": a commitment for " + c.openings + " openings where one opening is allowed");
        return c;
    }

    @Override
    public byte[] toBytes() {
        FieldWriter w = new FieldWriter().u8(VERSION);
        writeTo(w);
        return w.toByteArray();
    }

    public static LigeroCommitment fromBytes(byte[] bytes) {
        return fromBytes(bytes, false);
    }

    static LigeroCommitment fromBytes(byte[] bytes, boolean hiding) {
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("ligero commitment version");
        if (v != VERSION) throw new ProofFormatException("ligero commitment: unknown format version " + v);
        LigeroCommitment c = hiding ? readHiding(r) : readFrom(r);
        r.finish("ligero commitment");
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LigeroCommitment c && c.numVars == numVars && c.openings == openings && Arrays.equals(c.root, root);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(root) * 31 + numVars) * 31 + openings;
    }
}
