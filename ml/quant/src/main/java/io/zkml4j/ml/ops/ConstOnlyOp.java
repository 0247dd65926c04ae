package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/**
 * An operator whose result depends only on constants and static shapes (Constant, Shape, Range,
 * ConstantOfShape, ...): the compiler folds it, so it never reaches the integer graph.
 */
abstract class ConstOnlyOp implements Op {
    @Override
    public void quantize(QuantContext ctx) {
        throw new ModelException(ctx.where() + " depends on values computed at run time; only constant inputs are supported");
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        throw new IllegalStateException(q.describe() + " should have been folded");
    }
}
