package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * ONNX QuantizeLinear (per-tensor or per-axis constant scale and zero point; int8/uint8 output):
 * y = clamp(round_half_even(x / scale) + zp). Integer form: x * (1/scale) at 2^-(s_x + s_r) with the
 * reciprocal at weight precision, round half to even to an integer (remainder), add zp, clamp
 * (range checks). Output integers at scale 0.
 */
public final class QuantizeLinearOp implements Op {
    @Override public String type() { return "QuantizeLinear"; }

    /** The quantization axis (irrelevant, 0, for a per-tensor scalar scale). */
    static int axis(Node node, int rank, int nParams) {
        return nParams == 1 ? 0 : Shapes.axis(node.attrInt("axis", 1), rank, node.describe());
    }

    /** Index of the scale / zero point for element i (per-tensor when the scale is a scalar). */
    static int param(int i, int[] shape, int axis, int nParams) {
        if (nParams == 1) return 0;
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        return (i / inner) % shape[axis];
    }

    /** The integer range of a quantized type. */
    public static long[] bounds(DType t) {
        return switch (t) {
            case UINT8 -> new long[] {0, 255};
            case INT8 -> new long[] {-128, 127};
            case UINT16 -> new long[] {0, 65535};
            case INT16 -> new long[] {-32768, 32767};
            default -> throw new ModelException("QuantizeLinear to " + t + " is not supported");
        };
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        double[] x = T.d(in[0]);
        double[] sc = T.d(in[1]);
        DType t = Args.present(in, 2) ? in[2].dtype() : DType.UINT8;
        long[] zp = Args.present(in, 2) ? T.l(in[2]) : new long[sc.length];
        long[] b = bounds(t);
        int[] s = in[0].shape();
        int ax = axis(node, s.length, sc.length);
        long[] y = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            int p = param(i, s, ax, sc.length);
            y[i] = FixedPoint.clamp((long) Math.rint(x[i] / sc[p]) + zp[p], b[0], b[1]);
        }
        return new Tensor[] {Tensor.ofInts(t, s, y)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.use(0);
        if (!ctx.isConst(1) || (ctx.present(2) && !ctx.isConst(2))) throw new ModelException("QuantizeLinear needs constant scale and zero point at " + ctx.where());
        Tensor sc = ctx.constant(1);
        double[] r = new double[sc.size()];
        double m = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] = 1.0 / sc.getAsDouble(i);
            m = Math.max(m, Math.abs(r[i]));
        }
        int sr = ctx.policy().weightScale(m);
        long[] rq = new long[r.length];
        for (int i = 0; i < r.length; i++) rq[i] = FixedPoint.quantize(r[i], sr);
        ctx.useDerivedConst(1, ctx.node().inputs().get(1) + ".reciprocal", sc.shape(), sr, rq);
        if (ctx.present(2)) ctx.use(2);
        DType t = ctx.present(2) ? ctx.inType(2) : DType.UINT8;
        long[] b = bounds(t);
        ctx.q().put("qlinear", axis(ctx.node(), ctx.inShape(0).length, sc.size()), b[0], b[1]);
        ctx.setOutScale(0, 0);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long[] p = q.ints("qlinear");
        int ax = (int) p[0];
        int s = q.inScales[0] + q.inScales[1];
        long[] x = in[0], r = in[1];
        long[] zp = in.length > 2 ? in[2] : null;
        FixedPoint.checkProduct(FixedPoint.maxAbs(x), FixedPoint.maxAbs(r), 1, q.describe());
        int[] shape = q.inShapes[0];
        long[] y = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            int k = param(i, shape, ax, r.length);
            long v = FloorOpHelper.roundHalfEven(x[i] * r[k], s) >> Math.max(s, 0);
            y[i] = FixedPoint.clamp(v + (zp == null ? 0 : zp[k]), p[1], p[2]);
        }
        return new long[][] {y};
    }
}
