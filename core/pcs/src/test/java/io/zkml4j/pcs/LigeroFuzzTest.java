package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Adversarial decoding and verification of Ligero openings and commitments: random bytes, random bit flips,
 * truncations and extensions, on several table sizes and claim counts (including commitments with no claim and a
 * table of 2 entries whose every column is opened). The only allowed outcomes are acceptance of the honest bytes,
 * {@link ProofFormatException} or {@link VerificationException}; any other exception is a crash reachable from proof
 * data (a denial of service, and a sign that a check relies on an unstated assumption).
 */
class LigeroFuzzTest {
    private static final String DOMAIN = "zkml4j.pcs.fuzz-test/v1";
    private final LigeroPcs pcs = new LigeroPcs(LigeroParams.DEFAULT);
    private final SplittableRandom rnd = new SplittableRandom(2024);

    private GoldilocksExt2 ext() {
        return GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
    }

    private Transcript transcript(List<LigeroCommitment> cs) {
        Transcript t = new Transcript(DOMAIN);
        for (LigeroCommitment c : cs) c.absorbInto(t);
        return t;
    }

    private boolean outcome(byte[] bytes, List<LigeroCommitment> cs, List<EvalClaim> claims) {
        try {
            LigeroProof p = pcs.proofFromBytes(bytes, cs, claims);
            pcs.verify(cs, claims, p, transcript(cs));
            return true;
        } catch (ProofFormatException | VerificationException e) {
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError("verifier crashed with " + e, e);
        }
    }

    private byte[] mutate(byte[] bytes, int kind) {
        byte[] b;
        switch (kind) {
            case 0:
                b = new byte[rnd.nextInt(bytes.length + 64)];
                rnd.nextBytes(b);
                if (b.length > 0) b[0] = 1;
                return b;
            case 1:
                b = bytes.clone();
                for (int f = 1 + rnd.nextInt(3); f > 0; f--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                return b;
            case 2:
                return Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
            case 3: {
                b = Arrays.copyOf(bytes, bytes.length + 1 + rnd.nextInt(64));
                for (int i = bytes.length; i < b.length; i++) b[i] = (byte) rnd.nextInt(256);
                return b;
            }
            default: { // overwrite an aligned 4-byte word (lengths and counts) with an extreme value
                b = bytes.clone();
                int at = 1 + rnd.nextInt(Math.max(1, (b.length - 5) / 4)) * 4;
                int[] extremes = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1 << 28, 1 << 20};
                int v = extremes[rnd.nextInt(extremes.length)];
                for (int i = 0; i < 4 && at + i < b.length; i++) b[at + i] = (byte) (v >>> (8 * i));
                return b;
            }
        }
    }

    @Test
    void randomBytesFlipsAndTruncationsOnlyEverRejectCleanly() {
        int[][] shapes = {{1}, {2, 3}, {5, 1}, {9}};
        int[][] claimsPer = {{1}, {0, 2}, {2, 0}, {3}};
        for (int s = 0; s < shapes.length; s++) {
            List<LigeroProverData> data = new ArrayList<>();
            List<long[]> tables = new ArrayList<>();
            for (int n : shapes[s]) {
                long[] t = new long[1 << n];
                for (int i = 0; i < t.length; i++) t[i] = Goldilocks.reduce64(rnd.nextLong());
                tables.add(t);
                data.add(pcs.commit(t));
            }
            List<EvalClaim> claims = new ArrayList<>();
            for (int k = 0; k < shapes[s].length; k++) {
                for (int j = 0; j < claimsPer[s][k]; j++) {
                    GoldilocksExt2[] z = new GoldilocksExt2[shapes[s][k]];
                    for (int i = 0; i < z.length; i++) z[i] = ext();
                    claims.add(new EvalClaim(k, z, Mle.evaluate(tables.get(k), z)));
                }
            }
            List<LigeroCommitment> cs = new ArrayList<>();
            for (LigeroProverData d : data) cs.add(d.commitment());
            byte[] bytes = pcs.open(data, claims, transcript(cs)).toBytes();
            assertArrayEquals(bytes, pcs.proofFromBytes(bytes, cs, claims).toBytes(), "round trip");
            if (!outcome(bytes, cs, claims)) fail("honest proof rejected for shape " + s);
            for (int k = 0; k < 250; k++) {
                byte[] b = mutate(bytes, k % 5);
                if (outcome(b, cs, claims) && !Arrays.equals(b, bytes)) fail("altered proof accepted (shape " + s + ", kind " + (k % 5) + ")");
            }
        }
    }

    @Test
    void commitmentDecodingRejectsEveryMalformedEncodingCleanly() {
        LigeroCommitment c = pcs.commit(new long[] {1, 2, 3, 4}).commitment();
        byte[] bytes = c.toBytes();
        assertArrayEquals(bytes, LigeroCommitment.fromBytes(bytes).toBytes());
        for (int k = 0; k < 500; k++) {
            byte[] b = mutate(bytes, k % 5);
            try {
                LigeroCommitment d = LigeroCommitment.fromBytes(b);
                if (!Arrays.equals(b, d.toBytes())) fail("non-canonical commitment encoding accepted");
            } catch (ProofFormatException e) {
                // rejected
            } catch (RuntimeException e) {
                throw new AssertionError("commitment decoder crashed with " + e, e);
            }
        }
        for (int n : new int[] {0, 31, -1, Integer.MIN_VALUE}) {
            byte[] b = bytes.clone();
            for (int i = 0; i < 4; i++) b[1 + i] = (byte) (n >>> (8 * i));
            assertThrows(ProofFormatException.class, () -> LigeroCommitment.fromBytes(b), "numVars " + n);
        }
    }
}
