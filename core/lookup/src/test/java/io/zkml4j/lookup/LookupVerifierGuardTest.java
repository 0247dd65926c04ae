package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hashes;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Tables, shapes, proof shapes and the prologue's transcript order as the LogUp verifier sees them (docs/mutation.md). */
class LookupVerifierGuardTest {
    private static final RangeTable RANGE = new RangeTable(3);
    private static final LookupShape SHAPE = new LookupShape(3, 1);
    private static final GoldilocksExt2 X = GoldilocksExt2.of(5, 6);

    private static LookupProof honest() {
        return LookupProver.prove(LookupWitness.of(RANGE, new long[] {0, 1, 2, 3, 7, 7, 6, 5}), Fixtures.transcript()).proof();
    }

    private static VerificationException rejected(LookupProof p) {
        return assertThrows(VerificationException.class, () -> LookupVerifier.verify(RANGE, SHAPE, p, Fixtures.transcript()));
    }

    private static LookupProof withTableLayer(LookupProof p, int d, UnaryOperator<GkrLayerProof> f) {
        GkrLayerProof[] t = p.tableLayers();
        t[d] = f.apply(t[d]);
        return new LookupProof(p.lookupLayers(), t);
    }

    @Test
    void proofShapeIsCheckedLayerByLayerAndNamesTheSide() {
        LookupProof p = honest();
        LookupVerifier.verify(RANGE, SHAPE, p, Fixtures.transcript());
        GkrLayerProof[] t = p.tableLayers();
        assertTrue(rejected(new LookupProof(p.lookupLayers(), Arrays.copyOf(t, 2))).getMessage().contains("logup table side: 2 GKR layers, expected 3"));
        GkrLayerProof[] look = p.lookupLayers();
        assertTrue(rejected(new LookupProof(Arrays.copyOf(look, 2), t)).getMessage().contains("logup lookup side: 2 GKR layers, expected 3"));
        GoldilocksExt2[][] lr = look[2].sumcheck().rounds();
        lr[1][2] = lr[1][2].add(GoldilocksExt2.ONE);
        GkrLayerProof[] l2 = look.clone();
        l2[2] = new GkrLayerProof(new SumcheckProof(lr), look[2].evals());
        assertTrue(rejected(new LookupProof(l2, t)).getMessage().startsWith("logup lookup side layer 2"));
        assertTrue(rejected(withTableLayer(p, 1, l -> null)).getMessage().contains("table side layer 1 missing"));
        assertTrue(rejected(withTableLayer(p, 1, l -> new GkrLayerProof(null, l.evals()))).getMessage().contains("layer 1 missing"));
        assertTrue(rejected(withTableLayer(p, 1, l -> new GkrLayerProof(t[2].sumcheck(), l.evals()))).getMessage()
                .contains("layer 1: 2 sumcheck rounds, expected 1"));
        assertTrue(rejected(withTableLayer(p, 1, l -> new GkrLayerProof(l.sumcheck(), Arrays.copyOf(l.evals(), 3)))).getMessage()
                .contains("layer 1: 3 values, expected 4"));
        GoldilocksExt2[] holes = t[1].evals();
        holes[2] = null;
        assertTrue(rejected(withTableLayer(p, 1, l -> new GkrLayerProof(l.sumcheck(), holes))).getMessage().contains("layer 1: missing value"));
        // a well-shaped but false table-side layer fails its own check, named by side
        GoldilocksExt2[] off = t[1].evals();
        off[0] = off[0].add(GoldilocksExt2.ONE);
        assertTrue(rejected(withTableLayer(p, 1, l -> new GkrLayerProof(l.sumcheck(), off))).getMessage().startsWith("logup table side layer"));
        GoldilocksExt2[][] rounds = t[2].sumcheck().rounds();
        rounds[0][0] = rounds[0][0].add(GoldilocksExt2.ONE);
        assertTrue(rejected(withTableLayer(p, 2, l -> new GkrLayerProof(new SumcheckProof(rounds), l.evals()))).getMessage()
                .startsWith("logup table side layer 2: sumcheck"));
    }

    @Test
    void decodingNamesTheSideAndChecksTheVersion() {
        byte[] b = honest().toBytes();
        ProofFormatException e = assertThrows(ProofFormatException.class, () -> LookupProof.fromBytes(Arrays.copyOf(b, b.length - 1), RANGE, SHAPE));
        assertTrue(e.getMessage().contains("table-side layer"), e.getMessage());
        ProofFormatException lookupSide = assertThrows(ProofFormatException.class,
                () -> LookupProof.fromBytes(new io.zkml4j.field.codec.FieldWriter().u8(1).u32(9).toByteArray(), RANGE, SHAPE));
        assertTrue(lookupSide.getMessage().contains("lookup-side layers"), lookupSide.getMessage());
        b[0] = 2;
        assertThrows(ProofFormatException.class, () -> LookupProof.fromBytes(b, RANGE, SHAPE));
    }

    /** alpha and beta against an independent replay: bindings, then the table rule and the shape, then the challenges. */
    @Test
    void prologueAbsorbsBindingsRuleAndShapeBeforeTheChallenges() {
        PcsCommitment c = Fixtures.PCS.commit(new long[] {1, 2, 3, 4}).commitment();
        FunctionTable f = new FunctionTable("neg", -4, 3, x -> -x);
        GoldilocksExt2[] ch = LogUpGkr.begin(Fixtures.transcript(), f, SHAPE, new PcsCommitment[] {c}, false);
        Transcript m = Fixtures.transcript();
        m.absorbField("logup.bindings", 1);
        c.absorbInto(m);
        m.absorbBytes("logup.table.rule", "function:neg".getBytes(StandardCharsets.UTF_8));
        m.absorbFields("logup.table.domain", new long[] {Goldilocks.fromSigned(-4), 3});
        long[] outs = new long[8];
        for (int j = 0; j < 8; j++) outs[j] = Goldilocks.fromSigned(4 - j);
        byte[] digest = new byte[32];
        Hashes.sha256().hashFields((byte) 0x4C, outs, 0, 8, digest, 0);
        m.absorbBytes("logup.table.outputs", digest);
        m.absorbFields("logup.shape", new long[] {3, 1, 2, 3});
        assertEquals(m.challengeExt("logup.alpha"), ch[0]);
        assertEquals(m.challengeExt("logup.beta"), ch[1]);

        GoldilocksExt2[] r = LogUpGkr.begin(Fixtures.transcript(), RANGE, SHAPE, new PcsCommitment[0], false);
        Transcript mr = Fixtures.transcript();
        mr.absorbField("logup.bindings", 0);
        mr.absorbBytes("logup.table.rule", "range".getBytes(StandardCharsets.US_ASCII));
        mr.absorbField("logup.table.bits", 3);
        mr.absorbFields("logup.shape", new long[] {3, 1, 1, 3});
        assertArrayEquals(new GoldilocksExt2[] {mr.challengeExt("logup.alpha")}, r);
    }

    @Test
    void rangeTableBounds() {
        assertThrows(IllegalArgumentException.class, () -> new RangeTable(0));
        assertThrows(IllegalArgumentException.class, () -> new RangeTable(RangeTable.MAX_BITS + 1));
        assertEquals(RangeTable.MAX_BITS, new RangeTable(RangeTable.MAX_BITS).bits());
        assertEquals("range [0, 2^3)", RANGE.description());
        assertEquals(7, RANGE.entry(0, 7));
        assertEquals(0, RANGE.entry(0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> RANGE.entry(0, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> RANGE.entry(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> RANGE.entry(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> RANGE.evaluate(1, new GoldilocksExt2[] {X, X, X}));
        assertThrows(IllegalArgumentException.class, () -> RANGE.evaluate(0, new GoldilocksExt2[] {X, X}));
        assertThrows(IllegalArgumentException.class, () -> RANGE.rowOf(new long[] {1, 1}));
        assertEquals(-1, RANGE.rowOf(new long[] {8}));
        assertEquals(7, RANGE.rowOf(new long[] {7}));
    }

    @Test
    void functionTableBounds() {
        long bound = 1L << 62;
        assertThrows(IllegalArgumentException.class, () -> new FunctionTable("f", 0, 0, x -> x));
        assertThrows(IllegalArgumentException.class, () -> new FunctionTable("f", 0, FunctionTable.MAX_BITS + 1, x -> x));
        assertEquals(FunctionTable.MAX_BITS, new FunctionTable("f", 0, FunctionTable.MAX_BITS, x -> 0).numVars());
        assertEquals(-bound, new FunctionTable("f", -bound, 1, x -> 0).lo());
        assertThrows(IllegalArgumentException.class, () -> new FunctionTable("f", -bound - 1, 1, x -> 0));
        new FunctionTable("f", bound - 2, 1, x -> 0);
        assertThrows(IllegalArgumentException.class, () -> new FunctionTable("f", bound - 1, 1, x -> 0));
        new FunctionTable("f", 0, 1, x -> x == 0 ? bound : -bound);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> new FunctionTable("f", 5, 1, x -> x == 6 ? bound + 1 : 0));
        assertTrue(big.getMessage().contains("f(6) = "), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FunctionTable("f", 0, 1, x -> -bound - 1));

        FunctionTable f = new FunctionTable("sq", -2, 2, x -> x * x);
        assertEquals("function 'sq' on [-2, 2)", f.description());
        assertEquals(1, f.apply(1));
        assertEquals(4, f.apply(-2));
        assertThrows(IllegalArgumentException.class, () -> f.apply(-3));
        assertThrows(IllegalArgumentException.class, () -> f.apply(2));
        assertEquals(1, f.entry(1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> f.entry(0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> f.entry(0, -1));
        assertThrows(IllegalArgumentException.class, () -> f.evaluate(1, new GoldilocksExt2[] {X}));
        assertThrows(IndexOutOfBoundsException.class, () -> f.evaluate(2, new GoldilocksExt2[] {X, X}));
        assertThrows(IllegalArgumentException.class, () -> f.rowOf(new long[] {1}));
        assertEquals(3, f.rowOf(new long[] {1, 1}));
        assertEquals(-1, f.rowOf(new long[] {1, 2}));
        assertEquals(-1, f.rowOf(new long[] {2, 4}));
        assertEquals(-1, f.rowOf(new long[] {Goldilocks.fromSigned(-3), 9}));
    }

    @Test
    void shapeBounds() {
        assertThrows(IllegalArgumentException.class, () -> new LookupShape(0, 1));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new LookupShape(1, 0));
        assertTrue(none.getMessage().contains("at least one segment"), none.getMessage());
        assertEquals(1, new LookupShape(1, 1).totalVars());
        assertEquals(30, new LookupShape(29, 2).totalVars());
        assertThrows(IllegalArgumentException.class, () -> new LookupShape(30, 2));
        assertThrows(IllegalArgumentException.class, () -> new LookupShape(28, 5));
        assertEquals(30, new LookupShape(27, 5).totalVars());
    }

    /** A rule of 2^30 rows is the largest accepted; checkTable returns the table itself. */
    @Test
    void tableSizeBoundsOfTheArgument() {
        Table big = new Table() {
            public String description() {
                return "big";
            }

            public int numVars() {
                return LogUpGkr.MAX_TABLE_VARS;
            }

            public int numColumns() {
                return 1;
            }

            public long entry(int column, int row) {
                return row;
            }

            public GoldilocksExt2 evaluate(int column, GoldilocksExt2[] point) {
                return RangeTable.indexMle(point, point.length);
            }

            public int rowOf(long[] values) {
                return (int) values[0];
            }

            public void absorbInto(Transcript t) {}
        };
        assertSame(big, LogUpGkr.checkTable(big));
        assertSame(RANGE, LogUpGkr.checkTable(RANGE));
    }

    /** -log2 of (N + 2^k + G(n + s) + G(k)) / p^2, with 2 log2 p = 127.9999999993282. */
    @Test
    void soundnessBitsFollowTheStatedError() {
        LookupShape shape = new LookupShape(20, 3);
        RangeTable t = new RangeTable(16);
        double g22 = 1.5 * 22 * 21 + 2 * 22 - 1, g16 = 1.5 * 16 * 15 + 2 * 16 - 1;
        double err = 3 * Math.pow(2, 20) + Math.pow(2, 16) + g22 + g16;
        assertEquals(127.9999999993282 - Math.log(err) / Math.log(2), LogUpGkr.soundnessBits(t, shape), 1e-11);
    }

    @Test
    void claimsCompareEveryPart() {
        LookupClaims c = LookupVerifier.verify(RANGE, SHAPE, honest(), Fixtures.transcript());
        assertTrue(c.sameAs(c));
        assertEquals(1, c.numSegments());
        assertEquals(c.value(0, 0), c.valueClaim(0, 0, 4).value);
        LookupClaims other = new LookupClaims(c.valuesPoint(), new GoldilocksExt2[][] {{c.value(0, 0)}}, c.multiplicitiesPoint(),
                c.multiplicities().add(GoldilocksExt2.ONE));
        assertFalse(c.sameAs(other));
    }
}
