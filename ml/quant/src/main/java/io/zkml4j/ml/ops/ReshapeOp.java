package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import java.util.Arrays;

/** ONNX Reshape (shape as input, or attribute before opset 5; 0 copies a dim unless allowzero, -1 infers). */
public final class ReshapeOp extends IndexOp {
    @Override public String type() { return "Reshape"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        long[] spec = Args.ints(node, in, 1, "shape");
        int[] src = in[0].shape();
        boolean allowZero = node.attrInt("allowzero", 0) != 0;
        int[] out = new int[spec.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            long d = spec[i];
            if (d == 0 && !allowZero) d = src[i];
            if (d == -1) {
                infer = i;
                continue;
            }
            out[i] = (int) d;
            known *= d;
        }
        int size = in[0].size();
        if (infer >= 0) out[infer] = known == 0 ? 0 : (int) (size / known);
        if (Shapes.size(out) != size) {
            throw new ModelException("cannot reshape " + Arrays.toString(src) + " to " + Arrays.toString(spec) + " at " + node.describe());
        }
        return new Tensor[] {T.reshape(in[0], out)};
    }
}
