package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.sumcheck.ClaimReduction;
import io.zkml4j.sumcheck.SlotClaim;
import io.zkml4j.sumcheck.SumcheckProof;

import java.util.ArrayList;
import java.util.List;

/**
 * Every evaluation claim the nodes, lookups and padding check leave on the advice table, reduced to a single claim by
 * core/sumcheck's {@link ClaimReduction} (one degree-2 sumcheck, error (K - 1 + 2n) / |F_ext|) before the opening, so the
 * opening carries one evaluation row for it instead of one per claim (a transformer's proof made thousands of rows,
 * hundreds of megabytes). The constants' claims are left as they are (see {@link #reduce}).
 */
final class ClaimBatch {
    private ClaimBatch() {}

    /**
     * Both sides: the claims per table, each table's reduced to one. {@code tables}: the prover's tables by index (null
     * on the verifier's side).
     */
    static List<EvalClaim> reduce(Side s, Circuit c, List<Claim> claims, long[][] tables) {
        int constIndex = c.constVars >= 0 ? 0 : -1, adviceIndex = c.constVars >= 0 ? 1 : 0;
        List<List<Claim>> byTable = List.of(new ArrayList<>(), new ArrayList<>());
        for (Claim cl : claims) {
            Vec v = c.vec(cl.vec());
            if (v.isPublic()) throw new IllegalStateException("internal: claim on public " + v);
            byTable.get(Circuit.tableOf(v)).add(cl);
        }
        List<EvalClaim> r = new ArrayList<>();
        for (int table = 0; table < 2; table++) {
            List<Claim> group = byTable.get(table);
            if (group.isEmpty()) continue;
            int index = table == 0 ? constIndex : adviceIndex;
            // the constants' claims stay one row each: few (a claim or two per weight tensor), each on its own slot,
            // where the opening's row costs the tensor's size, while a reduction would cost the whole table
            if (group.size() == 1 || table == 0) {
                for (Claim cl : group) r.add(new EvalClaim(index, c.tablePoint(c.vec(cl.vec()), cl.point()), cl.value()));
                continue;
            }
            r.add(reduceTable(s, c, index, table, group, tables == null ? null : tables[index]));
        }
        return r;
    }

    private static EvalClaim reduceTable(Side s, Circuit c, int index, int table, List<Claim> group, long[] values) {
        int n = c.tableVars(table);
        List<SlotClaim> slots = new ArrayList<>();
        for (Claim cl : group) {
            Vec v = c.vec(cl.vec());
            slots.add(new SlotClaim(cl.point(), v.offset >>> v.vars, cl.value()));
        }
        GoldilocksExt2[] point;
        GoldilocksExt2 value;
        if (s instanceof ProverCtx p) {
            // the sum is batched inside (after alpha): a cheat's adversary is given null, the honest sum
            ClaimReduction.Output o = p.underCheat(null, () -> ClaimReduction.proveAsClaimed(values, slots, p.t));
            o.proof().writeTo(p.out);
            p.out.ext(o.value());
            point = o.point();
            value = o.value();
        } else {
            VerifierCtx v = (VerifierCtx) s;
            SumcheckProof proof = SumcheckProof.readFrom(v.in, n, ClaimReduction.DEGREE);
            value = v.in.ext("claims.table");
            point = ClaimReduction.verify(n, slots, proof, value, v.t);
        }
        return new EvalClaim(index, point, value);
    }
}
