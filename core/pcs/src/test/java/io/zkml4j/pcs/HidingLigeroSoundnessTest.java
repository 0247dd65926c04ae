package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.MerkleTree;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Cheats against the hiding Ligero verifier, each rejected by the check it targets: a false claim with q adjusted to
 * pass the coefficient check, a changed column entry, a changed proof row (u, q) absorbed faithfully, a changed leaf
 * salt, columns the prover picked, a mask D whose coefficient C - 1 is nonzero; plus the guards (Blinding.NONE, a second
 * opening, distinct queries, the parameter derivation) and a decoding fuzz. Truncated, extended, non-canonical and
 * bit-flipped bytes are in the contract (HidingLigeroPcsTest).
 */
class HidingLigeroSoundnessTest {
    private static final HidingLigeroPcs PCS = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);
    private static final String DOMAIN = "zkml4j.pcs.hiding-soundness-test";
    private final SplittableRandom rnd = new SplittableRandom(11);

    private long[] table(int n) {
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) t[i] = Goldilocks.reduce64(rnd.nextLong());
        return t;
    }

    private GoldilocksExt2[] point(int n) {
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) z[i] = GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
        return z;
    }

    private static Transcript transcript() {
        return new Transcript(DOMAIN);
    }

    private Blinding blinding() {
        return Blinding.from(new SplittableRandom(rnd.nextLong()));
    }

    /** An honest opening of two claims on a 2^n table. */
    private final class Opened {
        final long[] table;
        final HidingLigeroProverData data;
        final List<EvalClaim> claims = new ArrayList<>();
        final List<LigeroCommitment> cs;
        final HidingLigeroProof proof;

        Opened(int n, Consumer<long[][]> maskTamper, HidingLigeroPcs.ProverTamper tamper, List<EvalClaim> claimed) {
            table = table(n);
            data = PCS.commit(table, blinding(), maskTamper);
            for (int j = 0; j < 2; j++) {
                GoldilocksExt2[] z = point(n);
                claims.add(new EvalClaim(0, z, Mle.evaluate(table, z)));
            }
            if (claimed != null) {
                claims.clear();
                claims.addAll(claimed);
            }
            cs = List.of(data.commitment());
            proof = PCS.open(List.of(data), claims, transcript(), tamper);
        }

        Opened(int n) {
            this(n, null, null, null);
        }

        void verify(HidingLigeroProof p) {
            PCS.verify(cs, claims, p, transcript());
        }

        HidingLigeroProof with(UnaryOperator<HidingLigeroProof.Part> f) {
            return new HidingLigeroProof(new HidingLigeroProof.Part[] {f.apply(proof.parts[0])});
        }
    }

    static String rejection(Runnable r) {
        try {
            r.run();
        } catch (VerificationException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void honestOpeningVerifiesAndReportsItsShape() {
        Opened o = new Opened(10);
        o.verify(o.proof);
        assertEquals(HidingLigeroParams.DEFAULT.numQueries, o.proof.parts[0].salts.length / 2);
    }

    @Test
    void falseClaimRejectedByTheEvaluationCheckEvenWithTheCoefficientAdjusted() {
        int n = 9;
        // A prover claiming y + 1 sets q's coefficient C - 1 to what the verifier expects; every column then disagrees.
        GoldilocksExt2[] z = point(n);
        List<EvalClaim> lie = new ArrayList<>();
        HidingLigeroPcs.ProverTamper cheat = new HidingLigeroPcs.ProverTamper() {
            @Override
            public void q(int vector, GoldilocksExt2[] gpow, long[] q0, long[] q1) {
                int c = 1 << HidingLigeroParams.DEFAULT.logCols(n);
                GoldilocksExt2 v = GoldilocksExt2.of(q0[c - 1], q1[c - 1]).add(gpow[0]); // + gamma (y + 1 - y)
                q0[c - 1] = v.c0;
                q1[c - 1] = v.c1;
            }
        };
        long[] t = table(n);
        HidingLigeroProverData d = PCS.commit(t, blinding());
        lie.add(new EvalClaim(0, z, Mle.evaluate(t, z).add(GoldilocksExt2.ONE)));
        HidingLigeroProof p = PCS.open(List.of(d), lie, transcript(), cheat);
        String why = rejection(() -> PCS.verify(List.of(d.commitment()), lie, p, transcript()));
        assertTrue(why.contains("evaluation check"), why);
        // without the adjustment the coefficient check catches it
        HidingLigeroProverData d2 = PCS.commit(t, blinding());
        HidingLigeroProof p2 = PCS.open(List.of(d2), lie, transcript(), (HidingLigeroPcs.ProverTamper) null);
        String why2 = rejection(() -> PCS.verify(List.of(d2.commitment()), lie, p2, transcript()));
        assertTrue(why2.contains("coefficient"), why2);
    }

    @Test
    void wrongClaimedValueRejected() {
        Opened o = new Opened(8);
        List<EvalClaim> wrong = new ArrayList<>(o.claims);
        EvalClaim c = wrong.get(1);
        wrong.set(1, new EvalClaim(0, c.point(), c.value.add(GoldilocksExt2.of(0, 1))));
        rejection(() -> PCS.verify(o.cs, wrong, o.proof, transcript()));
    }

    @Test
    void changedColumnEntryRejected() {
        Opened o = new Opened(8);
        int colLen = o.proof.parts[0].columns.length / HidingLigeroParams.DEFAULT.numQueries;
        for (int at : new int[] {0, colLen - 1, colLen + 3, o.proof.parts[0].columns.length - 1}) { // data and mask rows
            HidingLigeroProof bad = o.with(p -> {
                long[] cols = p.columns.clone();
                cols[at] = Goldilocks.add(cols[at], 1);
                return new HidingLigeroProof.Part(p.index, p.openings, p.q0, p.q1, p.u0, p.u1, p.salts, cols, p.siblings);
            });
            assertTrue(rejection(() -> o.verify(bad)).contains("Merkle"));
        }
    }

    @Test
    void changedProofRowsRejected() {
        Opened o = new Opened(8);
        rejection(() -> o.verify(o.with(p -> {
            long[] u = p.u1.clone();
            u[3] = Goldilocks.add(u[3], 1);
            return new HidingLigeroProof.Part(p.index, p.openings, p.q0, p.q1, p.u0, u, p.salts, p.columns, p.siblings);
        })));
        rejection(() -> o.verify(o.with(p -> {
            long[] q = p.q0.clone();
            q[q.length - 1] = Goldilocks.add(q[q.length - 1], 1);
            return new HidingLigeroProof.Part(p.index, p.openings, q, p.q1, p.u0, p.u1, p.salts, p.columns, p.siblings);
        })));
        // the same changes made by the prover before absorbing them (so the queries follow): the checks themselves reject
        Opened badU = new Opened(8, null, new HidingLigeroPcs.ProverTamper() {
            @Override
            public void u(int vector, long[] u0, long[] u1) {
                u0[5] = Goldilocks.add(u0[5], 1);
            }
        }, null);
        assertTrue(rejection(() -> badU.verify(badU.proof)).contains("proximity check"));
        Opened badQ = new Opened(8, null, new HidingLigeroPcs.ProverTamper() {
            @Override
            public void q(int vector, GoldilocksExt2[] gpow, long[] q0, long[] q1) {
                q1[q1.length - 1] = Goldilocks.add(q1[q1.length - 1], 1); // a coefficient the claim check does not read
            }
        }, null);
        assertTrue(rejection(() -> badQ.verify(badQ.proof)).contains("evaluation check"));
    }

    @Property(tries = 60)
    void anyFieldElementOfTheProofChangedIsRejected(@ForAll @IntRange(min = 1, max = 11) int n, @ForAll @IntRange(min = 0, max = 4) int section,
            @ForAll @IntRange(min = 0, max = 1 << 20) int where) {
        Opened o = new Opened(n);
        HidingLigeroProof bad = o.with(p -> {
            long[][] v = {p.q0.clone(), p.q1.clone(), p.u0.clone(), p.u1.clone(), p.columns.clone()};
            long[] x = v[section];
            int at = where % x.length;
            x[at] = Goldilocks.add(x[at], 1 + where);
            return new HidingLigeroProof.Part(p.index, p.openings, v[0], v[1], v[2], v[3], p.salts, v[4], p.siblings);
        });
        rejection(() -> o.verify(bad));
    }

    @Test
    void changedSaltRejected() {
        Opened o = new Opened(8);
        HidingLigeroProof bad = o.with(p -> {
            long[] s = p.salts.clone();
            s[7] ^= 1L << 40;
            return new HidingLigeroProof.Part(p.index, p.openings, p.q0, p.q1, p.u0, p.u1, s, p.columns, p.siblings);
        });
        assertTrue(rejection(() -> o.verify(bad)).contains("Merkle"));
    }

    @Test
    void columnsTheProverPickedRejected() {
        Opened o = new Opened(10);
        HidingLigeroPcs.Shape s = new HidingLigeroPcs.Shape(HidingLigeroParams.DEFAULT, 10);
        int t = HidingLigeroParams.DEFAULT.numQueries;
        int[] mine = new int[t];
        for (int j = 0; j < t; j++) mine[j] = 2 * j; // valid columns with a valid Merkle opening, but not the verifier's
        long[] salts = new long[2 * t], cols = new long[t * s.columnLen()], leaf = new long[s.stride];
        for (int j = 0; j < t; j++) {
            o.data.encoded.copyColumn(mine[j], leaf, 0);
            System.arraycopy(leaf, 0, salts, 2 * j, 2);
            System.arraycopy(leaf, 2, cols, j * s.columnLen(), s.columnLen());
        }
        byte[] sib = o.data.tree.open(mine);
        HidingLigeroProof bad = o.with(p -> new HidingLigeroProof.Part(p.index, p.openings, p.q0, p.q1, p.u0, p.u1, salts, cols, sib));
        rejection(() -> o.verify(bad));
        // and the verifier's own queries are distinct, as many as the parameters say
        HidingLigeroPcs.Challenges ch = PCS.replay(o.cs, o.claims, o.proof, transcript());
        assertEquals(t, Arrays.stream(ch.queries[0]).distinct().count());
        assertEquals(t, MerkleTree.distinctSorted(ch.queries[0]).length);
    }

    @Test
    void maskWithNonzeroCoefficientRejected() {
        // an honest opening of true claims, but D's coefficient C - 1 (which must be zero) is not: q's coefficient is off
        for (int row : new int[] {HidingLigeroPcs.DLO0, HidingLigeroPcs.DLO1}) {
            int n = 7, c = 1 << HidingLigeroParams.DEFAULT.logCols(n);
            Opened o = new Opened(n, masks -> masks[row][c - 1] = 5, null, null);
            assertTrue(rejection(() -> o.verify(o.proof)).contains("coefficient"));
        }
    }

    @Test
    void bindingOnlyBlindingAndSecondOpeningRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PCS.commit(table(4), Blinding.NONE));
        assertTrue(e.getMessage().contains("Blinding.NONE"));
        assertThrows(IllegalArgumentException.class, () -> PCS.commit(table(4)));
        Opened o = new Opened(5);
        assertThrows(IllegalStateException.class, () -> PCS.open(List.of(o.data), o.claims, transcript()));
    }

    @Test
    void domainPointsFollowTheEncodersOrder() {
        for (int n : new int[] {1, 6, 12}) {
            HidingLigeroPcs.Shape s = new HidingLigeroPcs.Shape(HidingLigeroParams.DEFAULT, n);
            long[] m0 = new long[s.msgLen], m1 = new long[s.msgLen];
            for (int i = 0; i < s.k; i++) {
                m0[i] = Goldilocks.reduce64(rnd.nextLong());
                m1[i] = Goldilocks.reduce64(rnd.nextLong());
            }
            long[] e = RsEncoder.of(s.logMsg, HidingLigeroParams.DEFAULT.logBlowup).encode(m0);
            for (int j = 0; j < s.width; j += 1 + s.width / 97) {
                assertEquals(e[j], HidingLigeroPcs.horner(m0, m1, HidingLigeroPcs.point(s, j)).c0, "position " + j);
            }
        }
    }

    @Test
    void parametersReachTheTargetForEveryTableSize() {
        for (HidingLigeroParams p : new HidingLigeroParams[] {HidingLigeroParams.FAST_COMMIT, HidingLigeroParams.SMALL_PROOF}) {
            assertTrue(p.minSoundnessBits() >= 100, p.toString());
            assertTrue(p.hiding >= p.numQueries);
            for (int n = 1; n <= HidingLigeroParams.MAX_VARS; n++) {
                int lc = p.logCols(n);
                assertTrue(lc >= 1 && lc <= n);
                assertTrue((1 << p.logMsg(lc)) >= p.msgCoeffs(lc), "message length holds data and hiding coefficients");
                HidingLigeroPcs.Shape s = new HidingLigeroPcs.Shape(p, n);
                assertTrue(s.k + s.cols <= s.width, "q fits the domain");
            }
        }
        assertEquals(1, HidingLigeroParams.FAST_COMMIT.logBlowup);
        assertEquals(256, HidingLigeroParams.FAST_COMMIT.numQueries);
        assertEquals(13, HidingLigeroParams.FAST_COMMIT.logCols(20));
        assertThrows(IllegalArgumentException.class, () -> new HidingLigeroParams(1, 150)); // too few queries
        assertThrows(IllegalArgumentException.class, () -> new HidingLigeroParams(1, 256, 100, true)); // h below the queries
        assertThrows(ProofFormatException.class, () -> PcsSchemes.read(new io.zkml4j.field.codec.FieldReader(
                new io.zkml4j.field.codec.FieldWriter().u8(HidingLigeroPcs.SCHEME_ID).u32(1).u32(10).toByteArray())));
    }

    @Test
    void decodingFuzzOnlyRejects() {
        Opened o = new Opened(6);
        byte[] bytes = o.proof.toBytes();
        for (int k = 0; k < 300; k++) {
            byte[] b;
            switch (k % 4) {
                case 0 -> {
                    b = new byte[rnd.nextInt(bytes.length + 64)];
                    rnd.nextBytes(b);
                    if (b.length > 0) b[0] = 1;
                }
                case 1 -> {
                    b = bytes.clone();
                    for (int f = 1 + rnd.nextInt(3); f > 0; f--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                case 2 -> b = Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
                default -> {
                    b = bytes.clone();
                    int at = 1 + rnd.nextInt(b.length - 5);
                    int v = new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1 << 28}[rnd.nextInt(5)];
                    for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
                }
            }
            byte[] fb = b;
            try {
                o.verify(PCS.proofFromBytes(fb, o.cs, o.claims));
                throw new AssertionError("mutated proof accepted (kind " + k % 4 + ")");
            } catch (ProofFormatException | VerificationException e) {
                // rejected, as it must be
            }
        }
    }
}
