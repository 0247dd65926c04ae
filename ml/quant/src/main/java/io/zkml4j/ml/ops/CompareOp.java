package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** Shared form of the comparisons: both operands brought exactly to the larger scale, compared by the sign of the difference (a range check). */
public abstract class CompareOp implements Op {
    protected abstract boolean cmp(int c);

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        return new Tensor[] {Elementwise.binary(in[0], in[1], DType.BOOL, (a, b) -> cmp(Double.compare(a, b)) ? 1 : 0, node.describe())};
    }

    @Override
    public void quantize(QuantContext ctx) {
        ctx.useAll();
        ctx.setOutScale(0, 0);
    }

    /**
     * The scale a comparison is made at: the finer operand's, but at most 20 bits finer than the coarser one
     * (tiny-range operands). Public: the prover compares at the same scale.
     */
    public static int compareScale(QNode q) {
        return Math.min(Math.max(q.inScales[0], q.inScales[1]), Math.min(q.inScales[0], q.inScales[1]) + 20);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int sm = compareScale(q);
        long[] a = FixedPoint.requant(in[0], q.inScales[0], sm);
        long[] b = FixedPoint.requant(in[1], q.inScales[1], sm);
        return new long[][] {Elementwise.binary(a, q.inShapes[0], b, q.inShapes[1], q.outShapes[0], (x, y) -> cmp(Long.compare(x, y)) ? 1 : 0)};
    }
}
