package io.zkml4j.pcs;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.ProofFormatException;

/** Decodes a scheme as {@link MultilinearPcs#writeScheme} recorded it: an id byte, then the scheme's parameters. */
public final class PcsSchemes {
    private PcsSchemes() {}

    public static MultilinearPcs read(FieldReader r) {
        int id = r.u8("commitment scheme id");
        if (id == LigeroPcs.SCHEME_ID) return LigeroPcs.readScheme(r);
        throw new ProofFormatException("commitment scheme " + id + " unknown (this build knows " + LigeroPcs.SCHEME_ID + ": Ligero)");
    }
}
