package io.zkml4j.pcs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-claim check &lt;w_j, eqR(z_j)&gt; = y_j in {@link LigeroPcs#verify}. A prover that opens a false claim with
 * honest rows and absorbs the false value faithfully passes every column check (rows and columns are those of the
 * committed table); only this check ties the claimed value to the rows.
 */
class LigeroEvalRowCheckTest {
    private static final LigeroPcs PCS = new LigeroPcs(LigeroParams.DEFAULT);

    private static Transcript transcript(List<LigeroCommitment> cs) {
        Transcript t = new Transcript("zkml4j.pcs.eval-row-test");
        for (LigeroCommitment c : cs) c.absorbInto(t);
        return t;
    }

    private static GoldilocksExt2 ext(SplittableRandom r) {
        return GoldilocksExt2.of(Goldilocks.reduce64(r.nextLong()), Goldilocks.reduce64(r.nextLong()));
    }

    @Test
    void falseValueWithHonestRowsIsCaughtOnlyByTheEvaluationRowCheck() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 9;
        long[] t = new long[1 << n];
        for (int i = 0; i < t.length; i++) t[i] = Goldilocks.reduce64(r.nextLong());
        GoldilocksExt2[] z = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) z[i] = ext(r);
        LigeroProverData d = PCS.commit(t);
        List<LigeroCommitment> cs = List.of(d.commitment());
        GoldilocksExt2 truth = Mle.evaluate(t, z);
        // A second, true claim at a shared low point: the false one is not the first the loop sees.
        EvalClaim first = new EvalClaim(0, z.clone(), truth);
        for (GoldilocksExt2 delta : new GoldilocksExt2[] {GoldilocksExt2.ONE, GoldilocksExt2.of(0, 1)}) {
            EvalClaim lie = new EvalClaim(0, z.clone(), truth.add(delta));
            List<EvalClaim> claims = List.of(first, lie);
            LigeroProof proof = PCS.open(List.of(d), claims, transcript(cs));
            VerificationException e = assertThrows(VerificationException.class, () -> PCS.verify(cs, claims, proof, transcript(cs)));
            assertTrue(e.getMessage().contains("claim 1 (vector 0): evaluation row gives " + truth), e.getMessage());
        }
        // Control: the same opening with the true value is accepted.
        List<EvalClaim> honest = List.of(first, new EvalClaim(0, z.clone(), truth));
        PCS.verify(cs, honest, PCS.open(List.of(d), honest, transcript(cs)), transcript(cs));
    }
}
