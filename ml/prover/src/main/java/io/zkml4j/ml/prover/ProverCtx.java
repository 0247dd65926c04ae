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

    /** A prover message: written to the proof and absorbed (in zero-knowledge mode as e = v - p, its pad p). */
    Val send(String label, GoldilocksExt2 v) {
        if (cheat != null) v = cheat.message(node, label, v);
        GoldilocksExt2 e = pads == null ? v : v.sub(pads.next());
        out.ext(e);
        t.absorbExt(label, e);
        return Val.of(v);
    }

    /**
     * Zero-knowledge mode (docs/zero-knowledge.md): the one-time pads, used in the order the messages are sent (which
     * is the order the symbolic verifier receives them); null in validity mode, where messages go out in the clear.
     */
    Pads pads;
    private java.util.List<GoldilocksExt2[]> masked;

    /** The pads of a zero-knowledge proof, committed before its first message. */
    static final class Pads implements io.zkml4j.sumcheck.SumcheckTranscript.Encryption {
        private final GoldilocksExt2[] values;
        private int used;

        Pads(GoldilocksExt2[] values) {
            this.values = values;
        }

        GoldilocksExt2 next() {
            if (used >= values.length) throw new IllegalStateException("internal: more masked messages than the " + values.length + " pads counted");
            return values[used++];
        }

        int used() {
            return used;
        }

        @Override
        public GoldilocksExt2[] round(GoldilocksExt2[] g) {
            for (int k = 0; k < g.length; k++) g[k] = g[k].sub(next());
            return g;
        }
    }

    /** The mask for the next sumcheck's rounds (null in validity mode); {@link #sumcheck} then writes the masked rounds. */
    io.zkml4j.sumcheck.SumcheckTranscript.Encryption encryption() {
        if (pads == null) return null;
        java.util.List<GoldilocksExt2[]> sent = new java.util.ArrayList<>();
        masked = sent;
        return g -> {
            GoldilocksExt2[] e = pads.round(g);
            sent.add(e.clone());
            return e;
        };
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
        if (pads == null) {
            o.proof().writeTo(out);
            return;
        }
        if (masked.size() != o.proof().numRounds()) throw new IllegalStateException("internal: " + masked.size() + " of " + o.proof().numRounds() + " sumcheck rounds were masked");
        new io.zkml4j.sumcheck.SumcheckProof(masked.toArray(new GoldilocksExt2[0][])).writeTo(out);
        masked = null;
    }

    /** Field values (padded layout) of a vector. */
    long[] padded(int vec) {
        return w.padded(vec);
    }

    long[] values(int vec) {
        return w.values(vec);
    }
}
