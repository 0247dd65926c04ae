package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;

/**
 * An operand requantized before its operator uses it (ml/quant's Operands: a product's runtime operand rescaled down
 * so the accumulator scale stays at most 48, recorded on the node as "use&lt;i&gt;"). Setup gives the operator a plain
 * operand instead: a committed tensor u = requant(x, s_x, s_use) = rescale(x, e), e = s_x - s_use &gt; 0, proven by
 * this virtual node (op {@value #OP}) placed just before the operator.
 *
 * <p>Proof: at a random point r of u's variables, x(r) = 2^e u(r) + rem(r) - 2^(e-1) ind(r) ({@link Rescale}: rem in
 * [0, 2^e) range-checked, u kept in the range budget). x and u have one shape, hence one padded layout; the relation
 * is multilinear in committed vectors fixed before r, so it holds entry-wise except with probability vars / |F_ext|,
 * and over the integers since |x| &lt; 2^(B-1) and e &lt;= 62 - B keep both sides below 2^62: u = floor((x +
 * 2^(e-1)) / 2^e), the executor's rounding.
 *
 * <p>Parameters: [e]; inputs [x]; outputs [u].
 */
final class RequantProof implements OpProof {
    /** Not an ONNX operator name: the virtual node can never be confused with a model's. */
    static final String OP = "zkml4j.Requant";

    /**
     * The node with every runtime operand that its executor brings down to the output's scale with
     * {@link io.zkml4j.ml.quant.FixedPoint#requant} (whose rounding down a scale is this node's) marked for a virtual
     * Requant: an index operator's data inputs, Where's two values. {@link #withPlainOperands} then inserts those
     * nodes, and the operator is proven at one scale. Returns q itself when nothing changes (an operand below the
     * output's scale, an exact upscale, is the operator's to prove or refuse).
     */
    static QNode downToOutputScale(QNode q, CircuitCompiler c) {
        long[] operands;
        if (q.op.equals("Where")) operands = new long[] {1, 2};
        else if (IndexProof.isIndexOp(q.op) && !q.op.equals("Cast") && q.ints.containsKey("data")) operands = q.ints("data");
        else return q;
        QNode p = null;
        for (long o : operands) {
            int d = (int) o;
            if (d >= q.inputs.size() || q.inputs.get(d).isEmpty() || c.isConstant(q, d)) continue;
            if (q.inScales[d] <= q.outScales[0] || q.ints.containsKey("use" + d)) continue;
            if (p == null) p = q.copy();
            p.ints.put("use" + d, new long[] {q.outScales[0]});
        }
        return p == null ? q : p;
    }

    /**
     * The node as its operator should see it: every operand with a "use" scale replaced by its requantized tensor (a
     * virtual Requant node added to {@code nodes}).
     * Returns {@code q} itself when no operand is requantized.
     */
    static QNode withPlainOperands(QNode q, CircuitCompiler c, List<NodeSpec> nodes) {
        boolean any = false;
        for (int i = 0; i < q.inputs.size(); i++) any |= q.ints.containsKey("use" + i);
        if (!any) return q;
        QNode p = q.copy();
        for (int i = 0; i < q.inputs.size(); i++) {
            if (!q.ints.containsKey("use" + i)) continue;
            int use = (int) q.i("use" + i), from = q.inScales[i];
            int e = from - use;
            String name = q.inputs.get(i) + "@" + use;
            // the quantizer requantizes runtime operands only (constants are quantized at their use scale directly)
            if (c.isConstant(q, i)) throw CircuitCompiler.unsupported(q, "constant operand " + i + " requantized before use");
            if (e < 1 || e > 62 - c.rangeBits) throw CircuitCompiler.unsupported(q, "operand " + i + " requantized by 2^" + e);
            int x = c.tensor(q, i);
            int u = c.advice(name, c.tensors.get(x).shape, use);
            nodes.add(new NodeSpec(OP, q.name + ".requant" + i, new int[] {x}, new int[] {u}, new long[] {e}, List.of()));
            p.inputs.set(i, name);
            p.inScales[i] = use;
            p.ints.remove("use" + i);
        }
        return p;
    }

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        throw CircuitCompiler.unsupported(q, OP + " is set up by the compiler, not by a model node");
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length != 1 || n.p[0] < 1 || n.p[0] > 62 - d.circuit().rangeBits
                || !Arrays.equals(d.tensor(n.in[0]).shape, d.tensor(n.out[0]).shape)) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        return Rescale.declare(d, "requant", n.out[0], (int) n.p[0]);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        long[] x = w.values(n.in[0]);
        long[] u = new long[x.length];
        for (int i = 0; i < u.length; i++) u[i] = FixedPoint.rescale(x[i], (int) n.p[0]);
        if (!w.has(n.out[0])) w.set(n.out[0], u); // derived here (a cheating prover may have set it already)
        ((Rescale) decl).witness(w, x);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        GoldilocksExt2[] r = s.challenges("requant.point", s.circuit.vec(n.out[0]).vars);
        Val acc = ((Rescale) decl).accAt(s, r);
        s.check(acc, s.open(n.in[0], r), "operand is not requantized correctly");
    }
}
