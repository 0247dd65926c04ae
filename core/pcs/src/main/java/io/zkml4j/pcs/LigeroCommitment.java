package io.zkml4j.pcs;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hash;
import io.zkml4j.transcript.Transcript;
import java.util.Arrays;

/** A Ligero commitment: the number of variables and the Merkle root over the encoded matrix's columns. */
public final class LigeroCommitment implements PcsCommitment {
    static final int VERSION = 1;
    private final int numVars;
    private final byte[] root;

    LigeroCommitment(int numVars, byte[] root) {
        if (numVars < 1 || numVars > LigeroParams.MAX_VARS) throw new IllegalArgumentException("numVars " + numVars + " out of range");
        if (root.length != Hash.DIGEST_BYTES) throw new IllegalArgumentException("Merkle root of " + root.length + " bytes");
        this.numVars = numVars;
        this.root = root.clone();
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
    }

    public void writeTo(FieldWriter w) {
        w.u32(numVars).bytes(root);
    }

    public static LigeroCommitment readFrom(FieldReader r) {
        int n = r.u32("ligero commitment numVars");
        if (n < 1 || n > LigeroParams.MAX_VARS) throw new ProofFormatException("ligero commitment: numVars " + n + " out of range 1.." + LigeroParams.MAX_VARS);
        return new LigeroCommitment(n, r.bytes("ligero commitment root", Hash.DIGEST_BYTES));
    }

    @Override
    public byte[] toBytes() {
        FieldWriter w = new FieldWriter().u8(VERSION);
        writeTo(w);
        return w.toByteArray();
    }

    public static LigeroCommitment fromBytes(byte[] bytes) {
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("ligero commitment version");
        if (v != VERSION) throw new ProofFormatException("ligero commitment: unknown format version " + v);
        LigeroCommitment c = readFrom(r);
        r.finish("ligero commitment");
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LigeroCommitment && ((LigeroCommitment) o).numVars == numVars && Arrays.equals(((LigeroCommitment) o).root, root);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(root) * 31 + numVars;
    }
}
