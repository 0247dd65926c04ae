package io.zkml4j.sumcheck;

import static io.zkml4j.sumcheck.Fixtures.DOMAIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Adversarial decoding and verification: random bytes, random bit flips, truncations and extensions of honest
 * proofs, and malformed in-memory proofs. The only outcomes allowed are acceptance of the honest proof, a
 * {@link ProofFormatException} from the decoder or a {@link VerificationException} from the verifier; any other
 * exception (NullPointerException, ArithmeticException, IllegalArgumentException...) is a crash reachable from
 * proof data.
 */
class SumcheckFuzzTest {
    static final SumOfProducts PRODUCT = SumOfProducts.product(2);

    /** Decode + verify + final check; returns normally iff accepted, fails the test on any disallowed exception. */
    private static boolean outcome(byte[] bytes, int n, SumcheckProverOutput honest) {
        try {
            SumcheckProof p = SumcheckProof.fromBytes(bytes, n, 2);
            SumcheckClaim c = SumcheckVerifier.verify(n, 2, honest.claimedSum(), p, new Transcript(DOMAIN));
            SumcheckVerifier.checkFinal(c, PRODUCT, honest.finalEvals());
            return true;
        } catch (ProofFormatException | VerificationException e) {
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError("verifier crashed with " + e, e);
        }
    }

    @Test
    void randomBytesFlipsAndTruncationsOnlyEverRejectCleanly() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 0; n <= 4; n++) {
            SumcheckProverOutput out = SumcheckProver.proveProduct(Fixtures.base(r, n), Fixtures.base(r, n), new Transcript(DOMAIN));
            byte[] bytes = out.proof().toBytes();
            assertArrayEquals(bytes, SumcheckProof.fromBytes(bytes, n, 2).toBytes(), "round trip");
            if (!outcome(bytes, n, out)) fail("honest proof rejected, n = " + n);
            for (int k = 0; k < 300; k++) {
                byte[] b;
                switch (k % 4) {
                    case 0: {
                        b = new byte[r.nextInt(2 * bytes.length + 2)];
                        r.nextBytes(b);
                        if (b.length > 0 && r.nextBoolean()) b[0] = 1; // a valid version byte, to reach deeper
                        break;
                    }
                    case 1: {
                        b = bytes.clone();
                        int flips = 1 + r.nextInt(3);
                        for (int f = 0; f < flips; f++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                        break;
                    }
                    case 2:
                        b = Arrays.copyOf(bytes, r.nextInt(bytes.length));
                        break;
                    default: {
                        b = Arrays.copyOf(bytes, bytes.length + 1 + r.nextInt(40));
                        for (int i = bytes.length; i < b.length; i++) b[i] = (byte) r.nextInt(256);
                        break;
                    }
                }
                boolean accepted = outcome(b, n, out);
                if (accepted && !Arrays.equals(b, bytes)) fail("altered proof accepted (n = " + n + ", case " + (k % 4) + ")");
            }
            // round and value counts with the sign bit set, or huge, are a format error, not an allocation or overflow
            for (int field : new int[] {1, 5}) {
                for (int v : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 28}) {
                    byte[] b = bytes.clone();
                    for (int i = 0; i < 4; i++) b[field + i] = (byte) (v >>> (8 * i));
                    final int nn = n;
                    assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(b, nn, 2));
                }
            }
        }
    }

    /** The verifier checks in-memory proofs too: ragged rounds or missing values are rejected, never a crash. */
    @Test
    void malformedInMemoryProofsAreRejectedNotCrashed() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 3;
        SumcheckProverOutput out = SumcheckProver.proveProduct(Fixtures.base(r, n), Fixtures.base(r, n), new Transcript(DOMAIN));
        GoldilocksExt2[][] rounds = out.proof().rounds();
        GoldilocksExt2[][] empty = rounds.clone();
        empty[1] = new GoldilocksExt2[0];
        GoldilocksExt2[][] nulls = out.proof().rounds();
        nulls[2][1] = null;
        GoldilocksExt2[][] nullFirst = out.proof().rounds();
        nullFirst[0][0] = null;
        GoldilocksExt2[][] nullLast = out.proof().rounds();
        nullLast[1][2] = null;
        for (GoldilocksExt2[][] bad : new GoldilocksExt2[][][] {empty, nulls, nullFirst, nullLast}) {
            SumcheckProof p = new SumcheckProof(bad);
            try {
                SumcheckVerifier.verify(n, 2, out.claimedSum(), p, new Transcript(DOMAIN));
                fail("malformed proof accepted");
            } catch (VerificationException e) {
                // rejected
            } catch (RuntimeException e) {
                throw new AssertionError("verifier crashed with " + e, e);
            }
        }
    }

    /**
     * numVars = 0: the sum over the single point is the value itself. Prover, decoder and verifier agree on the
     * empty proof (version, 0 rounds, 0 values), the claim passes through unchanged, and a wrong final value fails.
     */
    @Test
    void zeroVariableSumcheckIsConsistentAcrossProverDecoderAndVerifier() {
        SplittableRandom r = new SplittableRandom(11);
        ExtVec a = Fixtures.extTable(r, 0), b = Fixtures.extTable(r, 0);
        SumcheckProverOutput out = SumcheckProver.prove(PRODUCT, new ExtVec[] {a, b}, new Transcript(DOMAIN));
        byte[] bytes = out.proof().toBytes();
        assertEquals(1 + 4 + 4, bytes.length);
        SumcheckProof p = SumcheckProof.fromBytes(bytes, 0, 2);
        SumcheckClaim c = SumcheckVerifier.verify(0, 2, out.claimedSum(), p, new Transcript(DOMAIN));
        assertEquals(0, c.point().length);
        assertEquals(out.claimedSum(), c.value());
        SumcheckVerifier.checkFinal(c, PRODUCT, out.finalEvals());
        GoldilocksExt2[] wrong = out.finalEvals();
        wrong[0] = wrong[0].add(GoldilocksExt2.ONE);
        assertThrows(VerificationException.class, () -> SumcheckVerifier.checkFinal(c, PRODUCT, wrong));
        // a zero-variable proof that nevertheless carries a values-per-round count is not canonical
        byte[] withCount = bytes.clone();
        withCount[5] = 3;
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(withCount, 0, 2));
    }
}
