package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hiding commitment opened up to B times (docs/zero-knowledge.md, step 4): B openings verify, each with its own mask
 * set; one more is refused; the prover refuses a set used before; the verifier rejects a set outside 0..B-1 (decoded
 * or in memory), and the set is bound into the transcript; the commitment records B (encoding, transcript, equality);
 * the prover data file keeps B; the constraint tests open a B-tableau with its per-set coefficient shares; the
 * parameters for B openings reach the target. The zero-knowledge side (openings together hide) is in
 * HidingLigeroZeroKnowledgeTest.
 */
class HidingLigeroBudgetTest {
    private static final HidingLigeroPcs PCS = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);
    private final SplittableRandom rnd = new SplittableRandom(44);

    private static Transcript transcript() {
        return new Transcript("zkml4j.pcs.budget-test");
    }

    private long[] table(int n) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) t[i] = Goldilocks.reduce64(rnd.nextLong());
        return t;
    }

    private GoldilocksExt2 ext() {
        return GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
    }

    private List<EvalClaim> claims(long[] table) {
        int n = Integer.numberOfTrailingZeros(table.length);
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) z[i] = ext();
        return List.of(new EvalClaim(0, z, Mle.evaluate(table, z)));
    }

    private Blinding blinding() {
        return Blinding.from(new SplittableRandom(rnd.nextLong()));
    }

    private static HidingLigeroProof withIndex(HidingLigeroProof p, int b) {
        HidingLigeroProof.Part x = p.parts[0];
        return new HidingLigeroProof(new HidingLigeroProof.Part[] {new HidingLigeroProof.Part(b, x.openings, x.q0, x.q1, x.u0, x.u1, x.salts, x.columns, x.setPaths, x.siblings)});
    }

    @Test
    void everyOpeningOfTheBudgetVerifiesWithItsOwnMaskSetAndOneMoreIsRefused() {
        long[] t = table(9);
        HidingLigeroProverData d = PCS.commit(t, blinding(), 3);
        assertEquals(3, d.commitment().openings());
        List<LigeroCommitment> cs = List.of(PCS.commitmentFromBytes(d.commitment().toBytes())); // the verifier's copy, B read back
        for (int b = 0; b < 3; b++) {
            assertEquals(3 - b, d.remaining());
            List<EvalClaim> cl = claims(t);
            HidingLigeroProof p = PCS.open(List.of(d), cl, transcript());
            assertEquals(b, p.parts[0].index);
            HidingLigeroProof decoded = PCS.proofFromBytes(p.toBytes(), cs, cl);
            assertArrayEquals(p.toBytes(), decoded.toBytes());
            PCS.verify(cs, cl, decoded, transcript());
        }
        assertEquals(0, d.remaining());
        SpentCommitmentException e = assertThrows(SpentCommitmentException.class, () -> PCS.open(List.of(d), claims(t), transcript()));
        assertTrue(e.getMessage().contains("all 3 openings"), e.getMessage());
    }

    @Test
    void theProverRefusesAMaskSetUsedBeforeAndTakesTheOneSelected() {
        long[] t = table(8);
        HidingLigeroProverData d = PCS.commit(t, blinding(), 3);
        d.markUsed(0); // opened by another process, as a proving key's ledger says
        assertThrows(SpentCommitmentException.class, () -> d.select(0), "a set from the ledger");
        d.select(2);
        assertEquals(2, PCS.open(List.of(d), claims(t), transcript()).parts[0].index);
        assertThrows(SpentCommitmentException.class, () -> d.select(2), "a set this object opened");
        assertThrows(IllegalArgumentException.class, () -> d.select(3));
        assertThrows(IllegalArgumentException.class, () -> d.select(-1));
        assertEquals(3, d.usedPrefix());
        assertEquals(1, PCS.open(List.of(d), claims(t), transcript()).parts[0].index, "the lowest unused set");
        assertThrows(SpentCommitmentException.class, () -> PCS.open(List.of(d), claims(t), transcript()));
    }

    @Test
    void twoOpeningsUseDifferentMasksAndReuseWouldLeakTheirDifference() {
        // the leak the ledger prevents: with one mask set twice, q - q' no longer carries D
        long[] t = table(8);
        HidingLigeroProverData d = PCS.commit(t, blinding(), 2);
        List<EvalClaim> cl = claims(t);
        HidingLigeroProof p0 = PCS.open(List.of(d), cl, transcript()), p1 = PCS.open(List.of(d), cl, transcript());
        assertNotEquals(p0.parts[0].u0[0], p1.parts[0].u0[0]);
        assertNotEquals(p0.parts[0].q0[0], p1.parts[0].q0[0]);
    }

    /** The first opening of a commitment for two openings of a 2^8 table. */
    private record FirstOfTwo(long[] t, List<EvalClaim> cl, List<LigeroCommitment> cs, HidingLigeroProof p) {}

    private FirstOfTwo firstOfTwo() {
        long[] t = table(8);
        HidingLigeroProverData d = PCS.commit(t, blinding(), 2);
        List<EvalClaim> cl = claims(t);
        return new FirstOfTwo(t, cl, List.of(d.commitment()), PCS.open(List.of(d), cl, transcript()));
    }

    /**
     * B &gt; 1: an opened column carries its data entries and its own set's six, and the path of that set in the column's
     * set tree (the other sets enter the leaf through it). A changed path digest or own-set entry fails the Merkle check;
     * a path of the wrong length is a shape error (in memory) and a decoding error (bytes); the column is R + 6 long and
     * the path ceil(log2 B) digests, for B a power of two or not.
     */
    @Test
    void anOpenedColumnCarriesItsOwnSetAndItsPathInTheSetTree() {
        for (int openings : new int[] {2, 5, 16}) {
            long[] t = table(8);
            HidingLigeroProverData d = PCS.commit(t, blinding(), openings);
            d.select(openings - 1);
            List<EvalClaim> cl = claims(t);
            List<LigeroCommitment> cs = List.of(d.commitment());
            HidingLigeroProof p = PCS.open(List.of(d), cl, transcript());
            PCS.verify(cs, cl, p, transcript());
            HidingLigeroPcs.Shape s = new HidingLigeroPcs.Shape(HidingLigeroParams.DEFAULT, 8, openings);
            HidingLigeroProof.Part x = p.parts[0];
            assertEquals((long) s.t * (s.rows + 6), x.columns.length);
            assertEquals(s.t * 32 * (32 - Integer.numberOfLeadingZeros(openings - 1)), x.setPaths.length);
            for (int at : new int[] {0, 31, x.setPaths.length - 1}) {
                byte[] path = x.setPaths.clone();
                path[at] ^= 1;
                HidingLigeroProof bad = new HidingLigeroProof(new HidingLigeroProof.Part[] {new HidingLigeroProof.Part(x.index, x.openings, x.q0, x.q1, x.u0, x.u1, x.salts, x.columns, path, x.siblings)});
                VerificationException e = assertThrows(VerificationException.class, () -> PCS.verify(cs, cl, bad, transcript()));
                assertTrue(e.getMessage().contains("Merkle"), e.getMessage());
            }
            long[] cols = x.columns.clone();
            cols[s.mask(HidingLigeroPcs.DHI1)] = Goldilocks.add(cols[s.mask(HidingLigeroPcs.DHI1)], 1);
            HidingLigeroProof entry = new HidingLigeroProof(new HidingLigeroProof.Part[] {new HidingLigeroProof.Part(x.index, x.openings, x.q0, x.q1, x.u0, x.u1, x.salts, cols, x.setPaths, x.siblings)});
            assertTrue(assertThrows(VerificationException.class, () -> PCS.verify(cs, cl, entry, transcript())).getMessage().contains("Merkle"));
            byte[] shortPath = java.util.Arrays.copyOf(x.setPaths, x.setPaths.length - 32);
            HidingLigeroProof shortP = new HidingLigeroProof(new HidingLigeroProof.Part[] {new HidingLigeroProof.Part(x.index, x.openings, x.q0, x.q1, x.u0, x.u1, x.salts, x.columns, shortPath, x.siblings)});
            assertTrue(assertThrows(VerificationException.class, () -> PCS.verify(cs, cl, shortP, transcript())).getMessage().contains("opened column shape"));
            byte[] bytes = p.toBytes();
            assertThrows(ProofFormatException.class, () -> PCS.proofFromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 1), cs, cl));
            PCS.verify(cs, cl, PCS.proofFromBytes(bytes, cs, cl), transcript());
        }
    }

    /**
     * The layout check eps^t &lt;= 2^-(TARGET+1) decided in doubles with an exact fallback agrees with the exact
     * integer check everywhere near its boundary (every domain size, the query counts the presets and forOpenings use)
     * and on random numerators.
     */
    @Test
    void theLayoutCheckInDoublesDecidesAsTheExactOne() {
        SplittableRandom r = new SplittableRandom(3);
        for (int t : new int[] {1, 2, 154, 183, 256, 288, 320, 352, 384, 416, 448, 480, 512, 4096}) {
            for (int logN = 1; logN <= 30; logN++) {
                long n = 1L << logN;
                long boundary = (long) Math.floor(Math.pow(2, logN - (HidingLigeroParams.TARGET_BITS + 1.0) / t));
                for (long a = Math.max(1, boundary - 40); a <= Math.min(n, boundary + 40); a++) {
                    assertEquals(HidingLigeroParams.exactlyPasses(a, logN, t), HidingLigeroParams.passes(a, logN, t), "a " + a + " logN " + logN + " t " + t);
                }
                for (int i = 0; i < 20; i++) {
                    long a = 1 + r.nextLong(n);
                    assertEquals(HidingLigeroParams.exactlyPasses(a, logN, t), HidingLigeroParams.passes(a, logN, t), "a " + a + " logN " + logN + " t " + t);
                }
            }
        }
    }

    @Test
    void anOpeningOutsideTheBudgetIsRejectedDecodedOrInMemory() {
        FirstOfTwo o = firstOfTwo();
        List<EvalClaim> cl = o.cl();
        List<LigeroCommitment> cs = o.cs();
        HidingLigeroProof p = o.p();
        PCS.verify(cs, cl, p, transcript());
        // bytes: version byte, then u32 b
        byte[] bytes = p.toBytes();
        bytes[1] = 2;
        ProofFormatException pf = assertThrows(ProofFormatException.class, () -> PCS.proofFromBytes(bytes, cs, cl));
        assertTrue(pf.getMessage().contains("opening 2"), pf.getMessage());
        for (int b : new int[] {2, 7, -1}) {
            VerificationException ve = assertThrows(VerificationException.class, () -> PCS.verify(cs, cl, withIndex(p, b), transcript()));
            assertTrue(ve.getMessage().contains("outside 0..1"), ve.getMessage());
        }
    }

    @Test
    void theOpeningIndexIsBoundIntoTheTranscript() {
        FirstOfTwo o = firstOfTwo();
        long[] t = o.t();
        List<EvalClaim> cl = o.cl();
        List<LigeroCommitment> cs = o.cs();
        HidingLigeroProof p = o.p();
        HidingLigeroProof other = withIndex(p, 1);
        assertThrows(VerificationException.class, () -> PCS.verify(cs, cl, other, transcript()));
        // the challenges themselves depend on b (not only the masks it selects)
        assertNotEquals(PCS.replay(cs, cl, p, transcript()).gamma, PCS.replay(cs, cl, other, transcript()).gamma);
        // and under the constraint tests
        LigeroConstraints zkc = new LigeroConstraints(PCS);
        HidingLigeroProverData e = zkc.commit(t, blinding(), new GoldilocksExt2[] {GoldilocksExt2.ZERO, GoldilocksExt2.ZERO});
        List<LinearConstraint> lin = List.of(LinearConstraint.builder().eval(0, cl.get(0).point(), GoldilocksExt2.ONE).equalTo(cl.get(0).value));
        ConstraintProof cp = zkc.prove(List.of(e), lin, List.of(), transcript());
        List<LigeroCommitment> ecs = List.of(e.commitment());
        zkc.verify(ecs, lin, List.of(), cp, transcript());
        ConstraintProof moved = new ConstraintProof(cp.xs, cp.ys, withIndex(cp.opening, 1));
        assertNotEquals(zkc.replay(ecs, lin, List.of(), cp, transcript()).linear.gamma, zkc.replay(ecs, lin, List.of(), moved, transcript()).linear.gamma);
        assertThrows(VerificationException.class, () -> zkc.verify(ecs, lin, List.of(), moved, transcript()));
    }

    @Test
    void theCommitmentRecordsItsOpenings() {
        long[] t = table(6);
        LigeroCommitment two = PCS.commit(t, blinding(), 2).commitment();
        LigeroCommitment same = new LigeroCommitment(two.numVars(), two.root(), 1);
        assertNotEquals(two, same);
        assertEquals(two, PCS.commitmentFromBytes(two.toBytes()));
        FieldWriter w = new FieldWriter();
        two.writeTo(w);
        assertEquals(two, PCS.readCommitment(new FieldReader(w.toByteArray())));
        // the transcript sees B
        Transcript a = transcript(), b = transcript();
        two.absorbInto(a);
        same.absorbInto(b);
        assertNotEquals(a.challengeExt("x"), b.challengeExt("x"));
        // B outside 1..MAX, the binding form, and B > 1 where a proof's own tableau must be opened once
        for (int bad : new int[] {0, HidingLigeroParams.MAX_OPENINGS + 1}) {
            byte[] enc = new FieldWriter().u32(6).bytes(two.root()).u32(bad).toByteArray();
            ProofFormatException e = assertThrows(ProofFormatException.class, () -> LigeroCommitment.readHiding(new FieldReader(enc)));
            assertTrue(e.getMessage().contains("openings"), e.getMessage());
        }
        assertThrows(ProofFormatException.class, () -> LigeroCommitment.readHiding(new FieldReader(new FieldWriter().u32(6).bytes(two.root()).toByteArray())));
        FieldWriter w2 = new FieldWriter();
        two.writeTo(w2);
        assertThrows(ProofFormatException.class, () -> LigeroCommitment.readHidingOnce(new FieldReader(w2.toByteArray()), "a proof's tableau"));
        FieldWriter w1 = new FieldWriter();
        same.writeTo(w1);
        assertEquals(same, LigeroCommitment.readHidingOnce(new FieldReader(w1.toByteArray()), "a proof's tableau"));
    }

    @Test
    void aBindingCommitmentIsRefusedByTheHidingScheme() {
        long[] t = table(6);
        HidingLigeroProverData d = PCS.commit(t, blinding());
        List<EvalClaim> cl = claims(t);
        HidingLigeroProof p = PCS.open(List.of(d), cl, transcript());
        List<LigeroCommitment> binding = List.of(new LigeroCommitment(6, d.commitment().root()));
        VerificationException e = assertThrows(VerificationException.class, () -> PCS.verify(binding, cl, p, transcript()));
        assertTrue(e.getMessage().contains("binding commitment"), e.getMessage());
        assertThrows(ProofFormatException.class, () -> PCS.proofFromBytes(p.toBytes(), binding, cl));
    }

    @Test
    void theConstraintTestsOpenEachMaskSetWithItsOwnShare() {
        LigeroConstraints zkc = new LigeroConstraints(PCS);
        long[] w = table(10);
        GoldilocksExt2[] shares = {ext(), ext(), ext()};
        HidingLigeroProverData key = zkc.commit(w, blinding(), shares);
        for (int b = 0; b < 3; b++) {
            assertEquals(shares[b], LigeroConstraints.share(key), "the share of the next opening");
            long[] other = table(6);
            HidingLigeroProverData fresh = zkc.commit(other, blinding(), shares[b].neg());
            GoldilocksExt2[] z = claims(w).get(0).point();
            // W(z) - 3 other[5] = rhs: a constraint across the two tableaux
            GoldilocksExt2 rhs = Mle.evaluate(w, z).sub(GoldilocksExt2.ofBase(Goldilocks.mul(3, other[5])));
            List<LinearConstraint> lin = List.of(LinearConstraint.builder().eval(0, z, GoldilocksExt2.ONE).entry(1, 5, GoldilocksExt2.ofBase(Goldilocks.neg(3))).equalTo(rhs));
            ConstraintProof cp = zkc.prove(List.of(key, fresh), lin, List.of(), transcript());
            assertEquals(b, cp.opening.parts[0].index);
            List<LigeroCommitment> cs = List.of(key.commitment(), fresh.commitment());
            zkc.verify(cs, lin, List.of(), ConstraintProof.fromBytes(cp.toBytes(), PCS.params(), cs, 0), transcript());
        }
        assertThrows(SpentCommitmentException.class, () -> LigeroConstraints.share(key));
    }

    @Test
    void theProverDataFileKeepsTheBudgetButNotTheLedger(@TempDir Path dir) throws Exception {
        long[] t = table(10);
        HidingLigeroProverData d = PCS.commit(t, blinding(), 4);
        Path f = dir.resolve("data");
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(Files.newOutputStream(f))) {
            PCS.writeProverData(d, out);
        }
        HidingLigeroProverData back;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            back = PCS.readProverData(ch, 0, t);
        }
        assertEquals(d.commitment(), back.commitment());
        assertEquals(4, back.remaining(), "the ledger is the key's, not the data file's");
        back.markUsed(0);
        back.markUsed(1);
        List<EvalClaim> cl = claims(t);
        HidingLigeroProof p = PCS.open(List.of(back), cl, transcript());
        assertEquals(2, p.parts[0].index);
        PCS.verify(List.of(d.commitment()), cl, p, transcript());
    }

    @Test
    void theParametersForBOpeningsHideBtColumnsAndReachTheTarget() {
        HidingLigeroParams p = HidingLigeroParams.DEFAULT;
        assertSame(p, p.forOpenings(1), "B = 1 is today's parameters");
        assertThrows(IllegalArgumentException.class, () -> p.forOpenings(0));
        assertThrows(IllegalArgumentException.class, () -> p.forOpenings(HidingLigeroParams.MAX_OPENINGS + 1));
        assertThrows(IllegalStateException.class, () -> p.forOpenings(2).forOpenings(2));
        StringBuilder table = new StringBuilder();
        for (int b : new int[] {2, 4, 8, 16, 32, HidingLigeroParams.MAX_OPENINGS}) {
            HidingLigeroParams q = p.forOpenings(b);
            assertSame(q, p.forOpenings(b));
            assertEquals(b * q.numQueries, q.hiding, "h = B t");
            assertTrue(q.numQueries >= p.numQueries && q.numQueries <= 2 * p.numQueries, "queries " + q.numQueries);
            assertTrue(q.minSoundnessBits() >= HidingLigeroParams.TARGET_BITS, b + " openings: " + q.minSoundnessBits());
            // no worse, at every reference size, than keeping t (the choice weighs 2^16..2^24 together)
            long kept = 0, chosen = 0;
            HidingLigeroParams same = new HidingLigeroParams(p.logBlowup, p.numQueries, p.hiding, false, -1).forOpenings(b); // unchecked: t kept
            for (int n = 16; n <= 24; n++) {
                kept += same.openingBytes(n);
                chosen += q.openingBytes(n);
            }
            assertTrue(chosen <= kept, b + " openings: " + chosen + " bytes against " + kept + " with t kept");
            table.append(String.format("B=%d: t=%d, >= %.1f bits; 2^16: C=2^%d %,d B; 2^20: C=2^%d %,d B; 2^22: C=2^%d %,d B (t kept: %,d B)%n", b, q.numQueries,
                    q.minSoundnessBits(), q.logCols(16), q.openingBytes(16), q.logCols(20), q.openingBytes(20), q.logCols(22), q.openingBytes(22),
                    same.openingBytes(22)));
        }
        System.out.print(table);
    }

    @Test
    void simulatedOpeningsOfAnyMaskSetAreAccepted() {
        for (int b = 0; b < 3; b++) {
            int n = 7;
            GoldilocksExt2[] z = new GoldilocksExt2[n];
            for (int i = 0; i < n; i++) z[i] = ext();
            List<EvalClaim> cl = new ArrayList<>(List.of(new EvalClaim(0, z, ext())));
            GoldilocksExt2 gamma = ext();
            GoldilocksExt2[] gpow = HidingLigeroPcs.gammaPowers(gamma, 1);
            HidingLigeroPcs.SimulatedOpening o = PCS.simulateTerms(new int[] {n}, new int[] {3}, new int[] {b}, HidingLigeroPcs.claimTerms(cl, gpow),
                    gpow[0].mul(cl.get(0).value), gamma, new SplittableRandom(b));
            assertEquals(3, o.commitments().get(0).openings());
            PCS.checkShapes(o.commitments(), o.proof());
            PCS.check(o.commitments(), cl, o.proof(), o.challenges());
            HidingLigeroProof decoded = PCS.proofFromBytes(o.proof().toBytes(), o.commitments(), cl);
            PCS.check(o.commitments(), cl, decoded, o.challenges());
        }
    }
}
