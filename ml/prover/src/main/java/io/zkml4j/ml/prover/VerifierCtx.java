package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumcheckClaim;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.sumcheck.SumcheckVerifier;
import io.zkml4j.sumcheck.Sym;
import io.zkml4j.sumcheck.SymClaim;
import io.zkml4j.sumcheck.SymSumcheckVerifier;
import io.zkml4j.sumcheck.SymSink;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;


/**
 * The verifier's side of a node's interactive part: mirrors {@link ProverCtx} message for message. Concrete (the
 * validity verifier) without a sink; symbolic with one: every received value is then the sink's affine form and every
 * check between values its deferred constraint (docs/zero-knowledge.md).
 */
final class VerifierCtx extends Side {
    final FieldReader in;
    /** The public vectors in the padded layout (field elements). */
    private final long[][] publicValues;
    /** Null: concrete. */
    final SymSink sink;

    VerifierCtx(Circuit circuit, Transcript t, FieldReader in, long[][] publicValues, SymSink sink) {
        super(circuit, t);
        this.in = in;
        this.publicValues = publicValues;
        this.sink = sink;
    }

    Val receive(String label) {
        GoldilocksExt2 v = in.ext(label);
        t.absorbExt(label, v);
        return sink == null ? Val.of(v) : Val.received(sink, v);
    }

    @Override
    Val open(int vec, GoldilocksExt2[] point, GoldilocksExt2 known) {
        return open(vec, point);
    }

    @Override
    Val open(int vec, GoldilocksExt2[] point) {
        Vec v = circuit.vec(vec);
        if (point.length != v.vars) throw new IllegalStateException("internal: " + v + " opened at " + point.length + " coordinates");
        if (v.isPublic()) return Val.of(Mle.evaluate(publicValues[vec], point));
        Val value = receive("model.eval");
        claims.add(new Claim(vec, point, value));
        return value;
    }

    Sumchecks.Result sumcheck(int vars, int degree, Val claimed) {
        SumcheckProof proof = SumcheckProof.readFrom(in, vars, degree);
        try {
            if (sink != null) {
                SymClaim c = SymSumcheckVerifier.verify(vars, degree, claimed.form(), proof, t, sink);
                return new Sumchecks.Result(c.point(), Val.symbolic(c.value(), sink));
            }
            SumcheckClaim c = SumcheckVerifier.verify(vars, degree, claimed.concrete(), proof, t);
            return new Sumchecks.Result(c.point(), Val.of(c.value()));
        } catch (VerificationException e) {
            if (node == null) throw e;
            throw new VerificationException(node.where() + ": " + e.getMessage());
        }
    }

    @Override
    void check(boolean ok, String what) {
        if (!ok) throw new VerificationException(where(what));
    }

    @Override
    void check(Val lhs, Val rhs, String what) {
        if (!lhs.isSymbolic() && !rhs.isSymbolic()) {
            check(lhs.concrete().equals(rhs.concrete()), what);
            return;
        }
        Sym d = lhs.form().sub(rhs.form());
        if (d.isKnown()) check(d.constant().isZero(), what); // no pad left: nothing to defer
        else sink.zero(d, where(what));
    }

    private String where(String what) {
        return (node == null ? "" : node.where() + ": ") + what;
    }
}
