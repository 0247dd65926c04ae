package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX Cast. Float to integer truncates toward zero: for x at scale s, sign(x) * floor(|x| / 2^s)
 * (a remainder in [0, 2^s) and a sign check); to bool: x != 0; everything else keeps the integers
 * and the scale.
 */
public final class CastOp implements Op {
    @Override public String type() { return "Cast"; }

    private static DType to(Node node) {
        return DTypes.fromOnnx((int) node.attrInt("to", 1));
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        DType t = to(node);
        double[] x = T.d(in[0]);
        if (t == DType.BOOL) {
            long[] r = new long[x.length];
            for (int i = 0; i < x.length; i++) r[i] = x[i] != 0 ? 1 : 0;
            return new Tensor[] {Tensor.ofInts(DType.BOOL, in[0].shape(), r)};
        }
        return new Tensor[] {T.of(t, in[0].shape(), x)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int s = ctx.use(0);
        DType t = to(ctx.node());
        int mode = t == DType.BOOL ? 2 : (!t.isFloat() && !ctx.inIsInt(0) ? 1 : 0);
        ctx.q().put("mode", mode);
        ctx.setOutScale(0, mode == 0 ? s : 0);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long mode = q.i("mode");
        int s = q.inScales[0];
        if (mode == 0) return new long[][] {in[0]};
        if (mode == 2) return new long[][] {Elementwise.unary(in[0], x -> x != 0 ? 1 : 0)};
        if (s <= 0) return new long[][] {Elementwise.unary(in[0], x -> x << -s)};
        return new long[][] {Elementwise.unary(in[0], x -> x >= 0 ? x >> s : -((-x) >> s))};
    }
}
