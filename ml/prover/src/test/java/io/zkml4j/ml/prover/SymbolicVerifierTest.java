package io.zkml4j.ml.prover;

import io.zkml4j.sumcheck.Sym;
import io.zkml4j.sumcheck.SymSink;
import io.zkml4j.sumcheck.ZeroPads;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.zkml4j.ml.prover.MaliciousProverTest.Alter;
import static io.zkml4j.ml.prover.MaliciousProverTest.first;
import static io.zkml4j.ml.prover.MaliciousProverTest.rangeCheck;
import static io.zkml4j.ml.prover.MaliciousProverTest.vecId;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph verifier on symbolic values (docs/zero-knowledge.md). Every other test of this module already compares it
 * with the concrete verifier on each proof it verifies ({@link SymbolicTwin}); here: the counts a zero-knowledge proof
 * would need, that the comparison is not vacuous (a check dropped on the symbolic side only is caught), and that the
 * symbolic run really defers checks to its sink.
 */
class SymbolicVerifierTest {
    private static final long[] X12 = Models.randomInput(77, 12);

    private static ZeroPads verifySymbolic(ProvingKey pk, ModelProver.Result r) {
        ZeroPads z = new ZeroPads();
        GraphProtocol.verify(pk.vk, r.input, r.output, r.proof, z);
        return z;
    }

    @Test
    void honestProofsAcceptedWithPadsProductsAndConstraints() {
        ProvingKey lenet = ModelSetup.setup(Models.shared("digits_lenet"), Visibility.ALL_PUBLIC);
        for (ProvingKey pk : List.of(MaliciousProverTest.linearPk(), MaliciousProverTest.actPk(), MaliciousProverTest.indexPk(), ModelProofTest.digitsPk(), lenet)) {
            long[] x = Models.randomInput(5, pk.vk.inputLength());
            ModelProver.Result r = ModelProver.prove(pk, x, null, ProveProgress.NONE);
            ZeroPads z = verifySymbolic(pk, r);
            // every node sends evaluations and runs sumchecks: pads and deferred checks; the product of two opened values
            // (a matrix product's final check a(rho) b(rho)) takes a product variable
            assertTrue(z.pads() > 0 && z.constraints() > 0 && z.formProducts() > 0, SymbolicTwin.model(pk.vk));
            System.out.println("symbolic verifier: " + SymbolicTwin.model(pk.vk) + ": pads " + z.pads() + ", pad products " + z.products()
                    + ", form products " + z.formProducts() + ", constraints " + z.constraints());
        }
    }

    /** linearPk's second Relu (n3) outputs 0 at its first positive output, its range quantity recomputed to match. */
    private static Alter reluZeroedWithConsistentRange(ProvingKey pk) {
        RangeCheck rc = rangeCheck(pk.vk.circuit, "n3.lower");
        return new Alter(pk, "v3", v -> v[first(v, i -> v[i] > 0)] = 0).aux(w -> {
            long[] pre = w.values(vecId(w.circuit, "v2"));
            long[] q = new long[pre.length];
            for (int i = 0; i < q.length; i++) q[i] = 2 * Math.max(pre[i], 0) - pre[i];
            w.range(rc, q);
        });
    }

    /** ZeroPads with the deferred checks named {@code dropped} made no-ops: a check conversion deleted on the symbolic side. */
    private static SymSink dropping(String dropped) {
        return new SymbolicTwin.OverZeroPads() {
            @Override
            public void zero(Sym form, String what) {
                if (!what.equals(dropped)) super.zero(form, what);
            }
        };
    }

    @Test
    void aCheckDroppedOnTheSymbolicSideAloneChangesTheVerdict() {
        ProvingKey pk = MaliciousProverTest.linearPk();
        ModelProver.Result r = ModelProver.prove(pk, X12, reluZeroedWithConsistentRange(pk), ProveProgress.NONE);
        RuntimeException concrete = SymbolicTwin.outcome(() -> GraphProtocol.verify(pk.vk, r.input, r.output, r.proof, null));
        assertNotNull(concrete, "the cheat is rejected");
        assertTrue(concrete.getMessage().startsWith("node 'n3' (Relu): "), concrete.getMessage());
        RuntimeException faithful = SymbolicTwin.outcome(() -> GraphProtocol.verify(pk.vk, r.input, r.output, r.proof, new ZeroPads()));
        assertTrue(SymbolicTwin.sameVerdict(concrete, faithful), "ZeroPads decides as the concrete verifier");
        // the check that caught it, deleted on the symbolic side only: the comparison every test runs then fails
        RuntimeException lost = SymbolicTwin.outcome(() -> GraphProtocol.verify(pk.vk, r.input, r.output, r.proof, dropping(concrete.getMessage())));
        assertFalse(SymbolicTwin.sameVerdict(concrete, lost), "dropping " + concrete.getMessage() + " went unnoticed");
    }

    @Test
    void aFalseRelationIsDeferredToTheSinkNotDecidedByTheVerifier() {
        ProvingKey pk = MaliciousProverTest.linearPk();
        ModelProver.Result r = ModelProver.prove(pk, X12, reluZeroedWithConsistentRange(pk), ProveProgress.NONE);
        int[] seen = {0};
        SymSink recording = new SymbolicTwin.OverZeroPads() {
            @Override
            public void zero(Sym form, String what) {
                seen[0]++;
                assertFalse(form.isKnown(), "a deferred check has pads: " + what);
                // deferring everything (as the constraint proof will) lets the verifier run to the end
            }
        };
        // the verifier itself throws no VerificationException for the node checks: only the still-concrete parts
        // (lookups, claim batching, the opening) may reject the forged proof
        RuntimeException e = SymbolicTwin.outcome(() -> GraphProtocol.verify(pk.vk, r.input, r.output, r.proof, recording));
        assertTrue(seen[0] > 0);
        if (e != null) {
            assertTrue(e instanceof VerificationException, e.toString());
            assertFalse(e.getMessage().startsWith("node "), "a node check decided by the verifier, not the sink: " + e.getMessage());
        }
    }
}
