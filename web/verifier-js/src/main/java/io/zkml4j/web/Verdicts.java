package io.zkml4j.web;

import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.prover.VerifyingKey;
import io.zkml4j.ml.prover.io.ProofCheck;
import io.zkml4j.ml.prover.io.ProofFile;

/** The verdict of the JavaScript verifier on raw bytes, as plain Java (so the JVM tests run the same decision). */
public final class Verdicts {
    private Verdicts() {}

    /** Why the proof file does not hold for the key, as one line, or null when it holds. Never throws. */
    public static String of(byte[] verifyingKey, byte[] proofFile) {
        try {
            VerifyingKey vk;
            try {
                vk = VerifyingKey.fromBytes(verifyingKey);
            } catch (ProofFormatException e) {
                return "bad verifying key: " + e.getMessage();
            }
            ProofFile pf;
            try {
                pf = ProofFile.decode(proofFile);
            } catch (ProofFile.FormatException e) {
                return "bad proof file: " + e.getMessage();
            }
            return ProofCheck.rejection(vk, pf);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // Bytes that break the decoder in an unforeseen way are still a rejection, never an exception to the page.
            return "the proof could not be checked (" + ProofCheck.kind(e) + ": " + e.getMessage() + ")";
        }
    }
}
