package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Tensor;

/** Small tensor helpers for the float64 reference forwards. */
public final class T {
    private T() {}

    public static double[] d(Tensor t) {
        if (t.floats() != null) return t.floats();
        long[] l = t.ints();
        double[] r = new double[l.length];
        for (int i = 0; i < l.length; i++) r[i] = l[i];
        return r;
    }

    public static long[] l(Tensor t) {
        if (t.ints() != null) return t.ints();
        double[] f = t.floats();
        long[] r = new long[f.length];
        for (int i = 0; i < f.length; i++) r[i] = (long) f[i];
        return r;
    }

    public static boolean isInt(Tensor t) {
        return !t.dtype().isFloat();
    }

    public static Tensor f(int[] shape, double[] v) {
        return Tensor.ofFloats(shape, v);
    }

    public static Tensor i(int[] shape, long[] v) {
        return Tensor.ofInts(DType.INT64, shape, v);
    }

    public static Tensor bool(int[] shape, long[] v) {
        return Tensor.ofInts(DType.BOOL, shape, v);
    }

    /** A result of dtype {@code type} from double values (integer types truncate toward zero, as a C cast). */
    public static Tensor of(DType type, int[] shape, double[] v) {
        if (type.isFloat()) return Tensor.ofFloats(shape, v);
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (Double.isNaN(x)) throw new ModelException("NaN cast to integer type " + type);
            r[i] = type == DType.BOOL ? (x != 0 ? 1 : 0) : (long) x;
        }
        return Tensor.ofInts(type, shape, r);
    }

    /** Same storage kind and dtype as {@code like}, values copied from a flat index map (-1 = fill). */
    public static Tensor gather(Tensor like, int[] shape, int[] map, double fill) {
        if (like.floats() != null) {
            double[] s = like.floats();
            double[] r = new double[map.length];
            for (int i = 0; i < map.length; i++) r[i] = map[i] < 0 ? fill : s[map[i]];
            return Tensor.ofFloats(shape, r);
        }
        long[] s = like.ints();
        long[] r = new long[map.length];
        for (int i = 0; i < map.length; i++) r[i] = map[i] < 0 ? (long) fill : s[map[i]];
        return Tensor.ofInts(like.dtype(), shape, r);
    }

    public static Tensor reshape(Tensor t, int[] shape) {
        return t.floats() != null ? Tensor.ofFloats(shape, t.floats()) : Tensor.ofInts(t.dtype(), shape, t.ints());
    }

    /** Integer values of a small constant tensor (shapes, axes, indices). */
    public static long[] ints(Tensor t) {
        return l(t);
    }
}
