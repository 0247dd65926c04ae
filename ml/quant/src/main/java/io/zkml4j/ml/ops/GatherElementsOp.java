package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX GatherElements: out[i..] = data[... index[i..] at axis ...]. */
public final class GatherElementsOp extends DynamicIndexOp {
    @Override public String type() { return "GatherElements"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {apply(params(node, in[0].shape()), in, node.describe())};
    }

    @Override
    protected long[] params(Node node, int[] dataShape) {
        return new long[] {Shapes.axis(node.attrInt("axis", 0), dataShape.length, node.describe())};
    }

    @Override
    protected Tensor apply(long[] p, Tensor[] in, String where) {
        int[] s = in[0].shape();
        int r = s.length;
        int axis = (int) p[0];
        int[] os = in[1].shape();
        long[] idx = T.l(in[1]);
        int[] str = Shapes.strides(s);
        int n = in[1].size();
        int[] map = new int[n];
        int[] c = new int[r];
        for (int f = 0; f < n; f++) {
            long j = idx[f] < 0 ? idx[f] + s[axis] : idx[f];
            if (j < 0 || j >= s[axis]) throw new ModelException("index " + idx[f] + " out of range at " + where);
            int src = 0;
            for (int d = 0; d < r; d++) src += (d == axis ? (int) j : c[d]) * str[d];
            map[f] = src;
            for (int d = r - 1; d >= 0; d--) {
                if (++c[d] < os[d]) break;
                c[d] = 0;
            }
        }
        return T.gather(in[0], os, map, 0);
    }
}
