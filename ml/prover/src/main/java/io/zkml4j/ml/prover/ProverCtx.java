package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumcheckProverOutput;
import io.zkml4j.transcript.Transcript;


/** The prover's side of a node's interactive part: transcript, proof stream, witness and the claims it makes. */
final class ProverCtx extends Side {
    final Witness w;
    final FieldWriter out;

    ProverCtx(Circuit circuit, Witness w, Transcript t, FieldWriter out) {
        super(circuit, t);
        this.w = w;
        this.out = out;
    }

    @Override
    void check(boolean ok, String what) {}

    @Override
    void check(Val lhs, Val rhs, String what) {}

    /** A prover message: written to the proof and absorbed. */
    Val send(String label, GoldilocksExt2 v) {
        if (cheat != null) v = cheat.message(node, label, v);
        out.ext(v);
        t.absorbExt(label, v);
        return Val.of(v);
    }

    /**
     * The value of vector {@code vec} at {@code point} (its own variables): for a public vector nothing is sent (the
     * verifier computes it); otherwise it is sent, absorbed and becomes a claim for the final opening.
     */
    @Override
    Val open(int vec, GoldilocksExt2[] point) {
        return open(vec, point, null);
    }

    @Override
    Val open(int vec, GoldilocksExt2[] point, GoldilocksExt2 known) {
        Vec v = circuit.vec(vec);
        if (point.length != v.vars) throw new IllegalStateException("internal: " + v + " opened at " + point.length + " coordinates");
        GoldilocksExt2 value = known != null ? known : Mle.evaluate(w.padded(vec), point);
        if (v.isPublic()) return Val.of(value);
        Val claimed = Val.of(claimed(vec, point, value));
        send("model.eval", claimed.concrete());
        claims.add(new Claim(vec, point, claimed));
        return claimed;
    }

    /** Test seam: a cheating prover's hand on the messages (null: honest). */
    GraphProtocol.Cheat cheat;
    private int sumchecks;
    private NodeSpec sumcheckNode;

    /** Runs a sumcheck prover, under the cheat's adversary for it if it has one (the verifier expects {@code claimed}). */
    <T> T underCheat(GoldilocksExt2 claimed, java.util.function.Supplier<T> prove) {
        if (cheat == null) return prove.get();
        if (sumcheckNode != node) {
            sumcheckNode = node;
            sumchecks = 0;
        }
        io.zkml4j.sumcheck.SumcheckAdversary a = cheat.sumcheck(node, sumchecks++, claimed);
        return a == null ? prove.get() : io.zkml4j.sumcheck.SumcheckTranscript.withAdversary(a, prove);
    }

    /** A claimed evaluation about to be sent: the cheat may replace it. */
    private GoldilocksExt2 claimed(int vec, GoldilocksExt2[] point, GoldilocksExt2 value) {
        return cheat == null ? value : cheat.evaluation(node, circuit.vec(vec), point, value);
    }

    void sumcheck(SumcheckProverOutput o) {
        o.proof().writeTo(out);
    }

    /** Field values (padded layout) of a vector. */
    long[] padded(int vec) {
        return w.padded(vec);
    }

    long[] values(int vec) {
        return w.values(vec);
    }
}
