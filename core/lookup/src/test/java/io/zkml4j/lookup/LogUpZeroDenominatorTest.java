package io.zkml4j.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import org.junit.jupiter.api.Test;

/**
 * The zero-denominator check on the roots in {@link LookupVerifier}. A prover that sends a looked-up value equal
 * to alpha (drawn before the leaf data is sent) makes that leaf's denominator alpha - v zero: the lookup root is
 * (0, 0), the cross product P_l Q_t = P_t Q_l holds for any table side, and the sum says nothing.
 */
class LogUpZeroDenominatorTest {
    private static final PcsCommitment[] NONE = new PcsCommitment[0];

    private static GkrLayerProof leafLayer(GoldilocksExt2... data) {
        return new GkrLayerProof(new SumcheckProof(new GoldilocksExt2[0][]), data);
    }

    /** One segment of 2 rows into a 2-row range table: both trees are a single leaf layer. */
    private static LookupProof forged(GoldilocksExt2 lookedUp, GoldilocksExt2 m0, GoldilocksExt2 m1) {
        return new LookupProof(new GkrLayerProof[] {leafLayer(lookedUp, lookedUp)}, new GkrLayerProof[] {leafLayer(m0, m1)});
    }

    @Test
    void lookedUpValueEqualToAlphaMakesTheRootDenominatorZeroAndIsRejected() {
        RangeTable table = new RangeTable(1);
        LookupShape shape = new LookupShape(1, 1);
        Transcript probe = Fixtures.transcript();
        GoldilocksExt2 alpha = LogUpGkr.begin(probe, table, shape, NONE, false)[0];
        // Any multiplicities: the vacuous identity 0 * Q_t = P_t * 0 holds whatever the table side says.
        for (GoldilocksExt2[] m : new GoldilocksExt2[][] {{GoldilocksExt2.ZERO, GoldilocksExt2.ZERO}, {GoldilocksExt2.of(5, 0), GoldilocksExt2.of(9, 1)}}) {
            LookupProof proof = forged(alpha, m[0], m[1]);
            VerificationException e = assertThrows(VerificationException.class,
                    () -> LookupVerifier.verify(table, shape, proof, Fixtures.transcript(), NONE));
            assertEquals("logup: a root denominator is zero", e.getMessage());
        }
    }

    @Test
    void honestLeafValuesOfTheSameShapePassTheRootChecks() {
        RangeTable table = new RangeTable(1);
        LookupShape shape = new LookupShape(1, 1);
        // values {0, 1}, one of each row: the honest proof is the forged one with the true leaf data.
        LookupProof proof = new LookupProof(new GkrLayerProof[] {leafLayer(GoldilocksExt2.ZERO, GoldilocksExt2.ONE)},
                new GkrLayerProof[] {leafLayer(GoldilocksExt2.ONE, GoldilocksExt2.ONE)});
        LookupVerifier.verify(table, shape, proof, Fixtures.transcript(), NONE);
    }
}
