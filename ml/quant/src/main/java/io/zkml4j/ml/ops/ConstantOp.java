package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;

/** ONNX Constant (value, value_float(s), value_int(s)); folded by the compiler. */
public final class ConstantOp extends ConstOnlyOp {
    @Override public String type() { return "Constant"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        Tensor t = node.attrTensor("value");
        if (t != null) return new Tensor[] {t};
        if (node.hasAttr("value_float")) return new Tensor[] {Tensor.scalarFloat(node.attrFloat("value_float", 0))};
        if (node.hasAttr("value_int")) return new Tensor[] {Tensor.scalarInt(node.attrInt("value_int", 0))};
        if (node.hasAttr("value_ints")) {
            long[] v = node.attrInts("value_ints", null);
            return new Tensor[] {T.i(new int[] {v.length}, v)};
        }
        if (node.hasAttr("value_floats")) {
            float[] f = node.attributes().get("value_floats").floats();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            return new Tensor[] {T.f(new int[] {f.length}, d)};
        }
        throw new ModelException("Constant without a supported value attribute at " + node.describe());
    }
}
