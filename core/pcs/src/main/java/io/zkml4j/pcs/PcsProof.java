package io.zkml4j.pcs;

import io.zkml4j.field.codec.FieldWriter;

/** An opening proof; decoded only with shapes the verifier knows (see {@link MultilinearPcs#proofFromBytes}). */
public interface PcsProof {
    /** Writes the proof into a stream (no version byte: the enclosing format has one). */
    void writeTo(FieldWriter w);

    /** Canonical encoding, starting with a format version byte. */
    byte[] toBytes();
}
