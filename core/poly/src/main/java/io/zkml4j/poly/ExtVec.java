package io.zkml4j.poly;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import java.util.Arrays;

/**
 * A vector over GoldilocksExt2 held as two parallel coordinate arrays (entry i = c0[i] + c1[i]*X), the
 * layout every hot loop uses instead of GoldilocksExt2[]. The arrays are exposed for those loops; the
 * class only guarantees they have equal length.
 */
public final class ExtVec {
    public final long[] c0;
    public final long[] c1;

    public ExtVec(long[] c0, long[] c1) {
        if (c0.length != c1.length) {
            throw new IllegalArgumentException("coordinate arrays differ in length: " + c0.length + " vs " + c1.length);
        }
        this.c0 = c0;
        this.c1 = c1;
    }

    /** A zero vector of length n. */
    public static ExtVec zeros(int n) {
        return new ExtVec(new long[n], new long[n]);
    }

    /** The base-field vector v embedded into the extension (copies v). */
    public static ExtVec ofBase(long[] v) {
        return new ExtVec(v.clone(), new long[v.length]);
    }

    public static ExtVec of(GoldilocksExt2... v) {
        ExtVec r = zeros(v.length);
        for (int i = 0; i < v.length; i++) r.set(i, v[i]);
        return r;
    }

    public int length() {
        return c0.length;
    }

    public GoldilocksExt2 get(int i) {
        return GoldilocksExt2.of(c0[i], c1[i]);
    }

    public void set(int i, GoldilocksExt2 v) {
        c0[i] = v.c0;
        c1[i] = v.c1;
    }

    public ExtVec copy() {
        return new ExtVec(c0.clone(), c1.clone());
    }

    /** The first n entries (n may exceed the length: the tail is zero-padded). */
    public ExtVec copyOf(int n) {
        return new ExtVec(Arrays.copyOf(c0, n), Arrays.copyOf(c1, n));
    }

    public GoldilocksExt2[] toArray() {
        GoldilocksExt2[] r = new GoldilocksExt2[length()];
        for (int i = 0; i < r.length; i++) r[i] = get(i);
        return r;
    }

    /** Sum of all entries. */
    public GoldilocksExt2 sum() {
        long s0 = 0, s1 = 0;
        for (int i = 0; i < c0.length; i++) {
            s0 = Goldilocks.add(s0, c0[i]);
            s1 = Goldilocks.add(s1, c1[i]);
        }
        return GoldilocksExt2.of(s0, s1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtVec && Arrays.equals(c0, ((ExtVec) o).c0) && Arrays.equals(c1, ((ExtVec) o).c1);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(c0) * 31 + Arrays.hashCode(c1);
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
