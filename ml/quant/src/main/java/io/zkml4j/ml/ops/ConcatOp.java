package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Concat along one axis; all inputs are data. */
public final class ConcatOp extends IndexOp {
    @Override public String type() { return "Concat"; }

    @Override
    protected int[] dataInputs(Node node) {
        int[] d = new int[node.inputs().size()];
        for (int i = 0; i < d.length; i++) d[i] = i;
        return d;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        Tensor first = null;
        for (Tensor t : in) if (t != null && (first == null || t.shape().length > first.shape().length)) first = t;
        int r = first.shape().length;
        int axis = Shapes.axis(node.attrInt("axis", 0), r, node.describe());
        int[] out = first.shape();
        out[axis] = 0;
        for (Tensor t : in) if (t != null && t.shape().length == r) out[axis] += t.shape()[axis];
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= out[i];
        int inner = 1;
        for (int i = axis + 1; i < r; i++) inner *= out[i];
        int n = Shapes.size(out);
        boolean anyFloat = false;
        for (Tensor t : in) if (t != null && t.floats() != null) anyFloat = true;
        double[] rd = new double[n];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (Tensor t : in) {
                if (t == null || t.shape().length != r) continue;
                int chunk = t.shape()[axis] * inner;
                for (int k = 0; k < chunk; k++) rd[pos++] = t.getAsDouble(o * chunk + k);
            }
        }
        return new Tensor[] {anyFloat ? T.f(out, rd) : T.of(first.dtype(), out, rd)};
    }
}
