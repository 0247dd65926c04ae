package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.Blinding;
import io.zkml4j.pcs.ExtVar;
import io.zkml4j.pcs.LinearConstraint;
import io.zkml4j.pcs.Product;
import io.zkml4j.sumcheck.Sym;
import io.zkml4j.sumcheck.SymSink;
import io.zkml4j.transcript.VerificationException;

import java.util.ArrayList;
import java.util.List;

/**
 * The sink of a zero-knowledge model proof's symbolic verifier (docs/zero-knowledge.md): numbers the pads in the
 * order values are received (pad v: extension variable v of the pad tableau, committed before the first message),
 * turns every deferred check into a {@link LinearConstraint} and every product of two forms into ONE product variable
 * V = lin(a) lin(b) of the product tableau (committed after the last message: V is fixed by its proof of product, not
 * by its commitment), with two more variables X = lin(a), Y = lin(b) bound to the forms by linear constraints and the
 * product test's four auxiliary values ({@link Product}). A hidden value's non-zero check takes an inverse witness W
 * (a product variable, never sent): form W = 1. On the prover's side (pads given) it also computes every product
 * variable's value, so both sides derive the same constraints from the same code.
 */
final class ZkSink implements SymSink {
    /** Product-tableau variables are numbered from here (pads below). */
    static final int PRODUCT_BASE = 1 << 28;
    private static final int VARS_PER_PRODUCT = 2 + 1 + Product.WITNESS_VARS - 1; // X, Y, then z and the four auxiliaries

    private final int padTableau, productTableau;
    private final int pads;
    /** The pads' values (prover), null on the verifier. */
    private final GoldilocksExt2[] padValues;
    private final List<GoldilocksExt2> productValues = new ArrayList<>();
    private int count, productVars;
    final List<LinearConstraint> constraints = new ArrayList<>();
    final List<Product> products = new ArrayList<>();
    /** Every masked message, as received (the tests' view of what the proof sends). */
    final List<GoldilocksExt2> received = new ArrayList<>();

    ZkSink(int padTableau, int productTableau, int pads, GoldilocksExt2[] padValues) {
        if (padValues != null && padValues.length != pads) throw new IllegalArgumentException("internal: " + padValues.length + " pad values for " + pads + " pads");
        this.padTableau = padTableau;
        this.productTableau = productTableau;
        this.pads = pads;
        this.padValues = padValues;
    }

    @Override
    public Sym receive(GoldilocksExt2 e) {
        if (count >= pads) throw new VerificationException("zero-knowledge proof: more masked messages than its " + pads + " pads");
        received.add(e);
        return Sym.received(e, count++);
    }

    /** The verifier's last check on the layout: the proof's pad count is what its run consumed. */
    void requireAllPadsUsed() {
        if (count != pads) throw new VerificationException("zero-knowledge proof: " + pads + " pads committed, " + count + " messages received");
    }

    @Override
    public void zero(Sym form, String what) {
        constraints.add(constraint(form));
    }

    /** The constraint form = 0 over the pad and product tableaux. */
    LinearConstraint constraint(Sym form) {
        return form.addTo(LinearConstraint.builder(), this::variable).equalTo(form.constant().neg());
    }

    /** form = 0 with further terms on other tableaux already in {@code b} (a claim's evaluation term). */
    LinearConstraint constraint(LinearConstraint.Builder b, Sym form) {
        return form.addTo(b, this::variable).equalTo(form.constant().neg());
    }

    ExtVar variable(int v) {
        return v < PRODUCT_BASE ? Sym.variable(padTableau, v) : Sym.variable(productTableau, v - PRODUCT_BASE);
    }

    /** Every product of two forms through one product variable (core's verifiers included: pairwise pad products would grow as (S C)^2). */
    @Override
    public Sym mul(Sym a, Sym b) {
        return mulForms(a, b);
    }

    @Override
    public int product(int i, int j) {
        return formProduct(Sym.received(GoldilocksExt2.ZERO, i), Sym.received(GoldilocksExt2.ZERO, j));
    }

    @Override
    public int formProduct(Sym a, Sym b) {
        Sym la = a.variablePart(), lb = b.variablePart();
        return declare(la, lb, value(la), value(lb));
    }

    /** X = la, Y = lb (constraints), V = X Y (a product); returns V. Values: the prover's, null on the verifier. */
    private int declare(Sym la, Sym lb, GoldilocksExt2 x, GoldilocksExt2 y) {
        int base = PRODUCT_BASE + productVars;
        productVars += VARS_PER_PRODUCT;
        int vx = base, vy = base + 1, vz = base + 2;
        if (padValues != null) {
            productValues.add(x);
            productValues.add(y);
            productValues.add(x.mul(y));
            for (int k = 0; k < 4; k++) productValues.add(GoldilocksExt2.ZERO); // the auxiliaries, assigned with the table
        }
        constraints.add(constraint(la.sub(Sym.received(GoldilocksExt2.ZERO, vx))));
        if (lb != null) constraints.add(constraint(lb.sub(Sym.received(GoldilocksExt2.ZERO, vy))));
        products.add(new Product(variable(vx), variable(vy), variable(vz), variable(base + 3), variable(base + 4), variable(base + 5), variable(base + 6)));
        return vz;
    }

    /** form != 0 for a hidden form: an inverse witness W, form W = 1, i.e. c W + lin(form) W = 1 with lin(form) W a product. */
    @Override
    public void nonZero(Sym form, String what) {
        if (form.isKnown()) {
            if (form.constant().isZero()) throw new VerificationException(what);
            return;
        }
        Sym lin = form.variablePart();
        GoldilocksExt2 w = null;
        if (padValues != null) {
            GoldilocksExt2 f = value(form);
            w = f.isZero() ? GoldilocksExt2.ZERO : f.inv(); // zero: the prover cannot satisfy it, the constraint proof fails
        }
        int v = declare(lin, null, value(lin), w);
        int vw = v - 1;
        Sym wForm = Sym.received(GoldilocksExt2.ZERO, vw), prod = Sym.received(GoldilocksExt2.ZERO, v);
        constraints.add(constraint(wForm.scale(form.constant()).add(prod).sub(Sym.known(GoldilocksExt2.ONE))));
    }

    /** A form's value (prover), null on the verifier. */
    private GoldilocksExt2 value(Sym form) {
        if (padValues == null) return null;
        return form.evaluate(v -> v < PRODUCT_BASE ? padValues[v] : productValues.get(v - PRODUCT_BASE));
    }

    int productVariables() {
        return productVars;
    }

    /** The tableau's size: 2^n entries holding every product variable (two entries each), n >= 1. */
    static int tableVars(int variables) {
        int entries = Math.max(2, 2 * variables);
        return 32 - Integer.numberOfLeadingZeros(entries - 1);
    }

    /** Prover: the product tableau, the products' auxiliary values drawn from {@code blinding}. */
    long[] productTable(Blinding blinding) {
        long[] table = new long[1 << tableVars(productVars)];
        for (int i = 0; i < productValues.size(); i++) {
            table[2 * i] = productValues.get(i).c0;
            table[2 * i + 1] = productValues.get(i).c1;
        }
        List<long[]> tables = new ArrayList<>();
        for (int i = 0; i <= productTableau; i++) tables.add(i == productTableau ? table : null);
        for (Product p : products) p.assign(tables, blinding);
        return table;
    }
}
