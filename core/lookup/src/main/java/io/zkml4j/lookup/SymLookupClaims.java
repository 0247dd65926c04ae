package io.zkml4j.lookup;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.sumcheck.Sym;

/**
 * {@link LookupClaims} as a symbolic verifier holds them ({@link SymLookupVerifier}): the points are public, the
 * claimed values are forms over pads. The caller must still prove them: each is an evaluation term of the committed
 * vector at its point equal to the form (in zero-knowledge mode), or under {@link io.zkml4j.sumcheck.ZeroPads} the
 * form's constant is the concrete claim.
 */
public record SymLookupClaims(GoldilocksExt2[] valuesPoint, Sym[][] values, GoldilocksExt2[] multiplicitiesPoint, Sym multiplicities) {
    public SymLookupClaims {
        valuesPoint = valuesPoint.clone();
        multiplicitiesPoint = multiplicitiesPoint.clone();
        Sym[][] v = new Sym[values.length][];
        for (int j = 0; j < v.length; j++) v[j] = values[j].clone();
        values = v;
    }

    @Override
    public GoldilocksExt2[] valuesPoint() {
        return valuesPoint.clone();
    }

    @Override
    public GoldilocksExt2[] multiplicitiesPoint() {
        return multiplicitiesPoint.clone();
    }

    /** The claimed value of segment s, column c at {@link #valuesPoint()}. */
    public Sym value(int segment, int column) {
        return values[segment][column];
    }

    @Override
    public Sym[][] values() {
        Sym[][] v = new Sym[values.length][];
        for (int j = 0; j < v.length; j++) v[j] = values[j].clone();
        return v;
    }
}
