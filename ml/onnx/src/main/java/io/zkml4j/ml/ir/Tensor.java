package io.zkml4j.ml.ir;

import java.util.Arrays;

/**
 * A dense constant tensor in row-major (C) order. Floating types are held as double[] (exact
 * widening of float/half values); integer types and BOOL (0/1) as long[]; STRING as String[].
 * Immutable by convention: callers must not modify the arrays they get.
 */
public final class Tensor {
    /** Upper bound on elements of one tensor: 2^28 doubles = 2 GiB; protects against absurd dims. */
    public static final long MAX_ELEMENTS = 1L << 28;

    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final double[] floats;
    private final long[] ints;
    private final String[] strings;

    private Tensor(DType dtype, int[] shape, double[] floats, long[] ints, String[] strings) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.size = elementCount(this.shape, "tensor");
        this.floats = floats;
        this.ints = ints;
        this.strings = strings;
        int have = floats != null ? floats.length : ints != null ? ints.length : strings.length;
        if (have != size) {
            throw new ModelException("tensor of shape " + Arrays.toString(shape) + " has " + have + " values, expected " + size);
        }
    }

    /**
     * Number of elements of a shape, rejecting negative dims and counts above {@link #MAX_ELEMENTS}
     * (checked before anything is allocated). {@code what} names the tensor in the message.
     */
    public static int elementCount(int[] shape, String what) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new ModelException(what + ": negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new ModelException(what + ": shape " + Arrays.toString(shape) + " exceeds " + MAX_ELEMENTS + " elements");
            }
        }
        return (int) n;
    }

    public static Tensor ofFloats(int[] shape, double[] v) {
        return ofFloats(DType.FLOAT, shape, v);
    }

    public static Tensor ofFloats(DType t, int[] shape, double[] v) {
        if (!t.isFloat()) {
            throw new IllegalArgumentException(t + " is not a float type");
        }
        return new Tensor(t, shape, v, null, null);
    }

    public static Tensor ofInts(DType t, int[] shape, long[] v) {
        if (!t.isInteger()) {
            throw new IllegalArgumentException(t + " is not an integer type");
        }
        return new Tensor(t, shape, null, v, null);
    }

    public static Tensor ofStrings(int[] shape, String[] v) {
        return new Tensor(DType.STRING, shape, null, null, v);
    }

    public static Tensor scalarInt(long v) {
        return ofInts(DType.INT64, new int[0], new long[] {v});
    }

    public static Tensor scalarFloat(double v) {
        return ofFloats(new int[0], new double[] {v});
    }

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return size;
    }

    /** Values of a float tensor; null for other types. */
    public double[] floats() {
        return floats;
    }

    /** Values of an integer or BOOL tensor; null for other types. */
    public long[] ints() {
        return ints;
    }

    /** Values of a STRING tensor; null for other types. */
    public String[] strings() {
        return strings;
    }

    public double getAsDouble(int flatIndex) {
        if (floats != null) {
            return floats[flatIndex];
        }
        if (ints != null) {
            return dtype == DType.UINT64 ? unsignedToDouble(ints[flatIndex]) : ints[flatIndex];
        }
        throw new ModelException("string tensor has no numeric value");
    }

    public long getAsLong(int flatIndex) {
        if (ints != null) {
            return ints[flatIndex];
        }
        if (floats != null) {
            return (long) floats[flatIndex];
        }
        throw new ModelException("string tensor has no numeric value");
    }

    /** All values as doubles (a copy for integer tensors). */
    public double[] toDoubles() {
        if (floats != null) {
            return floats.clone();
        }
        double[] r = new double[size];
        for (int i = 0; i < size; i++) {
            r[i] = getAsDouble(i);
        }
        return r;
    }

    /** All values as longs (floats truncated toward zero). */
    public long[] toLongs() {
        if (ints != null) {
            return ints.clone();
        }
        long[] r = new long[size];
        for (int i = 0; i < size; i++) {
            r[i] = getAsLong(i);
        }
        return r;
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype + " " + Arrays.toString(shape) + ")";
    }
}
