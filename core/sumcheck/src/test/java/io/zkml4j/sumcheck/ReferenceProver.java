package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;

/**
 * A deliberately naive sumcheck prover, independent of the production kernels: each round value g(t) is
 * computed by folding every table at X = t and summing the expression over the result with value objects.
 * A hook can rewrite each round message before it is absorbed, so cheating provers keep a faithful transcript
 * (the verifier's challenges are exactly the ones the cheater saw).
 */
final class ReferenceProver {
    private ReferenceProver() {}

    /** Rewrites round k's message; runningClaim is what the verifier expects g(0) + g(1) to be. */
    interface Tamper {
        GoldilocksExt2[] apply(int round, GoldilocksExt2[] g, GoldilocksExt2 runningClaim);
    }

    static final Tamper HONEST = (k, g, c) -> g;

    static GoldilocksExt2 sum(SumOfProducts expr, ExtVec[] tables) {
        GoldilocksExt2 s = GoldilocksExt2.ZERO;
        for (int i = 0; i < tables[0].length(); i++) s = s.add(expr.evaluate(column(tables, i)));
        return s;
    }

    static GoldilocksExt2[] column(ExtVec[] tables, int i) {
        GoldilocksExt2[] v = new GoldilocksExt2[tables.length];
        for (int j = 0; j < tables.length; j++) v[j] = tables[j].get(i);
        return v;
    }

    /** The eq-weighted instance as a plain one: eq(r, .) becomes table 0 and a factor of every term. */
    static SumOfProducts withEq(SumOfProducts expr) {
        SumOfProducts.Builder b = SumOfProducts.builder(expr.numPolys() + 1);
        for (int k = 0; k < expr.numTerms(); k++) {
            int[] f = expr.factors(k);
            int[] g = new int[f.length + 1];
            for (int i = 0; i < f.length; i++) g[i + 1] = f[i] + 1;
            b.term(expr.coeff(k), g);
        }
        return b.build();
    }

    static ExtVec[] withEq(GoldilocksExt2[] r, ExtVec[] tables) {
        ExtVec[] t = new ExtVec[tables.length + 1];
        t[0] = Eq.table(r);
        System.arraycopy(tables, 0, t, 1, tables.length);
        return t;
    }

    /** Proves `claimed` (absorbed as the claim) with round messages passed through tamper. */
    static SumcheckProverOutput prove(SumOfProducts expr, ExtVec[] tables, GoldilocksExt2 claimed, Transcript t, Tamper tamper) {
        int n = Mle.numVars(tables[0].length());
        int d = expr.degree();
        SumcheckTranscript.begin(t, n, d, claimed);
        ExtVec[] cur = new ExtVec[tables.length];
        for (int j = 0; j < tables.length; j++) cur[j] = tables[j].copy();
        GoldilocksExt2[][] rounds = new GoldilocksExt2[n][];
        GoldilocksExt2[] point = new GoldilocksExt2[n];
        GoldilocksExt2 running = claimed;
        for (int k = 0; k < n; k++) {
            GoldilocksExt2[] g = new GoldilocksExt2[d + 1];
            for (int s = 0; s <= d; s++) {
                ExtVec[] at = new ExtVec[cur.length];
                for (int j = 0; j < cur.length; j++) at[j] = Mle.fold(cur[j], GoldilocksExt2.ofBase(s));
                g[s] = sum(expr, at);
            }
            g = tamper.apply(k, g, running);
            GoldilocksExt2 c = SumcheckTranscript.round(t, g);
            rounds[k] = g;
            point[k] = c;
            running = Univariate.evaluate(g, c);
            for (int j = 0; j < cur.length; j++) cur[j] = Mle.fold(cur[j], c);
        }
        GoldilocksExt2[] evals = column(cur, 0);
        return new SumcheckProverOutput(new SumcheckProof(rounds), claimed, point, expr.evaluate(evals), evals);
    }

    static SumcheckProverOutput proveHonest(SumOfProducts expr, ExtVec[] tables, Transcript t) {
        return prove(expr, tables, sum(expr, tables), t, HONEST);
    }
}
