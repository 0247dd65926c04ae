package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * An index operator whose indices may be computed at run time (Gather, GatherElements, GatherND,
 * ScatterElements, ScatterND). With constant indices it is a static index map ({@link IndexOp});
 * with runtime indices (integers at scale 0) each output element is a table lookup of the data at a
 * proven index, computed by the same code as the float forward on the integer data.
 */
abstract class DynamicIndexOp extends IndexOp {
    /** The integer parameters (normalized attributes) that {@link #apply} needs. */
    protected abstract long[] params(Node node, int[] dataShape);

    /** The operator on tensors of any storage, parameterized by {@link #params}. */
    protected abstract Tensor apply(long[] p, Tensor[] in, String where);

    @Override
    public void quantize(QuantContext ctx) {
        boolean dynamic = false;
        int[] data = dataInputs(ctx.node());
        for (int i = 0; i < ctx.numInputs(); i++) {
            boolean isData = false;
            for (int d : data) isData |= d == i;
            if (ctx.present(i) && !isData && !ctx.isConst(i)) dynamic = true;
        }
        if (!dynamic) {
            super.quantize(ctx);
            return;
        }
        QNode q = ctx.q();
        int so = data.length == 1 ? ctx.use(data[0]) : ctx.defaultOutScale(0);
        for (int i = 0; i < ctx.numInputs(); i++) if (ctx.present(i)) ctx.use(i);
        q.put("dynamic", params(ctx.node(), ctx.inShape(0)));
        q.put("data", Shapes.toLongs(data));
        ctx.setOutScale(0, so);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long[] p = q.ints.get("dynamic");
        if (p == null) return super.run(q, in);
        int so = q.outScales[0];
        long[] data = q.ints("data");
        Tensor[] t = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) continue;
            boolean isData = false;
            for (long d : data) isData |= d == i;
            long[] v = isData ? FixedPoint.requant(in[i], q.inScales[i], so) : in[i];
            t[i] = Tensor.ofInts(DType.INT64, q.inShapes[i], v);
        }
        return new long[][] {apply(p, t, q.describe()).ints()};
    }
}
