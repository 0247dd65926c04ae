package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.ExtVar;
import io.zkml4j.pcs.LinearConstraint;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntBinaryOperator;

/**
 * A value the verifier of an encrypted sumcheck holds symbolically: an affine form constant + sum_v coeff_v V_v over
 * committed extension values V_v (pads and pad products), each named by its variable number in the pad table. A
 * received message e stands for e + p (its pad); sums and public multiples stay affine; the product of two forms
 * with pads introduces pad-product variables (declared by the protocol's layout, committed with the pads). A check
 * "x = y" becomes the linear constraint x - y = 0 over the committed values ({@link #isZero}).
 */
public final class Sym {
    private final GoldilocksExt2 constant;
    private final TreeMap<Integer, GoldilocksExt2> coeffs;

    private Sym(GoldilocksExt2 constant, TreeMap<Integer, GoldilocksExt2> coeffs) {
        this.constant = constant;
        this.coeffs = coeffs;
    }

    /** A public value. */
    public static Sym known(GoldilocksExt2 c) {
        return new Sym(c, new TreeMap<>());
    }

    /** A received masked value e, standing for e + V_pad. */
    public static Sym received(GoldilocksExt2 e, int pad) {
        TreeMap<Integer, GoldilocksExt2> m = new TreeMap<>();
        m.put(pad, GoldilocksExt2.ONE);
        return new Sym(e, m);
    }

    public boolean isKnown() {
        return coeffs.isEmpty();
    }

    public GoldilocksExt2 constant() {
        return constant;
    }

    public Sym add(Sym o) {
        TreeMap<Integer, GoldilocksExt2> m = new TreeMap<>(coeffs);
        for (Map.Entry<Integer, GoldilocksExt2> e : o.coeffs.entrySet()) m.merge(e.getKey(), e.getValue(), GoldilocksExt2::add);
        m.values().removeIf(GoldilocksExt2::isZero);
        return new Sym(constant.add(o.constant), m);
    }

    public Sym sub(Sym o) {
        return add(o.scale(GoldilocksExt2.ONE.neg()));
    }

    public Sym scale(GoldilocksExt2 k) {
        TreeMap<Integer, GoldilocksExt2> m = new TreeMap<>();
        if (!k.isZero()) coeffs.forEach((v, c) -> m.put(v, c.mul(k)));
        return new Sym(constant.mul(k), m);
    }

    /**
     * The product; for two forms with variables, each pair V_i V_j becomes the variable {@code product(i, j)} (the
     * layout's pad product; it throws for a pair the protocol did not declare). Degree stays 1 in the variables.
     */
    public Sym mul(Sym o, IntBinaryOperator product) {
        if (isKnown()) return o.scale(constant);
        if (o.isKnown()) return scale(o.constant);
        Sym acc = known(constant.mul(o.constant)).add(o.linearPart().scale(constant)).add(linearPart().scale(o.constant));
        for (Map.Entry<Integer, GoldilocksExt2> a : coeffs.entrySet()) {
            for (Map.Entry<Integer, GoldilocksExt2> b : o.coeffs.entrySet()) {
                TreeMap<Integer, GoldilocksExt2> m = new TreeMap<>();
                m.put(product.applyAsInt(a.getKey(), b.getKey()), a.getValue().mul(b.getValue()));
                acc = acc.add(new Sym(GoldilocksExt2.ZERO, m));
            }
        }
        return acc;
    }

    /**
     * The product with the product of the two variable parts taken as ONE variable {@code v}: c d + c lin(o) +
     * d lin(this) + V_v, V_v = lin(this) lin(o) a quadratic constraint between two linear forms (the proof of product
     * proves it for linear forms as for single values). For forms with several variables (a range check's limbs, a
     * chain of products), where pairwise pad products grow with the product of the sizes, exponentially along a chain.
     */
    public Sym mulAsOne(Sym o, int v) {
        if (isKnown()) return o.scale(constant);
        if (o.isKnown()) return scale(o.constant);
        TreeMap<Integer, GoldilocksExt2> m = new TreeMap<>();
        m.put(v, GoldilocksExt2.ONE);
        return known(constant.mul(o.constant)).add(o.linearPart().scale(constant)).add(linearPart().scale(o.constant)).add(new Sym(GoldilocksExt2.ZERO, m));
    }

    /** The form's value given its variables' values (the prover's view: it knows the pads). */
    public GoldilocksExt2 evaluate(java.util.function.IntFunction<GoldilocksExt2> variable) {
        GoldilocksExt2 acc = constant;
        for (Map.Entry<Integer, GoldilocksExt2> e : coeffs.entrySet()) acc = acc.add(e.getValue().mul(variable.apply(e.getKey())));
        return acc;
    }

    private Sym linearPart() {
        return new Sym(GoldilocksExt2.ZERO, coeffs);
    }

    /** The constraint "this = 0": sum_v coeff_v V_v = -constant, V_v at entries (2v, 2v + 1) of table {@code padTable}. */
    public LinearConstraint isZero(int padTable) {
        return addTo(LinearConstraint.builder(), padTable).equalTo(constant.neg());
    }

    /** Adds the variable part to a constraint under construction (terms on other tables may join it). */
    public LinearConstraint.Builder addTo(LinearConstraint.Builder b, int padTable) {
        coeffs.forEach((v, c) -> b.ext(variable(padTable, v), c));
        return b;
    }

    /**
     * Adds the variable part to a constraint under construction, variable v at {@code variable.apply(v)} (a protocol
     * whose variables span several tableaux: pads committed before the messages, product variables after).
     */
    public LinearConstraint.Builder addTo(LinearConstraint.Builder b, java.util.function.IntFunction<ExtVar> variable) {
        coeffs.forEach((v, c) -> b.ext(variable.apply(v), c));
        return b;
    }

    /** The form without its constant: sum_v coeff_v V_v. */
    public Sym variablePart() {
        return linearPart();
    }

    /** Extension variable v of the pad table: entries 2v and 2v + 1. */
    public static ExtVar variable(int padTable, int v) {
        return new ExtVar(padTable, 2 * v, 2 * v + 1);
    }
}
