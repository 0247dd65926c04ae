package io.zkml4j.pcs;

import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.transcript.Transcript;

/** What the verifier holds about a committed vector: small, public, serializable. */
public interface PcsCommitment {
    /** Number of variables n of the committed 2^n table. */
    int numVars();

    /** Absorbs this commitment (all of it) into a transcript; protocols call it when the commitment is sent. */
    void absorbInto(Transcript transcript);

    /** Writes the commitment into a stream (no version byte: the enclosing format has one). */
    void writeTo(FieldWriter w);

    /** Canonical encoding, starting with a format version byte. */
    byte[] toBytes();
}
