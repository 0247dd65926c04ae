package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.TableRule;

import java.util.Arrays;
import java.util.List;

/**
 * An element-wise function by table lookup (every UnaryLookupOp: Sigmoid, Tanh, Erf, Gelu, Exp, ...; Pow by a table,
 * through {@link PowProof}):
 * u = requant(x, s_x, s_T) (a rescale by 2^k with rounding when k &gt; 0, an exact 2^up x otherwise),
 * c = clamp(u, lo, hi) when the rule saturates (else c = u, which must lie in the domain), z = T(c).
 *
 * <p>Proof: {@link TableLookup} on the input tensor x (|x| &lt; 2^(B-1), the range budget), its soundness error. The
 * output z is a tensor, so it must satisfy |z| &lt; 2^(B-1): a table with entries beyond the budget (x^p for p &lt; 0
 * and log near 0, whose entries are capped at 2^52, or a large exponential) is not refused, the lookup bounds a
 * committed z instead ({@link TableLookup}'s range budget), so only a run reaching such an entry is not provable.
 *
 * <p>Parameters: [k] (negative: -up); rules [T]; inputs [x]; outputs [z].
 */
final class ActivationProof implements OpProof {
    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1) throw CircuitCompiler.unsupported(q, "one input and one table expected");
        return compile(q, c, 0);
    }

    /**
     * The spec of a node computing {@code UnaryLookupOp.lookup(q, 0, in[input], q.inScales[input])}, its only table
     * applied to one of its inputs (the others unused by the integer forward): a UnaryLookupOp (input 0), or Pow by a
     * table (PowOp modes 2 and 3: x^p of input 0, base^x of input 1).
     */
    static NodeSpec compile(QNode q, CircuitCompiler c, int input) {
        if (q.tables.size() != 1 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one input and one table expected");
        TableRule rule = q.tables.get(0);
        if (q.outScales[0] != rule.sOut()) throw CircuitCompiler.unsupported(q, "output scale differs from the table's");
        try {
            Circuit.functionTable(rule);
        } catch (IllegalArgumentException e) {
            throw CircuitCompiler.unsupported(q, e.getMessage());
        }
        int k = q.inScales[input] - rule.sIn();
        if (TableLookup.unsupported(k) != null) throw CircuitCompiler.unsupported(q, TableLookup.unsupported(k));
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, input)}, new int[] {c.output(q, 0)}, new long[] {k}, List.of(rule));
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        Vec x = d.tensor(n.in[0]), z = d.tensor(n.out[0]);
        if (n.in.length != 1 || n.out.length != 1 || n.rules.size() != 1 || n.p.length != 1 || !Arrays.equals(x.shape, z.shape) || z.kind != Vec.Kind.ADVICE && z.kind != Vec.Kind.OUTPUT) {
            throw new IllegalArgumentException(n.where() + ": malformed");
        }
        return TableLookup.declare(d, "", x.shape, n.out[0], n.rules.get(0), n.param(0), d.circuit().rangeBits - 1, true);
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
