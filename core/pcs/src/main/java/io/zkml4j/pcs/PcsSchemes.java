package io.zkml4j.pcs;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.ProofFormatException;

/** Decodes a scheme as {@link MultilinearPcs#writeScheme} recorded it: an id byte, then the scheme's parameters. */
public final class PcsSchemes {
    private PcsSchemes() {}

    public static MultilinearPcs read(FieldReader r) {
        int id = r.u8("commitment scheme id");
        if (id == LigeroPcs.SCHEME_ID) return LigeroPcs.readScheme(r);
        if (id == HidingLigeroPcs.SCHEME_ID) return HidingLigeroPcs.readScheme(r);
        throw new ProofFormatException("commitment scheme " + id + " unknown (this build knows " + LigeroPcs.SCHEME_ID + ": Ligero, "
                + HidingLigeroPcs.SCHEME_ID + ": hiding Ligero)");
    }

    /** Reads a blowup and a query count and builds the scheme; parameters the scheme refuses are a format error. */
    static <T> T readBlowupAndQueries(FieldReader r, String scheme, java.util.function.BiFunction<Integer, Integer, T> make) {
        int logBlowup = r.u32(scheme + " blowup"), queries = r.u32(scheme + " queries");
        try {
            return make.apply(logBlowup, queries);
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException(e.getMessage());
        }
    }
}
