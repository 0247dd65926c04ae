package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reduces K evaluation claims on ONE multilinear table f of 2^n entries, each on an aligned slot
 * ({@link SlotClaim}: f(z_k, bits(slot_k)) = v_k), to a single claim f(s) = v at a random point s, with one
 * degree-2 sumcheck. The caller then proves f(s) = v once (one PCS opening) instead of K times.
 *
 * <p>Soundness: if some input claim is false, the verifier accepts and outputs a TRUE claim f(s) = v with
 * probability at most (K - 1 + 2n) / |F_ext|, |F_ext| = p^2 ~ 2^128 (e.g. 2^-120 for n = 30, K = 2^6).
 * Derivation: write P_k = (z_k, bits(slot_k)) in F^n, so f(P_k) = sum_x f(x) eq(P_k, x) and the claims are
 * batched as C = sum_k alpha^k v_k = sum_x f(x) g(x) with g = sum_k alpha^k eq(P_k, .) (for boolean slot bits,
 * eq(P_k, x) = eq(z_k, x_low) [x_high = slot_k]). (1) alpha is drawn after n and every claim are absorbed, so
 * the error polynomial sum_k alpha^k (v_k - f(P_k)), nonzero of degree &lt;= K - 1 when a claim is false,
 * vanishes with probability &lt;= (K - 1)/|F_ext| (Schwartz-Zippel). (2) Otherwise C is not the sum of f g over
 * the hypercube; f g has degree 2 in each variable, so the sumcheck ({@link SumcheckVerifier}) ends in a
 * true evaluation f(s) g(s) of it with probability &lt;= 2n/|F_ext|. The verifier computes g(s) itself in
 * O(K n) and checks v g(s) against the reduced claim; so if v = f(s) the original sum was right. The
 * transcript must already hold the table's commitment (the caller absorbs it before drawing the claims'
 * points); v is absorbed at the end, so what follows (the opening at s) is bound to it.
 *
 * <p>Prover cost: O(2^n) to build g (zero outside the claimed slots, each slot's eq table O(2^{n_k})) and
 * the product sumcheck of base f against extension g (base x extension arithmetic in round 1, then the
 * fused fold-and-sum rounds of {@link SumcheckProver#proveProduct(long[], ExtVec, Transcript)}). Memory:
 * g takes 16 bytes per entry, the folded tables another 24 bytes per entry (32 B/entry transient at round 1).
 */
public final class ClaimReduction {
    private ClaimReduction() {}

    static final String LABEL = "zkml4j/claim-reduction/v1";
    /** Round degree of the sumcheck: f g, both multilinear. */
    public static final int DEGREE = 2;

    /** What the prover sends (the proof and the value) and the point both sides end at. */
    public static final class Output {
        private final SumcheckProof proof;
        private final GoldilocksExt2[] point;
        private final GoldilocksExt2 value, sent;

        Output(SumcheckProof proof, GoldilocksExt2[] point, GoldilocksExt2 value, GoldilocksExt2 sent) {
            this.proof = proof;
            this.point = point;
            this.value = value;
            this.sent = sent;
        }

        /** The rounds as sent (masked by an encrypted prover). */
        public SumcheckProof proof() {
            return proof;
        }

        /** The value as sent: f(s), or e = f(s) - p under an encrypted prover's mask. */
        public GoldilocksExt2 sentValue() {
            return sent;
        }

        /** The random point s (n coordinates, s[0] binds the lowest variable). */
        public GoldilocksExt2[] point() {
            return point.clone();
        }

        /** f(s), the reduced claim's value: send it, then prove it with the table's PCS. */
        public GoldilocksExt2 value() {
            return value;
        }
    }

    /**
     * Proves that the claims hold on table (2^n canonical base-field entries). Throws IllegalArgumentException
     * naming a claim that is not true of the table, or one that does not fit it.
     */
    public static Output prove(long[] table, List<SlotClaim> claims, Transcript t) {
        return prove(table, claims, t, -1);
    }

    /**
     * As {@link #prove(long[], List, Transcript)} without checking that the claims hold: the proof is then false, and
     * the verifier rejects it. For a caller that proves whatever its (possibly adversarial, under test) prover claimed.
     */
    public static Output proveAsClaimed(long[] table, List<SlotClaim> claims, Transcript t) {
        return prove(table, claims, t, -1, false);
    }

    /**
     * The encrypted prover (docs/zero-knowledge.md), as claimed: the claims' values are hidden (not absorbed: they are
     * fixed by the pads' commitment and the messages they came from), every round and the final value f(s) are masked
     * by {@code enc} before they are absorbed and sent, in the order the symbolic
     * {@link #verify(int, List, SumcheckProof, GoldilocksExt2, Transcript, SymSink)} receives them. The output's proof
     * and {@link Output#sentValue} are the masked messages; its value is f(s).
     */
    public static Output proveEncrypted(long[] table, List<SlotClaim> claims, Transcript t, SumcheckTranscript.Encryption enc) {
        if (enc == null) throw new IllegalArgumentException("claim reduction: an encrypted proof without a mask");
        List<GoldilocksExt2[]> sent = new java.util.ArrayList<>();
        Output o = prove(table, claims, t, -1, false, g -> {
            GoldilocksExt2[] e = enc.round(g);
            sent.add(e.clone());
            return e;
        }, enc);
        return new Output(new SumcheckProof(sent.toArray(new GoldilocksExt2[0][])), o.point, o.value, o.sent);
    }

    /** skipAbsorbClaim >= 0 leaves that claim out of the transcript: a test seam showing the absorption matters. */
    static Output prove(long[] table, List<SlotClaim> claims, Transcript t, int skipAbsorbClaim) {
        return prove(table, claims, t, skipAbsorbClaim, true);
    }

    private static Output prove(long[] table, List<SlotClaim> claims, Transcript t, int skipAbsorbClaim, boolean check) {
        return prove(table, claims, t, skipAbsorbClaim, check, null, null);
    }

    /** {@code enc} null: in the clear; else the claims' values are not absorbed, the rounds masked by {@code enc}, then the value by {@code valueEnc}. */
    private static Output prove(long[] table, List<SlotClaim> claims, Transcript t, int skipAbsorbClaim, boolean check, SumcheckTranscript.Encryption enc,
            SumcheckTranscript.Encryption valueEnc) {
        int n = Mle.numVars(table.length);
        checkClaims(n, claims, IllegalArgumentException::new);
        GoldilocksExt2 alpha = enc == null ? absorbStatement(t, n, claims, skipAbsorbClaim) : absorbStatement(t, n, claims, skipAbsorbClaim, (label, k) -> {});
        ExtVec g = ExtVec.zeros(1 << n);
        GoldilocksExt2 scale = GoldilocksExt2.ONE, expected = GoldilocksExt2.ZERO;
        for (SlotClaim c : claims) {
            ExtVec e = Eq.table(c.pointUnsafe(), scale);
            int off = (int) (c.slot() << c.numVars());
            addInto(e, g, off);
            expected = expected.add(scale.mul(c.value()));
            scale = scale.mul(alpha);
        }
        SumcheckProverOutput out = SumcheckProver.proveProduct(table, g, t, enc);
        if (check && !out.claimedSum().equals(expected)) throw new IllegalArgumentException(falseClaim(table, n, claims));
        GoldilocksExt2 value = out.finalEvals()[0];
        GoldilocksExt2 sent = enc == null ? value : valueEnc.round(new GoldilocksExt2[] {value})[0];
        t.absorbExt(VALUE, sent);
        return new Output(out.proof(), out.point(), value, sent);
    }

    /**
     * Checks the proof and returns the point s at which the caller must still verify f(s) = value (with the
     * table's PCS, against its commitment). Throws VerificationException when a check fails or a claim does
     * not fit a table of 2^n entries.
     */
    public static GoldilocksExt2[] verify(int n, List<SlotClaim> claims, SumcheckProof proof, GoldilocksExt2 value, Transcript t) {
        return verify(n, claims, proof, value, t, -1);
    }

    static GoldilocksExt2[] verify(int n, List<SlotClaim> claims, SumcheckProof proof, GoldilocksExt2 value, Transcript t, int skipAbsorbClaim) {
        if (n < 0 || n > 40) throw new VerificationException("claim reduction: table of " + n + " variables");
        if (value == null) throw new VerificationException("claim reduction: missing final value");
        checkClaims(n, claims, VerificationException::new);
        GoldilocksExt2 alpha = absorbStatement(t, n, claims, skipAbsorbClaim);
        GoldilocksExt2 sum = GoldilocksExt2.ZERO, scale = GoldilocksExt2.ONE;
        for (SlotClaim c : claims) {
            sum = sum.add(scale.mul(c.value()));
            scale = scale.mul(alpha);
        }
        SumcheckClaim reduced = SumcheckVerifier.verify(n, DEGREE, sum, proof, t);
        GoldilocksExt2[] s = reduced.point();
        t.absorbExt(VALUE, value);
        if (!value.mul(batchedEq(s, claims, alpha)).equals(reduced.value())) throw new VerificationException(FINAL);
        return s;
    }

    /**
     * {@link #verify(int, List, SumcheckProof, GoldilocksExt2, Transcript)} on symbolic values: the claims' values are
     * forms (bound as the sink binds them), the sumcheck is {@link SymSumcheckVerifier}'s, the final value is received
     * after its rounds and the final check is deferred to the sink. Returns s and the received f(s): the caller must
     * still prove f(s) equals it (an evaluation term in zero-knowledge mode). Under {@link ZeroPads} it decides as the
     * concrete verifier.
     */
    public static SymClaim verify(int n, List<SymSlotClaim> claims, SumcheckProof proof, GoldilocksExt2 value, Transcript t, SymSink sink) {
        if (n < 0 || n > 40) throw new VerificationException("claim reduction: table of " + n + " variables");
        if (value == null) throw new VerificationException("claim reduction: missing final value");
        List<SlotClaim> where = claims == null ? null : claims.stream().map(c -> c == null ? null : c.where()).toList();
        checkClaims(n, where, VerificationException::new);
        GoldilocksExt2 alpha = absorbStatement(t, n, where, -1, (label, k) -> sink.bind(t, label, claims.get(k).value()));
        Sym sum = Sym.known(GoldilocksExt2.ZERO);
        GoldilocksExt2 scale = GoldilocksExt2.ONE;
        for (SymSlotClaim c : claims) {
            sum = sum.add(c.value().scale(scale));
            scale = scale.mul(alpha);
        }
        SymClaim reduced = SymSumcheckVerifier.verify(n, DEGREE, sum, proof, t, sink);
        GoldilocksExt2[] s = reduced.point();
        Sym v = sink.receive(value);
        t.absorbExt(VALUE, value);
        sink.zero(v.scale(batchedEq(s, where, alpha)).sub(reduced.value()), FINAL);
        return new SymClaim(s, v);
    }

    private static final String VALUE = "claimreduction.value";
    private static final String FINAL = "claim reduction: f(s) g(s) does not match the sumcheck's reduced claim";

    /** g(s) = sum_k alpha^k eq(z_k, s_low) eq(bits(slot_k), s_high), in O(K n). */
    static GoldilocksExt2 batchedEq(GoldilocksExt2[] s, List<SlotClaim> claims, GoldilocksExt2 alpha) {
        GoldilocksExt2 g = GoldilocksExt2.ZERO, scale = GoldilocksExt2.ONE;
        for (SlotClaim c : claims) {
            GoldilocksExt2[] z = c.pointUnsafe();
            GoldilocksExt2 e = scale;
            for (int i = 0; i < z.length; i++) e = e.mul(Eq.factor(z[i], s[i]));
            for (int i = z.length; i < s.length; i++) {
                e = e.mul(((c.slot() >>> (i - z.length)) & 1) == 1 ? s[i] : GoldilocksExt2.ONE.sub(s[i]));
            }
            g = g.add(e);
            scale = scale.mul(alpha);
        }
        return g;
    }

    /** Binds the protocol, n and every claim (its size, slot, point and value), then draws alpha. */
    static GoldilocksExt2 absorbStatement(Transcript t, int n, List<SlotClaim> claims, int skipAbsorbClaim) {
        return absorbStatement(t, n, claims, skipAbsorbClaim, (label, k) -> t.absorbExt(label, claims.get(k).value()));
    }

    /** As above, claim k's value bound by {@code value} (label, k): in the clear, or as a symbolic verifier's sink binds it. */
    private static GoldilocksExt2 absorbStatement(Transcript t, int n, List<SlotClaim> claims, int skipAbsorbClaim, java.util.function.ObjIntConsumer<String> value) {
        t.absorbBytes("claimreduction.protocol", LABEL.getBytes(StandardCharsets.UTF_8));
        t.absorbFields("claimreduction.shape", new long[] {n, claims.size()});
        for (int k = 0; k < claims.size(); k++) {
            if (k == skipAbsorbClaim) continue;
            SlotClaim c = claims.get(k);
            GoldilocksExt2[] z = c.pointUnsafe();
            long[] z0 = new long[z.length], z1 = new long[z.length];
            for (int i = 0; i < z.length; i++) {
                z0[i] = z[i].c0;
                z1[i] = z[i].c1;
            }
            t.absorbFields("claimreduction.claim.shape", new long[] {z.length, c.slot()});
            t.absorbExts("claimreduction.claim.point", z0, z1);
            value.accept("claimreduction.claim.value", k);
        }
        return t.challengeExt("claimreduction.alpha");
    }

    private static void checkClaims(int n, List<SlotClaim> claims, java.util.function.Function<String, RuntimeException> err) {
        if (claims == null || claims.isEmpty()) throw err.apply("claim reduction: no claims");
        for (int k = 0; k < claims.size(); k++) {
            SlotClaim c = claims.get(k);
            if (c == null) throw err.apply("claim reduction: claim " + k + " is null");
            String why = c.misfit(n);
            if (why != null) throw err.apply("claim reduction: claim " + k + ": " + why);
        }
    }

    /** g[off + i] += e[i]. */
    private static void addInto(ExtVec e, ExtVec g, int off) {
        long[] e0 = e.c0, e1 = e.c1, g0 = g.c0, g1 = g.c1;
        for (int i = 0; i < e0.length; i++) {
            g0[off + i] = io.zkml4j.field.Goldilocks.add(g0[off + i], e0[i]);
            g1[off + i] = io.zkml4j.field.Goldilocks.add(g1[off + i], e1[i]);
        }
    }

    /** The error path only: names the first claim the table does not satisfy. */
    private static String falseClaim(long[] table, int n, List<SlotClaim> claims) {
        for (int k = 0; k < claims.size(); k++) {
            SlotClaim c = claims.get(k);
            GoldilocksExt2 actual = Mle.evaluate(table, c.fullPoint(n));
            if (!actual.equals(c.value())) {
                return "claim reduction: claim " + k + " (slot " + c.slot() + ", 2^" + c.numVars() + " entries) claims " + c.value()
                        + ", the table gives " + actual;
            }
        }
        return "claim reduction: the batched claims do not match the table";
    }
}
