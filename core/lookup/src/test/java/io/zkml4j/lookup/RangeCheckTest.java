package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.pcs.LigeroProof;
import io.zkml4j.pcs.LigeroProverData;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Range checks end to end, with the Ligero PCS proving every claim the check leaves to the caller. */
class RangeCheckTest {

    private static long[] randomBelow(SplittableRandom r, int logN, int bits) {
        long[] v = new long[1 << logN];
        for (int i = 0; i < v.length; i++) v[i] = bits == 63 ? r.nextLong() >>> 1 : r.nextLong(1L << bits);
        return v;
    }

    /**
     * The full protocol as a caller runs it: commit v, the limbs and m; range check with those commitments as
     * bindings; open every claim with one PCS proof; the verifier replays all of it. Throws on rejection.
     */
    private static void proveAndVerifyWithPcs(long[] values, RangeCheck.Witness w) {
        int n = Integer.numberOfTrailingZeros(values.length), bits = w.bits();
        List<LigeroProverData> data = new ArrayList<>();
        data.add(Fixtures.PCS.commit(values));
        for (long[] limb : w.limbs()) data.add(Fixtures.PCS.commit(limb));
        data.add(Fixtures.PCS.commit(w.multiplicities()));
        List<LigeroCommitment> commitments = new ArrayList<>();
        for (LigeroProverData d : data) commitments.add(d.commitment());
        LigeroCommitment[] bindings = commitments.toArray(new LigeroCommitment[0]);

        Transcript tp = Fixtures.transcript();
        RangeCheck.ProverOutput out = RangeCheck.prove(w, tp, bindings);
        List<EvalClaim> claims = claimList(out.claims(), w.limbs().length);
        LigeroProof opening = Fixtures.PCS.open(data, claims, tp);

        Transcript tv = Fixtures.transcript();
        LookupProof proof = LookupProof.fromBytes(out.proof().toBytes(), RangeCheck.table(bits), RangeCheck.shape(n, bits));
        RangeCheck.Claims vc = RangeCheck.verify(n, bits, proof, tv, bindings);
        List<EvalClaim> vclaims = claimList(vc, vc.numLimbs());
        LigeroProof vopening = Fixtures.PCS.proofFromBytes(opening.toBytes(), commitments, vclaims);
        Fixtures.PCS.verify(commitments, vclaims, vopening, tv);
    }

    private static List<EvalClaim> claimList(RangeCheck.Claims c, int limbs) {
        List<EvalClaim> claims = new ArrayList<>();
        claims.add(c.valueClaim(0));
        for (int i = 0; i < limbs; i++) claims.add(c.limbClaim(i, 1 + i));
        claims.add(c.multiplicityClaim(1 + limbs));
        return claims;
    }

    @ParameterizedTest(name = "bits {0}")
    @ValueSource(ints = {1, 8, 16, 17, 24, 32, 40, 48, 63})
    void inRangeValuesVerifyEndToEnd(int bits) {
        SplittableRandom r = new SplittableRandom(bits);
        long[] v = randomBelow(r, 8, bits);
        v[0] = 0;
        v[1] = bits == 63 ? Long.MAX_VALUE : (1L << bits) - 1; // both ends of the range
        RangeCheck.Witness w = RangeCheck.witness(v, bits);
        assertEquals(RangeCheck.numLimbs(bits), w.limbs().length);
        assertDoesNotThrow(() -> proveAndVerifyWithPcs(v, w));
    }

    @Test
    void shapeFollowsTheBits() {
        assertEquals(1, RangeCheck.shape(4, 16).numSegments());
        assertEquals(2, RangeCheck.shape(4, 32).numSegments());
        assertEquals(3, RangeCheck.shape(4, 17).numSegments()); // two limbs + the shifted top limb
        assertEquals(5, RangeCheck.shape(4, 63).numSegments());
        assertEquals(8, RangeCheck.table(8).numVars());
        assertEquals(16, RangeCheck.table(40).numVars());
    }

    @ParameterizedTest(name = "bits {0}")
    @ValueSource(ints = {4, 16, 20, 32, 63})
    void honestProverRefusesOutOfRangeValues(int bits) {
        long[] v = new long[8];
        v[5] = bits == 63 ? Goldilocks.P - 1 : 1L << bits;
        ValueNotInTableException e = assertThrows(ValueNotInTableException.class, () -> RangeCheck.witness(v, bits));
        assertTrue(e.getMessage().contains("entry 5"), e.getMessage());
    }

    /** Limbs with an entry of 2^16: whatever multiplicities the cheater picks from its in-table entries, rejected. */
    @Test
    void limbOf2To16IsRejected() {
        long[][] limbs = {{0, 1, 2, 3}, {0, 0, 0, 65536}}; // "decomposes" 2^32 in a 32-bit check
        long[] m = new long[1 << 16];
        for (long[] l : limbs) for (long x : l) if (x < 65536) m[(int) x]++;
        RangeCheck.Witness w = RangeCheck.fromLimbs(limbs, 32, m);
        LookupProof proof = RangeCheck.prove(w, Fixtures.transcript()).proof();
        assertFalse(acceptedWithTrueLimbClaims(w, proof, 2, 32));
    }

    /** p - 1 in a 63-bit check: its limbs are in [0, 2^16) but the top one needs 16 bits, not 15. */
    @Test
    void pMinusOneIsRejectedBecauseTheTopLimbIsTooLarge() {
        long pm1 = Goldilocks.P - 1;
        long[] v = {pm1, 5, 6, 7};
        long[][] limbs = new long[4][4];
        for (int i = 0; i < 4; i++) for (int k = 0; k < 4; k++) limbs[k][i] = (v[i] >>> (16 * k)) & 0xFFFF;
        assertEquals(0xFFFF, limbs[3][0]);
        // honest counts of all segments that are in the table (the shifted top 2 * 0xFFFF is not)
        long[] m = new long[1 << 16];
        for (long[] l : limbs) for (long x : l) m[(int) x]++;
        for (int i = 1; i < 4; i++) m[(int) (limbs[3][i] * 2)]++;
        RangeCheck.Witness w = RangeCheck.fromLimbs(limbs, 63, m);
        LookupProof proof = RangeCheck.prove(w, Fixtures.transcript()).proof();
        assertFalse(acceptedWithTrueLimbClaims(w, proof, 2, 63));
    }

    /** A shifted-top segment that is in the table but is not 2^(16-r) times the top limb fails the verifier's derived check. */
    @Test
    void shiftedSegmentInconsistentWithTheTopLimbIsRejected() {
        long[][] limbs = {{1, 2, 3, 4}, {0, 1, 0x1FFFF >> 1, 3}}; // top limb 0xFFFF >= 2^15 in a 31-bit check
        long[][][] segs = {{limbs[0]}, {limbs[1]}, {{0, 2, 0, 6}}}; // shifted segment lies (0 instead of 0x1FFFE)
        LookupWitness lw = LookupWitness.of(RangeCheck.table(31), segs);
        RangeCheck.Witness w = RangeCheck.fromLookup(31, limbs, lw);
        VerificationException e = assertThrows(VerificationException.class,
                () -> RangeCheck.verify(2, 31, RangeCheck.prove(w, Fixtures.transcript()).proof(), Fixtures.transcript()));
        assertTrue(e.getMessage().contains("shifted top limb"), e.getMessage());
    }

    /** Valid limbs of ANOTHER vector: the lookup accepts, but the recomposed value claim is false for v. */
    @Test
    void limbsOfAnotherValueGiveAFalseRecompositionClaim() {
        SplittableRandom r = new SplittableRandom(7);
        long[] v = randomBelow(r, 4, 32);
        long[] other = v.clone();
        other[3] ^= 0x10000;
        RangeCheck.Witness w = RangeCheck.witness(other, 32);
        RangeCheck.Claims c = RangeCheck.verify(4, 32, RangeCheck.prove(w, Fixtures.transcript()).proof(), Fixtures.transcript());
        assertNotEquals(Mle.evaluate(v, c.point()), c.value());
        assertEquals(Mle.evaluate(other, c.point()), c.value());
        // and the PCS rejects the recomposition claim on the committed v
        assertThrows(VerificationException.class, () -> proveAndVerifyWithPcs(v, w));
    }

    @Test
    void bitsAreBoundIntoTheTranscript() {
        // 17 and 18 bits have the same table and shape, and with a zero top limb the same derived check: only the
        // absorbed statement tells them apart
        RangeCheck.Witness w = RangeCheck.witness(new long[] {1, 2, 3, 4}, 18);
        LookupProof proof = RangeCheck.prove(w, Fixtures.transcript()).proof();
        assertDoesNotThrow(() -> RangeCheck.verify(2, 18, proof, Fixtures.transcript()));
        assertThrows(VerificationException.class, () -> RangeCheck.verify(2, 17, proof, Fixtures.transcript()));
    }

    private static boolean acceptedWithTrueLimbClaims(RangeCheck.Witness w, LookupProof proof, int n, int bits) {
        try {
            RangeCheck.Claims c = RangeCheck.verify(n, bits, proof, Fixtures.transcript());
            return ClaimCheck.holds(w.lookup(), c.lookup());
        } catch (VerificationException e) {
            return false;
        }
    }
}
