package io.zkml4j.ml.prover;

import static io.zkml4j.ml.prover.ModelProofTest.rejects;
import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.MLP;
import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.zkKey;
import static io.zkml4j.ml.prover.ZeroKnowledgeProofTest.zkProve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.HidingLigeroParams;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.PcsProverData;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.VerificationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Group 16 of the mutation runs (docs/mutation.md): the zero-knowledge verifier's own checks in
 * {@link GraphProtocol#verifyZk} and {@link ZkSink} (the pad count, the tableaux' sizes, the statement), each reached
 * by a proof edited in that one field and refused by that check's message, and two bindings shown load-bearing by a
 * party that chooses a table after the challenge it should not have seen: the advice commitment bound before the first
 * message, and the key statement bound before the constants' padding zero-check.
 */
class MutationGroup16Test {
    private static final HidingLigeroPcs PCS = new HidingLigeroPcs(HidingLigeroParams.DEFAULT);

    /** A proof of MLP under a fresh zero-knowledge key (input and parameters private, output public). */
    private record Proved(ProvingKey pk, VerifyingKey vk, ModelProver.Result r) {
        static Proved of(long seed) {
            ProvingKey pk = zkKey(MLP, Visibility.DEFAULT);
            ModelProver.Result r = zkProve(pk, Models.randomInput(7, 12), seed);
            return new Proved(pk, pk.verifyingKey(), r);
        }

        String rejection(byte[] proof) {
            return rejects(vk, null, r.publicOutput, proof);
        }

        int count() {
            return u32(r.proof, 1);
        }
    }

    private static int u32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static byte[] withU32(byte[] b, int at, int v) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(v);
        return c;
    }

    // the layout of MLP's proof: format byte, pad count, advice commitment (numVars, root, openings), pad commitment
    private static final int COUNT = 1, ADVICE = 5, PADS = ADVICE + 4 + 32 + 4;

    @Test
    void thePadCountIsBoundedAtBothEnds() {
        Proved p = Proved.of(80);
        assertEquals("zero-knowledge proof with 0 pads", p.rejection(withU32(p.r.proof, COUNT, 0)));
        assertEquals("zero-knowledge proof with " + ZkSink.PRODUCT_BASE + " pads", p.rejection(withU32(p.r.proof, COUNT, ZkSink.PRODUCT_BASE)));
        // one and 2^28 - 1 pass the bound and meet the pad commitment's size check
        int padVars = u32(p.r.proof, PADS);
        assertEquals("pad commitment of 2^" + padVars + " entries for 1 pads", p.rejection(withU32(p.r.proof, COUNT, 1)));
        int most = ZkSink.PRODUCT_BASE - 1;
        assertEquals("pad commitment of 2^" + padVars + " entries for " + most + " pads", p.rejection(withU32(p.r.proof, COUNT, most)));
    }

    /** A pad count one off whose pad table has the proof's size: the run receives more or fewer messages than pads. */
    @Test
    void aPadCountOneOffIsRefusedByTheRunThatCountsTheMessages() {
        Proved p = Proved.of(81);
        int n = p.count(), vars = ZkSink.tableVars(n);
        assertEquals(vars, u32(p.r.proof, PADS));
        assertTrue(ZkSink.tableVars(n - 1) == vars || ZkSink.tableVars(n + 1) == vars, "no neighbour of " + n + " with the same table");
        if (ZkSink.tableVars(n + 1) == vars) {
            assertEquals("zero-knowledge proof: " + (n + 1) + " pads committed, " + n + " messages received", p.rejection(withU32(p.r.proof, COUNT, n + 1)));
        }
        if (ZkSink.tableVars(n - 1) == vars) {
            assertEquals("zero-knowledge proof: more masked messages than its " + (n - 1) + " pads", p.rejection(withU32(p.r.proof, COUNT, n - 1)));
        }
    }

    @Test
    void eachTableausSizeIsTheOneTheKeyAndTheRunDerive() {
        Proved p = Proved.of(82);
        int advice = u32(p.r.proof, ADVICE);
        assertEquals(p.vk.circuit.adviceVars, advice);
        assertEquals("advice commitment of 2^" + (advice + 1) + " entries, the key needs 2^" + advice, p.rejection(withU32(p.r.proof, ADVICE, advice + 1)));
        int pads = u32(p.r.proof, PADS);
        assertEquals("pad commitment of 2^" + (pads + 1) + " entries for " + p.count() + " pads", p.rejection(withU32(p.r.proof, PADS, pads + 1)));
        // the product commitment: before the product count and the X', Y' of each product (32 bytes each)
        ZkSink sink = GraphProtocol.zkSink(p.vk, null, p.r.publicOutput, p.r.proof);
        int at = GraphProtocol.zkConstantsOpeningOffset(p.vk, null, p.r.publicOutput, p.r.proof) - 4 - 32 * sink.products.size() - (4 + 32 + 4);
        int products = u32(p.r.proof, at);
        assertEquals(ZkSink.tableVars(sink.productVariables()), products);
        assertEquals("product commitment of 2^" + (products + 1) + " entries for " + sink.productVariables() + " product variables",
                p.rejection(withU32(p.r.proof, at, products + 1)));
    }

    /** The statement as the key declares it: a private input's values, or one public output value too many, are refused before the proof is read. */
    @Test
    void theStatementIsCheckedAgainstTheKey() {
        Proved p = Proved.of(83);
        VerificationException e = assertThrows(VerificationException.class,
                () -> GraphProtocol.verifyZk(p.vk, Models.randomInput(7, 12), p.r.publicOutput, p.r.proof));
        assertEquals("the key declares the input private: the verifier is given no input values", e.getMessage());
        long[] longer = java.util.Arrays.copyOf(p.r.publicOutput, p.r.publicOutput.length + 1);
        e = assertThrows(VerificationException.class, () -> GraphProtocol.verifyZk(p.vk, null, longer, p.r.proof));
        assertEquals("public output has " + longer.length + " values, the key expects " + p.r.publicOutput.length, e.getMessage());
    }

    /** Base-field weights d with sum_k d_k e_k = 0 for three extension values e (the cross product of their coordinates). */
    private static long[] cancelling(GoldilocksExt2[] e) {
        long[] d = new long[3];
        for (int k = 0; k < 3; k++) {
            GoldilocksExt2 u = e[(k + 1) % 3], v = e[(k + 2) % 3];
            d[k] = Goldilocks.sub(Goldilocks.mul(u.c0, v.c1), Goldilocks.mul(v.c0, u.c1));
        }
        return d;
    }

    /** eq(point, i) for entry i of a table of 2^point.length entries, as the evaluation terms weigh it. */
    private static GoldilocksExt2 eqAt(GoldilocksExt2[] point, int i) {
        long[] unit = new long[1 << point.length];
        unit[i] = 1;
        return Mle.evaluate(unit, point);
    }

    /**
     * An advice table changed after the fact by a difference whose multilinear extension vanishes at the point z the
     * honest run reduced every advice claim to: the messages are the honest witness's, the table committed is another.
     * Only the advice commitment's absorption before the first message (GraphProtocol.zkHeader) stops it: without it
     * the challenges, and z, are the honest run's, the one evaluation term on the advice holds and the proof verifies
     * (checked by hand with the absorb removed).
     */
    @Test
    void anAdviceTableChangedInvisiblyAtTheHonestPointIsRejectedBecauseItsCommitmentIsBoundFirst() {
        ProvingKey pk = ModelSetup.setupZeroKnowledge(MLP, PCS, Visibility.DEFAULT, 2);
        VerifyingKey vk = pk.verifyingKey();
        long[] x = Models.randomInput(7, 12);
        ModelProver.Result honest = zkProve(pk, x, 84);
        ModelVerifier.verify(vk, null, honest.publicOutput, honest.proof);
        int adviceIndex = vk.circuit.constVars >= 0 ? 1 : 0;
        GoldilocksExt2[] z = GraphProtocol.zkReduced(vk, null, honest.publicOutput, honest.proof).stream().filter(r -> r.index() == adviceIndex)
                .findFirst().orElseThrow().point();
        assertEquals(vk.circuit.adviceVars, z.length);
        int size = 1 << z.length;
        int[] at = {size - 1, size - 2, size - 3};
        GoldilocksExt2[] e = new GoldilocksExt2[3];
        for (int k = 0; k < 3; k++) e[k] = eqAt(z, at[k]);
        long[] d = cancelling(e);
        long[] delta = new long[size];
        for (int k = 0; k < 3; k++) delta[at[k]] = d[k];
        assertEquals(GoldilocksExt2.ZERO, Mle.evaluate(delta, z));
        assertTrue(d[0] != 0 || d[1] != 0 || d[2] != 0);
        GraphProtocol.Cheat after = new GraphProtocol.Cheat() {
            @Override
            public long[] advice(long[] table) {
                for (int k = 0; k < 3; k++) table[at[k]] = Goldilocks.add(table[at[k]], d[k]);
                return table;
            }
        };
        ModelProver.Result forged = zkProve(pk, x, 84, after);
        assertTrue(!java.util.Arrays.equals(honest.proof, forged.proof));
        assertTrue(!rejects(vk, null, forged.publicOutput, forged.proof).isEmpty());
    }

    /**
     * A cheating setup that knows the constants' padding zero-check challenge r before it commits: three padded entries
     * set to nonzero values that cancel in sum_i eq(r, i) pad(i) T(i), so the zero-check holds honestly. The key
     * statement (the constants' commitment among it) absorbed before r (ConstantsPadding.transcript) makes r depend
     * on the table committed, and setup's own check of its proof refuses it; without that absorb r is the same for
     * every table and the key is made (checked by hand).
     */
    @Test
    void constantsWithPaddingChosenAgainstTheZeroChecksChallengeAreRefusedBecauseTheKeyIsBoundFirst() {
        QuantizedModel model = SoundnessChecklistTest.smallModel(61);
        ProvingKey honest = ModelSetup.setup(model, Visibility.ALL_PUBLIC);
        VerifyingKey k = honest.vk;
        Circuit c = k.circuit;
        Vec block = c.vec(c.constPaddingBlock);
        GoldilocksExt2[] r = ConstantsPadding.challenge(c, k.statement());
        long[] pad = PaddingCheck.padTable(c, block);
        int[] at = new int[3];
        for (int i = 0, found = 0; found < 3; i++) if (pad[i] == 1) at[found++] = i;
        GoldilocksExt2[] e = new GoldilocksExt2[3];
        for (int j = 0; j < 3; j++) e[j] = eqAt(r, at[j]);
        long[] d = cancelling(e);
        long[] bad = ModelSetup.layout(model).table().clone();
        for (int j = 0; j < 3; j++) bad[(int) block.offset + at[j]] = d[j];
        PcsProverData data = honest.pcs.commit(bad, honest.pcs.commitBlinding());
        VerificationException refused = assertThrows(VerificationException.class,
                () -> new VerifyingKey(k.pcs, k.rangeBits, k.visibility, k.tensors, k.scales, k.nodes, k.inputs, k.outputs, data.commitment(), bad));
        assertTrue(refused.getMessage().startsWith("padding"), refused.getMessage());
    }

    /**
     * A non-zero check of a public form is decided by the sink at once (no inverse witness): zero is refused by the
     * check's own message, a nonzero constant adds no constraint and no product.
     */
    @Test
    void aPublicFormsNonZeroCheckIsDecidedAtOnce() {
        ZkSink sink = new ZkSink(0, 1, 1, null);
        VerificationException e = assertThrows(VerificationException.class, () -> sink.nonZero(io.zkml4j.sumcheck.Sym.known(GoldilocksExt2.ZERO), "a public zero"));
        assertEquals("a public zero", e.getMessage());
        sink.nonZero(io.zkml4j.sumcheck.Sym.known(GoldilocksExt2.ONE), "one");
        assertEquals(0, sink.constraints.size());
        assertEquals(0, sink.productVariables());
    }

    /** The two sides of a product of two received values under ZkSink: a = e_a + pad 0, b = e_b + pad 1, a b = claimed. */
    private static ZkSink productClaim(GoldilocksExt2[] pads, GoldilocksExt2 ea, GoldilocksExt2 eb, GoldilocksExt2 claimed) {
        ZkSink sink = new ZkSink(0, 1, 32, pads);
        io.zkml4j.sumcheck.Sym a = sink.receive(ea), b = sink.receive(eb);
        sink.zero(sink.mul(a, b).sub(io.zkml4j.sumcheck.Sym.known(claimed)), "product");
        return sink;
    }

    /**
     * A product of two hidden values, V = X Y with X = lin(a) and Y = lin(b) bound by two linear constraints: a prover
     * that claims a b + 1 and sets Y' = p_1 + 1/p_0 (and V = X Y', so the proof of product holds) satisfies the
     * claim's constraint; only Y's binding (ZkSink.declare's second constraint) refuses it. With that constraint
     * removed the false product is accepted (checked by hand).
     */
    @Test
    void aProductWhoseSecondFactorIsNotItsFormIsRejected() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(86);
        io.zkml4j.pcs.Blinding blinding = io.zkml4j.pcs.Blinding.from(new java.util.SplittableRandom(87));
        GoldilocksExt2[] pads = new GoldilocksExt2[32];
        for (int i = 0; i < pads.length; i++) pads[i] = GoldilocksExt2.of(Goldilocks.reduce64(rnd.nextLong()), Goldilocks.reduce64(rnd.nextLong()));
        GoldilocksExt2 va = GoldilocksExt2.ofBase(6), vb = GoldilocksExt2.ofBase(7);
        GoldilocksExt2 ea = va.sub(pads[0]), eb = vb.sub(pads[1]);
        io.zkml4j.pcs.LigeroConstraints zkc = new io.zkml4j.pcs.LigeroConstraints(PCS);
        for (boolean cheat : new boolean[] {false, true}) {
            GoldilocksExt2 claimed = cheat ? va.mul(vb).add(GoldilocksExt2.ONE) : va.mul(vb);
            ZkSink prover = productClaim(pads, ea, eb, claimed);
            assertEquals(1, prover.products.size());
            GoldilocksExt2 x = pads[0], y = cheat ? pads[1].add(pads[0].inv()) : pads[1];
            long[] padTable = new long[64], productTable = new long[64];
            for (int i = 0; i < pads.length; i++) {
                padTable[2 * i] = pads[i].c0;
                padTable[2 * i + 1] = pads[i].c1;
            }
            GoldilocksExt2[] values = {x, y, x.mul(y)}; // X, Y, V; the four auxiliaries assigned below
            for (int i = 0; i < values.length; i++) {
                productTable[2 * i] = values[i].c0;
                productTable[2 * i + 1] = values[i].c1;
            }
            java.util.List<long[]> tables = java.util.List.of(padTable, productTable);
            for (io.zkml4j.pcs.Product p : prover.products) p.assign(tables, blinding);
            java.util.List<io.zkml4j.pcs.HidingLigeroProverData> data = zkc.commit(tables, blinding);
            io.zkml4j.pcs.ConstraintProof proof = zkc.prove(data, prover.constraints, prover.products, new io.zkml4j.transcript.Transcript("group16"));
            ZkSink verifier = productClaim(null, ea, eb, claimed);
            java.util.List<io.zkml4j.pcs.LigeroCommitment> cs = java.util.List.of(data.get(0).commitment(), data.get(1).commitment());
            Runnable verify = () -> zkc.verify(cs, verifier.constraints, verifier.products, proof, new io.zkml4j.transcript.Transcript("group16"));
            if (cheat) assertThrows(VerificationException.class, verify::run);
            else verify.run();
        }
    }
}
