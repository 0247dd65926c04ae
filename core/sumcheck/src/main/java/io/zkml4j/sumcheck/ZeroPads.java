package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;

import java.util.ArrayList;
import java.util.List;

/**
 * The symbolic verifier's sink with every pad zero: a received e stands for e itself, so a form's value is its
 * constant and each deferred check is decided at once. A symbolic verifier run over a validity proof with this sink
 * must decide exactly as the concrete verifier: the test that no check was lost on the way to constraints. It also
 * counts what a zero-knowledge proof of the same shape would need (pads, pad products, constraints).
 */
public final class ZeroPads implements SymSink {
    private int pads;
    private final List<long[]> products = new ArrayList<>();
    private int constraints;
    private int formProducts;
    private int productVariables;

    @Override
    public Sym receive(GoldilocksExt2 e) {
        return Sym.received(e, pads++);
    }

    @Override
    public void zero(Sym form, String what) {
        constraints++;
        if (!form.constant().isZero()) throw new VerificationException(what);
    }

    /** A validity proof's transcript holds the value in the clear: the form's constant. */
    @Override
    public void bind(Transcript t, String label, Sym value) {
        t.absorbExt(label, value.constant());
    }

    @Override
    public void nonZero(Sym form, String what) {
        constraints++;
        if (form.constant().isZero()) throw new VerificationException(what);
    }

    @Override
    public int product(int i, int j) {
        products.add(new long[] {i, j});
        return productVariable();
    }

    @Override
    public int formProduct(Sym a, Sym b) {
        formProducts++;
        return productVariable();
    }

    /** A product variable is numbered after every pad; with all pads zero its value is zero too. */
    private int productVariable() {
        return Integer.MAX_VALUE - ++productVariables;
    }

    /** Products of two forms' variable parts ({@link #formProduct}), each one variable. */
    public int formProducts() {
        return formProducts;
    }

    public int pads() {
        return pads;
    }

    public int products() {
        return products.size();
    }

    public int constraints() {
        return constraints;
    }
}
