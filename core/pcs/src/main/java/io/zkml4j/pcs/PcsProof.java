package io.zkml4j.pcs;

/** An opening proof; decoded only with shapes the verifier knows (see {@link MultilinearPcs#proofFromBytes}). */
public interface PcsProof {
    /** Canonical encoding, starting with a format version byte. */
    byte[] toBytes();
}
