package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX ScatterElements (reduction none only): a copy of data with updates written at the indexed positions. */
public final class ScatterElementsOp extends DynamicIndexOp {
    @Override public String type() { return "ScatterElements"; }

    @Override
    protected int[] dataInputs(Node node) {
        return new int[] {0, 2};
    }

    @Override
    protected long[] params(Node node, int[] dataShape) {
        if (!"none".equals(node.attrString("reduction", "none"))) throw new ModelException("ScatterElements reduction is not supported at " + node.describe());
        return new long[] {Shapes.axis(node.attrInt("axis", 0), dataShape.length, node.describe())};
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {apply(params(node, in[0].shape()), in, node.describe())};
    }

    @Override
    protected Tensor apply(long[] p, Tensor[] in, String where) {
        int[] s = in[0].shape();
        int r = s.length;
        int axis = (int) p[0];
        int[] us = in[2].shape();
        long[] idx = T.l(in[1]);
        int[] str = Shapes.strides(s);
        int n0 = in[0].size();
        int[] map = new int[n0];
        for (int i = 0; i < n0; i++) map[i] = i;
        int[] c = new int[r];
        for (int f = 0; f < idx.length; f++) {
            long j = idx[f] < 0 ? idx[f] + s[axis] : idx[f];
            if (j < 0 || j >= s[axis]) throw new ModelException("index " + idx[f] + " out of range at " + where);
            int dst = 0;
            for (int d = 0; d < r; d++) dst += (d == axis ? (int) j : c[d]) * str[d];
            map[dst] = n0 + f;
            for (int d = r - 1; d >= 0; d--) {
                if (++c[d] < us[d]) break;
                c[d] = 0;
            }
        }
        return ScatterNDOp.combine(in[0], in[2], s, map);
    }
}
