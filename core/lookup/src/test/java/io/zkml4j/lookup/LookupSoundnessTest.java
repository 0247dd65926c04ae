package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.pcs.LigeroProverData;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Soundness of LogUp-GKR: every test here builds a proof for a FALSE statement (or a tampered proof) with a prover
 * that keeps the rest of the transcript faithful, and requires rejection. "Rejected" means the verifier throws, or
 * its output claims do not hold for the witness (which the caller's PCS openings would then refuse).
 */
class LookupSoundnessTest {
    private static final long P_MINUS_1 = Goldilocks.P - 1;

    /** The cheater's best multiplicities for a witness with out-of-table values: the counts of the in-table ones. */
    private static long[] countsOfMembers(Table table, long[] values) {
        long[] m = new long[1 << table.numVars()];
        for (long v : values) {
            int row = table.rowOf(new long[] {v});
            if (row >= 0) m[row]++;
        }
        return m;
    }

    private static boolean acceptedUnchecked(Table table, long[] values, long[] m) {
        LookupWitness w = LookupWitness.unchecked(table, new long[][][] {{values}}, m);
        return Fixtures.accepted(w, LookupProver.Cheat.NONE);
    }

    @Test
    void honestProverRefusesValuesOutsideTheTable() {
        ValueNotInTableException e = assertThrows(ValueNotInTableException.class,
                () -> LookupWitness.of(new RangeTable(4), new long[] {1, 2, 16, 3}));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("16"), e.getMessage());
    }

    @ParameterizedTest(name = "bits {0}")
    @ValueSource(ints = {1, 3, 8, 16})
    void valueTwoToTheKIsRejectedInRangeZeroToTwoToTheK(int bits) {
        SplittableRandom r = new SplittableRandom(bits);
        RangeTable table = new RangeTable(bits);
        long[] values = Fixtures.randomRange(r, 5, bits);
        values[7] = 1L << bits;
        long[] m = countsOfMembers(table, values);
        assertFalse(acceptedUnchecked(table, values, m));
        // nor with the out-of-range value "counted" at any single row
        for (int row : new int[] {0, (1 << bits) - 1}) {
            long[] m2 = m.clone();
            m2[row]++;
            assertFalse(acceptedUnchecked(table, values, m2));
        }
    }

    @Test
    void valuePMinusOneIsRejectedInARangeTableButIsMinusOneInASignedFunctionTable() {
        RangeTable range = new RangeTable(4);
        long[] values = {0, 1, 2, P_MINUS_1};
        long[] m = countsOfMembers(range, values);
        assertFalse(acceptedUnchecked(range, values, m));
        m[15]++; // "p - 1 = 15 (mod 16)" does not help
        assertFalse(acceptedUnchecked(range, values, m));
        FunctionTable abs = new FunctionTable("abs", -8, 4, Math::abs);
        long[][][] pairs = {{{0, 1, 2, P_MINUS_1}, {0, 1, 2, 1}}};
        assertTrue(ClaimCheck.holds(LookupWitness.of(abs, pairs), Fixtures.roundTrip(LookupWitness.of(abs, pairs))));
    }

    @Test
    void multiplicityOffByOneIsRejected() {
        SplittableRandom r = new SplittableRandom(5);
        RangeTable table = new RangeTable(6);
        long[] values = Fixtures.randomRange(r, 7, 6);
        long[] honest = LookupWitness.of(table, values).multiplicities();
        assertTrue(acceptedUnchecked(table, values, honest));
        for (int row : new int[] {0, (int) values[3], 63}) {
            for (long delta : new long[] {1, P_MINUS_1}) {
                long[] m = honest.clone();
                m[row] = Goldilocks.add(m[row], delta);
                assertFalse(acceptedUnchecked(table, values, m), "row " + row + " delta " + delta);
            }
        }
        // moving one count between rows keeps the total but not the multiset
        long[] moved = honest.clone();
        int from = (int) values[0];
        moved[from]--;
        moved[(from + 1) % 64]++;
        assertFalse(acceptedUnchecked(table, values, moved));
    }

    @Test
    void duplicatedValuesWithAnotherVectorsMultiplicitiesAreRejected() {
        // ezkl audit: [5,5,5,5,5,...] passed as a shuffle of [1..5]: membership without multiplicity
        RangeTable table = new RangeTable(3);
        long[] fives = {5, 5, 5, 5, 5, 5, 5, 5};
        long[] distinct = {0, 1, 2, 3, 4, 5, 6, 7};
        long[] mDistinct = LookupWitness.of(table, distinct).multiplicities();
        long[] mFives = LookupWitness.of(table, fives).multiplicities();
        assertFalse(acceptedUnchecked(table, fives, mDistinct));
        assertFalse(acceptedUnchecked(table, distinct, mFives));
        assertTrue(acceptedUnchecked(table, fives, mFives));
        assertTrue(acceptedUnchecked(table, distinct, mDistinct));
    }

    @Test
    void wrongOutputInAPairTableIsRejected() {
        FunctionTable sq = new FunctionTable("square", -16, 5, x -> x * x);
        long[][] cols = new long[2][8];
        for (int i = 0; i < 8; i++) {
            cols[0][i] = Goldilocks.fromSigned(i - 4);
            cols[1][i] = sq.apply(i - 4);
        }
        LookupWitness honest = LookupWitness.of(sq, new long[][][] {cols});
        assertTrue(Fixtures.accepted(honest, LookupProver.Cheat.NONE));
        cols[1][5] = Goldilocks.add(cols[1][5], 1); // (1, 2): the input exists, the output is wrong
        assertThrows(ValueNotInTableException.class, () -> LookupWitness.of(sq, new long[][][] {cols}));
        LookupWitness cheat = LookupWitness.unchecked(sq, new long[][][] {cols}, honest.multiplicities());
        assertFalse(Fixtures.accepted(cheat, LookupProver.Cheat.NONE));
    }

    /** Tampers node x of layer d on one side, recomputing the layers above (so the prover's own tree stays consistent above d). */
    static LookupProver.Cheat tamperNode(int side, int d, int x) {
        return new LookupProver.Cheat() {
            @Override
            void tamper(FractionTree[] trees, GoldilocksExt2[] ch) {
                FractionTree t = trees[side];
                t.overwrite(d, x, t.p(d, x).add(GoldilocksExt2.ONE), t.q(d, x));
            }
        };
    }

    @Test
    void changingOneFractionInAnyLayerIsRejected() {
        SplittableRandom r = new SplittableRandom(9);
        RangeTable table = new RangeTable(5);
        LookupWitness w = LookupWitness.of(table, Fixtures.randomRange(r, 6, 5));
        for (int side = 0; side < 2; side++) {
            int depth = side == 0 ? 6 : 5;
            for (int d = 1; d < depth; d++) {
                int x = r.nextInt(1 << d);
                assertFalse(Fixtures.accepted(w, tamperNode(side, d, x)), "side " + side + " layer " + d + " node " + x);
            }
        }
    }

    /**
     * The strongest single-fraction cheat: an out-of-table value, and one node of one layer shifted by exactly the
     * difference of the two sums so that the roots balance. The root check passes; the layer's sumcheck must fail.
     */
    @Test
    void forgedBalancingFractionInOneLayerIsRejected() {
        RangeTable table = new RangeTable(4);
        long[] values = Fixtures.randomRange(new SplittableRandom(3), 6, 4);
        values[10] = 99; // not in [0, 16)
        long[] m = countsOfMembers(table, values);
        LookupWitness w = LookupWitness.unchecked(table, new long[][][] {{values}}, m);
        for (int side = 0; side < 2; side++) {
            int depth = side == 0 ? 6 : 4;
            for (int d = 1; d < depth; d++) {
                boolean[] rootsBalanced = {false};
                LookupProver.Cheat forge = balancingFraction(side, d, rootsBalanced);
                LookupProverOutput out = LookupProver.prove(w, Fixtures.transcript(), new PcsCommitment[0], forge);
                assertTrue(rootsBalanced[0], "the forgery balances the roots");
                VerificationException e = assertThrows(VerificationException.class,
                        () -> LookupVerifier.verify(table, w.shape(), out.proof(), Fixtures.transcript()));
                assertTrue(e.getMessage().contains("layer " + d), e.getMessage());
            }
        }
    }

    /** Node 1 of layer d of a side shifted by the difference of the two sums, so the roots balance (reported in balanced[0]). */
    static LookupProver.Cheat balancingFraction(int side, int layer, boolean[] balanced) {
        return new LookupProver.Cheat() {
            @Override
            void tamper(FractionTree[] trees, GoldilocksExt2[] ch) {
                GoldilocksExt2 lookup = trees[0].p(0, 0).mul(trees[0].q(0, 0).inv());
                GoldilocksExt2 tab = trees[1].p(0, 0).mul(trees[1].q(0, 0).inv());
                GoldilocksExt2 delta = side == 0 ? tab.sub(lookup) : lookup.sub(tab);
                FractionTree t = trees[side];
                t.overwrite(layer, 1, t.p(layer, 1).add(delta.mul(t.q(layer, 1))), t.q(layer, 1));
                GoldilocksExt2 l2 = trees[0].p(0, 0).mul(trees[1].q(0, 0)), t2 = trees[1].p(0, 0).mul(trees[0].q(0, 0));
                balanced[0] = l2.equals(t2);
            }
        };
    }

    /**
     * A prover that leaves one of its messages out of ITS transcript derives different challenges from the verifier's
     * for everything after it, so its later messages fail. The very last message (the table side's leaf values) is
     * followed by no prover message, so omitting it there changes nothing the verifier sees: that case is covered by
     * {@link #lastMessageIsBoundIntoTheFinalChallenge} instead.
     */
    @Test
    void proverOmittingAnyMessageFromItsTranscriptIsRejected() {
        SplittableRandom r = new SplittableRandom(11);
        RangeTable table = new RangeTable(4);
        LookupWitness w = LookupWitness.of(table, Fixtures.randomRange(r, 5, 4));
        for (int side = 0; side < 2; side++) {
            int depth = side == 0 ? 5 : 4;
            for (int d = 0; d < depth; d++) {
                if (side == 1 && d == depth - 1) continue;
                final int s = side, layer = d;
                LookupProver.Cheat skip = new LookupProver.Cheat() {
                    @Override
                    boolean absorbLayer(int sd, int dd) {
                        return !(sd == s && dd == layer);
                    }
                };
                assertFalse(Fixtures.accepted(w, skip), "omitted side " + side + " layer " + d);
            }
        }
    }

    /**
     * The last message can be changed without breaking the layer equation: (m0, m1) -> (m0 + q0, m1 - q1) keeps
     * m0 q1 + m1 q0. The verifier then accepts the GKR but must output a claim on the multiplicities that is false,
     * and at a DIFFERENT point (its final challenge absorbed the message); deleting that absorption fails this test.
     */
    @Test
    void lastMessageIsBoundIntoTheFinalChallenge() {
        LookupWitness w = small();
        RangeTable table = (RangeTable) w.table();
        LookupProof honest = LookupProver.prove(w, Fixtures.transcript()).proof();
        LookupClaims hc = LookupVerifier.verify(table, w.shape(), honest, Fixtures.transcript());
        GoldilocksExt2 alpha = LogUpGkr.begin(Fixtures.transcript(), table, w.shape(), new PcsCommitment[0], false)[0];
        GoldilocksExt2[] point = hc.multiplicitiesPoint();
        GoldilocksExt2[] q = new GoldilocksExt2[2];
        for (int b = 0; b < 2; b++) {
            GoldilocksExt2[] at = point.clone();
            at[0] = GoldilocksExt2.ofBase(b);
            q[b] = alpha.sub(table.evaluate(0, at));
        }
        GkrLayerProof[] tab = honest.tableLayers();
        GkrLayerProof last = tab[tab.length - 1];
        GoldilocksExt2[] ev = last.evals();
        ev[0] = ev[0].add(q[0]);
        ev[1] = ev[1].sub(q[1]);
        tab[tab.length - 1] = new GkrLayerProof(last.sumcheck(), ev);
        LookupClaims mc = LookupVerifier.verify(table, w.shape(), new LookupProof(honest.lookupLayers(), tab), Fixtures.transcript());
        assertNotEquals(hc.multiplicitiesPoint()[0], mc.multiplicitiesPoint()[0], "the final challenge depends on the last message");
        assertFalse(ClaimCheck.holds(w, mc), "and the resulting claim is false, so the PCS opening rejects");
    }

    // ---- alpha must come after the commitments ----

    private static GoldilocksExt2 alpha(Table table, LookupShape shape, PcsCommitment c, boolean challengesFirst) {
        return LogUpGkr.begin(Fixtures.transcript(), table, shape, new PcsCommitment[] {c}, challengesFirst)[0];
    }

    @Test
    void alphaDependsOnTheMultiplicityCommitmentAndTheTable() {
        RangeTable table = new RangeTable(3);
        long[] values = {1, 2, 3, 3, 0, 7, 7, 7};
        LookupWitness w = LookupWitness.of(table, values);
        long[] m2 = w.multiplicities().clone();
        m2[0]++;
        PcsCommitment c1 = Fixtures.PCS.commit(w.multiplicities()).commitment();
        PcsCommitment c2 = Fixtures.PCS.commit(m2).commitment();
        assertNotEquals(alpha(table, w.shape(), c1, false), alpha(table, w.shape(), c2, false));
        // the buggy order makes alpha independent of what is committed: that is what the attack below exploits
        assertEquals(alpha(table, w.shape(), c1, true), alpha(table, w.shape(), c2, true));
        // the table rule and the shape are bound too
        assertNotEquals(alpha(table, w.shape(), c1, false), alpha(new RangeTable(4), w.shape(), c1, false));
        assertNotEquals(alpha(table, w.shape(), c1, false), alpha(table, new LookupShape(3, 2), c1, false));
        FunctionTable f = new FunctionTable("f", 0, 3, x -> x), g = new FunctionTable("f", 0, 3, x -> x + 1);
        assertNotEquals(alpha(f, w.shape(), c1, false), alpha(g, w.shape(), c1, false));
        // a proof made under one commitment does not verify under another
        LookupProverOutput out = LookupProver.prove(w, Fixtures.transcript(), c1);
        assertNotNull(LookupVerifier.verify(table, w.shape(), out.proof(), Fixtures.transcript(), c1));
        assertThrows(VerificationException.class, () -> LookupVerifier.verify(table, w.shape(), out.proof(), Fixtures.transcript(), c2));
        assertThrows(VerificationException.class, () -> LookupVerifier.verify(table, w.shape(), out.proof(), Fixtures.transcript()));
    }

    /**
     * If alpha were drawn before the multiplicities are committed, a prover could solve for base-field multiplicities
     * that absorb an out-of-table value: 1/(alpha - v) = x/(alpha - t1) + y/(alpha - t2) is two linear equations over
     * F_p in (x, y). The forgery verifies under the wrong order and is rejected under the real one.
     */
    @Test
    void multiplicitiesChosenAfterAlphaForgeUnderTheWrongOrderOnly() {
        RangeTable table = new RangeTable(3);
        long[] values = {1, 2, 3, 4, 100, 5, 6, 0}; // 100 is not in [0, 8)
        LookupShape shape = new LookupShape(3, 1);
        GoldilocksExt2 a = LogUpGkr.begin(Fixtures.transcript(), table, shape, new PcsCommitment[0], true)[0];
        long[] m = countsOfMembers(table, values);
        GoldilocksExt2 u1 = a.sub(GoldilocksExt2.ofBase(6)).inv(), u2 = a.sub(GoldilocksExt2.ofBase(7)).inv();
        GoldilocksExt2 target = a.sub(GoldilocksExt2.ofBase(100)).inv();
        long det = Goldilocks.sub(Goldilocks.mul(u1.c0, u2.c1), Goldilocks.mul(u2.c0, u1.c1));
        long x = Goldilocks.mul(Goldilocks.sub(Goldilocks.mul(target.c0, u2.c1), Goldilocks.mul(u2.c0, target.c1)), Goldilocks.inv(det));
        long y = Goldilocks.mul(Goldilocks.sub(Goldilocks.mul(u1.c0, target.c1), Goldilocks.mul(target.c0, u1.c1)), Goldilocks.inv(det));
        m[6] = Goldilocks.add(m[6], x);
        m[7] = Goldilocks.add(m[7], y);
        LookupWitness forged = LookupWitness.unchecked(table, new long[][][] {{values}}, m);
        LigeroProverData md = Fixtures.PCS.commit(m);
        PcsCommitment[] bindings = {md.commitment()};
        LookupProver.Cheat early = new LookupProver.Cheat() {
            @Override
            boolean challengesFirst() {
                return true;
            }
        };
        LookupProof proof = LookupProver.prove(forged, Fixtures.transcript(), bindings, early).proof();
        LookupClaims buggy = LookupVerifier.verify(table, shape, proof, Fixtures.transcript(), bindings, true);
        assertTrue(ClaimCheck.holds(forged, buggy), "under the wrong order the forgery goes through");
        assertThrows(VerificationException.class, () -> LookupVerifier.verify(table, shape, proof, Fixtures.transcript(), bindings));
        // and proving the same forged witness in the right order fails too (alpha now depends on m)
        assertFalse(Fixtures.accepted(forged, LookupProver.Cheat.NONE, bindings));
    }

    // ---- proof shape and encoding ----

    private static LookupWitness small() {
        return LookupWitness.of(new RangeTable(3), new long[] {1, 2, 3, 3, 0, 7, 7, 7, 5, 5, 4, 4, 1, 1, 6, 2});
    }

    @Test
    void everySingleByteFlipIsRejected() {
        LookupWitness w = small();
        byte[] bytes = LookupProver.prove(w, Fixtures.transcript()).proof().toBytes();
        SplittableRandom r = new SplittableRandom(1);
        int accepted = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte[] b = bytes.clone();
            b[i] ^= (byte) (1 + r.nextInt(255));
            try {
                LookupProof p = LookupProof.fromBytes(b, w.table(), w.shape());
                if (Fixtures.acceptedWithClaims(w, p) != null) accepted++;
            } catch (ProofFormatException e) {
                // rejected by the decoder
            }
        }
        assertEquals(0, accepted);
    }

    @Test
    void decoderIsCanonical() {
        LookupWitness w = small();
        byte[] bytes = LookupProver.prove(w, Fixtures.transcript()).proof().toBytes();
        LookupProof p = LookupProof.fromBytes(bytes, w.table(), w.shape());
        assertTrue(Arrays.equals(bytes, p.toBytes()), "round trip is byte-identical");
        assertThrows(ProofFormatException.class, () -> LookupProof.fromBytes(Arrays.copyOf(bytes, bytes.length + 1), w.table(), w.shape()));
        assertThrows(ProofFormatException.class, () -> LookupProof.fromBytes(Arrays.copyOf(bytes, bytes.length - 1), w.table(), w.shape()));
        byte[] v = bytes.clone();
        v[0] = 2;
        assertThrows(ProofFormatException.class, () -> LookupProof.fromBytes(v, w.table(), w.shape()));
        // shape comes from the verifier: another table size or segment count does not decode
        assertThrows(ProofFormatException.class, () -> LookupProof.fromBytes(bytes, new RangeTable(4), w.shape()));
        assertThrows(ProofFormatException.class, () -> LookupProof.fromBytes(bytes, w.table(), new LookupShape(3, 2)));
        // a non-canonical element (>= p) in the last value
        byte[] nc = bytes.clone();
        for (int i = nc.length - 8; i < nc.length; i++) nc[i] = (byte) 0xFF;
        assertThrows(ProofFormatException.class, () -> LookupProof.fromBytes(nc, w.table(), w.shape()));
    }

    private static void assertRejected(LookupWitness w, LookupProof p) {
        assertThrows(VerificationException.class, () -> LookupVerifier.verify(w.table(), w.shape(), p, Fixtures.transcript()));
    }

    @Test
    void verifierChecksTheShapeOfInMemoryProofs() {
        LookupWitness w = small();
        LookupProof honest = LookupProver.prove(w, Fixtures.transcript()).proof();
        GkrLayerProof[] look = honest.lookupLayers(), tab = honest.tableLayers();
        // a dropped or an extra layer
        assertRejected(w, new LookupProof(Arrays.copyOf(look, look.length - 1), tab));
        assertRejected(w, new LookupProof(look, Arrays.copyOf(tab, tab.length + 1)));
        // a layer with one sumcheck round too few or too many
        GkrLayerProof l2 = look[2];
        GoldilocksExt2[][] rounds = l2.sumcheck().rounds();
        GkrLayerProof fewer = new GkrLayerProof(new SumcheckProof(Arrays.copyOf(rounds, 1)), l2.evals());
        GoldilocksExt2[][] more = Arrays.copyOf(rounds, 3);
        more[2] = rounds[1];
        GkrLayerProof extra = new GkrLayerProof(new SumcheckProof(more), l2.evals());
        for (GkrLayerProof bad : new GkrLayerProof[] {fewer, extra}) {
            GkrLayerProof[] c = look.clone();
            c[2] = bad;
            assertRejected(w, new LookupProof(c, tab));
        }
        // a round polynomial of degree 4 (one more value), and one with g(0) + 1
        GoldilocksExt2[][] deg4 = l2.sumcheck().rounds();
        deg4[0] = Arrays.copyOf(deg4[0], 5);
        deg4[0][4] = GoldilocksExt2.ZERO;
        GoldilocksExt2[][] bumped = l2.sumcheck().rounds();
        bumped[1][0] = bumped[1][0].add(GoldilocksExt2.ONE);
        for (GoldilocksExt2[][] rs : new GoldilocksExt2[][][] {deg4, bumped}) {
            GkrLayerProof[] c = look.clone();
            c[2] = new GkrLayerProof(new SumcheckProof(rs), l2.evals());
            assertRejected(w, new LookupProof(c, tab));
        }
        // a missing or an extra leaf value
        GkrLayerProof leaf = look[look.length - 1];
        GkrLayerProof[] c = look.clone();
        c[c.length - 1] = new GkrLayerProof(leaf.sumcheck(), Arrays.copyOf(leaf.evals(), leaf.evals().length - 1));
        assertRejected(w, new LookupProof(c, tab));
        c[c.length - 1] = new GkrLayerProof(leaf.sumcheck(), Arrays.copyOf(leaf.evals(), leaf.evals().length + 2));
        assertRejected(w, new LookupProof(c, tab));
    }

    @Test
    void everyProofValueIsBound() {
        // bump each value of each layer by one, one at a time: every change must be rejected (or give false claims)
        LookupWitness w = small();
        LookupProof honest = LookupProver.prove(w, Fixtures.transcript()).proof();
        for (int side = 0; side < 2; side++) {
            GkrLayerProof[] layers = honest.side(side);
            for (int d = 0; d < layers.length; d++) {
                for (int i = 0; i < layers[d].evals().length; i++) {
                    GoldilocksExt2[] ev = layers[d].evals();
                    ev[i] = ev[i].add(GoldilocksExt2.ONE);
                    GkrLayerProof[] copy = layers.clone();
                    copy[d] = new GkrLayerProof(layers[d].sumcheck(), ev);
                    LookupProof p = side == 0 ? new LookupProof(copy, honest.tableLayers()) : new LookupProof(honest.lookupLayers(), copy);
                    assertEquals(null, Fixtures.acceptedWithClaims(w, p), "side " + side + " layer " + d + " value " + i);
                }
                for (int k = 0; k < d; k++) {
                    for (int s = 0; s <= LogUpGkr.LAYER_DEGREE; s++) {
                        GoldilocksExt2[][] rs = layers[d].sumcheck().rounds();
                        rs[k][s] = rs[k][s].add(GoldilocksExt2.ONE);
                        GkrLayerProof[] copy = layers.clone();
                        copy[d] = new GkrLayerProof(new SumcheckProof(rs), layers[d].evals());
                        LookupProof p = side == 0 ? new LookupProof(copy, honest.tableLayers()) : new LookupProof(honest.lookupLayers(), copy);
                        assertEquals(null, Fixtures.acceptedWithClaims(w, p), "side " + side + " layer " + d + " round " + k + " value " + s);
                    }
                }
            }
        }
    }

    @Test
    void proofForAnotherTranscriptStateOrTableIsRejected() {
        LookupWitness w = small();
        LookupProof p = LookupProver.prove(w, Fixtures.transcript()).proof();
        Transcript other = new Transcript(Fixtures.DOMAIN);
        other.absorbBytes("statement", new byte[] {1, 2, 4});
        assertThrows(VerificationException.class, () -> LookupVerifier.verify(w.table(), w.shape(), p, other));
        FunctionTable notRange = new FunctionTable("range-like", 0, 3, x -> 0);
        // same number of rows but two columns: the leaf data has another shape
        assertThrows(VerificationException.class, () -> LookupVerifier.verify(notRange, w.shape(), p, Fixtures.transcript()));
    }
}
