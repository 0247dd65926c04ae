package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.transcript.Transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * What prover and verifier do alike in a node's interactive part (draw challenges, obtain evaluations of vectors,
 * check relations between them), so the symmetric steps of an operator's proof are written once. The prover computes
 * and sends what the verifier receives; a failed check throws on the verifier's side only.
 */
abstract class Side {
    final Circuit circuit;
    final Transcript t;
    final List<Claim> claims = new ArrayList<>();
    NodeSpec node;

    Side(Circuit circuit, Transcript t) {
        this.circuit = circuit;
        this.t = t;
    }

    GoldilocksExt2[] challenges(String label, int n) {
        return t.challengeExts(label, n);
    }

    /** The value of a vector at a point of its own variables: computed by the verifier for public vectors, else sent and claimed. */
    abstract Val open(int vec, GoldilocksExt2[] point);

    /**
     * As {@link #open(int, GoldilocksExt2[])}, where the prover already knows the value (e.g. a sumcheck's final
     * evaluation) and need not evaluate the vector again; null means unknown. The verifier ignores it.
     */
    abstract Val open(int vec, GoldilocksExt2[] point, GoldilocksExt2 known);

    /** Q(point) of a range check, from its limbs (each bounded by its width in the range lookup). */
    final Val range(RangeCheck rc, GoldilocksExt2[] point) {
        Val q = Val.ZERO;
        for (int j = 0; j < rc.limbs.length; j++) q = q.add(open(rc.limbs[j], point).mulBase(1L << (rc.limbBits * j)));
        return q;
    }

    /**
     * Verifier: throws VerificationException naming the node unless ok. Prover: nothing (a cheat proceeds). Only for
     * checks on public data (shapes, bits derived from the key); a relation between values is {@link #check(Val, Val, String)}.
     */
    abstract void check(boolean ok, String what);

    /**
     * The relation lhs = rhs between values. Verifier: concrete values are compared at once (as {@link #check(boolean,
     * String)}); symbolic ones become the deferred constraint lhs - rhs = 0 of the verifier's sink. Prover: nothing.
     */
    abstract void check(Val lhs, Val rhs, String what);

    final void check(Val lhs, GoldilocksExt2 rhs, String what) {
        check(lhs, Val.of(rhs), what);
    }

    final void check(GoldilocksExt2 lhs, Val rhs, String what) {
        check(Val.of(lhs), rhs, what);
    }

    /**
     * The range budget of a committed tensor v, |v| &lt; 2^(B-1): {@code limbs} = Q(r) of a B-bit range check on
     * Q = v + 2^(B-1) must equal v(r) + 2^(B-1) ind(r) (ind: v's real entries). The prover side is
     * {@link Witness#budget}.
     */
    void checkBudget(Val limbs, Val v, GoldilocksExt2 ind, String what) {
        check(limbs, v.add(ind.mulBase(1L << (circuit.rangeBits - 1))), what);
    }
}
