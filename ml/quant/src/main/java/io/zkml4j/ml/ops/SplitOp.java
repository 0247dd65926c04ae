package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Split (split sizes as attribute before opset 13, input after; opset 18 num_outputs; default equal parts). */
public final class SplitOp extends IndexOp {
    @Override public String type() { return "Split"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int r = s.length;
        int axis = Shapes.axis(node.attrInt("axis", 0), r, node.describe());
        int parts = node.outputs().size();
        long[] split = Args.ints(node, in, 1, "split");
        int[] sizes = new int[parts];
        if (split != null && split.length == parts) {
            for (int i = 0; i < parts; i++) sizes[i] = (int) split[i];
        } else {
            int chunk = (s[axis] + parts - 1) / parts;
            int left = s[axis];
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.min(chunk, left);
                left -= sizes[i];
            }
        }
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= s[i];
        int inner = 1;
        for (int i = axis + 1; i < r; i++) inner *= s[i];
        Tensor[] out = new Tensor[parts];
        int start = 0;
        for (int p = 0; p < parts; p++) {
            int[] os = s.clone();
            os[axis] = sizes[p];
            int[] map = new int[Shapes.size(os)];
            int k = 0;
            for (int o = 0; o < outer; o++) {
                for (int a = 0; a < sizes[p]; a++) {
                    for (int i = 0; i < inner; i++) map[k++] = (o * s[axis] + start + a) * inner + i;
                }
            }
            out[p] = T.gather(in[0], os, map, 0);
            start += sizes[p];
        }
        return out;
    }
}
