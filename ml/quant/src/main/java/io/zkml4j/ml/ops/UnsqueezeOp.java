package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Unsqueeze (axes attribute before opset 13, input after; axes refer to the output rank). */
public final class UnsqueezeOp extends IndexOp {
    @Override public String type() { return "Unsqueeze"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        long[] ax = Args.ints(node, in, 1, "axes");
        int rank = s.length + ax.length;
        int[] axes = Args.axes(ax, rank, node.describe());
        boolean[] isNew = new boolean[rank];
        for (int a : axes) isNew[a] = true;
        int[] out = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) out[i] = isNew[i] ? 1 : s[k++];
        return new Tensor[] {T.reshape(in[0], out)};
    }
}
