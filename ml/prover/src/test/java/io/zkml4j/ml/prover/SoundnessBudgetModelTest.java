package io.zkml4j.ml.prover;

import io.zkml4j.pcs.LigeroParams;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The composition bound of docs/security.md: {@link ModelVerifier#soundnessBits} is the sum of its parts (no part
 * assumed to dominate), the parts for the corpus' models, and the worst key the verifier accepts
 * ({@link ModelVerifier#worstCase}). The figures printed here are the ones the doc's table quotes.
 */
class SoundnessBudgetModelTest {
    private static final double LOG2_Q = 127.99;

    static String row(String what, ModelVerifier.SoundnessBudget b) {
        return String.format("%s: nodes %.2f, lookups %.2f, padding %.2f, pcs %.2f, sum %.2f bits", what,
                bits(b.nodes()), bits(b.lookups()), bits(b.padding()), bits(b.pcs()), b.bits());
    }

    static double bits(double err) {
        return err == 0 ? Double.POSITIVE_INFINITY : ModelVerifier.SoundnessBudget.bitsOf(err);
    }

    @Test
    void soundnessIsTheSumOfTheParts() {
        VerifyingKey vk = ModelProofTest.digitsPk().verifyingKey();
        ModelVerifier.SoundnessBudget b = ModelVerifier.budget(vk);
        assertEquals(b.bits(), ModelVerifier.soundnessBits(vk), 0);
        assertEquals(b.total(), b.nodes() + b.lookups() + b.padding() + b.pcs(), 0);
        // padding: 4n / |F| for the advice table's n variables, 4m / |F| for the constants' padded block of m (in the key)
        int m = vk.circuit.constPaddingBlock < 0 ? 0 : vk.circuit.vec(vk.circuit.constPaddingBlock).vars;
        assertTrue(m > 0, "digits_mlp's weights have padding");
        assertEquals(4.0 * (vk.circuit.adviceVars + m) * Math.pow(2, -LOG2_Q), b.padding(), 1e-50);
        // the sum is below every part alone
        for (double part : new double[] {b.nodes(), b.lookups(), b.padding(), b.pcs()}) assertTrue(b.bits() < bits(part));
        System.out.println(row("digits_mlp (2^" + vk.circuit.adviceVars + " advice, " + vk.circuit.limbBits + "-bit limbs)", b));
    }

    /**
     * A zero-knowledge key's commitment part is its constraint proof's four hiding tableaux (constants for B openings,
     * advice, pads, products), not one table: digits_mlp's figure is about 100.4 bits where one table alone gives 102.4.
     */
    @Test
    void aZeroKnowledgeKeyCountsItsFourTableaux() {
        io.zkml4j.pcs.HidingLigeroParams p = io.zkml4j.pcs.HidingLigeroParams.DEFAULT;
        for (int proofs : new int[] {1, 16}) {
            VerifyingKey vk = ModelSetup.setupZeroKnowledge(Models.shared("digits_mlp"), new io.zkml4j.pcs.HidingLigeroPcs(p), Visibility.DEFAULT, proofs).verifyingKey();
            ModelVerifier.SoundnessBudget b = ModelVerifier.budget(vk);
            double tableaux = Math.pow(2, -p.forOpenings(proofs).soundnessBits(vk.circuit.constVars, 1)) + Math.pow(2, -p.soundnessBits(vk.circuit.adviceVars, 1))
                    + 2 * Math.pow(2, -p.minSoundnessBits());
            assertTrue(b.pcs() >= tableaux, row("digits_mlp zk B=" + proofs, b));
            assertTrue(b.bits() < p.soundnessBits(vk.circuit.adviceVars, 1) - 1.5, row("digits_mlp zk B=" + proofs, b));
            assertTrue(b.bits() >= ModelVerifier.MIN_SOUNDNESS_BITS, row("digits_mlp zk B=" + proofs, b));
            System.out.println(row("digits_mlp, zero-knowledge key of " + proofs + " proof(s)", b));
        }
    }

    @Test
    void corpusModelsStayAbove99Bits() {
        ModelVerifier.SoundnessBudget mlp = ModelVerifier.budget(ModelProofTest.digitsPk().verifyingKey());
        assertTrue(mlp.bits() >= 99.9, row("digits_mlp", mlp));
        if (java.nio.file.Files.isDirectory(Models.shared().resolve("models/digits_transformer"))) {
            VerifyingKey vk = ModelSetup.setup(Models.shared("digits_transformer"), Visibility.ALL_PUBLIC).verifyingKey();
            ModelVerifier.SoundnessBudget t = ModelVerifier.budget(vk);
            System.out.println(row("digits_transformer (2^" + vk.circuit.adviceVars + " advice, " + vk.circuit.limbBits + "-bit limbs, "
                    + vk.circuit.nodes.size() + " nodes, " + vk.circuit.ruleRegions.size() + " table rules)", t));
            assertTrue(t.bits() >= 99.5, row("digits_transformer", t));
        }
    }

    /**
     * The worst key the verifier accepts: 91.6 bits, not 100. The node term (2^20 outputs of index nodes, each summing
     * 2^10 inputs of up to 33 variables) is responsible; the lookups (2^28 advice entries, at most 2.2/|F| each)
     * and the commitment (100 bits of queries plus up to 2^34.1 claims) are each above 93 bits.
     */
    @Test
    void worstAcceptedKeyIsAbove91Bits() {
        ModelVerifier.SoundnessBudget w = ModelVerifier.worstCase(new io.zkml4j.pcs.LigeroPcs(LigeroParams.DEFAULT));
        System.out.println(row("worst accepted key, DEFAULT", w));
        System.out.printf("lookup error per advice entry rho = %.3f / |F|%n", ModelVerifier.worstLookupErrorPerEntry() * Math.pow(2, LOG2_Q));
        System.out.println(row("worst accepted key, BALANCED", ModelVerifier.worstCase(new io.zkml4j.pcs.LigeroPcs(LigeroParams.BALANCED))));
        System.out.println(row("worst accepted key, SMALL_PROOF", ModelVerifier.worstCase(new io.zkml4j.pcs.LigeroPcs(LigeroParams.SMALL_PROOF))));
        assertTrue(w.bits() >= 91.5, row("worst", w));
        assertTrue(bits(w.nodes()) < bits(w.pcs()) && bits(w.nodes()) < bits(w.lookups()), "the node term is the largest: " + row("worst", w));
        assertTrue(bits(w.lookups()) >= 98.5 && bits(w.pcs()) >= 93.5, row("worst", w));
        // the worst case bounds every real key, part by part
        for (VerifyingKey vk : new VerifyingKey[] {ModelProofTest.digitsPk().verifyingKey(), ModelSetup.setup(Models.mlp(3, 12, "Gemm4096", "Relu"), Visibility.ALL_PUBLIC).verifyingKey()}) {
            ModelVerifier.SoundnessBudget b = ModelVerifier.budget(vk);
            assertTrue(b.nodes() <= w.nodes() && b.lookups() <= w.lookups() && b.padding() <= w.padding() && b.pcs() <= w.pcs(), row("key", b));
        }
    }

    /** rho: a LogUp over 2^n rows and a 2^k table occupies 2^n + 2^k (range) or 2^(n+1) + 2^k (rule) advice entries. */
    @Test
    void lookupErrorPerEntryBoundsTheCapRegions() {
        double rho = ModelVerifier.worstLookupErrorPerEntry();
        double q = Math.pow(2, -LOG2_Q);
        // a single range region of 2^27 rows with 8-bit limbs (the largest that fits with its multiplicities)
        double big = Math.pow(2, -io.zkml4j.lookup.LogUpGkr.soundnessBits(new io.zkml4j.lookup.RangeTable(8), new io.zkml4j.lookup.LookupShape(27, 1)));
        assertTrue(big <= rho * (Math.pow(2, 27) + 256));
        assertTrue(rho > 1 * q && rho < 3 * q, "rho " + rho / q);
        System.out.printf("one range region of 2^27 rows, 8-bit limbs: %.2f bits; of 2^20 rows: %.2f bits%n", -Math.log(big) / Math.log(2),
                io.zkml4j.lookup.LogUpGkr.soundnessBits(new io.zkml4j.lookup.RangeTable(8), new io.zkml4j.lookup.LookupShape(20, 1)));
    }

    @Test
    void keysBelowTheFloorAreRefused() {
        // the worst case of the caps is below the floor, so a key that reached it would be refused by setup and verify
        ModelVerifier.SoundnessBudget worst = ModelVerifier.worstCase(new io.zkml4j.pcs.LigeroPcs(LigeroParams.DEFAULT));
        String why = ModelVerifier.shortfall(worst);
        assertTrue(why != null && why.startsWith("the key's soundness bound is 91.") && why.contains("nodes 91."), why);
        assertEquals(null, ModelVerifier.shortfall(ModelVerifier.budget(ModelProofTest.digitsPk().verifyingKey())));
        // the floor sits just below the commitment's own 100 bits: a model loses at most a bit to everything else
        double nodesAtFloor = Math.pow(2, -ModelVerifier.MIN_SOUNDNESS_BITS);
        assertTrue(ModelVerifier.shortfall(new ModelVerifier.SoundnessBudget(nodesAtFloor, 0, 0, Math.pow(2, -100))) != null);
        assertEquals(null, ModelVerifier.shortfall(new ModelVerifier.SoundnessBudget(Math.pow(2, -101), 0, 0, Math.pow(2, -100))));
    }
}
