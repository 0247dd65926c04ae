package io.zkml4j.ml.ir;

import java.util.Arrays;

/**
 * Name, element type and shape of a value. For graph inputs every dim is concrete (symbolic batch
 * dims are replaced by the batch size); elsewhere -1 marks an unknown dim, and a null shape an
 * unknown rank.
 */
public final class ValueInfo {
    private final String name;
    private final DType dtype;
    private final int[] shape;

    public ValueInfo(String name, DType dtype, int[] shape) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape == null ? null : shape.clone();
    }

    public String name() {
        return name;
    }

    /** Element type, or null when the model does not declare it. */
    public DType dtype() {
        return dtype;
    }

    /** Shape, or null when the rank is unknown. */
    public int[] shape() {
        return shape == null ? null : shape.clone();
    }

    /** Product of dims, or -1 when the shape is not fully known. */
    public long size() {
        if (shape == null) {
            return -1;
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + ": " + dtype + (shape == null ? "[?]" : Arrays.toString(shape));
    }
}
