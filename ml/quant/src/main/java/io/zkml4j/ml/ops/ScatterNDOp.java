package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX ScatterND (reduction none only): a copy of data with update slices written at the indexed positions. */
public final class ScatterNDOp extends DynamicIndexOp {
    @Override public String type() { return "ScatterND"; }

    @Override
    protected int[] dataInputs(Node node) {
        return new int[] {0, 2};
    }

    @Override
    protected long[] params(Node node, int[] dataShape) {
        if (!"none".equals(node.attrString("reduction", "none"))) throw new ModelException("ScatterND reduction is not supported at " + node.describe());
        return new long[0];
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {apply(params(node, in[0].shape()), in, node.describe())};
    }

    /** out = data with out[map[i] >= n0 ? ...]: element i takes data[map[i]] or updates[map[i] - n0]. */
    static Tensor combine(Tensor data, Tensor upd, int[] shape, int[] map) {
        int n0 = data.size();
        boolean f = data.floats() != null || upd.floats() != null;
        if (f) {
            double[] r = new double[map.length];
            for (int i = 0; i < r.length; i++) r[i] = map[i] < n0 ? data.getAsDouble(map[i]) : upd.getAsDouble(map[i] - n0);
            return T.f(shape, r);
        }
        long[] r = new long[map.length];
        for (int i = 0; i < r.length; i++) r[i] = map[i] < n0 ? data.getAsLong(map[i]) : upd.getAsLong(map[i] - n0);
        return Tensor.ofInts(data.dtype(), shape, r);
    }

    @Override
    protected Tensor apply(long[] p, Tensor[] in, String where) {
        int[] s = in[0].shape();
        int[] is = in[1].shape();
        int k = is[is.length - 1];
        int tuples = Shapes.size(is) / k;
        int inner = 1;
        for (int i = k; i < s.length; i++) inner *= s[i];
        long[] idx = T.l(in[1]);
        int[] str = Shapes.strides(s);
        int n0 = in[0].size();
        int[] map = new int[n0];
        for (int i = 0; i < n0; i++) map[i] = i;
        for (int t = 0; t < tuples; t++) {
            int off = 0;
            for (int d = 0; d < k; d++) {
                long j = idx[t * k + d];
                if (j < 0) j += s[d];
                if (j < 0 || j >= s[d]) throw new ModelException("index " + idx[t * k + d] + " out of range at " + where);
                off += (int) j * str[d];
            }
            for (int i = 0; i < inner; i++) map[off + i] = n0 + t * inner + i;
        }
        return combine(in[0], in[2], s, map);
    }
}
