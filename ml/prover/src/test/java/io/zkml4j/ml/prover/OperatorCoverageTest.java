package io.zkml4j.ml.prover;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.ml.ops.OpRegistry;
import org.junit.jupiter.api.Test;

/** Every executor operator either has a proof node or is named with its reason (issue: no operator left unexplained). */
class OperatorCoverageTest {
    @Test
    void everyExecutorOperatorIsProvenOrNamed() {
        for (String op : OpRegistry.supportedOps()) assertTrue(OpProofs.has(op) || OperatorCoverage.named(op), op + " has neither a proof nor a reason");
        assertTrue(OperatorCoverage.withoutProof().containsKey("TopK") && !OperatorCoverage.withoutProof().containsKey("Gemm"));
    }
}
