package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * An index-only operator (reshape, transpose, slice, concat, pad, gather with constant indices, ...):
 * every output element is a copy of one element of the (concatenated) data inputs or a constant fill.
 * Its integer semantics is exactly that copy, given by a static index map derived from the float
 * forward itself: run on inputs holding their own flat index (plus an offset), the forward reveals
 * where each output element comes from. Data inputs are first brought to the output scale.
 */
public abstract class IndexOp implements Op {
    /** Which inputs carry moved data; the others are static arguments (shapes, axes, indices). */
    protected int[] dataInputs(Node node) {
        return new int[] {0};
    }

    @Override
    public void quantize(QuantContext ctx) {
        Node node = ctx.node();
        int[] data = dataInputs(node);
        int n = ctx.numInputs();
        int sOut;
        if (data.length == 1) {
            sOut = ctx.use(data[0]);
        } else {
            sOut = ctx.defaultOutScale(0);
            // a float constant among the data (ScatterND's base tensor, a Concat with a constant part) is quantized at
            // the output scale directly: no shift at run time, and the proof of the index map needs one scale
            for (int d : data) {
                if (!ctx.present(d)) continue;
                if (ctx.isConst(d) && !ctx.inIsInt(d)) ctx.useConst(d, sOut);
                else ctx.use(d);
            }
        }
        Tensor[] a = new Tensor[n];
        Tensor[] b = new Tensor[n];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            if (!ctx.present(i)) continue;
            if (contains(data, i)) {
                int size = Shapes.size(ctx.inShape(i));
                boolean fl = !ctx.inIsInt(i);
                a[i] = iota(ctx.inShape(i), offset + 1, fl);
                b[i] = iota(ctx.inShape(i), offset + 2, fl);
                offset += size;
            } else {
                if (!ctx.isConst(i)) {
                    throw new ModelException("input " + i + " of " + ctx.where() + " must be constant: index-dependent data movement is not supported");
                }
                a[i] = ctx.constant(i);
                b[i] = ctx.constant(i);
            }
        }
        Tensor[] ra = forward(node, a);
        Tensor[] rb = forward(node, b);
        QNode q = ctx.q();
        for (int j = 0; j < ra.length; j++) {
            int size = ra[j].size();
            long[] map = new long[size];
            double fill = 0;
            boolean identity = data.length == 1 && size == offset;
            for (int k = 0; k < size; k++) {
                double va = ra[j].getAsDouble(k);
                double vb = rb[j].getAsDouble(k);
                if (vb == va + 1) {
                    map[k] = (long) va - 1;
                } else if (va == vb) {
                    map[k] = -1;
                    fill = va;
                } else {
                    throw new ModelException(ctx.where() + " is not an index-only operation here");
                }
                if (map[k] != k) identity = false;
            }
            if (identity) {
                q.put("identity" + j, 1);
            } else {
                q.put("map" + j, map);
                q.put("fill" + j, FixedPoint.quantize(fill, sOut));
            }
            ctx.setOutScale(j, sOut);
        }
        q.put("data", Shapes.toLongs(data));
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    /** Flat positions start, start+1, ... as a float (exact below 2^53) or int64 tensor, matching the data's kind. */
    private static Tensor iota(int[] shape, long start, boolean floats) {
        int size = Shapes.size(shape);
        if (floats) {
            double[] v = new double[size];
            for (int i = 0; i < size; i++) v[i] = start + i;
            return Tensor.ofFloats(shape, v);
        }
        long[] v = new long[size];
        for (int i = 0; i < size; i++) v[i] = start + i;
        return Tensor.ofInts(DType.INT64, shape, v);
    }

    /** The stored index maps as int[] (null for an identity output), decoded once per node. */
    private record Plan(int[] data, int[][] maps, long[] fills) {}

    private static Plan plan(QNode q) {
        if (q.cache instanceof Plan p) return p;
        int[] data = Shapes.toInts(q.ints("data"));
        int[][] maps = new int[q.outShapes.length][];
        long[] fills = new long[maps.length];
        for (int j = 0; j < maps.length; j++) {
            if (q.ints.containsKey("identity" + j)) continue;
            maps[j] = Shapes.toInts(q.ints("map" + j));
            fills[j] = q.i("fill" + j);
        }
        Plan p = new Plan(data, maps, fills);
        q.cache = p;
        return p;
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        Plan p = plan(q);
        int sOut = q.outScales[0];
        long[][] out = new long[q.outShapes.length][];
        long[] src;
        if (p.data.length == 1) {
            src = FixedPoint.requant(in[p.data[0]], q.inScales[p.data[0]], sOut);
        } else {
            int total = 0;
            for (int d : p.data) if (in[d] != null) total += in[d].length;
            src = new long[total];
            int off = 0;
            for (int d : p.data) {
                long[] x = in[d];
                if (x == null) continue;
                long[] y = FixedPoint.requant(x, q.inScales[d], sOut);
                System.arraycopy(y, 0, src, off, y.length);
                off += y.length;
            }
        }
        for (int j = 0; j < out.length; j++) {
            int[] map = p.maps[j];
            if (map == null) {
                out[j] = src;
                continue;
            }
            long fill = p.fills[j];
            long[] r = new long[map.length];
            for (int k = 0; k < map.length; k++) {
                int m = map[k];
                r[k] = m < 0 ? fill : src[m];
            }
            out[j] = r;
        }
        return out;
    }
}
