package io.zkml4j.sumcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape guards and exact decoding of the sumcheck side's verifier inputs (found by mutation testing, docs/mutation.md). */
class SumcheckVerifierGuardTest {
    private static final GoldilocksExt2 X = GoldilocksExt2.of(3, 4);

    private static SumcheckProof zeros(int rounds, int values) {
        GoldilocksExt2[][] r = new GoldilocksExt2[rounds][values];
        for (GoldilocksExt2[] row : r) Arrays.fill(row, GoldilocksExt2.ZERO);
        return new SumcheckProof(r);
    }

    /** The all-zero sumcheck proves "sum = 0": with no claims to batch, g = 0 and f(s) g(s) = 0 would hold. */
    @Test
    void emptyClaimListIsRejectedEvenWithAConsistentZeroProof() {
        VerificationException e = assertThrows(VerificationException.class,
                () -> ClaimReduction.verify(3, List.of(), zeros(3, 3), GoldilocksExt2.ZERO, new Transcript("t")));
        assertTrue(e.getMessage().contains("no claims"), e.getMessage());
    }

    @Test
    void nullAndMisfitClaimsAreVerificationErrors() {
        SlotClaim ok = new SlotClaim(new GoldilocksExt2[] {X}, 0, X);
        assertThrows(VerificationException.class,
                () -> ClaimReduction.verify(2, Arrays.asList(ok, null), zeros(2, 3), X, new Transcript("t")));
        SlotClaim wide = new SlotClaim(new GoldilocksExt2[] {X, X, X}, 0, X);
        assertThrows(VerificationException.class, () -> ClaimReduction.verify(2, List.of(wide), zeros(2, 3), X, new Transcript("t")));
        // a zero claim with the zero proof passes every round: only the null check stops the missing value
        SlotClaim zero = new SlotClaim(new GoldilocksExt2[] {X}, 0, GoldilocksExt2.ZERO);
        VerificationException e = assertThrows(VerificationException.class,
                () -> ClaimReduction.verify(2, List.of(zero), zeros(2, 3), null, new Transcript("t")));
        assertTrue(e.getMessage().contains("missing final value"), e.getMessage());
    }

    @Test
    void tableSizeBoundsAreExact() {
        SlotClaim c = new SlotClaim(new GoldilocksExt2[] {X}, 0, X);
        for (int n : new int[] {-1, 41}) {
            VerificationException e = assertThrows(VerificationException.class,
                    () -> ClaimReduction.verify(n, List.of(c), zeros(0, 3), X, new Transcript("t")));
            assertTrue(e.getMessage().contains("table of " + n + " variables"), e.getMessage());
        }
        // n = 40 passes the size check and fails later, on the proof's round count
        VerificationException e = assertThrows(VerificationException.class,
                () -> ClaimReduction.verify(40, List.of(c), zeros(0, 3), X, new Transcript("t")));
        assertTrue(e.getMessage().contains("rounds"), e.getMessage());
    }

    /** alpha is drawn after the protocol label, the shape and every claim: an independent replay of that order. */
    @Test
    void claimReductionStatementIsAbsorbedInItsSpecifiedOrder() {
        SlotClaim c = new SlotClaim(new GoldilocksExt2[] {X, GoldilocksExt2.ONE}, 1, GoldilocksExt2.of(9, 2));
        GoldilocksExt2 alpha = ClaimReduction.absorbStatement(new Transcript("t"), 3, List.of(c), -1);
        Transcript m = new Transcript("t");
        m.absorbBytes("claimreduction.protocol", "zkml4j/claim-reduction/v1".getBytes(StandardCharsets.UTF_8));
        m.absorbFields("claimreduction.shape", new long[] {3, 1});
        m.absorbFields("claimreduction.claim.shape", new long[] {2, 1});
        m.absorbExts("claimreduction.claim.point", new long[] {3, 1}, new long[] {4, 0});
        m.absorbExt("claimreduction.claim.value", GoldilocksExt2.of(9, 2));
        assertEquals(m.challengeExt("claimreduction.alpha"), alpha);
    }

    @Test
    void sumcheckShapeBoundsAreExact() {
        for (int[] bad : new int[][] {{-1, 2}, {41, 2}, {2, 0}, {2, SumOfProducts.MAX_DEGREE + 2}}) {
            assertThrows(IllegalArgumentException.class, () -> SumcheckProof.checkShape(bad[0], bad[1]), Arrays.toString(bad));
            assertThrows(IllegalArgumentException.class, () -> SumcheckProof.readFrom(new FieldReader(new byte[64]), bad[0], bad[1]));
        }
        for (int[] good : new int[][] {{0, 1}, {40, 1}, {1, SumOfProducts.MAX_DEGREE + 1}}) {
            SumcheckProof.checkShape(good[0], good[1]);
        }
        // 40 rounds: the shape is fine, the (empty) bytes are not
        assertThrows(ProofFormatException.class, () -> SumcheckProof.fromBytes(new byte[] {1}, 40, 3));
        SumcheckProof none = SumcheckProof.fromBytes(zeros(0, 0).toBytes(), 0, 3);
        assertEquals(0, none.numRounds());
    }

    @Test
    void roundsAreCopiesAndUnevenRoundsCannotBeEncoded() {
        SumcheckProof p = new SumcheckProof(new GoldilocksExt2[][] {{X, GoldilocksExt2.ONE}});
        GoldilocksExt2[] r = p.round(0);
        assertArrayEquals(new GoldilocksExt2[] {X, GoldilocksExt2.ONE}, r);
        assertNotSame(r, p.round(0));
        SumcheckProof uneven = new SumcheckProof(new GoldilocksExt2[][] {{X, X}, {X, X, X}});
        assertThrows(IllegalStateException.class, () -> uneven.writeTo(new FieldWriter()));
    }

    @Test
    void interpolatingNoValuesIsAnArgumentError() {
        assertThrows(IllegalArgumentException.class, () -> Univariate.evaluate(new GoldilocksExt2[0], X));
    }
}
