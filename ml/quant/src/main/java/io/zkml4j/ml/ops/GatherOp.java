package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Gather along an axis (negative indices count from the end). */
public final class GatherOp extends DynamicIndexOp {
    @Override public String type() { return "Gather"; }

    @Override
    protected long[] params(Node node, int[] dataShape) {
        return new long[] {Shapes.axis(node.attrInt("axis", 0), dataShape.length, node.describe())};
    }

    @Override
    protected Tensor apply(long[] p, Tensor[] in, String where) {
        return apply(in, (int) p[0], where);
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {apply(in, Shapes.axis(node.attrInt("axis", 0), in[0].shape().length, node.describe()), node.describe())};
    }

    static Tensor apply(Tensor[] in, int axis, String where) {
        int[] s = in[0].shape();
        int r = s.length;
        long[] idx = T.l(in[1]);
        int[] is = in[1].shape();
        int[] out = new int[r - 1 + is.length];
        int k = 0;
        for (int i = 0; i < axis; i++) out[k++] = s[i];
        for (int d : is) out[k++] = d;
        for (int i = axis + 1; i < r; i++) out[k++] = s[i];
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= s[i];
        int inner = 1;
        for (int i = axis + 1; i < r; i++) inner *= s[i];
        int[] map = new int[Shapes.size(out)];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (long j : idx) {
                long jj = j < 0 ? j + s[axis] : j;
                if (jj < 0 || jj >= s[axis]) throw new ModelException("gather index " + j + " out of range at " + where);
                for (int i = 0; i < inner; i++) map[p++] = (int) ((o * s[axis] + jj) * inner + i);
            }
        }
        return T.gather(in[0], out, map, 0);
    }
}
