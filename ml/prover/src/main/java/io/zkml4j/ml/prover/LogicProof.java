package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The boolean operators Not, And, Or, Xor and the selection Where, exactly as ml/quant computes them (NotOp, LogicalOp,
 * WhereOp), on boolean operands: tensors produced by a node whose proof pins its output to {0, 1} on every real entry
 * (a comparison or a boolean operator, {@link #BOOLEAN_OPS}) or model inputs of type BOOL (a public one's values are
 * checked by the verifier, a private one is proven a bit: {@link InputBounds}). Setup and the verifier's declaration both check that
 * provenance, so on real entries the operands are bits and the executor's x != 0 is x itself.
 * <ul>
 *   <li>Not: q = 1 - x; checked at a random point r as q(r) = ind(r) - x(r) (ind the real-entry indicator: the
 *       padding, where q = x = 0, satisfies it too). A linear identity: error vars / |F_ext|.</li>
 *   <li>And q = x y, Or q = x + y - x y, Xor q = x + y - 2 x y (with broadcasting), exact on bits: the product term
 *       is the broadcast product of x and y at r ({@link Broadcast#product}), against q(r), X(r) + Y(r) - q(r) or
 *       (X(r) + Y(r) - q(r)) / 2. Error (vars + 3 vars) / |F_ext|.</li>
 *   <li>Where(cond, x, y) = y' + cond (x' - y') with x', y' at the output scale (WhereOp: FixedPoint.requant) and
 *       broadcasting. A constant operand is requantized at setup (the executor's requant) and must lie inside the
 *       budget |v| &lt; 2^(B-1); a tensor operand enters as 2^u x (u = s_out - s_x &gt;= 0, exact; a rounding down-shift
 *       is not provable yet). Checked as sum_i eq(r, i) C(i) (X'(i) - Y'(i)) = q(r) - Y'(r), a degree-3 sumcheck
 *       ({@link Broadcast#productOf}). As cond is a bit, q is x' or y' entry-wise (|.| &lt; 2^(B-1+40), no wrap); with no
 *       up-shift that is inside the budget already, otherwise q + 2^(B-1) is range-checked to [0, 2^B) at r, which
 *       keeps the committed output inside the budget its readers assume. Error (vars + 3 vars + vars) / |F_ext|.</li>
 * </ul>
 * All values are bits or tensors inside the budget, so the field identities hold over the integers.
 *
 * <p>Inputs: Not [x]; And/Or/Xor [x, y]; Where [cond, x, y]; output [q]. Parameters: Where [u_x, u_y] (0 for a
 * constant operand), the others none.
 */
final class LogicProof implements OpProof {
    /** Largest exact up-shift of a Where operand. */
    private static final int MAX_UP = 40;

    /** Operators whose proof makes every real entry of their output 0 or 1. */
    static final Set<String> BOOLEAN_OPS = Set.of("Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Equal", "Not", "And", "Or", "Xor");

    private static int arity(String op) {
        return switch (op) {
            case "Not" -> 1;
            case "Where" -> 3;
            default -> 2;
        };
    }

    /** The inputs that must be bits: all of them, except Where's x and y. */
    private static int bitInputs(String op) {
        return op.equals("Where") ? 1 : arity(op);
    }

    // ------------------------------------------------------------------ setup

    /**
     * Whether a tensor is 0/1 by construction: a comparison's or boolean operator's output, a BOOL input, a constant
     * of zeros and ones, or a copy
     * of such a tensor that keeps its values (an index operator with fills 0 or 1, a Cast at scale 0 such as the Cast
     * to BOOL exporters put before a Where). Setup only; the proofs of those producers make it so.
     */
    static boolean isBits(CircuitCompiler c, String name, int depth) {
        if (c.model.inputs.stream().anyMatch(io -> io.name.equals(name) && io.bool)) return true;
        io.zkml4j.ml.quant.QConst k = c.model.constants.get(name);
        if (k != null) { // a folded mask (a causal attention's): bits by value
            for (long v : k.values) if (v != 0 && v != 1) return false;
            return true;
        }
        if (depth > 64) return false;
        for (QNode p : c.model.nodes) {
            if (!p.outputs.contains(name)) continue;
            if (BOOLEAN_OPS.contains(p.op)) return true;
            if (p.op.equals("Cast")) return p.inScales[0] == 0 && p.outScales[0] == 0 && isBits(c, p.inputs.get(0), depth + 1);
            if (!IndexProof.isIndexOp(p.op) || p.ints.containsKey("dynamic") || !p.ints.containsKey("data")) return false;
            int j = p.outputs.indexOf(name);
            if (p.ints.containsKey("fill" + j) && p.i("fill" + j) != 0 && p.i("fill" + j) != 1) return false;
            for (long d : p.ints("data")) {
                int i = (int) d;
                if (i < p.inputs.size() && !p.inputs.get(i).isEmpty() && (p.inScales[i] != p.outScales[j] || !isBits(c, p.inputs.get(i), depth + 1))) return false;
            }
            return true;
        }
        return false;
    }

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        int k = arity(q.op);
        if (q.inputs.size() != k || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, k + " inputs and one output expected");
        for (int i = 0; i < bitInputs(q.op); i++) {
            String name = q.inputs.get(i);
            if (!isBits(c, name, 0)) throw CircuitCompiler.unsupported(q, "operand " + i + " is not the output of a comparison or boolean operator");
        }
        int[] in = new int[k];
        long[] p = new long[0];
        if (q.op.equals("Where")) {
            int so = q.outScales[0];
            long half = 1L << (c.rangeBits - 1);
            p = new long[2];
            in[0] = c.tensor(q, 0);
            for (int i = 1; i < 3; i++) {
                if (!c.isConstant(q, i)) { // WhereOp's requant: an exact up-shift is proven, a rounding one is not yet
                    in[i] = c.tensor(q, i);
                    int u = so - q.inScales[i];
                    if (u < 0) throw CircuitCompiler.unsupported(q, "tensor operand " + i + " rounded from scale " + q.inScales[i] + " to " + so);
                    if (u > MAX_UP) throw CircuitCompiler.unsupported(q, "tensor operand " + i + " shifted by 2^" + u);
                    p[i - 1] = u;
                    continue;
                }
                in[i] = c.requantized(q, i, so);
                if (FixedPoint.maxAbs(c.constValues.get(in[i])) >= half) throw CircuitCompiler.unsupported(q, "constant operand " + i + " outside the range budget 2^" + (c.rangeBits - 1));
            }
        } else {
            if (q.outScales[0] != 0) throw CircuitCompiler.unsupported(q, "boolean output at scale " + q.outScales[0]);
            for (int i = 0; i < k; i++) in[i] = c.tensor(q, i);
        }
        int out = c.output(q, 0);
        int[] shape = c.tensors.get(in[0]).shape;
        for (int i = 1; i < k && shape != null; i++) shape = Broadcast.shape(shape, c.tensors.get(in[i]).shape);
        if (shape == null || !Arrays.equals(shape, c.tensors.get(out).shape)) throw CircuitCompiler.unsupported(q, "operands do not broadcast to the output's shape");
        return new NodeSpec(q.op, q.name, in, new int[] {out}, p, List.of());
    }

    // ------------------------------------------------------------------ declaration

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        int k = arity(n.op);
        boolean where = n.op.equals("Where");
        if (n.in.length != k || n.out.length != 1 || n.p.length != (where ? 2 : 0)) throw new IllegalArgumentException(n.where() + ": malformed");
        for (long u : n.p) if (u < 0 || u > MAX_UP) throw new IllegalArgumentException(n.where() + ": operand shift out of range");
        int[] shape = d.tensor(n.in[0]).shape;
        for (int i = 1; i < k && shape != null; i++) shape = Broadcast.shape(shape, d.tensor(n.in[i]).shape);
        if (shape == null || !Arrays.equals(shape, d.tensor(n.out[0]).shape)) throw new IllegalArgumentException(n.where() + ": shapes disagree");
        // the bit operands must come from nodes proving bits (declared before this one), also for a key from elsewhere;
        // a constant operand (a folded mask, committed with the weights) is proven bits here, per proof
        List<Integer> consts = new java.util.ArrayList<>();
        List<RangeCheck> checks = new java.util.ArrayList<>();
        for (int i = 0; i < bitInputs(n.op); i++) {
            int v = n.in[i];
            if (provenBits(d.circuit(), n, v, 0)) continue;
            if (d.tensor(v).kind != Vec.Kind.CONST) throw new IllegalArgumentException(n.where() + ": operand " + i + " is not proven boolean");
            consts.add(v);
            checks.add(d.range("bits" + i, d.tensor(v).shape, 1));
        }
        // an up-shifted operand may leave the budget: q + 2^(B-1) in [0, 2^B) keeps the output inside it
        RangeCheck bound = where && (n.p[0] > 0 || n.p[1] > 0) ? d.range("bound", shape, d.circuit().rangeBits) : null;
        return new Decl(bound, consts.stream().mapToInt(Integer::intValue).toArray(), checks.toArray(new RangeCheck[0]));
    }

    private record Decl(RangeCheck bound, int[] constOperands, RangeCheck[] constBits) {}

    /**
     * Key side of {@link #isBits}: v is a BOOL input, or written before {@code n} by a node proving bits, or by an
     * index map (a copy, a value-keeping Cast) of such vectors with fills 0 or 1 and no up-shift.
     */
    private static boolean provenBits(Circuit c, NodeSpec n, int v, int depth) {
        if (c.vec(v).kind == Vec.Kind.INPUT && c.vec(v).bits) return true; // a BOOL input: checked or proven a bit
        if (depth > 64) return false;
        for (int at = 0; at < c.nodes.size(); at++) {
            NodeSpec p = c.nodes.get(at);
            if (p == n) return false;
            int j = -1;
            for (int o = 0; o < p.out.length; o++) if (p.out[o] == v) j = o;
            if (j < 0) continue;
            if (BOOLEAN_OPS.contains(p.op)) return true;
            // an index map, as it was declared (nodes are declared in order, so p's declaration exists)
            boolean map = OpProofs.of(p) instanceof IndexProof || GatherProof.isStatic(p);
            if (!map || !IndexProof.keepsBits(c.decls.get(at), j)) return false;
            for (int in : p.in) if (!provenBits(c, p, in, depth + 1)) return false;
            return true;
        }
        return false;
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        // no advice: the output is the executor's, every relation reads tensors only (and Where's bound reads q)
        Decl dc = (Decl) decl;
        if (dc.bound != null) w.budget(dc.bound, w.values(n.out[0]));
        for (int i = 0; i < dc.constOperands.length; i++) w.range(dc.constBits[i], w.values(dc.constOperands[i]).clone()); // a quantity of its own, not the constant's array
    }

    // ------------------------------------------------------------------ interactive part

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        int[] os = s.circuit.vec(n.out[0]).shape;
        GoldilocksExt2[] r = s.challenges("logic.point", Padding.vars(os));
        Val q = s.open(n.out[0], r);
        switch (n.op) {
            case "Not" -> s.check(q, Broadcast.Lin.of(n.in[0]).at(s, os, r).neg().add(Padding.realIndicator(os, r)), "output is not 1 - x");
            case "And" -> Broadcast.product(s, n.in[0], n.in[1], os, r, q, "output is not x y");
            case "Or", "Xor" -> {
                Val sum = Broadcast.Lin.of(n.in[0]).at(s, os, r).add(Broadcast.Lin.of(n.in[1]).at(s, os, r)).sub(q);
                if (n.op.equals("Xor")) sum = sum.mulBase(Goldilocks.inv(2));
                Broadcast.product(s, n.in[0], n.in[1], os, r, sum, n.op.equals("Or") ? "output is not x + y - x y" : "output is not x + y - 2 x y");
            }
            case "Where" -> {
                long ux = 1L << n.p[0], uy = 1L << n.p[1];
                Val rest = q.sub(new Broadcast.Lin(new int[] {n.in[2]}, new long[] {uy}).at(s, os, r));
                Broadcast.productOf(s, Broadcast.Lin.of(n.in[0]), new Broadcast.Lin(new int[] {n.in[1], n.in[2]}, new long[] {ux, -uy}), os, r, rest, "output is not cond ? x : y");
                if (((Decl) decl).bound != null) {
                    s.checkBudget(s.range(((Decl) decl).bound, r), q, Padding.realIndicator(os, r), "output outside the range budget");
                }
            }
            default -> throw new IllegalArgumentException(n.where() + ": not a boolean operator");
        }
        Decl dc = (Decl) decl;
        for (int i = 0; i < dc.constOperands.length; i++) { // Q = c itself (padding: both zero), like a private BOOL input
            Vec c = s.circuit.vec(dc.constOperands[i]);
            GoldilocksExt2[] rc = s.challenges("logic.bits", c.vars);
            s.check(s.range(dc.constBits[i], rc), s.open(c.id, rc), "constant operand '" + c.name + "' is not 0 or 1");
        }
    }
}
