package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier's closed forms against brute force: each O(vars) formula the verifier evaluates instead of a table
 * (the padding check's mask, the real-entry indicator, the pad column of a table rule's outputs) equals the multilinear
 * extension of the table it stands for, at random extension points. An error in one of them makes the verifier
 * compare against a wrong value: a honest proof would then fail somewhere, or worse, a cheat pass; these tests pin
 * each formula on its own (the mutation run of docs/mutation.md).
 */
class VerifierFormulasTest {
    private static final SplittableRandom RND = new SplittableRandom(2026);

    private static GoldilocksExt2 ext() {
        return GoldilocksExt2.of(RND.nextLong() >>> 1, RND.nextLong() >>> 1);
    }

    private static GoldilocksExt2[] point(int n) {
        GoldilocksExt2[] p = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) p[i] = ext();
        return p;
    }

    /** eq(r, i) over the k variables r[from .. from + k), i's bits low first. */
    private static GoldilocksExt2 eqAt(GoldilocksExt2[] r, int from, int k, int i) {
        return Eq.eval(Padding.slice(r, from, k), Padding.bits(i, k));
    }

    @Test
    void prefixAndPairPrefixAreTheSumsTheyName() {
        for (int k = 0; k <= 4; k++) {
            for (int from : new int[] {0, 2}) {
                GoldilocksExt2[] r = point(from + k), rho = point(from + k);
                for (int n = 0; n <= (1 << k) + 1; n++) {
                    GoldilocksExt2 one = GoldilocksExt2.ZERO, two = GoldilocksExt2.ZERO;
                    for (int i = 0; i < Math.min(n, 1 << k); i++) {
                        one = one.add(eqAt(r, from, k, i));
                        two = two.add(eqAt(r, from, k, i).mul(eqAt(rho, from, k, i)));
                    }
                    assertEquals(one, Padding.prefix(n, r, from, k), "prefix n=" + n + " k=" + k);
                    assertEquals(two, PaddingCheck.pairPrefix(n, r, rho, from, k), "pairPrefix n=" + n + " k=" + k);
                }
            }
        }
    }

    @Test
    void realIndicatorIsTheMleOfTheRealEntries() {
        for (int[] shape : List.of(new int[0], new int[] {1}, new int[] {3}, new int[] {4}, new int[] {3, 5}, new int[] {2, 3, 3}, new int[] {1, 6, 1})) {
            int vars = Padding.vars(shape);
            long[] ind = new long[1 << vars];
            for (int i : Padding.paddedIndices(shape)) ind[i] = 1;
            for (int from : new int[] {0, 1}) {
                GoldilocksExt2[] p = point(vars + from);
                GoldilocksExt2 want = Mle.evaluate(ind, Padding.slice(p, from, vars));
                assertEquals(want, Padding.realIndicator(shape, p, from), java.util.Arrays.toString(shape) + " from " + from);
                if (from == 0) assertEquals(want, Padding.realIndicator(shape, p));
            }
        }
    }

    private static List<ProvingKey> keys() {
        return List.of(MaliciousProverTest.linearPk(), MaliciousProverTest.actPk(), MaliciousProverTest.indexPk(), MaliciousProverTest.pubActPk(),
                PaddingForgeryTest.model(PaddingForgeryTest.PRODUCERS.get(2), 5), PaddingForgeryTest.model(PaddingForgeryTest.PRODUCERS.get(3), 6),
                ModelSetup.setup(PrivateVisibilityTest.MLP, Visibility.DEFAULT)); // a private input [1, 12]: committed, with padding
    }

    @Test
    void paddingPadAtIsTheMleOfThePadTable() {
        int checked = 0;
        for (ProvingKey pk : keys()) {
            Circuit c = pk.vk.circuit;
            for (int blockVec : new int[] {c.paddingBlock, c.constPaddingBlock}) {
                if (blockVec < 0) continue;
                Vec block = c.vec(blockVec);
                ExtVec table = ExtVec.ofBase(PaddingCheck.padTable(c, block));
                for (int trial = 0; trial < 3; trial++) {
                    GoldilocksExt2[] rho = point(block.vars);
                    assertEquals(Mle.evaluate(table, rho), PaddingCheck.padAt(c, block, rho));
                    // on the hypercube, the table itself: 1 on padding, 0 on real entries
                    int x = RND.nextInt(block.paddedSize());
                    assertEquals(table.get(x), PaddingCheck.padAt(c, block, Padding.bits(x, block.vars)));
                }
                checked++;
            }
        }
        assertTrue(checked >= 3, "too few circuits with a padding block: " + checked);
    }

    @Test
    void padEvalIsTheMleOfTheRegionsPadColumn() {
        int checked = 0;
        for (ProvingKey pk : keys()) {
            Circuit c = pk.vk.circuit;
            for (Vec[] ab : c.ruleRegions.values()) {
                Vec region = ab[1];
                long[] pad = new long[region.paddedSize()];
                java.util.Arrays.fill(pad, 1);
                for (Map.Entry<Integer, Vec> e : c.regionOf.entrySet()) {
                    if (e.getValue() != region) continue;
                    Vec m = c.vec(e.getKey());
                    for (int i : Padding.paddedIndices(m.shape)) pad[(int) (m.offset - region.offset) + i] = 0;
                }
                GoldilocksExt2[] rho = point(region.vars);
                assertEquals(Mle.evaluate(pad, rho), GraphProtocol.padEval(c, region, rho), region.name);
                checked++;
            }
        }
        assertTrue(checked >= 2, "too few table regions: " + checked);
    }

    /** The padding check's block by its definition: the smallest aligned 2^m block (m >= 1) holding every committed vector with padding. */
    private static long[] spanByDefinition(Circuit c) {
        long lo = Long.MAX_VALUE;
        List<Vec> withPadding = new java.util.ArrayList<>();
        for (Vec v : c.vecs) {
            if (v.committedPerProof() && Padding.size(v.shape) < v.paddedSize() && !c.limbWidths.containsKey(v.id)) { // limbs: the range lookup's width 0
                withPadding.add(v);
                lo = Math.min(lo, v.offset);
            }
        }
        if (withPadding.isEmpty()) return null;
        for (int m = 1; m < 63; m++) {
            long base = lo >>> m << m, end = base + (1L << m);
            boolean ok = true;
            for (Vec v : withPadding) ok &= v.offset >= base && v.offset + v.paddedSize() <= end;
            if (ok) return new long[] {base, m};
        }
        throw new AssertionError("no block");
    }

    /** span against its definition; and no committed vector larger than the block meets it (the layout nests), so the block holds whole every vector it meets. */
    private static void assertSpan(Circuit c) {
        long[] want = spanByDefinition(c), got = PaddingCheck.span(c, 1);
        assertEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(got));
        if (want == null) return;
        long end = want[0] + (1L << want[1]);
        for (Vec v : c.vecs) {
            if (v.committedPerProof() && v.offset < end && want[0] < v.offset + v.paddedSize()) assertTrue(v.offset >= want[0] && v.offset + v.paddedSize() <= end, v + " crosses the block");
        }
    }

    @Test
    void thePaddingBlockIsTheSmallestAlignedBlockHoldingEveryPaddedBlock() {
        java.util.List<ProvingKey> ks = new java.util.ArrayList<>(keys());
        ks.add(ModelSetup.setup(Models.mlp(71, 16, "Gemm16", "Gemm16"), Visibility.ALL_PUBLIC));
        ks.add(ModelSetup.setup(Models.mlp(72, 12, "Gemm16", "Relu", "Gemm4"), Visibility.ALL_PUBLIC));
        ks.add(ModelSetup.setup(Models.mlp(73, 12, "Flatten"), Visibility.ALL_PUBLIC));
        for (ProvingKey pk : ks) {
            Circuit c = pk.vk.circuit;
            assertSpan(c);
            long[] want = spanByDefinition(c);
            if (want == null) {
                assertEquals(-1, c.paddingBlock);
            } else {
                assertEquals(want[0], c.vec(c.paddingBlock).offset);
                assertEquals(want[1], c.vec(c.paddingBlock).vars);
            }
        }
    }

    private static int[] randomShape() {
        int[] shape = new int[1 + RND.nextInt(2)];
        for (int d = 0; d < shape.length; d++) shape[d] = 1 + RND.nextInt(9);
        return shape;
    }

    /**
     * A circuit shell (no tensors, no nodes) given a random layout by Circuit.place: hidden tensors and
     * auxiliary vectors, lookup regions with members, public tensors (no offset) and constants (the other table, whose
     * offsets overlap the advice table's), each with or without padding.
     */
    private static Circuit randomLayout() {
        Circuit c = Circuit.build(List.of(), List.of(), 24);
        List<Vec> advice = new java.util.ArrayList<>(), consts = new java.util.ArrayList<>();
        Map<Vec, Vec> regionOf = new java.util.HashMap<>();
        int items = 1 + RND.nextInt(6);
        for (int i = 0; i < items; i++) {
            int id = c.vecs.size();
            switch (RND.nextInt(6)) {
                case 0, 1 -> advice.add(add(c, new Vec(id, "a" + id, Vec.Kind.ADVICE, randomShape())));
                case 2 -> advice.add(add(c, new Vec(id, "h" + id, RND.nextBoolean() ? Vec.Kind.INPUT : Vec.Kind.OUTPUT, randomShape(), true)));
                case 3 -> add(c, new Vec(id, "p" + id, RND.nextBoolean() ? Vec.Kind.INPUT : Vec.Kind.OUTPUT, randomShape()));
                case 4 -> consts.add(add(c, new Vec(id, "c" + id, Vec.Kind.CONST, randomShape())));
                default -> {
                    List<Vec> members = new java.util.ArrayList<>();
                    for (int k = 0; k < 1 + RND.nextInt(3); k++) members.add(add(c, new Vec(c.vecs.size(), "m" + c.vecs.size(), Vec.Kind.ADVICE, randomShape())));
                    int vars = Circuit.place(members, 0); // offsets relative to the region
                    Vec region = add(c, new Vec(c.vecs.size(), "r" + c.vecs.size(), Vec.Kind.REGION, new int[] {1 << vars}));
                    advice.add(region);
                    for (Vec m : members) regionOf.put(m, region);
                }
            }
        }
        Circuit.place(consts, 0);
        Circuit.place(advice, 0);
        for (Map.Entry<Vec, Vec> e : regionOf.entrySet()) e.getKey().offset += e.getValue().offset;
        return c;
    }

    private static Vec add(Circuit c, Vec v) {
        c.vecs.add(v);
        return v;
    }

    @Test
    void onRandomLayoutsTheBlockAndTheMaskAreTheirDefinitions() {
        // every committed vector with padding must be under the mask: one left out is padding no check reads
        int blocks = 0;
        for (int trial = 0; trial < 300; trial++) {
            Circuit c = randomLayout();
            assertSpan(c);
            long[] span = PaddingCheck.span(c, 1);
            if (span == null) continue;
            Vec block = new Vec(c.vecs.size(), "padding", Vec.Kind.REGION, new int[] {1 << (int) span[1]});
            block.offset = span[0];
            ExtVec want = ExtVec.zeros(block.paddedSize());
            for (Vec v : c.vecs) {
                if (!v.committedPerProof() || Padding.size(v.shape) == v.paddedSize()) continue;
                java.util.Set<Integer> real = new java.util.HashSet<>();
                for (int i : Padding.paddedIndices(v.shape)) real.add(i);
                for (int i = 0; i < v.paddedSize(); i++) {
                    int x = (int) (v.offset - block.offset) + i;
                    if (!real.contains(i)) want.set(x, GoldilocksExt2.ONE);
                }
            }
            long[] got = PaddingCheck.padTable(c, block);
            for (int x = 0; x < block.paddedSize(); x++) assertEquals(want.get(x), GoldilocksExt2.ofBase(got[x]), "entry " + x);
            GoldilocksExt2[] rho = point(block.vars);
            assertEquals(Mle.evaluate(want, rho), PaddingCheck.padAt(c, block, rho));
            blocks++;
        }
        assertTrue(blocks >= 200, "layouts with padding: " + blocks);
    }

    @Test
    void aPointOfTheWrongLengthIsAnInternalError() {
        Circuit c = MaliciousProverTest.linearPk().vk.circuit;
        VerifierCtx v = new VerifierCtx(c, new Transcript("t"), new io.zkml4j.field.codec.FieldReader(new byte[64]), new long[c.vecs.size()][], null);
        Vec hidden = null;
        for (Vec x : c.vecs) if (!x.isPublic() && x.vars > 0) hidden = x;
        Vec h = hidden;
        assertThrows(IllegalStateException.class, () -> v.open(h.id, point(h.vars + 1)));
        assertThrows(IllegalStateException.class, () -> v.open(h.id, point(h.vars - 1), null));
    }
}
