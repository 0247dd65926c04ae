package io.zkml4j.pcs;

import io.zkml4j.field.GoldilocksExt2;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One linear constraint over committed tableaux, proven in zero knowledge by {@link LigeroConstraints}:
 * sum_terms coeff * (term's linear form) = rhs, a term being one base entry W_v[index], an extension variable
 * ({@link ExtVar}: two entry terms, coefficients coeff and coeff X), or an evaluation of a whole table as a
 * multilinear polynomial, eq(point) . W_v (the claims a sumcheck reduces to). Coefficients and rhs are in the extension.
 */
public final class LinearConstraint {
    final List<HidingLigeroPcs.Term> terms; // weights are the coefficients (unbatched)
    public final GoldilocksExt2 rhs;

    private LinearConstraint(List<HidingLigeroPcs.Term> terms, GoldilocksExt2 rhs) {
        this.terms = List.copyOf(terms);
        this.rhs = rhs;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int numTerms() {
        return terms.size();
    }

    public static final class Builder {
        private final List<HidingLigeroPcs.Term> terms = new ArrayList<>();

        /** + coeff * W_vector[index]. */
        public Builder entry(int vector, int index, GoldilocksExt2 coeff) {
            if (vector < 0 || index < 0) throw new IllegalArgumentException("entry " + vector + ":" + index);
            if (!coeff.isZero()) terms.add(new HidingLigeroPcs.Term(vector, coeff, null, index));
            return this;
        }

        /** + coeff * v (an extension value as two entries). */
        public Builder ext(ExtVar v, GoldilocksExt2 coeff) {
            entry(v.vector(), v.index0(), coeff);
            return entry(v.vector(), v.index1(), coeff.mul(ExtVar.X));
        }

        /** + coeff * W_vector(point), the multilinear extension of the whole table (point[0] binds the lowest index bit). */
        public Builder eval(int vector, GoldilocksExt2[] point, GoldilocksExt2 coeff) {
            if (vector < 0) throw new IllegalArgumentException("vector " + vector);
            for (GoldilocksExt2 x : point) if (x == null) throw new IllegalArgumentException("null point coordinate");
            if (!coeff.isZero()) terms.add(new HidingLigeroPcs.Term(vector, coeff, point.clone(), -1));
            return this;
        }

        public LinearConstraint equalTo(GoldilocksExt2 rhs) {
            return new LinearConstraint(terms, rhs);
        }
    }

    /** Absorbs the constraint (terms in order, then rhs): the statement the challenges depend on. */
    void absorbInto(io.zkml4j.transcript.Transcript t) {
        t.absorbField("zkc.terms", terms.size());
        for (HidingLigeroPcs.Term term : terms) {
            t.absorbFields("zkc.term", new long[] {term.vector, term.point == null ? 0 : 1, term.point == null ? term.index : term.point.length});
            t.absorbExt("zkc.coeff", term.weight);
            if (term.point != null) {
                long[] p0 = new long[term.point.length], p1 = new long[term.point.length];
                for (int i = 0; i < p0.length; i++) {
                    p0[i] = term.point[i].c0;
                    p1[i] = term.point[i].c1;
                }
                t.absorbExts("zkc.point", p0, p1);
            }
        }
        t.absorbExt("zkc.rhs", rhs);
    }

    /** Checks every term names a commitment and an entry or point of its shape. */
    void checkShape(int[] numVars, java.util.function.Function<String, RuntimeException> err) {
        for (HidingLigeroPcs.Term term : terms) {
            if (term.vector >= numVars.length) throw err.apply("linear constraint: term on vector " + term.vector + " of " + numVars.length);
            int n = numVars[term.vector];
            if (term.point != null ? term.point.length != n : term.index >= (1L << n)) {
                throw err.apply("linear constraint: term " + (term.point != null ? "point " + Arrays.toString(term.point) : "index " + term.index) + " outside a 2^" + n + " table");
            }
        }
    }
}
