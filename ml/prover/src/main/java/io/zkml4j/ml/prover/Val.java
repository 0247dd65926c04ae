package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.sumcheck.Sym;
import io.zkml4j.sumcheck.SymSink;

/**
 * A value an operator derives from prover messages (claimed evaluations, sent values, sumcheck results), on either
 * side. Concrete (a field element) on the prover's side and on the validity verifier, which keeps today's arithmetic;
 * symbolic on a zero-knowledge verifier (docs/zero-knowledge.md): an affine form over committed pads ({@link Sym}) with
 * the sink that numbers them and gives each product of two forms its product variable. Challenges, eq
 * evaluations and public values stay {@link GoldilocksExt2}: they multiply a value without leaving the affine forms.
 * A check between values is {@link Side#check(Val, Val, String)}, never a comparison here: on the symbolic side it is
 * a deferred constraint.
 */
final class Val {
    static final Val ZERO = new Val(GoldilocksExt2.ZERO, null, null);

    /** The value on the concrete side; null when symbolic. */
    private final GoldilocksExt2 value;
    private final Sym sym;
    private final SymSink sink;

    private Val(GoldilocksExt2 value, Sym sym, SymSink sink) {
        this.value = value;
        this.sym = sym;
        this.sink = sink;
    }

    static Val of(GoldilocksExt2 v) {
        return new Val(v, null, null);
    }

    /** A received message e on a symbolic verifier: e plus its own fresh pad. */
    static Val received(SymSink sink, GoldilocksExt2 e) {
        return new Val(null, sink.receive(e), sink);
    }

    static Val symbolic(Sym form, SymSink sink) {
        return new Val(null, form, sink);
    }

    boolean isSymbolic() {
        return sym != null;
    }

    /**
     * The field element of a concrete value (the prover's side and the concrete verifier). On a symbolic value this
     * throws: a verifier needing it would need more than an affine form (docs/zero-knowledge.md found no such place).
     */
    GoldilocksExt2 concrete() {
        if (value == null) throw new IllegalStateException("internal: a symbolic value has no concrete value");
        return value;
    }

    /**
     * The value with every pad zero: a concrete value itself, a form's constant. The claims on committed vectors take
     * it while the batched opening is still the validity one (under {@link io.zkml4j.sumcheck.ZeroPads} it is the value).
     */
    GoldilocksExt2 padsZero() {
        return sym == null ? value : sym.constant();
    }

    /** The affine form (a concrete value as a known form). */
    Sym form() {
        return sym != null ? sym : Sym.known(value);
    }

    Val add(Val o) {
        if (sym == null && o.sym == null) return of(value.add(o.value));
        return symbolic(form().add(o.form()), sinkOf(o));
    }

    Val add(GoldilocksExt2 k) {
        return sym == null ? of(value.add(k)) : symbolic(sym.add(Sym.known(k)), sink);
    }

    Val sub(Val o) {
        if (sym == null && o.sym == null) return of(value.sub(o.value));
        return symbolic(form().sub(o.form()), sinkOf(o));
    }

    Val sub(GoldilocksExt2 k) {
        return sym == null ? of(value.sub(k)) : symbolic(sym.sub(Sym.known(k)), sink);
    }

    Val neg() {
        return sym == null ? of(value.neg()) : symbolic(sym.scale(GoldilocksExt2.ONE.neg()), sink);
    }

    /** The product with a public value: stays affine. */
    Val mul(GoldilocksExt2 k) {
        return sym == null ? of(value.mul(k)) : symbolic(sym.scale(k), sink);
    }

    Val mulBase(long k) {
        return sym == null ? of(value.mulBase(k)) : symbolic(sym.scale(GoldilocksExt2.ofBase(k)), sink);
    }

    /**
     * The product of two values. Both symbolic: one product variable for the product of their pad parts
     * ({@link SymSink#mulForms}; the layout must declare it), not one per pair of pads, which would grow exponentially
     * along a chain of products (a max's zero-check multiplies a whole window).
     */
    Val mul(Val o) {
        if (sym == null && o.sym == null) return of(value.mul(o.value));
        if (sym == null) return o.mul(value);
        if (o.sym == null) return mul(o.value);
        return symbolic(sink.mulForms(sym, o.sym), sink);
    }

    /** expr(values): {@link io.zkml4j.sumcheck.SumOfProducts#evaluate} on values (each product of two symbolic factors takes a product variable). */
    static Val evaluate(io.zkml4j.sumcheck.SumOfProducts expr, Val... values) {
        boolean concrete = true;
        for (Val v : values) concrete &= v.sym == null;
        if (concrete) { // today's arithmetic, one call
            GoldilocksExt2[] c = new GoldilocksExt2[values.length];
            for (int i = 0; i < c.length; i++) c[i] = values[i].value;
            return of(expr.evaluate(c));
        }
        Val acc = ZERO;
        for (int term = 0; term < expr.numTerms(); term++) {
            Val prod = of(expr.coeff(term));
            for (int f : expr.factors(term)) prod = prod.mul(values[f]);
            acc = acc.add(prod);
        }
        return acc;
    }

    private SymSink sinkOf(Val o) {
        return sink != null ? sink : o.sink;
    }

    @Override
    public String toString() {
        return sym == null ? value.toString() : "sym(" + sym.constant() + " + pads)";
    }
}
