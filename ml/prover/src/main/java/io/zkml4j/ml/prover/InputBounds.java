package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;

import java.util.Map;

/**
 * The range budget of every private model input, |x| &lt; 2^(B-1), which the operators reading x assume (their
 * accumulator bounds) and no node proves, since no node writes an input: at one random point r, the limbs of the
 * budget's range check must give x(r) + 2^(B-1) ind(r) ({@link Side#checkBudget}). A private BOOL input is proven a
 * bit instead (the boolean operators read it as one): a 1-bit range check whose quantity is x itself, Q(r) = x(r)
 * (padding: both zero). A public input needs none: the verifier checks its values itself. Runs after the nodes,
 * before the lookups (the limbs join the range region).
 */
final class InputBounds {
    private InputBounds() {}

    /** Prover: the budget quantities of the private inputs (before the limbs are derived). */
    static void witness(Circuit c, Witness w) {
        for (Map.Entry<Integer, RangeCheck> e : c.inputBounds.entrySet()) {
            if (c.vec(e.getKey()).bits) w.range(e.getValue(), w.values(e.getKey()));
            else w.budget(e.getValue(), w.values(e.getKey()));
        }
    }

    static void run(Side s) {
        for (Map.Entry<Integer, RangeCheck> e : s.circuit.inputBounds.entrySet()) {
            Vec x = s.circuit.vec(e.getKey());
            GoldilocksExt2[] r = s.challenges("model.input.bound", x.vars);
            Val v = s.open(x.id, r);
            if (x.bits) s.check(s.range(e.getValue(), r), v, "private BOOL input '" + x.name + "' is not 0 or 1");
            else s.checkBudget(s.range(e.getValue(), r), v, Padding.realIndicator(x.shape, r), "private input '" + x.name + "' outside the range budget");
        }
    }
}
