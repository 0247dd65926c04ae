package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** Shared form of the boolean binary operators (And, Or, Xor) on 0/1 values: products and sums of bits. */
abstract class LogicalOp implements Op {
    protected abstract boolean f(boolean a, boolean b);

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.binary(in[0], in[1], DType.BOOL, (a, b) -> f(a != 0, b != 0) ? 1 : 0, node.describe())};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.useAll();
        ctx.setOutScale(0, 0);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        return new long[][] {Elementwise.binary(in[0], q.inShapes[0], in[1], q.inShapes[1], q.outShapes[0], (a, b) -> f(a != 0, b != 0) ? 1 : 0)};
    }
}
