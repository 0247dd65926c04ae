package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;

/**
 * Where a symbolic verifier (zero-knowledge mode, docs/zero-knowledge.md) sends what it cannot decide itself. It
 * holds each received value as an affine form over committed variables ({@link Sym}); every check it would make on
 * values becomes a form that must vanish, proven later by the constraint proof; every product of two forms with
 * variables introduces pad-product variables. The sink owns the pad numbering, so a verifier's code never counts pads.
 */
public interface SymSink {
    /** A received (masked) message e, standing for e + its own fresh pad. */
    Sym receive(GoldilocksExt2 e);

    /** The check "form = 0", deferred to the constraint proof; {@code what} names it in a rejection. */
    void zero(Sym form, String what);

    /** The variable standing for the product of variables i and j (a pad product). */
    int product(int i, int j);

    /**
     * Binds a derived value (a sumcheck's claim, a batched claim) where the concrete verifier absorbs it. In an
     * encrypted transcript it is hidden and already fixed by the pads' commitment and the messages it was computed
     * from, which are absorbed as sent (a public value by the statement, which the caller binds): nothing to bind, as
     * the encrypted prover binds nothing ({@link SumcheckTranscript#beginEncrypted}). A sink over a
     * validity proof ({@link ZeroPads}) absorbs its value, so the challenges are the concrete verifier's.
     */
    default void bind(Transcript t, String label, Sym value) {}

    /**
     * The check "form != 0". A public form is decided here; a hidden one needs an inverse witness (x y = 1 with y a
     * masked message and a pad product), which the encrypted transcript does not carry yet, so this fails closed.
     */
    default void nonZero(Sym form, String what) {
        if (!form.isKnown()) throw new UnsupportedOperationException("non-zero check on a hidden value (no inverse witness yet): " + what);
        if (form.constant().isZero()) throw new VerificationException(what);
    }

    /** The product of two forms through this sink's pad products. */
    default Sym mul(Sym a, Sym b) {
        return a.mul(b, this::product);
    }

    /**
     * The variable standing for lin(a) lin(b), the product of two forms' variable parts ({@link Sym#mulAsOne}); the
     * layout declares it like a pad product.
     */
    default int formProduct(Sym a, Sym b) {
        throw new UnsupportedOperationException("this sink declares no products of forms");
    }

    /** The product of two forms with one product variable for their variable parts (none when either is public). */
    default Sym mulForms(Sym a, Sym b) {
        if (a.isKnown() || b.isKnown()) return a.mul(b, this::product);
        return a.mulAsOne(b, formProduct(a, b));
    }
}
