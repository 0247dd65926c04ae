package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.hash.JdkSha256;
import io.zkml4j.hash.Sha256;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LigeroPcsTest extends PcsContractTest {
    private final LigeroPcs pcs = new LigeroPcs(LigeroParams.DEFAULT);

    @Override
    protected LigeroPcs pcs() {
        return pcs;
    }

    private LigeroProof copyWith(LigeroProof p, int part, java.util.function.UnaryOperator<LigeroProof.Part> f) {
        LigeroProof.Part[] parts = p.parts.clone();
        parts[part] = f.apply(parts[part]);
        return new LigeroProof(parts);
    }

    @Test
    void portableAndIntrinsicHashesInteroperate() {
        LigeroPcs prover = new LigeroPcs(LigeroParams.DEFAULT, new JdkSha256());
        LigeroPcs verifier = new LigeroPcs(LigeroParams.DEFAULT, Sha256.INSTANCE);
        long[] t = table(9);
        LigeroProverData d = prover.commit(t);
        List<EvalClaim> claims = List.of(trueClaim(0, t, point(9)));
        List<LigeroCommitment> cs = List.of(d.commitment());
        LigeroProof proof = prover.open(List.of(d), claims, transcript(cs));
        verifier.verify(cs, claims, verifier.proofFromBytes(proof.toBytes(), cs, claims), transcript(cs));
        assertArrayEquals(d.commitment().root(), verifier.commit(t).commitment().root());
    }

    @Test
    void tamperedMerklePathRejected() {
        Instance in = new Instance(new int[] {14}, new int[] {1}); // 2^11 columns: queries open a strict subset
        LigeroProof proof = (LigeroProof) in.prove();
        byte[] sib = proof.parts[0].siblings;
        assertTrue(sib.length > 0);
        for (int pos : new int[] {0, sib.length / 2, sib.length - 1}) {
            LigeroProof bad = copyWith(proof, 0, p -> {
                byte[] s = p.siblings.clone();
                s[pos] ^= 4;
                return new LigeroProof.Part(p.evalRow0, p.evalRow1, p.proxRow0, p.proxRow1, p.numColumns, p.columns, s);
            });
            VerificationException e = assertThrows(VerificationException.class, () -> in.verify(bad));
            assertTrue(e.getMessage().contains("Merkle"), e.getMessage());
        }
        LigeroProof shorter = copyWith(proof, 0, p -> new LigeroProof.Part(p.evalRow0, p.evalRow1, p.proxRow0, p.proxRow1, p.numColumns, p.columns,
                Arrays.copyOf(p.siblings, p.siblings.length - 32)));
        assertThrows(VerificationException.class, () -> in.verify(shorter));
    }

    @Test
    void tamperedOpenedColumnRejected() {
        Instance in = new Instance(new int[] {8}, new int[] {1});
        LigeroProof proof = (LigeroProof) in.prove();
        for (int pos : new int[] {0, proof.parts[0].columns.length - 1}) {
            LigeroProof bad = copyWith(proof, 0, p -> {
                long[] c = p.columns.clone();
                c[pos] = Goldilocks.add(c[pos], 1);
                return new LigeroProof.Part(p.evalRow0, p.evalRow1, p.proxRow0, p.proxRow1, p.numColumns, c, p.siblings);
            });
            assertThrows(VerificationException.class, () -> in.verify(bad));
        }
        // Dropping a column (and its Merkle data) cannot pass either: the verifier knows how many it needs.
        LigeroProof fewer = copyWith(proof, 0, p -> new LigeroProof.Part(p.evalRow0, p.evalRow1, p.proxRow0, p.proxRow1, p.numColumns - 1,
                Arrays.copyOf(p.columns, p.columns.length - (p.columns.length / p.numColumns)), p.siblings));
        assertThrows(VerificationException.class, () -> in.verify(fewer));
    }

    /**
     * A malicious prover with a faithful transcript: it claims a false value and adjusts its evaluation row so
     * that &lt;w, eqR&gt; equals the false value, absorbing the altered row as an honest prover would. Only the
     * column test can catch it, and must.
     */
    @Test
    void cheatingEvaluationRowCaughtByColumns() {
        int n = 10;
        long[] t = table(n);
        LigeroProverData d = pcs.commit(t);
        GoldilocksExt2[] z = point(n);
        EvalClaim honest = trueClaim(0, t, z);
        GoldilocksExt2 delta = GoldilocksExt2.of(5, 3);
        EvalClaim lie = new EvalClaim(0, z, honest.value.add(delta));
        int logCols = pcs.params().logCols(n);
        ExtVec eqR = Eq.table(Arrays.copyOfRange(z, 0, logCols));
        // w[0] += delta / eqR[0] shifts <w, eqR> by exactly delta.
        GoldilocksExt2 shift = delta.mul(eqR.get(0).inv());
        List<LigeroCommitment> cs = List.of(d.commitment());
        LigeroProof proof = pcs.open(List.of(d), List.of(lie), transcript(cs), (j, w0, w1) -> {
            GoldilocksExt2 w = GoldilocksExt2.of(w0[0], w1[0]).add(shift);
            w0[0] = w.c0;
            w1[0] = w.c1;
        });
        VerificationException e = assertThrows(VerificationException.class, () -> pcs.verify(cs, List.of(lie), proof, transcript(cs)));
        assertTrue(e.getMessage().contains("proximity or evaluation check"), e.getMessage());
        // Control: the same seam with no change gives an accepted proof of the true claim.
        LigeroProof ok = pcs.open(List.of(d), List.of(honest), transcript(cs), (j, w0, w1) -> {});
        pcs.verify(cs, List.of(honest), ok, transcript(cs));
    }

    @Test
    void cheatingProximityRowRejected() {
        Instance in = new Instance(new int[] {9}, new int[] {1});
        LigeroProof proof = (LigeroProof) in.prove();
        LigeroProof bad = copyWith(proof, 0, p -> {
            long[] r = p.proxRow0.clone();
            r[r.length - 1] = Goldilocks.add(r[r.length - 1], 1);
            return new LigeroProof.Part(p.evalRow0, p.evalRow1, r, p.proxRow1, p.numColumns, p.columns, p.siblings);
        });
        assertThrows(VerificationException.class, () -> in.verify(bad));
    }

    /**
     * Binding: every prover message feeds the challenges after it. Changing one element of any evaluation
     * row or of the proximity row must change the query indices the verifier derives (through
     * {@link LigeroPcs#replay}, the code verify uses). Deleting an absorb would make this fail.
     */
    @Test
    void everyProverMessageIsBoundBeforeTheQueries() {
        Instance in = new Instance(new int[] {14, 13}, new int[] {2, 1}); // wide enough that queries are a strict subset
        LigeroProof proof = (LigeroProof) in.prove();
        LigeroPcs.Challenges base = pcs.replay(in.commitments(), in.claims, proof, transcript(in.commitments()));
        for (int part = 0; part < proof.parts.length; part++) {
            for (int row = 0; row < proof.parts[part].evalRow0.length; row++) {
                for (int coord = 0; coord < 2; coord++) {
                    int r = row, c = coord;
                    LigeroProof bad = copyWith(proof, part, p -> {
                        long[][] e = (c == 0 ? p.evalRow0 : p.evalRow1).clone();
                        e[r] = e[r].clone();
                        e[r][e[r].length / 2] = Goldilocks.add(e[r][e[r].length / 2], 1);
                        return c == 0 ? new LigeroProof.Part(e, p.evalRow1, p.proxRow0, p.proxRow1, p.numColumns, p.columns, p.siblings)
                                : new LigeroProof.Part(p.evalRow0, e, p.proxRow0, p.proxRow1, p.numColumns, p.columns, p.siblings);
                    });
                    LigeroPcs.Challenges ch = pcs.replay(in.commitments(), in.claims, bad, transcript(in.commitments()));
                    assertNotEquals(base.gamma, ch.gamma, "gamma bound to eval row " + row + " of part " + part);
                    assertFalse(Arrays.deepEquals(base.queries, ch.queries), "queries bound to eval row " + row);
                    assertNotEquals(base.beta, ch.beta, "beta bound to eval row " + row);
                }
            }
            LigeroProof badProx = copyWith(proof, part, p -> {
                long[] r1 = p.proxRow1.clone();
                r1[0] = Goldilocks.add(r1[0], 1);
                return new LigeroProof.Part(p.evalRow0, p.evalRow1, p.proxRow0, r1, p.numColumns, p.columns, p.siblings);
            });
            LigeroPcs.Challenges ch = pcs.replay(in.commitments(), in.claims, badProx, transcript(in.commitments()));
            assertEquals(base.gamma, ch.gamma, "gamma precedes the proximity rows");
            assertFalse(Arrays.equals(base.queries[proof.parts.length - 1], ch.queries[proof.parts.length - 1]), "queries bound to proximity row of part " + part);
            assertNotEquals(base.beta, ch.beta, "beta bound to the proximity row of part " + part);
        }
        // The statement (each claim's value and point) is bound before the first challenge.
        EvalClaim c0 = in.claims.get(0);
        List<EvalClaim> moved = new java.util.ArrayList<>(in.claims);
        moved.set(0, new EvalClaim(c0.vector, c0.point(), c0.value.add(GoldilocksExt2.ONE)));
        assertNotEquals(base.gamma, pcs.replay(in.commitments(), moved, proof, transcript(in.commitments())).gamma);
        GoldilocksExt2[] p2 = c0.point();
        p2[0] = p2[0].add(GoldilocksExt2.ONE);
        moved.set(0, new EvalClaim(c0.vector, p2, c0.value));
        assertNotEquals(base.gamma, pcs.replay(in.commitments(), moved, proof, transcript(in.commitments())).gamma);
    }

    @Test
    void rejectsBadInputToCommit() {
        assertThrows(IllegalArgumentException.class, () -> pcs.commit(new long[3]));
        assertThrows(IllegalArgumentException.class, () -> pcs.commit(new long[1]));
        long[] t = new long[8];
        t[5] = Goldilocks.P;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pcs.commit(t));
        assertTrue(e.getMessage().contains("index 5"), e.getMessage());
    }

    @Test
    void otherParametersVerifyOwnProofsOnly() {
        LigeroPcs fast = new LigeroPcs(LigeroParams.BALANCED);
        long[] t = table(9);
        LigeroProverData d = fast.commit(t);
        List<EvalClaim> claims = List.of(trueClaim(0, t, point(9)));
        List<LigeroCommitment> cs = List.of(d.commitment());
        LigeroProof proof = fast.open(List.of(d), claims, transcript(cs));
        fast.verify(cs, claims, proof, transcript(cs));
        assertThrows(RuntimeException.class, () -> pcs.verify(cs, claims, pcs.proofFromBytes(proof.toBytes(), cs, claims), transcript(cs)));
    }

    @Test
    void pointsThatOnlyDifferInHighVariablesAreDistinguished() {
        // The row side (eqL) and the column side (eqR) both matter: move each half of the point separately.
        int n = 10;
        long[] t = table(n);
        LigeroProverData d = pcs.commit(t);
        GoldilocksExt2[] z = point(n);
        EvalClaim c = trueClaim(0, t, z);
        List<LigeroCommitment> cs = List.of(d.commitment());
        LigeroProof proof = pcs.open(List.of(d), List.of(c), transcript(cs));
        int logCols = pcs.params().logCols(n);
        for (int k : new int[] {0, logCols - 1, logCols, n - 1}) {
            GoldilocksExt2[] z2 = z.clone();
            z2[k] = z2[k].add(GoldilocksExt2.ONE);
            EvalClaim other = new EvalClaim(0, z2, c.value);
            assertRejected(() -> pcs.verify(cs, List.of(other), proof, transcript(cs)), "coordinate " + k + " moved");
        }
    }

    @Test
    void proverTranscriptAndVerifierTranscriptEndInTheSameState() {
        Instance in = new Instance(new int[] {7}, new int[] {1});
        Transcript p = transcript(in.commitments());
        LigeroProof proof = pcs.open(in.data, in.claims, p);
        Transcript v = transcript(in.commitments());
        pcs.verify(in.commitments(), in.claims, proof, v);
        assertEquals(p.challengeExt("after"), v.challengeExt("after"), "a protocol can continue on the same transcript");
    }

    /** A point whose variables from slotVars up are the bits of slot (a claim on one aligned slice of the table). */
    private GoldilocksExt2[] slotPoint(int n, int slotVars, long slot) {
        GoldilocksExt2[] z = point(n);
        for (int i = slotVars; i < n; i++) z[i] = ((slot >>> (i - slotVars)) & 1) == 1 ? GoldilocksExt2.ONE : GoldilocksExt2.ZERO;
        return z;
    }

    @Test
    void slotClaimsOpenAndFalseSlotValuesAreRejected() {
        // Slots smaller than a row, exactly a row, and spanning several rows (the sparse-row path of combineRows).
        int n = 14, logCols = pcs.params().logCols(n);
        long[] t = table(n);
        LigeroProverData d = pcs.commit(t);
        List<LigeroCommitment> cs = List.of(d.commitment());
        for (int slotVars : new int[] {logCols - 3, logCols, logCols + 2, n}) {
            List<EvalClaim> claims = new java.util.ArrayList<>();
            for (long slot : new long[] {0, (1L << (n - slotVars)) - 1, (1L << (n - slotVars)) / 3}) {
                claims.add(trueClaim(0, t, slotPoint(n, slotVars, slot)));
            }
            LigeroProof proof = pcs.open(List.of(d), claims, transcript(cs));
            pcs.verify(cs, claims, pcs.proofFromBytes(proof.toBytes(), cs, claims), transcript(cs));
            for (int j = 0; j < claims.size(); j++) {
                List<EvalClaim> bad = new java.util.ArrayList<>(claims);
                EvalClaim c = bad.get(j);
                bad.set(j, new EvalClaim(0, c.point(), c.value.add(GoldilocksExt2.ONE)));
                assertRejected(() -> pcs.verify(cs, bad, proof, transcript(cs)), "slot claim " + j + " changed");
            }
        }
    }

    @Test
    void combineRowsSkipsOnlyZeroCoefficients() {
        int rows = 16, cols = 8;
        long[] m = table(7);
        long[] a0 = new long[rows], a1 = new long[rows];
        for (int r : new int[] {1, 2, 3, 7, 15}) { // odd count: the single-row tail runs too
            a0[r] = Goldilocks.reduce64(r * 0x9E3779B97F4A7C15L);
            a1[r] = r == 7 ? 0 : Goldilocks.reduce64(r * 0xC2B2AE3D27D4EB4FL); // c0-only coefficient still counts
        }
        long[] o0 = new long[cols], o1 = new long[cols];
        LigeroPcs.combineRows(m, rows, cols, a0, a1, o0, o1);
        for (int c = 0; c < cols; c++) {
            long s0 = 0, s1 = 0;
            for (int r = 0; r < rows; r++) {
                s0 = Goldilocks.add(s0, Goldilocks.mul(a0[r], m[r * cols + c]));
                s1 = Goldilocks.add(s1, Goldilocks.mul(a1[r], m[r * cols + c]));
            }
            assertEquals(s0, o0[c], "column " + c);
            assertEquals(s1, o1[c], "column " + c);
        }
    }

    /**
     * The small rows' path gives the general path's row: entries at the bounds of +-2^SMALL_BITS, more live small rows
     * than one flush holds, large rows among them (general path in the same chunk), columns in several chunks (two
     * threads), coefficients up to p - 1; and exactly the rows whose every entry is small are marked.
     */
    @Test
    void combineRowsOfSmallRowsMatchesTheGeneralPath() {
        int rows = 200, cols = 1 << 11;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        long lim = 1L << LigeroPcs.SMALL_BITS;
        long[] m = new long[rows * cols];
        for (int i = 0; i < m.length; i++) {
            long s = switch (i % 5) {
                case 0 -> lim - 1;
                case 1 -> -(lim - 1);
                default -> rnd.nextLong(-lim + 1, lim);
            };
            m[i] = Goldilocks.fromSigned(s);
        }
        for (int r = 0; r < rows; r++) { // columns of extreme entries: a flush of too many rows overflows 64 bits there
            m[r * cols + 1] = Goldilocks.fromSigned(lim - 1);
            m[r * cols + cols - 1] = Goldilocks.fromSigned(-(lim - 1));
        }
        long[] big = {lim, Goldilocks.P - lim, 1L << 40, Goldilocks.P >>> 1, Goldilocks.P - 1 - (1L << 40)};
        for (int k = 0; k < big.length; k++) m[(17 + 40 * k) * cols + 5 * k] = big[k]; // one large entry in rows 17, 57, ...
        long[] a0 = new long[rows], a1 = new long[rows];
        for (int r = 0; r < rows; r++) {
            if (r % 7 == 3) continue; // dead rows between live ones
            a0[r] = r % 11 == 0 ? Goldilocks.reduce64(rnd.nextLong()) : Goldilocks.P - 1; // P - 1: high half 2^32 - 1
            a1[r] = Goldilocks.reduce64(rnd.nextLong());
        }
        boolean[] small = LigeroPcs.smallRows(m, rows, cols);
        for (int r = 0; r < rows; r++) {
            boolean holdsLarge = r >= 17 && (r - 17) % 40 == 0 && (r - 17) / 40 < big.length;
            assertEquals(!holdsLarge, small[r], "row " + r);
        }
        long[] g0 = new long[cols], g1 = new long[cols], s0 = new long[cols], s1 = new long[cols];
        LigeroPcs.combineRows(m, rows, cols, a0, a1, g0, g1);
        LigeroPcs.combineRows(m, rows, cols, a0, a1, s0, s1, small);
        assertArrayEquals(g0, s0);
        assertArrayEquals(g1, s1);
    }

    /** Rows of zeros are not encoded (their codeword is zero): a table that is mostly padding opens and verifies. */
    @Test
    void aTableWithRowsOfZerosCommitsOpensAndVerifies() {
        long[] t = table(14);
        int cols = 1 << pcs.params().logCols(14);
        for (int r = 0; r < t.length / cols; r++) if (r % 3 != 1) java.util.Arrays.fill(t, r * cols, (r + 1) * cols, 0);
        java.util.Arrays.fill(t, t.length - 5 * cols, t.length, 0);
        LigeroProverData d = pcs.commit(t);
        List<EvalClaim> claims = List.of(trueClaim(0, t, point(14)), trueClaim(0, t, point(14)));
        List<PcsCommitment> cs = List.of(d.commitment());
        pcs.verify(cs, claims, pcs.open(List.of(d), claims, transcript(cs)), transcript(cs));
        EvalClaim lie = new EvalClaim(0, claims.get(0).point(), claims.get(0).value.add(GoldilocksExt2.ONE));
        assertRejected(() -> pcs.verify(cs, List.of(lie), pcs.open(List.of(d), List.of(lie), transcript(cs)), transcript(cs)), "false claim on a sparse table");
    }
}
