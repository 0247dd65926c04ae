package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.pcs.HidingLigeroPcs;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.pcs.LigeroConstraints;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole zero-knowledge model proof simulated without a witness (docs/zero-knowledge.md, "The whole-proof
 * simulator"): from the verifying key's public structure and the public output alone (no weights, no input, no
 * activation), a verifying key and a proof that the verifier accepts under the random oracle the simulator programs.
 * The simulator: every masked message uniform (a pad hides it); the oracle's challenges chosen first; the verifier's
 * own symbolic run over those messages gives the constraints (its deferred checks and the claims' evaluation terms);
 * the constraint proof's simulator ({@link LigeroConstraints#simulate}) proves them over four simulated hiding
 * tableaux (constants, advice, pads, products), whose roots then stand in the key and the proof. The output it is
 * given is false (no witness could prove it): the proof is accepted all the same, so it carries no knowledge of a
 * witness beyond what the verifier could make itself; under the real oracle the same bytes are rejected.
 */
class ZeroKnowledgeSimulatorTest {

    /** A programmed random oracle: the chaining state of each challenge drawn from a seeded source, whatever was absorbed. */
    static Transcript.Program oracle(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return label -> {
            byte[] state = new byte[32];
            r.nextBytes(state);
            return state;
        };
    }

    record Simulated(VerifyingKey vk, byte[] proof, LigeroConstraints.Challenges challenges) {}

    /**
     * The simulator: {@code shape}'s public structure (graph, shapes, scales, scheme, visibility; its constants'
     * commitment is replaced) and the statement's public parts; nothing else.
     */
    static Simulated simulate(VerifyingKey shape, long[] x, long[] y, int set, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EED);
        Circuit c = shape.circuit;
        LigeroConstraints zkc = new LigeroConstraints((HidingLigeroPcs) shape.pcs);
        int count = GraphProtocol.padCount(shape, GraphProtocol.publicPart(shape.visibility.inputPublic(), x), GraphProtocol.publicPart(shape.visibility.outputPublic(), y));
        // the header (any commitments: the programmed oracle ignores what is absorbed; the simulated ones replace them),
        // then the verifier's own symbolic run over uniform masked messages, framed as the key's shapes frame them: the
        // messages, and the constraints they leave
        byte[] head = assemble(count, c.adviceVars >= 0 ? placeholder(c.adviceVars) : null, placeholder(ZkSink.tableVars(count)), new FieldWriter(), null, null);
        FieldWriter messages = new FieldWriter();
        FieldReader in = FieldReader.thenSimulated(head, () -> field(rnd), messages);
        GraphProtocol.ZkStatement st = Transcript.programmed(oracle(seed), () -> GraphProtocol.zkStatement(shape, x, y, in));
        assertEquals(count, st.pads());
        List<Integer> vars = new ArrayList<>();
        if (c.constVars >= 0) vars.add(c.constVars);
        if (c.adviceVars >= 0) vars.add(c.adviceVars);
        vars.add(ZkSink.tableVars(count));
        vars.add(ZkSink.tableVars(st.productVariables()));
        // the constants' tableau as the key's: for its B openings, this proof opening mask set `set`; the proof's own for one
        int[] openings = new int[vars.size()], sets = new int[vars.size()];
        java.util.Arrays.fill(openings, 1);
        if (c.constVars >= 0) {
            openings[0] = ((LigeroCommitment) shape.constants).openings();
            sets[0] = set;
        }
        LigeroConstraints.Simulated sim = zkc.simulate(vars.stream().mapToInt(Integer::intValue).toArray(), openings, sets, st.constraints(), st.products(), rnd);
        List<LigeroCommitment> cms = sim.commitments();
        int k = 0;
        LigeroCommitment constants = c.constVars >= 0 ? cms.get(k++) : null, advice = c.adviceVars >= 0 ? cms.get(k++) : null;
        LigeroCommitment pads = cms.get(k++), products = cms.get(k);
        // a zero-knowledge key carries no padding proof of its constants (each proof proves their padding): nothing of the weights
        assertEquals(0, shape.constPaddingProof.length);
        VerifyingKey vk = new VerifyingKey(shape.pcs, shape.rangeBits, shape.visibility, shape.tensors, shape.scales, shape.nodes, shape.inputs, shape.outputs,
                constants, shape.constPaddingProof);
        FieldWriter cp = new FieldWriter();
        sim.proof().writeTo(cp);
        return new Simulated(vk, assemble(count, advice, pads, messages, products, cp), sim.challenges());
    }

    private static long field(SplittableRandom rnd) {
        long w;
        do {
            w = rnd.nextLong();
        } while (!Goldilocks.isCanonical(w));
        return w;
    }

    /** A hiding commitment for one opening with a random root, read back as a proof carries it. */
    private static LigeroCommitment placeholder(int numVars) {
        byte[] root = new byte[32];
        new SplittableRandom(numVars).nextBytes(root);
        return LigeroCommitment.readHidingOnce(new FieldReader(new FieldWriter().u32(numVars).bytes(root).u32(1).toByteArray()), "placeholder");
    }

    /** A proof in {@link GraphProtocol}'s zero-knowledge format; the product commitment and constraint proof when given. */
    private static byte[] assemble(int count, LigeroCommitment advice, LigeroCommitment pads, FieldWriter messages, LigeroCommitment products, FieldWriter constraintProof) {
        FieldWriter w = new FieldWriter().u8(GraphProtocol.FORMAT_ZK).u32(count);
        if (advice != null) advice.writeTo(w);
        pads.writeTo(w);
        w.bytes(messages.toByteArray());
        if (products != null) {
            products.writeTo(w);
            w.bytes(constraintProof.toByteArray());
        }
        return w.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp:1", "digits_mlp:1", "digits_lenet:1", "digits_mlp:16"})
    void aWitnessFreeSimulatorMakesProofsOfFalseOutputsThatTheVerifierAcceptsUnderItsProgrammedOracle(String modelAndBudget) {
        String model = modelAndBudget.split(":")[0];
        int budget = Integer.parseInt(modelAndBudget.split(":")[1]);
        ProvingKey pk = ModelSetup.setupZeroKnowledge("mlp".equals(model) ? ZeroKnowledgeProofTest.MLP : Models.shared(model),
                new HidingLigeroPcs(io.zkml4j.pcs.HidingLigeroParams.DEFAULT), Visibility.DEFAULT, budget);
        VerifyingKey shape = pk.verifyingKey();
        // a real proof, for its output's length and its size
        long[] x = "mlp".equals(model) ? Models.randomInput(7, 12) : ZeroKnowledgeProofTest.sharedInput(pk, model);
        ModelProver.Result real = ZeroKnowledgeProofTest.zkProve(pk, x, 11);
        long[] y = real.publicOutput.clone();
        y[0] += 1; // false: no witness gives it

        int set = budget - 1; // the last of the key's mask sets (the first proof of a real key opens set 0)
        Simulated sim = simulate(shape, null, y, set, 20261208L);
        Transcript.programmed(oracle(20261208L), () -> {
            GraphProtocol.verifyZk(sim.vk, null, y, sim.proof, sim.challenges);
            return null;
        });
        // what the verifier sees has the real proof's shape: its length within the Merkle paths' variation (the queried
        // columns are random), and the key differs from a real one only in the constants' root
        assertTrue(Math.abs(sim.proof.length - real.proof.length) < real.proof.length / 50, sim.proof.length + " simulated bytes, " + real.proof.length + " real");
        assertEquals(shape.toBytes().length, sim.vk.toBytes().length);
        // the programming is what makes it pass: under the real oracle, or another program, the same bytes are rejected
        assertThrows(VerificationException.class, () -> GraphProtocol.verifyZk(sim.vk, null, y, sim.proof));
        assertThrows(RuntimeException.class, () -> Transcript.programmed(oracle(1), () -> {
            GraphProtocol.verifyZk(sim.vk, null, y, sim.proof, sim.challenges);
            return null;
        }));
        // and two simulations share no message (fresh uniform values, as two real proofs)
        Simulated again = simulate(shape, null, y, 0, 7L);
        assertNotEquals(java.util.Arrays.toString(GraphProtocol.zkMessages(sim.vk, null, y, sim.proof).toArray()),
                java.util.Arrays.toString(GraphProtocol.zkMessages(again.vk, null, y, again.proof).toArray()));
    }
}
