package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import java.util.ArrayList;
import java.util.List;

/** ONNX Squeeze (axes attribute before opset 13, input after; none = all 1-dims). */
public final class SqueezeOp extends IndexOp {
    @Override public String type() { return "Squeeze"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        int[] axes = Args.axes(Args.ints(node, in, 1, "axes"), s.length, node.describe());
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            boolean drop = false;
            if (axes == null || axes.length == 0) drop = s[i] == 1;
            else for (int a : axes) if (a == i) drop = true;
            if (!drop) out.add(s[i]);
        }
        return new Tensor[] {T.reshape(in[0], out.stream().mapToInt(Integer::intValue).toArray())};
    }
}
