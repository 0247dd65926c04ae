package io.zkml4j.pcs;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import java.util.List;

/**
 * A proof of {@link LigeroConstraints}: the products' X' = e x + alpha and Y' = e y + beta (one pair per product),
 * then the hiding Ligero opening of the linear test. Encoding: u8 version, u32 product count, the X' and Y' values
 * (extension), the opening ({@link HidingLigeroProof} without its version byte).
 */
public final class ConstraintProof {
    static final int VERSION = 1;
    final GoldilocksExt2[] xs, ys;
    final HidingLigeroProof opening;

    ConstraintProof(GoldilocksExt2[] xs, GoldilocksExt2[] ys, HidingLigeroProof opening) {
        this.xs = xs;
        this.ys = ys;
        this.opening = opening;
    }

    /** The values sent in the clear besides the opening (X', Y' per product): for the zero-knowledge tests. */
    public GoldilocksExt2[] productValues() {
        GoldilocksExt2[] v = new GoldilocksExt2[2 * xs.length];
        for (int j = 0; j < xs.length; j++) {
            v[2 * j] = xs[j];
            v[2 * j + 1] = ys[j];
        }
        return v;
    }

    public void writeTo(FieldWriter w) {
        w.u32(xs.length);
        for (int j = 0; j < xs.length; j++) w.ext(xs[j]).ext(ys[j]);
        opening.writeTo(w);
    }

    public byte[] toBytes() {
        FieldWriter w = new FieldWriter().u8(VERSION);
        writeTo(w);
        return w.toByteArray();
    }

    public static ConstraintProof readFrom(FieldReader r, HidingLigeroParams params, List<LigeroCommitment> commitments, int numProducts) {
        r.expectLength("zk constraint proof: product count", numProducts);
        GoldilocksExt2[] xs = new GoldilocksExt2[numProducts], ys = new GoldilocksExt2[numProducts];
        for (int j = 0; j < numProducts; j++) {
            xs[j] = r.ext("zk constraint proof: X'");
            ys[j] = r.ext("zk constraint proof: Y'");
        }
        return new ConstraintProof(xs, ys, HidingLigeroProof.readFrom(r, params, commitments, List.of()));
    }

    public static ConstraintProof fromBytes(byte[] bytes, HidingLigeroParams params, List<LigeroCommitment> commitments, int numProducts) {
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("zk constraint proof version");
        if (v != VERSION) throw new ProofFormatException("zk constraint proof: unknown format version " + v);
        ConstraintProof p = readFrom(r, params, commitments, numProducts);
        r.finish("zk constraint proof");
        return p;
    }
}
