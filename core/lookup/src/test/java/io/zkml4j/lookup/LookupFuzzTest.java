package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.transcript.VerificationException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Adversarial decoding and verification of LogUp-GKR proofs and range checks on every edge shape: trees of depth 1
 * (2 looked-up rows, a 2-row table), padded segment counts, two-column function tables, and range checks with and
 * without the derived shifted top limb. Random bytes, bit flips, truncations, extensions and extreme length words
 * may only be accepted when they are the honest bytes, or rejected with {@link ProofFormatException} /
 * {@link VerificationException}; any other exception is a crash reachable from proof data.
 */
class LookupFuzzTest {
    private final SplittableRandom rnd = new SplittableRandom(99);

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
            default: {
                b = bytes.clone();
                int at = 1 + rnd.nextInt(Math.max(1, b.length - 5));
                int[] extremes = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1 << 28, 40, 41};
                int v = extremes[rnd.nextInt(extremes.length)];
                for (int i = 0; i < 4 && at + i < b.length; i++) b[at + i] = (byte) (v >>> (8 * i));
                return b;
            }
        }
    }

    /** Decodes and verifies; true iff accepted (with the claims holding on the witness); fails on a disallowed exception. */
    private static boolean lookupOutcome(byte[] bytes, LookupWitness w) {
        try {
            LookupProof p = LookupProof.fromBytes(bytes, w.table(), w.shape());
            LookupClaims c = LookupVerifier.verify(w.table(), w.shape(), p, Fixtures.transcript());
            return ClaimCheck.holds(w, c);
        } catch (ProofFormatException | VerificationException e) {
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError("verifier crashed with " + e, e);
        }
    }

    private void fuzzLookup(LookupWitness w, String what) {
        byte[] bytes = LookupProver.prove(w, Fixtures.transcript()).proof().toBytes();
        assertArrayEquals(bytes, LookupProof.fromBytes(bytes, w.table(), w.shape()).toBytes(), what + ": round trip");
        if (!lookupOutcome(bytes, w)) fail(what + ": honest proof rejected");
        for (int k = 0; k < 200; k++) {
            byte[] b = mutate(bytes, k % 5);
            if (lookupOutcome(b, w) && !Arrays.equals(b, bytes)) fail(what + ": altered proof accepted (kind " + (k % 5) + ")");
        }
    }

    @Test
    void lookupProofsOfEveryEdgeShapeOnlyEverRejectCleanly() {
        // depth-1 trees on both sides: 2 rows into a 2-row table
        fuzzLookup(LookupWitness.of(new RangeTable(1), new long[] {1, 1}), "2 rows in [0, 2)");
        // padded segment count (3 -> 4) with a deeper table
        long[][][] segs = new long[3][1][];
        for (int j = 0; j < 3; j++) segs[j][0] = Fixtures.randomRange(rnd, 2, 5);
        fuzzLookup(LookupWitness.of(new RangeTable(5), segs), "3 padded segments");
        // two columns, 5 segments (padded to 8)
        FunctionTable table = new FunctionTable("square", -4, 3, x -> x * x);
        long[][][] pairs = new long[5][2][4];
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < 4; i++) {
                long x = -4 + rnd.nextInt(8);
                pairs[j][0][i] = Goldilocks.fromSigned(x);
                pairs[j][1][i] = table.apply(x);
            }
        }
        fuzzLookup(LookupWitness.of(table, pairs), "function table, 5 segments");
    }

    @Test
    void rangeCheckProofsOnlyEverRejectCleanly() {
        for (int bits : new int[] {1, 16, 20, 32, 63}) {
            int n = 2;
            long[] values = new long[1 << n];
            for (int i = 0; i < values.length; i++) values[i] = bits == 63 ? rnd.nextLong() >>> 1 : rnd.nextLong(1L << bits);
            RangeCheck.Witness w = RangeCheck.witness(values, bits);
            byte[] bytes = RangeCheck.prove(w, Fixtures.transcript()).proof().toBytes();
            for (int k = 0; k < 150; k++) {
                byte[] b = k == 0 ? bytes : mutate(bytes, k % 5);
                try {
                    LookupProof p = LookupProof.fromBytes(b, RangeCheck.table(bits), RangeCheck.shape(n, bits));
                    RangeCheck.Claims c = RangeCheck.verify(n, bits, p, Fixtures.transcript());
                    assertNotNull(c.value());
                    if (k == 0) continue;
                    // accepted: the claims must then be false for the honest limbs or value (a PCS would reject)
                    if (Arrays.equals(b, bytes)) continue;
                    boolean holds = io.zkml4j.poly.Mle.evaluate(values, c.point()).equals(c.value());
                    for (int l = 0; l < c.numLimbs(); l++) holds &= io.zkml4j.poly.Mle.evaluate(w.limbs()[l], c.point()).equals(c.limb(l));
                    if (holds) fail("bits " + bits + ": altered proof accepted with true claims");
                } catch (ProofFormatException | VerificationException e) {
                    if (k == 0) fail("bits " + bits + ": honest proof rejected: " + e.getMessage());
                } catch (RuntimeException e) {
                    throw new AssertionError("bits " + bits + ": verifier crashed with " + e, e);
                }
            }
        }
    }

    /** In-memory proofs built through the public constructors: missing pieces are rejected, never a crash. */
    @Test
    void malformedInMemoryProofsAreRejectedNotCrashed() {
        LookupWitness w = LookupWitness.of(new RangeTable(3), new long[] {1, 2, 3, 3, 0, 7, 7, 7});
        LookupProof honest = LookupProver.prove(w, Fixtures.transcript()).proof();
        GkrLayerProof[] look = honest.lookupLayers(), tab = honest.tableLayers();
        GkrLayerProof[] nullSumcheck = look.clone();
        nullSumcheck[1] = new GkrLayerProof(null, look[1].evals());
        GkrLayerProof[] nullLayer = tab.clone();
        nullLayer[2] = null;
        GoldilocksExt2[][] rounds = look[2].sumcheck().rounds();
        rounds[1][3] = null;
        GkrLayerProof[] nullRoundValue = look.clone();
        nullRoundValue[2] = new GkrLayerProof(new SumcheckProof(rounds), look[2].evals());
        LookupProof[] bad = {
            new LookupProof(nullSumcheck, tab), new LookupProof(look, nullLayer), new LookupProof(nullRoundValue, tab),
        };
        for (LookupProof p : bad) {
            try {
                LookupVerifier.verify(w.table(), w.shape(), p, Fixtures.transcript());
                fail("malformed proof accepted");
            } catch (VerificationException e) {
                // rejected
            } catch (RuntimeException e) {
                throw new AssertionError("verifier crashed with " + e, e);
            }
        }
    }

    /** A custom rule with k = 0 (one row) or no column: a tree of depth 0 has no layer to prove. */
    private static Table degenerate(int numVars, int numColumns) {
        return new Table() {
            public String description() {
                return "degenerate k=" + numVars + " cols=" + numColumns;
            }

            public int numVars() {
                return numVars;
            }

            public int numColumns() {
                return numColumns;
            }

            public long entry(int column, int row) {
                return 0;
            }

            public GoldilocksExt2 evaluate(int column, GoldilocksExt2[] point) {
                return GoldilocksExt2.ZERO;
            }

            public int rowOf(long[] values) {
                return 0;
            }

            public void absorbInto(io.zkml4j.transcript.Transcript t) {
                t.absorbBytes("logup.table.rule", new byte[] {0});
            }
        };
    }

    /**
     * Tables of 2^0 rows or of no column are rejected up front, the same way by prover and verifier, with an
     * IllegalArgumentException naming the table (a parameter error), never an index-out-of-bounds crash on the
     * empty layer list, and never an acceptance of a proof with no table-side layer.
     */
    @Test
    void oneRowOrZeroColumnTablesAreRejectedConsistentlyByProverAndVerifier() {
        LookupShape shape = new LookupShape(1, 1);
        for (Table t : new Table[] {degenerate(0, 1), degenerate(2, 0)}) {
            GkrLayerProof[] lookupSide = LookupProver.prove(LookupWitness.of(new RangeTable(1), new long[] {0, 1}), Fixtures.transcript())
                    .proof().lookupLayers();
            LookupProof empty = new LookupProof(lookupSide, new GkrLayerProof[0]);
            IllegalArgumentException v = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> LookupVerifier.verify(t, shape, empty, Fixtures.transcript()));
            org.junit.jupiter.api.Assertions.assertTrue(v.getMessage().contains(t.description()), v.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> LookupProof.fromBytes(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0}, t, shape));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> LookupWitness.unchecked(t, new long[][][] {new long[t.numColumns()][2]}, new long[1 << t.numVars()]));
        }
    }
}
