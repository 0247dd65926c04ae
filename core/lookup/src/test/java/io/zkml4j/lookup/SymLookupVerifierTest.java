package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.sumcheck.Sym;
import io.zkml4j.sumcheck.SymSink;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.sumcheck.ZeroPads;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * {@link SymLookupVerifier} under {@link ZeroPads} decides exactly as {@link LookupVerifier}: same claims (points and
 * values) or the same rejection, on honest lookups (range, tagged range and function tables, segments, one-layer
 * trees) and on the cheats of {@link LookupSoundnessTest} (out-of-table values, wrong multiplicities, a zero root
 * denominator, changed layer values and round values, tampered and balancing fractions, wrong shapes). Also the pad
 * products each check introduces, which the zero-knowledge pad layout must declare.
 */
class SymLookupVerifierTest {
    private static final PcsCommitment[] NONE = new PcsCommitment[0];

    /** A verifier's decision: its claims flattened (points, values) if it accepted, else the rejection's message. */
    record Decision(List<GoldilocksExt2> claims, String rejected) {
        static Decision of(Supplier<List<GoldilocksExt2>> run) {
            try {
                return new Decision(run.get(), null);
            } catch (VerificationException | IllegalArgumentException e) {
                return new Decision(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    static Decision concrete(Table table, LookupShape shape, LookupProof proof, PcsCommitment... bindings) {
        return Decision.of(() -> {
            LookupClaims c = LookupVerifier.verify(table, shape, proof, Fixtures.transcript(), bindings);
            List<GoldilocksExt2> out = new ArrayList<>(Arrays.asList(c.valuesPoint()));
            for (int j = 0; j < c.numSegments(); j++) for (int col = 0; col < table.numColumns(); col++) out.add(c.value(j, col));
            out.addAll(Arrays.asList(c.multiplicitiesPoint()));
            out.add(c.multiplicities());
            return out;
        });
    }

    static Decision symbolic(Table table, LookupShape shape, LookupProof proof, SymSink sink, PcsCommitment... bindings) {
        return Decision.of(() -> {
            SymLookupClaims c = SymLookupVerifier.verify(table, shape, proof, Fixtures.transcript(), sink, bindings);
            List<GoldilocksExt2> out = new ArrayList<>(Arrays.asList(c.valuesPoint()));
            for (int j = 0; j < c.values().length; j++) for (int col = 0; col < table.numColumns(); col++) out.add(c.value(j, col).constant());
            out.addAll(Arrays.asList(c.multiplicitiesPoint()));
            out.add(c.multiplicities().constant());
            return out;
        });
    }

    /** Asserts the agreement and returns the decision. */
    static Decision agree(Table table, LookupShape shape, LookupProof proof, PcsCommitment... bindings) {
        Decision d = concrete(table, shape, proof, bindings);
        assertEquals(d, symbolic(table, shape, proof, new ZeroPads(), bindings));
        return d;
    }

    static Decision agree(LookupWitness w, LookupProver.Cheat cheat, PcsCommitment... bindings) {
        return agree(w.table(), w.shape(), LookupProver.prove(w, Fixtures.transcript(), bindings, cheat).proof(), bindings);
    }

    // ---- honest lookups ----

    @Property(tries = 25)
    void honestRangeLookupsAgree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int logN, @ForAll @IntRange(min = 1, max = 6) int bits,
            @ForAll @IntRange(min = 1, max = 3) int segments, @ForAll boolean bound) {
        SplittableRandom r = new SplittableRandom(seed);
        long[][][] segs = new long[segments][1][];
        for (int j = 0; j < segments; j++) segs[j][0] = Fixtures.randomRange(r, logN, bits);
        LookupWitness w = LookupWitness.of(new RangeTable(bits), segs);
        PcsCommitment[] bindings = bound ? new PcsCommitment[] {Fixtures.PCS.commit(w.multiplicities()).commitment()} : NONE;
        assertNull(agree(w, LookupProver.Cheat.NONE, bindings).rejected());
    }

    @Property(tries = 15)
    void honestTaggedRangeAndFunctionLookupsAgree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int logN, @ForAll @IntRange(min = 1, max = 5) int bits,
            @ForAll @IntRange(min = 1, max = 3) int segments) {
        SplittableRandom r = new SplittableRandom(seed);
        TaggedRangeTable tagged = new TaggedRangeTable(bits);
        long lo = -(1L << (bits - 1));
        FunctionTable cube = new FunctionTable("cube-ish", lo, bits, x -> x * x * x - 3 * x + 1);
        long[][][] tags = new long[segments][2][1 << logN], pairs = new long[segments][2][1 << logN];
        for (int j = 0; j < segments; j++) {
            for (int i = 0; i < 1 << logN; i++) {
                tags[j][0][i] = r.nextInt(bits + 1);
                tags[j][1][i] = r.nextLong(1L << tags[j][0][i]);
                long x = lo + r.nextLong(1L << bits);
                pairs[j][0][i] = Goldilocks.fromSigned(x);
                pairs[j][1][i] = cube.apply(x);
            }
        }
        assertNull(agree(LookupWitness.of(tagged, tags), LookupProver.Cheat.NONE).rejected());
        assertNull(agree(LookupWitness.of(cube, pairs), LookupProver.Cheat.NONE).rejected());
    }

    // ---- cheats ----

    @Test
    void outOfTableValuesAndWrongMultiplicitiesAreRejectedAlike() {
        SplittableRandom r = new SplittableRandom(5);
        RangeTable table = new RangeTable(4);
        long[] values = Fixtures.randomRange(r, 5, 4);
        long[] honest = LookupWitness.of(table, values).multiplicities();
        long[] out = values.clone();
        out[7] = 16;
        long[] members = honest.clone();
        members[(int) values[7]]--;
        assertRejected(agree(LookupWitness.unchecked(table, new long[][][] {{out}}, members), LookupProver.Cheat.NONE), LookupVerifier.ROOTS);
        long[] pMinus1 = values.clone();
        pMinus1[3] = Goldilocks.P - 1;
        long[] m2 = honest.clone();
        m2[(int) values[3]]--;
        m2[15]++;
        assertRejected(agree(LookupWitness.unchecked(table, new long[][][] {{pMinus1}}, m2), LookupProver.Cheat.NONE), LookupVerifier.ROOTS);
        for (int row : new int[] {0, (int) values[3], 15}) {
            for (long delta : new long[] {1, Goldilocks.P - 1}) {
                long[] m = honest.clone();
                m[row] = Goldilocks.add(m[row], delta);
                assertRejected(agree(LookupWitness.unchecked(table, new long[][][] {{values}}, m), LookupProver.Cheat.NONE), LookupVerifier.ROOTS);
            }
        }
        // a tagged range value beyond its own width, counted at a row that holds it under a wider width
        TaggedRangeTable tagged = new TaggedRangeTable(4);
        long[] tags = {4, 4, 2, 2}, vals = {9, 15, 1, 4};
        long[] m = new long[1 << tagged.numVars()];
        for (int i = 0; i < 3; i++) m[tagged.rowOf(new long[] {tags[i], vals[i]})]++;
        m[tagged.rowOf(new long[] {4, 4})]++;
        assertRejected(agree(LookupWitness.unchecked(tagged, new long[][][] {{tags, vals}}, m), LookupProver.Cheat.NONE), LookupVerifier.ROOTS);
    }

    @Test
    void aZeroRootDenominatorIsRejectedAlike() {
        RangeTable table = new RangeTable(1);
        LookupShape shape = new LookupShape(1, 1);
        GoldilocksExt2 alpha = LogUpGkr.begin(Fixtures.transcript(), table, shape, NONE, false)[0];
        LookupProof forged = new LookupProof(new GkrLayerProof[] {leaf(alpha, alpha)}, new GkrLayerProof[] {leaf(GoldilocksExt2.of(5, 0), GoldilocksExt2.of(9, 1))});
        assertRejected(agree(table, shape, forged), LookupVerifier.ZERO_ROOT);
        LookupProof honest = new LookupProof(new GkrLayerProof[] {leaf(GoldilocksExt2.ZERO, GoldilocksExt2.ONE)}, new GkrLayerProof[] {leaf(GoldilocksExt2.ONE, GoldilocksExt2.ONE)});
        assertNull(agree(table, shape, honest).rejected());
    }

    private static GkrLayerProof leaf(GoldilocksExt2... data) {
        return new GkrLayerProof(new SumcheckProof(new GoldilocksExt2[0][]), data);
    }

    /** Every layer value and every round value changed by one, one at a time: the same decision each time. */
    @Test
    void everyChangedLayerValueAndRoundValueIsDecidedAlike() {
        LookupWitness w = LookupWitness.of(new RangeTable(3), new long[] {1, 2, 3, 3, 0, 7, 7, 7, 5, 5, 4, 4, 1, 1, 6, 2});
        LookupProof honest = LookupProver.prove(w, Fixtures.transcript()).proof();
        Decision ok = agree(w.table(), w.shape(), honest);
        int rejected = 0, changes = 0;
        for (int side = 0; side < 2; side++) {
            GkrLayerProof[] layers = honest.side(side);
            for (int d = 0; d < layers.length; d++) {
                List<GkrLayerProof> variants = new ArrayList<>();
                for (int i = 0; i < layers[d].evals().length; i++) {
                    GoldilocksExt2[] ev = layers[d].evals();
                    ev[i] = ev[i].add(GoldilocksExt2.ONE);
                    variants.add(new GkrLayerProof(layers[d].sumcheck(), ev));
                }
                for (int k = 0; k < d; k++) {
                    for (int s = 0; s <= LogUpGkr.LAYER_DEGREE; s++) {
                        GoldilocksExt2[][] rs = layers[d].sumcheck().rounds();
                        rs[k][s] = rs[k][s].add(GoldilocksExt2.ONE);
                        variants.add(new GkrLayerProof(new SumcheckProof(rs), layers[d].evals()));
                    }
                }
                for (GkrLayerProof v : variants) {
                    GkrLayerProof[] copy = layers.clone();
                    copy[d] = v;
                    LookupProof p = side == 0 ? new LookupProof(copy, honest.tableLayers()) : new LookupProof(honest.lookupLayers(), copy);
                    Decision dd = agree(w.table(), w.shape(), p);
                    changes++;
                    if (dd.rejected() != null) rejected++;
                    else assertTrue(!dd.claims().equals(ok.claims()), "an accepted change moves the claims");
                }
            }
        }
        assertTrue(rejected > changes / 2, rejected + " of " + changes + " rejected by the verifiers themselves");
    }

    @Test
    void tamperedAndBalancingFractionsAreRejectedAlike() {
        RangeTable table = new RangeTable(4);
        long[] values = Fixtures.randomRange(new SplittableRandom(3), 6, 4);
        LookupWitness w = LookupWitness.of(table, values.clone());
        long[] m = w.multiplicities().clone(), out = values.clone();
        m[(int) values[10]]--;
        out[10] = 99; // not in [0, 16): the balancing fraction below hides it at the roots
        LookupWitness outside = LookupWitness.unchecked(table, new long[][][] {{out}}, m);
        for (int side = 0; side < 2; side++) {
            int depth = side == 0 ? 6 : 4;
            for (int d = 1; d < depth; d++) {
                assertRejected(agree(w, LookupSoundnessTest.tamperNode(side, d, 1)), "");
                boolean[] balanced = {false};
                Decision forged = agree(outside, LookupSoundnessTest.balancingFraction(side, d, balanced));
                assertTrue(balanced[0], "the forgery balances the roots");
                assertRejected(forged, "layer " + d);
            }
        }
    }

    @Test
    void wrongShapesAreRejectedAlike() {
        LookupWitness w = LookupWitness.of(new RangeTable(3), new long[] {1, 2, 3, 3, 0, 7, 7, 7, 5, 5, 4, 4, 1, 1, 6, 2});
        LookupProof honest = LookupProver.prove(w, Fixtures.transcript()).proof();
        GkrLayerProof[] look = honest.lookupLayers(), tab = honest.tableLayers();
        assertRejected(agree(w.table(), w.shape(), new LookupProof(Arrays.copyOf(look, look.length - 1), tab)), "GKR layers");
        GkrLayerProof l = look[look.length - 1];
        GkrLayerProof[] c = look.clone();
        c[c.length - 1] = new GkrLayerProof(l.sumcheck(), Arrays.copyOf(l.evals(), l.evals().length - 1));
        assertRejected(agree(w.table(), w.shape(), new LookupProof(c, tab)), "values, expected");
        GkrLayerProof l2 = look[2];
        c = look.clone();
        c[2] = new GkrLayerProof(new SumcheckProof(Arrays.copyOf(l2.sumcheck().rounds(), 1)), l2.evals());
        assertRejected(agree(w.table(), w.shape(), new LookupProof(c, tab)), "sumcheck rounds");
        assertRejected(agree(new FunctionTable("range-like", 0, 3, x -> 0), w.shape(), honest), "values, expected");
        // a proof bound to a commitment does not verify without it, in either verifier
        PcsCommitment[] bound = {Fixtures.PCS.commit(w.multiplicities()).commitment()};
        assertNotNull(agree(w.table(), w.shape(), LookupProver.prove(w, Fixtures.transcript(), bound).proof()).rejected());
    }

    // ---- the pad products each check needs ----

    /** Records, per deferred check, how many pad products were formed since the previous one. */
    static class Recording implements SymSink {
        final ZeroPads pads = new ZeroPads();
        final List<String> log = new ArrayList<>();
        private int seen;

        public Sym receive(GoldilocksExt2 e) {
            return pads.receive(e);
        }

        public void zero(Sym form, String what) {
            note(what);
            pads.zero(form, what);
        }

        public void nonZero(Sym form, String what) {
            note("nonzero");
            pads.nonZero(form, what);
        }

        public int product(int i, int j) {
            return pads.product(i, j);
        }

        public void bind(Transcript t, String label, Sym value) {
            pads.bind(t, label, value);
        }

        private void note(String what) {
            log.add((what.startsWith("sumcheck: final") ? "layer" : what.startsWith("sumcheck round") ? "round" : what.startsWith("logup: the") ? "roots"
                    : what) + " " + (pads.products() - seen));
            seen = pads.products();
        }
    }

    @Test
    void padProductsPerCheck() {
        // 2 segments of 2^3 values, 2 columns (tagged range, w = 2: 8 rows): lookup tree depth 4, table tree depth 3
        TaggedRangeTable t = new TaggedRangeTable(2);
        long[][][] segs = {{{2, 2, 1, 0, 2, 1, 1, 2}, {3, 0, 1, 0, 2, 1, 0, 3}}, {{0, 1, 2, 2, 2, 2, 1, 1}, {0, 1, 1, 2, 3, 0, 1, 0}}};
        LookupWitness w = LookupWitness.of(t, segs);
        Recording rec = new Recording();
        symbolic(t, w.shape(), LookupProver.prove(w, Fixtures.transcript()).proof(), rec);
        List<String> expected = new ArrayList<>();
        expected.add("nonzero 6"); // the roots: f0 f3, f1 f2, f2 f3 on each side
        expected.add("nonzero 0");
        expected.add("roots 36"); // P_l Q_t and P_t Q_l: 6 x 3 variables each
        for (int[] side : new int[][] {{4, 16}, {3, 0}}) { // depth, products at the leaf layer: (S C)^2 = 16 on the lookup side, 0 on the table's
            for (int d = 1; d < side[0]; d++) {
                for (int k = 0; k < d; k++) expected.add("round 0");
                expected.add("layer " + (d == side[0] - 1 ? side[1] : 3));
            }
        }
        assertEquals(expected, rec.log);
        assertEquals(rec.pads.products(), 6 + 36 + 2 * 3 + 16 + 1 * 3);
    }

    /** The demonstration that the agreement test can fail: dropping the roots' cross-product check lets an out-of-table value through. */
    @Test
    void aDroppedCheckIsCaughtByTheAgreementTest() {
        RangeTable table = new RangeTable(4);
        long[] values = Fixtures.randomRange(new SplittableRandom(8), 5, 4);
        long[] m = LookupWitness.of(table, values).multiplicities();
        m[(int) values[7]]--;
        values[7] = 16;
        LookupWitness w = LookupWitness.unchecked(table, new long[][][] {{values}}, m);
        LookupProof proof = LookupProver.prove(w, Fixtures.transcript()).proof();
        Recording dropping = new Recording() {
            @Override
            public void zero(Sym form, String what) {
                if (!what.equals(LookupVerifier.ROOTS)) super.zero(form, what);
            }
        };
        Decision cheated = symbolic(table, w.shape(), proof, dropping);
        assertNull(cheated.rejected(), "the out-of-table value passes once the check is gone");
        assertTrue(ClaimCheck.holds(w, claimsOf(table, w.shape(), proof, cheated)), "and its claims are true: nothing else would catch it");
        assertThrows(AssertionFailedError.class, () -> assertEquals(concrete(table, w.shape(), proof), cheated));
    }

    /** The concrete claims object for a symbolic decision's claims (same points and values). */
    private static LookupClaims claimsOf(Table table, LookupShape shape, LookupProof proof, Decision d) {
        int n = shape.numVars(), cols = table.numColumns();
        List<GoldilocksExt2> c = d.claims();
        GoldilocksExt2[][] values = new GoldilocksExt2[shape.numSegments()][cols];
        for (int j = 0; j < values.length; j++) for (int col = 0; col < cols; col++) values[j][col] = c.get(n + j * cols + col);
        int at = n + values.length * cols;
        return new LookupClaims(c.subList(0, n).toArray(new GoldilocksExt2[0]), values, c.subList(at, at + table.numVars()).toArray(new GoldilocksExt2[0]),
                c.get(at + table.numVars()));
    }

    static void assertRejected(Decision d, String why) {
        assertNotNull(d.rejected(), "accepted, expected a rejection naming " + why);
        if (!d.rejected().contains(why)) throw new AssertionFailedError("rejected for " + d.rejected() + ", expected " + why);
    }
}
