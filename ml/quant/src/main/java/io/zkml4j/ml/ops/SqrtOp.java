package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX Sqrt, exact: sqrt(x / 2^s_in) * 2^s_out = sqrt(x * 2^(2 s_out - s_in)), computed as
 * {@link FixedPoint#sqrtRound} of x shifted by e = 2 s_out - s_in (or rescaled when e < 0).
 */
public final class SqrtOp implements Op {
    @Override public String type() { return "Sqrt"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.unary(in[0], Math::sqrt)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.use(0);
        ctx.setOutScale(0, ctx.defaultOutScale(0));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        return new long[][] {sqrt(q, in[0], q.inScales[0], q.outScales[0])};
    }

    static long[] sqrt(QNode q, long[] x, int sIn, int sOut) {
        int e = 2 * sOut - sIn;
        long[] r = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            long v = x[i];
            if (v < 0) throw new ModelException("square root of negative value " + FixedPoint.dequantize(v, sIn) + " at " + q.describe());
            long w = e >= 0 ? FixedPoint.requant(v, 0, e) : FixedPoint.rescale(v, -e);
            r[i] = FixedPoint.sqrtRound(w);
        }
        return r;
    }
}
