package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import java.util.Arrays;

/** Shape arithmetic shared by all operators (row-major, numpy broadcasting). */
public final class Shapes {
    private Shapes() {}

    public static int size(int[] shape) {
        long p = 1;
        for (int d : shape) p *= d;
        if (p > Integer.MAX_VALUE) throw new ModelException("tensor of shape " + Arrays.toString(shape) + " is too large");
        return (int) p;
    }

    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** numpy broadcast of two shapes. */
    public static int[] broadcast(int[] a, int[] b, String where) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            int db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new ModelException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast at " + where);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    public static int[] broadcast(int[][] shapes, String where) {
        int[] out = shapes[0];
        for (int i = 1; i < shapes.length; i++) out = broadcast(out, shapes[i], where);
        return out;
    }

    /** Recently used broadcast maps (executors call the same shapes again and again). */
    private static final java.util.Map<String, int[]> BROADCAST_CACHE = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, int[]> e) {
                    return size() > 256;
                }
            });

    /**
     * For every flat index of {@code out}, the flat index of the broadcast source of shape {@code in};
     * null when identical. The returned array is shared: callers must not modify it.
     */
    public static int[] broadcastIndex(int[] out, int[] in) {
        if (Arrays.equals(out, in)) return null;
        String key = Arrays.toString(out) + Arrays.toString(in);
        int[] cached = BROADCAST_CACHE.get(key);
        if (cached != null) return cached;
        int[] map = computeBroadcastIndex(out, in);
        BROADCAST_CACHE.put(key, map);
        return map;
    }

    private static int[] computeBroadcastIndex(int[] out, int[] in) {
        int n = out.length;
        int[] inStrides = new int[n];
        int[] full = strides(in);
        for (int i = 0; i < n; i++) {
            int j = i - (n - in.length);
            inStrides[i] = (j >= 0 && in[j] != 1) ? full[j] : 0;
        }
        int total = size(out);
        int[] map = new int[total];
        int[] idx = new int[n];
        int src = 0;
        for (int f = 0; f < total; f++) {
            map[f] = src;
            for (int d = n - 1; d >= 0; d--) {
                idx[d]++;
                src += inStrides[d];
                if (idx[d] < out[d]) break;
                src -= inStrides[d] * idx[d];
                idx[d] = 0;
            }
        }
        return map;
    }

    public static int axis(long axis, int rank, String where) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new ModelException("axis " + axis + " out of range for rank " + rank + " at " + where);
        return (int) a;
    }

    public static int[] toInts(long[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.toIntExact(v[i]);
        return r;
    }

    public static long[] toLongs(int[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i];
        return r;
    }

    /**
     * Reduction plan: for each input flat index, the flat index of the output it reduces into, for the
     * given (normalized, possibly empty = all) axes; also returns the kept shape through {@code keptOut}.
     */
    public static int[] reduceIndex(int[] shape, boolean[] reduced) {
        int n = shape.length;
        int[] outStrides = new int[n];
        int acc = 1;
        for (int i = n - 1; i >= 0; i--) {
            outStrides[i] = reduced[i] ? 0 : acc;
            if (!reduced[i]) acc *= shape[i];
        }
        int total = size(shape);
        int[] map = new int[total];
        int[] idx = new int[n];
        int dst = 0;
        for (int f = 0; f < total; f++) {
            map[f] = dst;
            for (int d = n - 1; d >= 0; d--) {
                idx[d]++;
                dst += outStrides[d];
                if (idx[d] < shape[d]) break;
                dst -= outStrides[d] * idx[d];
                idx[d] = 0;
            }
        }
        return map;
    }

    public static int[] reducedShape(int[] shape, boolean[] reduced, boolean keepDims) {
        int k = 0;
        for (int i = 0; i < shape.length; i++) if (!reduced[i] || keepDims) k++;
        int[] out = new int[k];
        k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!reduced[i]) out[k++] = shape[i];
            else if (keepDims) out[k++] = 1;
        }
        return out;
    }
}
