package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;

/**
 * Div exactly as ml/quant's DivOp computes it, by mode.
 * <ul>
 *   <li>Mode 1 (constant float divisor): DivOp.run is MulOp.product of the input and the quantized reciprocal
 *       constant, the same integer semantics as Mul with a constant operand, so it is proven by
 *       {@link ElementwiseProof}'s Mul path (its soundness argument and error apply unchanged).</li>
 *   <li>Mode 0 (integer division) and mode 2 (runtime divisor) are rejected at setup.</li>
 * </ul>
 *
 * <p>Parameters: [mode, then the mode's own parameters] (mode 1: ElementwiseProof's Mul parameters).
 */
final class DivProof implements OpProof {
    private static final ElementwiseProof MUL = new ElementwiseProof();

    /** Mode 1: the node as ElementwiseProof's Mul sees it (parameters without the mode) and its declaration. */
    private record ByMul(NodeSpec mul, Object decl) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        long mode = q.i("mode", -1);
        if (mode == 1) return withMode(MUL.compile(q, c), 1);
        if (mode == 0) throw CircuitCompiler.unsupported(q, "integer division");
        throw CircuitCompiler.unsupported(q, "division by a runtime tensor");
    }

    private static NodeSpec withMode(NodeSpec n, long mode) {
        long[] p = new long[n.p.length + 1];
        p[0] = mode;
        System.arraycopy(n.p, 0, p, 1, n.p.length);
        return new NodeSpec(n.op, n.name, n.in, n.out, p, n.rules);
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.p.length < 1) throw new IllegalArgumentException(n.where() + ": malformed");
        if (n.p[0] == 1) {
            NodeSpec mul = new NodeSpec(n.op, n.name, n.in, n.out, Arrays.copyOfRange(n.p, 1, n.p.length), n.rules);
            return new ByMul(mul, MUL.declare(mul, d));
        }
        throw new IllegalArgumentException(n.where() + ": division mode " + n.p[0] + " has no proof");
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        ByMul m = (ByMul) decl;
        MUL.witness(m.mul, m.decl, w);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        ByMul m = (ByMul) decl;
        MUL.run(m.mul, m.decl, s);
    }
}
