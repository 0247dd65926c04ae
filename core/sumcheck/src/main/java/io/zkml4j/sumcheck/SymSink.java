package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;

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

    /** The product of two forms through this sink's pad products. */
    default Sym mul(Sym a, Sym b) {
        return a.mul(b, this::product);
    }
}
