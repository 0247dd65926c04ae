package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX Reciprocal, exact: divRound(2^(s_in + s_out), x) (division with remainder). */
public final class ReciprocalOp implements Op {
    @Override public String type() { return "Reciprocal"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.unary(in[0], x -> 1.0 / x)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int s = ctx.use(0);
        int so = ctx.defaultOutScale(0);
        if (s + so > 61) so = 61 - s;
        if (s + so < 0) throw new ModelException("Reciprocal scales out of range at " + ctx.where());
        ctx.setOutScale(0, so);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long num = 1L << (q.inScales[0] + q.outScales[0]);
        String where = q.describe();
        return new long[][] {Elementwise.unary(in[0], x -> Elementwise.divSigned(num, x, where))};
    }
}
