package io.zkml4j.lookup;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.EvalClaim;

/**
 * What a verified lookup reduces to, and what the CALLER must still prove (with PCS openings of the committed
 * vectors, or as input claims of the layer that produced the looked-up values):
 * <ul>
 *   <li>for every segment s and column c: the MLE of that looked-up vector (2^n rows) at {@link #valuesPoint()}
 *       equals {@link #value(int, int)};</li>
 *   <li>the MLE of the multiplicities (2^k rows) at {@link #multiplicitiesPoint()} equals {@link #multiplicities()}.</li>
 * </ul>
 * The lookup proves nothing until these claims are proven; the table side is already checked by the verifier.
 */
public final class LookupClaims {
    private final GoldilocksExt2[] valuesPoint;
    private final GoldilocksExt2[][] values; // [segment][column]
    private final GoldilocksExt2[] multiplicitiesPoint;
    private final GoldilocksExt2 multiplicities;

    LookupClaims(GoldilocksExt2[] valuesPoint, GoldilocksExt2[][] values, GoldilocksExt2[] multiplicitiesPoint, GoldilocksExt2 multiplicities) {
        this.valuesPoint = valuesPoint;
        this.values = values;
        this.multiplicitiesPoint = multiplicitiesPoint;
        this.multiplicities = multiplicities;
    }

    /** The point (n coordinates) at which every looked-up vector is claimed. */
    public GoldilocksExt2[] valuesPoint() {
        return valuesPoint.clone();
    }

    /** The claimed value of segment s, column c at {@link #valuesPoint()}. */
    public GoldilocksExt2 value(int segment, int column) {
        return values[segment][column];
    }

    public int numSegments() {
        return values.length;
    }

    /** The point (k coordinates) at which the multiplicities are claimed. */
    public GoldilocksExt2[] multiplicitiesPoint() {
        return multiplicitiesPoint.clone();
    }

    public GoldilocksExt2 multiplicities() {
        return multiplicities;
    }

    /** The claim on segment s, column c as a PCS claim on committed vector number {@code vectorIndex}. */
    public EvalClaim valueClaim(int segment, int column, int vectorIndex) {
        return new EvalClaim(vectorIndex, valuesPoint, values[segment][column]);
    }

    /** The claim on the multiplicities as a PCS claim on committed vector number {@code vectorIndex}. */
    public EvalClaim multiplicityClaim(int vectorIndex) {
        return new EvalClaim(vectorIndex, multiplicitiesPoint, multiplicities);
    }

    boolean sameAs(LookupClaims o) {
        return java.util.Arrays.equals(valuesPoint, o.valuesPoint) && java.util.Arrays.deepEquals(values, o.values)
                && java.util.Arrays.equals(multiplicitiesPoint, o.multiplicitiesPoint) && multiplicities.equals(o.multiplicities);
    }
}
