package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX Not on booleans (0/1): 1 - x. */
public final class NotOp implements Op {
    @Override public String type() { return "Not"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        long[] x = T.l(in[0]);
        long[] r = new long[x.length];
        for (int i = 0; i < x.length; i++) r[i] = x[i] != 0 ? 0 : 1;
        return new Tensor[] {Tensor.ofInts(DType.BOOL, in[0].shape(), r)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.use(0);
        ctx.setOutScale(0, 0);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        return new long[][] {Elementwise.unary(in[0], x -> x != 0 ? 0 : 1)};
    }
}
