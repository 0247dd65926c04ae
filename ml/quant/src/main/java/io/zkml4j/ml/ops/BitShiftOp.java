package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX BitShift on unsigned integers (scale 0): x * 2^y (LEFT) or floor(x / 2^y) (RIGHT); 2^y is a lookup of the small shift amount. */
public final class BitShiftOp implements Op {
    @Override public String type() { return "BitShift"; }

    private static long shift(long x, long y, boolean left, String where) {
        if (y < 0 || y > 62) throw new ModelException("shift amount " + y + " out of range at " + where);
        return left ? x << y : x >>> y;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        boolean left = "LEFT".equals(node.attrString("direction", ""));
        return new Tensor[] {Elementwise.binary(in[0], in[1], null, (a, b) -> shift((long) a, (long) b, left, node.describe()), node.describe())};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.useAll();
        ctx.q().put("left", "LEFT".equals(ctx.node().attrString("direction", "")) ? 1 : 0);
        ctx.setOutScale(0, 0);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        boolean left = q.i("left") != 0;
        return new long[][] {Elementwise.binary(in[0], q.inShapes[0], in[1], q.inShapes[1], q.outShapes[0], (a, b) -> shift(a, b, left, q.describe()))};
    }
}
