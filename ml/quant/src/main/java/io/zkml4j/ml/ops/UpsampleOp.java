package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Upsample (deprecated; nearest mode only): scales as attribute (opset 7) or input (9). */
public final class UpsampleOp extends IndexOp {
    @Override public String type() { return "Upsample"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        String mode = node.attrString("mode", "nearest");
        if (!mode.equals("nearest")) throw new ModelException("Upsample mode '" + mode + "' is not supported at " + node.describe());
        double[] scales = Args.floats(node, in, 1, "scales");
        int[] s = in[0].shape();
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) out[i] = (int) Math.floor(s[i] * scales[i]);
        return new Tensor[] {ResizeOp.nearest(in[0], out, scales, "asymmetric", "floor", node.describe())};
    }
}
