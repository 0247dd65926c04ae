package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX PRelu: x for x >= 0, else x * slope (broadcast), rescaled back to the input scale. */
public final class PReluOp implements Op {
    @Override public String type() { return "PRelu"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.binary(in[0], in[1], null, (x, a) -> x >= 0 ? x : a * x, node.describe())};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.useAll();
        ctx.setOutScale(0, ctx.inScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int sa = q.inScales[1];
        FixedPoint.checkProduct(FixedPoint.maxAbs(in[0]), FixedPoint.maxAbs(in[1]), 1, q.describe());
        return new long[][] {Elementwise.binary(in[0], q.inShapes[0], in[1], q.inShapes[1], q.outShapes[0],
                (x, a) -> x >= 0 ? x : FixedPoint.rescale(x * a, sa))};
    }
}
