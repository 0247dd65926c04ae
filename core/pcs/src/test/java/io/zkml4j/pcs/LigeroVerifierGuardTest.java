package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Shape guards, decoding bounds and the statement's transcript order of the Ligero verifier (docs/mutation.md). */
class LigeroVerifierGuardTest {
    private static final LigeroPcs PCS = new LigeroPcs(LigeroParams.DEFAULT);
    private static final int N = 6;

    private static Transcript transcript() {
        return new Transcript("zkml4j.pcs.guard-test");
    }

    private static long[] table() {
        long[] t = new long[1 << N];
        for (int i = 0; i < t.length; i++) t[i] = Goldilocks.reduce64(0x9E3779B97F4A7C15L * (i + 1));
        return t;
    }

    private static GoldilocksExt2[] point(int n) {
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) z[i] = GoldilocksExt2.of(7 + i, 3 * i + 1);
        return z;
    }

    private record Opened(List<LigeroCommitment> cs, List<EvalClaim> claims, LigeroProof proof) {
        LigeroProof.Part part() {
            return proof.parts[0];
        }

        void verify(LigeroProof p) {
            PCS.verify(cs, claims, p, transcript());
        }
    }

    private static Opened opened() {
        long[] t = table();
        LigeroProverData d = PCS.commit(t);
        GoldilocksExt2[] z = point(N);
        List<EvalClaim> claims = List.of(new EvalClaim(0, z, Mle.evaluate(t, z)));
        List<LigeroCommitment> cs = List.of(d.commitment());
        return new Opened(cs, claims, PCS.open(List.of(d), claims, transcript()));
    }

    private static LigeroProof with(LigeroProof.Part p) {
        return new LigeroProof(new LigeroProof.Part[] {p});
    }

    private static void shapeRejected(Opened o, UnaryOperator<LigeroProof.Part> f) {
        LigeroProof bad = with(f.apply(o.part()));
        assertThrows(VerificationException.class, () -> o.verify(bad));
    }

    @Test
    void inMemoryProofsOfTheWrongShapeAreVerificationErrors() {
        Opened o = opened();
        o.verify(o.proof());
        LigeroProof.Part p = o.part();
        long[][] none = new long[0][];
        shapeRejected(o, q -> new LigeroProof.Part(none, q.evalRow1, q.proxRow0, q.proxRow1, q.numColumns, q.columns, q.siblings));
        shapeRejected(o, q -> new LigeroProof.Part(q.evalRow0, none, q.proxRow0, q.proxRow1, q.numColumns, q.columns, q.siblings));
        long[][] shortRow = {Arrays.copyOf(p.evalRow0[0], p.evalRow0[0].length - 1)};
        shapeRejected(o, q -> new LigeroProof.Part(shortRow, q.evalRow1, q.proxRow0, q.proxRow1, q.numColumns, q.columns, q.siblings));
        shapeRejected(o, q -> new LigeroProof.Part(q.evalRow0, shortRow, q.proxRow0, q.proxRow1, q.numColumns, q.columns, q.siblings));
        long[] shortProx = Arrays.copyOf(p.proxRow0, p.proxRow0.length - 1);
        shapeRejected(o, q -> new LigeroProof.Part(q.evalRow0, q.evalRow1, shortProx, q.proxRow1, q.numColumns, q.columns, q.siblings));
        shapeRejected(o, q -> new LigeroProof.Part(q.evalRow0, q.evalRow1, q.proxRow0, shortProx, q.numColumns, q.columns, q.siblings));
        shapeRejected(o, q -> new LigeroProof.Part(q.evalRow0, q.evalRow1, q.proxRow0, q.proxRow1, 0, new long[0], q.siblings));
        int rows = p.columns.length / p.numColumns;
        LigeroProof one = with(new LigeroProof.Part(p.evalRow0, p.evalRow1, p.proxRow0, p.proxRow1, 1, Arrays.copyOf(p.columns, rows), p.siblings));
        VerificationException few = assertThrows(VerificationException.class, () -> o.verify(one));
        assertTrue(few.getMessage().contains("proof opens 1 columns, the queries need"), few.getMessage());
        VerificationException noCommitments = assertThrows(VerificationException.class, () -> PCS.verify(List.of(), List.of(), o.proof(), transcript()));
        assertTrue(noCommitments.getMessage().contains("at least one commitment"), noCommitments.getMessage());
        shapeRejected(o, q -> new LigeroProof.Part(q.evalRow0, q.evalRow1, q.proxRow0, q.proxRow1, q.numColumns,
                Arrays.copyOf(q.columns, q.columns.length - 1), q.siblings));
        LigeroProof twoParts = new LigeroProof(new LigeroProof.Part[] {p, p});
        VerificationException e = assertThrows(VerificationException.class, () -> o.verify(twoParts));
        assertTrue(e.getMessage().contains("2 parts for 1 commitments"), e.getMessage());
    }

    @Test
    void claimWithAPointOfTheWrongSizeIsNamed() {
        Opened o = opened();
        EvalClaim c = o.claims().get(0);
        List<EvalClaim> wide = List.of(new EvalClaim(0, point(N + 1), c.value));
        VerificationException e = assertThrows(VerificationException.class, () -> PCS.verify(o.cs(), wide, o.proof(), transcript()));
        assertTrue(e.getMessage().contains("has a point of " + (N + 1) + " coordinates"), e.getMessage());
    }

    /** gamma, the first challenge, against an independent replay of the specified statement and message order. */
    @Test
    void statementAndEvaluationRowsAreAbsorbedInTheirSpecifiedOrder() {
        Opened o = opened();
        LigeroCommitment c = o.cs().get(0);
        EvalClaim claim = o.claims().get(0);
        Transcript m = transcript();
        m.absorbBytes("pcs.scheme", ("ligero/v1 logBlowup=1 queries=" + LigeroParams.DEFAULT.numQueries + " hash=sha256").getBytes(StandardCharsets.UTF_8));
        m.absorbField("pcs.numCommitments", 1);
        m.absorbField("ligero.commitment.numVars", N);
        m.absorbBytes("ligero.commitment.root", c.root());
        m.absorbField("pcs.numClaims", 1);
        m.absorbField("pcs.claim.vector", 0);
        GoldilocksExt2[] z = claim.point();
        m.absorbExts("pcs.claim.point", Arrays.stream(z).mapToLong(e -> e.c0).toArray(), Arrays.stream(z).mapToLong(e -> e.c1).toArray());
        m.absorbExt("pcs.claim.value", claim.value);
        m.absorbExts("ligero.evalRow", o.part().evalRow0[0], o.part().evalRow1[0]);
        assertEquals(m.challengeExt("ligero.gamma"), PCS.replay(o.cs(), o.claims(), o.proof(), transcript()).gamma);
    }

    @Test
    void commitmentDecodingAcceptsExactlyOneToMaxVars() {
        byte[] root = new byte[32];
        root[0] = 1;
        for (int n : new int[] {1, LigeroParams.MAX_VARS}) {
            LigeroCommitment c = LigeroCommitment.readFrom(new FieldReader(new FieldWriter().u32(n).bytes(root).toByteArray()));
            assertEquals(n, c.numVars());
            assertArrayEquals(root, c.root());
        }
        for (int n : new int[] {0, LigeroParams.MAX_VARS + 1}) {
            assertThrows(ProofFormatException.class, () -> LigeroCommitment.readFrom(new FieldReader(new FieldWriter().u32(n).bytes(root).toByteArray())));
            assertThrows(IllegalArgumentException.class, () -> new LigeroCommitment(n, root));
        }
        assertThrows(IllegalArgumentException.class, () -> new LigeroCommitment(3, new byte[31]));
        LigeroCommitment a = new LigeroCommitment(3, root);
        assertEquals(a, new LigeroCommitment(3, root.clone()));
        assertEquals(a.hashCode(), new LigeroCommitment(3, root.clone()).hashCode());
        assertNotEquals(a, new LigeroCommitment(4, root));
        assertNotEquals(a, new LigeroCommitment(3, new byte[32]));
        assertNotEquals(a, "a");
    }

    /** One opened column is a well-formed proof; zero is not. */
    @Test
    void proofDecodingAcceptsOneOpenedColumnAndRejectsNone() {
        Opened o = opened();
        LigeroProof.Part p = o.part();
        int rows = p.columns.length / p.numColumns;
        for (int count : new int[] {1, 0}) {
            LigeroProof q = with(new LigeroProof.Part(p.evalRow0, p.evalRow1, p.proxRow0, p.proxRow1, count,
                    Arrays.copyOf(p.columns, count * rows), new byte[0]));
            byte[] bytes = q.toBytes();
            if (count == 1) {
                assertEquals(1, LigeroProof.fromBytes(bytes, LigeroParams.DEFAULT, o.cs(), o.claims()).parts[0].numColumns);
            } else {
                ProofFormatException e = assertThrows(ProofFormatException.class, () -> LigeroProof.fromBytes(bytes, LigeroParams.DEFAULT, o.cs(), o.claims()));
                assertTrue(e.getMessage().contains("no opened columns"), e.getMessage());
            }
        }
        assertTrue(o.proof().sizeBytes() == o.proof().toBytes().length);
    }

    @Test
    void parameterBoundsAreExact() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new LigeroParams(0, 1000));
        assertTrue(zero.getMessage().contains("out of range"), zero.getMessage());
        IllegalArgumentException nine = assertThrows(IllegalArgumentException.class, () -> new LigeroParams(9, 1000));
        assertTrue(nine.getMessage().contains("out of range"), nine.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new LigeroParams(1, 0));
        assertTrue(none.getMessage().contains("at least one column query"), none.getMessage());
        IllegalArgumentException weak = assertThrows(IllegalArgumentException.class, () -> new LigeroParams(1, 1));
        assertTrue(weak.getMessage().contains("bits of soundness"), weak.getMessage());
        assertEquals(8, LigeroParams.minimalFor(8).logBlowup);
    }

    /** With many queries the query term vanishes and the bound is log2(q) - log2(N + m + t) exactly. */
    @Test
    void fieldTermOfTheSoundnessBoundCountsCodewordClaimsAndQueries() {
        LigeroParams p = new LigeroParams(1, 5000);
        int n = 12, claims = 1000;
        long codeLen = 1L << (p.logCols(n) + 1);
        double expected = 127.99 - Math.log(codeLen + claims + 5000) / Math.log(2);
        assertEquals(expected, p.soundnessBits(n, claims), 1e-9);
    }

    /** The matrix split fixes every proof's shape, so it is part of the proof format: pinned for the presets. */
    @Test
    void matrixSplitOfThePresetsIsPinned() {
        String[] expected = {
            "1,1,1,1,1,1,1,1,1,1,1,8,9,10,10,11,11,12,12,13,13,14,14,15,15,16,16,17,17,18",
            "1,1,1,1,1,1,1,1,6,7,8,8,9,9,10,11,11,12,12,13,13,14,14,15,15,16,16,17,17,18",
            "1,1,1,1,1,1,4,5,6,7,7,8,9,9,10,10,11,11,12,12,13,13,14,14,15,15,16,16,17,17"};
        LigeroParams[] presets = {LigeroParams.FAST_COMMIT, LigeroParams.BALANCED, LigeroParams.SMALL_PROOF};
        for (int k = 0; k < presets.length; k++) {
            StringBuilder s = new StringBuilder();
            for (int n = 1; n <= LigeroParams.MAX_VARS; n++) s.append(n > 1 ? "," : "").append(presets[k].logCols(n));
            assertEquals(expected[k], s.toString(), presets[k].toString());
        }
        assertEquals(241, LigeroParams.FAST_COMMIT.numQueries);
        assertEquals(148, LigeroParams.BALANCED.numQueries);
        assertEquals(110, LigeroParams.SMALL_PROOF.numQueries);
        assertEquals(100.01540676668661, LigeroParams.FAST_COMMIT.minSoundnessBits(), 1e-12);
        assertEquals(100.34020126384559, LigeroParams.BALANCED.minSoundnessBits(), 1e-12);
        assertEquals(100.35711460344065, LigeroParams.SMALL_PROOF.minSoundnessBits(), 1e-12);
        assertEquals(8, new LigeroParams(1, 256).logCols(12)); // a tie in size: the smaller split wins
        assertThrows(IllegalArgumentException.class, () -> LigeroParams.DEFAULT.logCols(0));
        assertThrows(IllegalArgumentException.class, () -> LigeroParams.DEFAULT.logCols(LigeroParams.MAX_VARS + 1));
    }
}
