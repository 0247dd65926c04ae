package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.TableRule;

import java.util.Arrays;
import java.util.List;

/**
 * An element-wise function by table lookup (every UnaryLookupOp: Sigmoid, Tanh, Erf, Gelu, Exp, ...):
 * u = requant(x, s_x, s_T) (a rescale by 2^k with rounding when k &gt; 0, an exact 2^up x otherwise),
 * c = clamp(u, lo, hi) when the rule saturates (else c = u, which must lie in the domain), z = T(c).
 *
 * <p>Proof: {@link TableLookup} on the input tensor x (|x| &lt; 2^(B-1), the range budget), its soundness error.
 *
 * <p>Parameters: [k] (negative: -up); rules [T]; inputs [x]; outputs [z].
 */
final class ActivationProof implements OpProof {
    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1 || q.tables.size() != 1) throw CircuitCompiler.unsupported(q, "one input and one table expected");
        TableRule rule = q.tables.get(0);
        if (q.outScales[0] != rule.sOut()) throw CircuitCompiler.unsupported(q, "output scale differs from the table's");
        try {
            Circuit.functionTable(rule);
        } catch (IllegalArgumentException e) {
            throw CircuitCompiler.unsupported(q, e.getMessage());
        }
        int k = q.inScales[0] - rule.sIn();
        if (TableLookup.unsupported(k) != null) throw CircuitCompiler.unsupported(q, TableLookup.unsupported(k));
        long maxEntry = 0;
        for (long i = rule.lo(); i <= rule.hi(); i++) maxEntry = Math.max(maxEntry, Math.abs(rule.entry(i)));
        if (maxEntry >= (1L << (c.rangeBits - 1))) throw CircuitCompiler.unsupported(q, "table values up to " + maxEntry + " exceed the range budget 2^" + (c.rangeBits - 1));
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, new long[] {k}, List.of(rule));
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        Vec x = d.tensor(n.in[0]), z = d.tensor(n.out[0]);
        if (n.in.length != 1 || n.out.length != 1 || n.rules.size() != 1 || n.p.length != 1 || !Arrays.equals(x.shape, z.shape) || z.kind != Vec.Kind.ADVICE && z.kind != Vec.Kind.OUTPUT) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        return TableLookup.declare(d, "", x.shape, n.out[0], n.rules.get(0), n.param(0), d.circuit().rangeBits - 1);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        ((TableLookup) decl).witness(w, w.values(n.in[0]), n.where());
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        ((TableLookup) decl).run(s, (side, pt) -> side.open(n.in[0], pt));
    }
}
