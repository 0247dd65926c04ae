package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX Clip (min/max attributes before opset 11, inputs after): a clamp at the input scale (two range checks). */
public final class ClipOp implements Op {
    @Override public String type() { return "Clip"; }

    private static double[] bounds(Node node, Tensor[] in) {
        double lo = Args.present(in, 1) ? in[1].getAsDouble(0) : node.attrFloat("min", Float.NEGATIVE_INFINITY);
        double hi = Args.present(in, 2) ? in[2].getAsDouble(0) : node.attrFloat("max", Float.POSITIVE_INFINITY);
        return new double[] {lo, hi};
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        double[] b = bounds(node, in);
        return new Tensor[] {Elementwise.unary(in[0], x -> Math.min(b[1], Math.max(b[0], x)))};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int s = ctx.use(0);
        Tensor[] c = new Tensor[3];
        for (int i = 1; i < 3; i++) if (ctx.present(i)) c[i] = ctx.constant(i);
        double[] b = bounds(ctx.node(), c);
        long lo = Double.isInfinite(b[0]) ? Long.MIN_VALUE : FixedPoint.quantize(b[0], s);
        long hi = Double.isInfinite(b[1]) ? Long.MAX_VALUE : FixedPoint.quantize(b[1], s);
        ctx.q().put("bounds", lo, hi);
        ctx.setOutScale(0, s);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long[] b = q.ints("bounds");
        return new long[][] {Elementwise.unary(in[0], x -> FixedPoint.clamp(x, b[0], b[1]))};
    }
}
