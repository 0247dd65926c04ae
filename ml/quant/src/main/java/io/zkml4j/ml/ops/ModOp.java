package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;

/** ONNX Mod: fmod=0 takes the divisor's sign (floor mod), fmod=1 the dividend's; exact on operands at a common scale. */
public final class ModOp implements Op {
    @Override public String type() { return "Mod"; }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        boolean fmod = node.attrInt("fmod", 0) != 0;
        return new Tensor[] {Elementwise.binary(in[0], in[1], null, (a, b) -> fmod ? a % b : a - Math.floor(a / b) * b, node.describe())};
    }

    @Override
    public void quantize(QuantContext ctx) {
        int[] s = ctx.useAll();
        ctx.q().put("fmod", ctx.node().attrInt("fmod", 0));
        ctx.setOutScale(0, Math.max(s[0], s[1]));
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int sm = q.outScales[0];
        boolean fmod = q.i("fmod") != 0;
        long[] a = FixedPoint.requant(in[0], q.inScales[0], sm);
        long[] b = FixedPoint.requant(in[1], q.inScales[1], sm);
        return new long[][] {Elementwise.binary(a, q.inShapes[0], b, q.inShapes[1], q.outShapes[0], (x, y) -> {
            if (y == 0) throw new ModelException("Mod by zero at " + q.describe());
            return fmod ? x % y : Math.floorMod(x, y);
        })};
    }
}
