package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.ml.ir.ModelException;

import java.util.Arrays;

/**
 * Prover-only: the value of every vector of a circuit, as signed integers in row-major order (tensors from the exact
 * integer run, auxiliary vectors from their operators) and, on demand, as field elements in the padded layout.
 */
final class Witness {
    final Circuit circuit;
    private final long[][] logical;
    private final long[][] padded;
    /** Range-checked quantities by check, in row-major order. */
    final java.util.Map<RangeCheck, long[]> quantities = new java.util.IdentityHashMap<>();
    /** The setup's constant table (padded field values at each CONST vector's offset), or null. */
    long[] constTable;

    /** A vector's padded field values as a range of an array (a CONST vector: its place in the constant table, no copy). */
    record Slice(long[] array, int offset, int length) {}

    Slice slice(int id) {
        Vec v = circuit.vec(id);
        if (v.kind == Vec.Kind.CONST && constTable != null) return new Slice(constTable, (int) v.offset, v.paddedSize());
        long[] p = padded(id);
        return new Slice(p, 0, p.length);
    }

    /** Test seam: a cheating prover may skip the honest range validation. */
    boolean trusting = true;

    Witness(Circuit circuit) {
        this.circuit = circuit;
        this.logical = new long[circuit.vecs.size()][];
        this.padded = new long[circuit.vecs.size()][];
    }

    Vec vec(int id) {
        return circuit.vec(id);
    }

    /** Signed values of a vector, row-major. */
    long[] values(int id) {
        long[] v = logical[id];
        if (v == null) throw new IllegalStateException("internal: no value for " + circuit.vec(id));
        return v;
    }

    boolean has(int id) {
        return logical[id] != null;
    }

    void set(int id, long[] signed) {
        Vec v = circuit.vec(id);
        if (signed.length != Padding.size(v.shape)) throw new IllegalStateException("internal: " + v + " given " + signed.length + " values");
        logical[id] = signed;
        padded[id] = null;
    }

    /** Test seam (a cheating prover): sets entry {@code index} of a vector's padded layout to a field element. */
    void setPadded(int id, int index, long field) {
        long[] p = padded(id).clone();
        p[index] = field;
        padded[id] = p;
    }

    /** Field values of a vector in the padded layout (cached; a region is assembled from its members). */
    long[] padded(int id) {
        long[] p = padded[id];
        if (p != null) return p;
        Vec v = circuit.vec(id);
        if (v.kind == Vec.Kind.REGION) {
            p = new long[v.paddedSize()];
            for (Vec m : circuit.members(v)) {
                long[] mv = padded(m.id);
                System.arraycopy(mv, 0, p, (int) (m.offset - v.offset), mv.length);
            }
        } else {
            p = Padding.pad(values(id), v.shape);
        }
        padded[id] = p;
        return p;
    }

    /** The range-budget quantity v + 2^(B-1) of a committed tensor's values (checked by {@link Side#checkBudget}). */
    void budget(RangeCheck rc, long[] v) {
        long off = 1L << (circuit.rangeBits - 1);
        long[] q = new long[v.length];
        for (int i = 0; i < q.length; i++) q[i] = v[i] + off;
        range(rc, q);
    }

    /** Sets a range-checked quantity (row-major, signed): every entry must lie in [0, 2^bits). */
    void range(RangeCheck rc, long[] q) {
        if (q.length != Padding.size(rc.shape)) throw new IllegalStateException("internal: range " + rc.what + " given " + q.length + " values");
        if (trusting) {
            for (int i = 0; i < q.length; i++) {
                if (q[i] < 0 || (rc.bits < 63 && q[i] >= (1L << rc.bits))) {
                    throw new ModelException(rc.what + ": value " + q[i] + " at index " + i + " outside the provable range [0, 2^" + rc.bits + ")"
                            + " (an input far outside the calibrated range?)");
                }
            }
        }
        quantities.put(rc, q);
    }

    /** Derives every range check's limbs from its quantity (each limb w bits; the top limb keeps all high bits). */
    void fillLimbs() {
        for (RangeCheck rc : circuit.ranges) {
            long[] q = quantities.get(rc);
            if (q == null) throw new IllegalStateException("internal: range check " + rc.what + " has no quantity");
            int w = rc.limbBits, m = rc.limbs.length;
            long mask = (1L << w) - 1;
            for (int j = 0; j < m; j++) {
                long[] limb = new long[q.length];
                boolean top = j == m - 1;
                for (int i = 0; i < q.length; i++) {
                    long f = Goldilocks.fromSigned(q[i]); // a cheat's negative quantity wraps to a huge field element
                    // as a signed value (the vector's convention): a wrapped quantity's top limb may exceed 2^63
                    limb[i] = Goldilocks.toSigned(top ? f >>> (w * j) : (f >>> (w * j)) & mask);
                }
                set(rc.limbs[j], limb);
            }
        }
    }

    @Override
    public String toString() {
        return "Witness" + Arrays.toString(new int[] {logical.length});
    }
}
