package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Expand: numpy broadcast of the input to (the broadcast of) the given shape. */
public final class ExpandOp extends IndexOp {
    @Override public String type() { return "Expand"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] target = Shapes.toInts(T.l(in[1]));
        int[] out = Shapes.broadcast(in[0].shape(), target, node.describe());
        int[] map = Shapes.broadcastIndex(out, in[0].shape());
        if (map == null) return new Tensor[] {in[0]};
        return new Tensor[] {T.gather(in[0], out, map, 0)};
    }
}
