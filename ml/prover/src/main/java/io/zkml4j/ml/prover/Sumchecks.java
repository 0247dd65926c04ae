package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;
import io.zkml4j.sumcheck.SumcheckProver;
import io.zkml4j.sumcheck.SumcheckProverOutput;

/** Sumchecks run alike by both sides: the prover proves from its tables, the verifier checks the same messages. */
final class Sumchecks {
    private Sumchecks() {}

    /** Where a sumcheck leaves the caller: the point and the value the summand must take there. */
    record Result(GoldilocksExt2[] point, Val value, GoldilocksExt2[] finalEvals) {
        Result(GoldilocksExt2[] point, Val value) {
            this(point, value, null);
        }

        /** Prover only: table j's value at the point (null on the verifier's side), to pass to {@link Side#open(int, GoldilocksExt2[], GoldilocksExt2)}. */
        GoldilocksExt2 eval(int j) {
            return finalEvals == null ? null : finalEvals[j];
        }
    }

    /**
     * claimed = sum_x expr(tables(x)) over {@code vars} variables (tables are the prover's, null on the verifier's
     * side). With vars = 0 there is nothing to prove: the value is the claim itself.
     */
    static Result run(Side s, SumOfProducts expr, ExtVec[] tables, int vars, Val claimed) {
        if (vars == 0) return new Result(new GoldilocksExt2[0], claimed);
        if (s instanceof ProverCtx p) {
            SumcheckProverOutput o = p.underCheat(claimed.concrete(), () -> SumcheckProver.prove(expr, tables, null, s.t, p.encryption()));
            p.sumcheck(o);
            return new Result(o.point(), Val.of(o.finalClaim()), o.finalEvals());
        }
        return ((VerifierCtx) s).sumcheck(vars, expr.degree(), claimed);
    }

    /** claimed = sum_x eq(r, x) expr(tables(x)); the value returned includes eq: the caller checks eq(r, point) expr(values) against it. */
    static Result runEq(Side s, GoldilocksExt2[] r, SumOfProducts expr, ExtVec[] tables, Val claimed) {
        int vars = r.length;
        if (vars == 0) return new Result(new GoldilocksExt2[0], claimed);
        if (s instanceof ProverCtx p) {
            SumcheckProverOutput o = p.underCheat(claimed.concrete(), () -> SumcheckProver.prove(expr, tables, r, s.t, p.encryption()));
            p.sumcheck(o);
            return new Result(o.point(), Val.of(o.finalClaim()), o.finalEvals());
        }
        return ((VerifierCtx) s).sumcheck(vars, expr.degree() + 1, claimed);
    }

    /** claimed = sum_x eq(r, x) a(x) b(x) for base tables (the fast path); the value includes eq as in {@link #runEq}. */
    static Result runEqProduct(Side s, GoldilocksExt2[] r, long[] a, long[] b, Val claimed) {
        int vars = r.length;
        if (vars == 0) return new Result(new GoldilocksExt2[0], claimed);
        if (s instanceof ProverCtx p) {
            SumcheckProverOutput o = p.underCheat(claimed.concrete(), () -> SumcheckProver.proveEqProduct(r, a, b, s.t, p.encryption()));
            p.sumcheck(o);
            return new Result(o.point(), Val.of(o.finalClaim()), o.finalEvals());
        }
        return ((VerifierCtx) s).sumcheck(vars, 3, claimed);
    }

    /** claimed = sum_x a(x) b(x) for a base table a and an extension table b (the fast path, degree 2). */
    static Result runProduct(Side s, long[] a, ExtVec b, int vars, Val claimed) {
        if (s instanceof ProverCtx p) {
            SumcheckProverOutput o = p.underCheat(claimed.concrete(), () -> SumcheckProver.proveProduct(a, b, s.t, p.encryption()));
            p.sumcheck(o);
            return new Result(o.point(), Val.of(o.finalClaim()), o.finalEvals());
        }
        return ((VerifierCtx) s).sumcheck(vars, 2, claimed);
    }
}
