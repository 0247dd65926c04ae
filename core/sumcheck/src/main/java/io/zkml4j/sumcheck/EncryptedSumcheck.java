package io.zkml4j.sumcheck;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.pcs.Blinding;
import io.zkml4j.pcs.ConstraintProof;
import io.zkml4j.pcs.ExtVar;
import io.zkml4j.pcs.HidingLigeroProverData;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.pcs.LigeroConstraints;
import io.zkml4j.pcs.LinearConstraint;
import io.zkml4j.pcs.Product;
import io.zkml4j.poly.Eq;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The encrypted sumcheck (Longfellow's, docs/zero-knowledge.md) on a product of two committed private vectors:
 * H = sum_x a(x) b(x), or H = sum_x eq(tau, x) a(x) b(x) (the shape of the graph protocol's operators), H and tau
 * public, a and b hidden. Zero-knowledge: the verifier learns that the sum is H and nothing else.
 *
 * <p>Prover: a and b form the data table a || b (b where the top variable is 1); the pad table holds one uniform
 * extension pad per value the sumcheck will send (every round value g_i(0..d), and a(rho), b(rho)), the pad product
 * p_a p_b and its product test's auxiliary values ({@link Product}); both are committed hiding
 * ({@link LigeroConstraints#commit}) and bound into the transcript before the first message. The sumcheck runs with
 * today's provers, given the mask ({@link SumcheckTranscript.Encryption}): each value m is sent (and absorbed) as e = m - p. Then
 * e_a = a(rho) - p_a and e_b = b(rho) - p_b are sent, and {@link LigeroConstraints} proves the constraints below.
 *
 * <p>Verifier: holds each received value as the form e + p ({@link Sym}) and runs exactly today's checks on them:
 * per round g(0) + g(1) = claim, the next claim g(r) by Lagrange weights, the final claim = [eq(tau, rho)] A B with
 * A = e_a + p_a, B = e_b + p_b, whose product p_a p_b is the declared pad product (a quadratic constraint); plus the
 * claims on the committed data, a(rho, 0) - p_a = e_a and b(rho, 1) - p_b = e_b as evaluation terms. Each check is a
 * linear constraint over the tableaux, all proven at once.
 *
 * <p>Soundness: the pads are fixed by their commitment before any challenge, so the decrypted messages m = e + p are
 * too; the constraints are exactly the sumcheck's checks on them, so a false H passes with probability at most
 * n d / |F_ext| (SumcheckVerifier) plus the constraint tests' error ({@code LigeroConstraintParams}). Zero knowledge:
 * every sent e is uniform and independent (a fresh pad each), X', Y' likewise, and the opening is simulated; the
 * simulator is {@link #simulate}.
 */
public final class EncryptedSumcheck {
    static final int DATA = 0, PADS = 1;
    private static final String LABEL = "zkml4j.encrypted-sumcheck/v1";

    private EncryptedSumcheck() {}

    /** Where the pads sit in the pad table (variable v at entries 2v, 2v + 1), derived from the shape alone. */
    static final class Layout {
        final int n, degree, pads, padA, padB, productVar, logSize;
        final Product product;

        Layout(int n, boolean eqWeighted) {
            if (n < 1 || n > 29) throw new IllegalArgumentException("encrypted sumcheck over 2^" + n + " entries");
            this.n = n;
            degree = eqWeighted ? 3 : 2;
            pads = n * (degree + 1) + 2;
            padA = pads - 2;
            padB = pads - 1;
            productVar = pads;
            product = new Product(Sym.variable(PADS, padA), Sym.variable(PADS, padB), Sym.variable(PADS, pads), Sym.variable(PADS, pads + 1), Sym.variable(PADS, pads + 2),
                    Sym.variable(PADS, pads + 3), Sym.variable(PADS, pads + 4));
            int entries = 2 * (pads + Product.WITNESS_VARS);
            logSize = Math.max(1, 32 - Integer.numberOfLeadingZeros(entries - 1));
        }

        int roundPad(int round, int k) {
            return round * (degree + 1) + k;
        }

        /** The declared pad products: only p_a p_b. */
        int product(int i, int j) {
            if ((i == padA && j == padB) || (i == padB && j == padA)) return productVar;
            throw new IllegalStateException("encrypted sumcheck: no pad product declared for pads " + i + ", " + j);
        }
    }

    /** The proof: the two commitments, the masked round values, the masked final values, the constraint proof. */
    public static final class Proof {
        final List<LigeroCommitment> commitments;
        final GoldilocksExt2[][] rounds;
        final GoldilocksExt2 ea, eb;
        final ConstraintProof constraints;

        Proof(List<LigeroCommitment> commitments, GoldilocksExt2[][] rounds, GoldilocksExt2 ea, GoldilocksExt2 eb, ConstraintProof constraints) {
            this.commitments = commitments;
            this.rounds = rounds;
            this.ea = ea;
            this.eb = eb;
            this.constraints = constraints;
        }

        /** Every value sent masked by a pad, in order: round values, then e_a, e_b. */
        public List<GoldilocksExt2> maskedValues() {
            List<GoldilocksExt2> v = new ArrayList<>();
            for (GoldilocksExt2[] g : rounds) v.addAll(Arrays.asList(g));
            v.add(ea);
            v.add(eb);
            return v;
        }

        public ConstraintProof constraintProof() {
            return constraints;
        }

        public byte[] toBytes() {
            FieldWriter w = new FieldWriter().u8(1);
            for (LigeroCommitment c : commitments) c.writeTo(w);
            for (GoldilocksExt2[] g : rounds) for (GoldilocksExt2 x : g) w.ext(x);
            w.ext(ea).ext(eb);
            constraints.writeTo(w);
            return w.toByteArray();
        }

        public static Proof fromBytes(byte[] bytes, LigeroConstraints zkc, int n, boolean eqWeighted) {
            Layout l = new Layout(n, eqWeighted);
            FieldReader r = new FieldReader(bytes);
            if (r.u8("encrypted sumcheck version") != 1) throw new ProofFormatException("encrypted sumcheck: unknown version");
            List<LigeroCommitment> cs = List.of(LigeroCommitment.readHidingOnce(r, "encrypted sumcheck data"), LigeroCommitment.readHidingOnce(r, "encrypted sumcheck pads"));
            if (cs.get(DATA).numVars() != n + 1 || cs.get(PADS).numVars() != l.logSize) throw new ProofFormatException("encrypted sumcheck: commitment shapes");
            GoldilocksExt2[][] rounds = new GoldilocksExt2[n][l.degree + 1];
            for (GoldilocksExt2[] g : rounds) for (int k = 0; k < g.length; k++) g[k] = r.ext("encrypted sumcheck round value");
            GoldilocksExt2 ea = r.ext("e_a"), eb = r.ext("e_b");
            ConstraintProof cp = ConstraintProof.readFrom(r, zkc.pcs().params(), cs, 1);
            r.finish("encrypted sumcheck proof");
            return new Proof(cs, rounds, ea, eb, cp);
        }
    }

    /** Test seam: a cheating or broken prover. */
    interface Tamper {
        /** The pad table right after the pads are drawn (a mask left out). */
        default void pads(long[] padTable) {}

        /** Both tables after the product's values are assigned (a wrong pad product). */
        default void tables(List<long[]> tables) {}

        /** e_a, e_b before they are sent. */
        default void finals(GoldilocksExt2[] e) {}
    }

    /** Proves sum_x [eq(tau, x)] a(x) b(x) = H (tau null: the plain product) with randomness from {@code blinding}. */
    public static Proof prove(LigeroConstraints zkc, long[] a, long[] b, GoldilocksExt2[] tau, GoldilocksExt2 h, Blinding blinding, Transcript t) {
        return prove(zkc, a, b, tau, h, blinding, t, null);
    }

    static Proof prove(LigeroConstraints zkc, long[] a, long[] b, GoldilocksExt2[] tau, GoldilocksExt2 h, Blinding blinding, Transcript t, Tamper tamper) {
        if (a.length != b.length || Integer.bitCount(a.length) != 1) throw new IllegalArgumentException("tables of 2^n entries, equal lengths");
        int n = Integer.numberOfTrailingZeros(a.length);
        Layout l = new Layout(n, tau != null);
        if (tau != null && tau.length != n) throw new IllegalArgumentException("eq point of " + tau.length + " coordinates for " + n + " variables");
        long[] data = Arrays.copyOf(a, 2 * a.length), pads = new long[1 << l.logSize];
        System.arraycopy(b, 0, data, a.length, b.length);
        long[] drawn = new long[2 * l.pads];
        blinding.nextFields(drawn);
        System.arraycopy(drawn, 0, pads, 0, drawn.length);
        if (tamper != null) tamper.pads(pads);
        List<long[]> tables = List.of(data, pads);
        l.product.assign(tables, blinding);
        if (tamper != null) tamper.tables(tables);
        List<HidingLigeroProverData> committed = zkc.commit(tables, blinding);
        List<LigeroCommitment> cs = List.of(committed.get(DATA).commitment(), committed.get(PADS).commitment());
        absorbStatement(t, l, tau, h, cs);

        int[] next = {0};
        List<GoldilocksExt2[]> sent = new ArrayList<>();
        SumcheckTranscript.Encryption mask = g -> {
            for (int k = 0; k < g.length; k++) g[k] = g[k].sub(Sym.variable(PADS, next[0]++).read(tables));
            sent.add(g.clone());
            return g;
        };
        SumcheckProverOutput out = tau == null ? SumcheckProver.proveProduct(a, b, t, mask) : SumcheckProver.proveEqProduct(tau, a, b, t, mask);
        // fail closed: a round that did not pass through the mask (a prover path that dropped it) went out in the clear
        if (sent.size() != n || next[0] != n * (l.degree + 1)) {
            throw new IllegalStateException("encrypted sumcheck: " + sent.size() + " of " + n + " rounds were masked");
        }
        GoldilocksExt2[] fin = out.finalEvals();
        GoldilocksExt2[] e = {fin[0].sub(l.product.x().read(tables)), fin[1].sub(l.product.y().read(tables))};
        if (tamper != null) tamper.finals(e);
        absorbFinals(t, e[0], e[1]);
        GoldilocksExt2[][] rounds = sent.toArray(new GoldilocksExt2[0][]);
        List<LinearConstraint> constraints = constraints(l, tau, h, rounds, out.point(), e[0], e[1]);
        ConstraintProof cp = zkc.prove(committed, constraints, List.of(l.product), t);
        return new Proof(cs, rounds, e[0], e[1], cp);
    }

    /** The verifier's challenges: the sumcheck point and the constraint tests' (replayed, or programmed by the simulator). */
    public static final class Challenges {
        final GoldilocksExt2[] point;
        final LigeroConstraints.Challenges constraints;

        Challenges(GoldilocksExt2[] point, LigeroConstraints.Challenges constraints) {
            this.point = point;
            this.constraints = constraints;
        }
    }

    public static void verify(LigeroConstraints zkc, int n, GoldilocksExt2[] tau, GoldilocksExt2 h, Proof proof, Transcript t) {
        check(zkc, n, tau, h, proof, replay(zkc, n, tau, h, proof, t));
    }

    static Challenges replay(LigeroConstraints zkc, int n, GoldilocksExt2[] tau, GoldilocksExt2 h, Proof proof, Transcript t) {
        Layout l = checkShape(n, tau, proof);
        absorbStatement(t, l, tau, h, proof.commitments);
        SumcheckTranscript.beginEncrypted(t, n, l.degree);
        GoldilocksExt2[] point = new GoldilocksExt2[n];
        for (int i = 0; i < n; i++) {
            SumcheckTranscript.absorbRound(t, proof.rounds[i]);
            point[i] = t.challengeExt("sumcheck.challenge");
        }
        absorbFinals(t, proof.ea, proof.eb);
        List<LinearConstraint> constraints = constraints(l, tau, h, proof.rounds, point, proof.ea, proof.eb);
        return new Challenges(point, zkc.replay(proof.commitments, constraints, List.of(l.product), proof.constraints, t));
    }

    /** Every check, given the challenges: today's sumcheck checks on the symbolic values, proven by the constraint tests. */
    static void check(LigeroConstraints zkc, int n, GoldilocksExt2[] tau, GoldilocksExt2 h, Proof proof, Challenges ch) {
        Layout l = checkShape(n, tau, proof);
        List<LinearConstraint> constraints = constraints(l, tau, h, proof.rounds, ch.point, proof.ea, proof.eb);
        zkc.check(proof.commitments, constraints, List.of(l.product), proof.constraints, ch.constraints);
    }

    private static Layout checkShape(int n, GoldilocksExt2[] tau, Proof proof) {
        Layout l = new Layout(n, tau != null);
        if (tau != null && tau.length != n) throw new VerificationException("encrypted sumcheck: eq point of " + tau.length + " coordinates for " + n + " variables");
        if (proof.commitments.size() != 2 || proof.commitments.get(DATA).numVars() != n + 1 || proof.commitments.get(PADS).numVars() != l.logSize) {
            throw new VerificationException("encrypted sumcheck: commitment shapes");
        }
        if (proof.rounds.length != n) throw new VerificationException("encrypted sumcheck: " + proof.rounds.length + " rounds, expected " + n);
        for (GoldilocksExt2[] g : proof.rounds) {
            if (g.length != l.degree + 1) throw new VerificationException("encrypted sumcheck: a round of " + g.length + " values, expected " + (l.degree + 1));
        }
        return l;
    }

    /**
     * Today's checks on the symbolic values, as linear constraints over the data table (0) and the pad table (1): the
     * one place both sides derive them from.
     */
    static List<LinearConstraint> constraints(Layout l, GoldilocksExt2[] tau, GoldilocksExt2 h, GoldilocksExt2[][] rounds, GoldilocksExt2[] point, GoldilocksExt2 ea,
            GoldilocksExt2 eb) {
        List<LinearConstraint> out = new ArrayList<>();
        Sym claim = Sym.known(h);
        for (int i = 0; i < l.n; i++) {
            Sym[] g = new Sym[l.degree + 1];
            for (int k = 0; k <= l.degree; k++) g[k] = Sym.received(rounds[i][k], l.roundPad(i, k));
            out.add(g[0].add(g[1]).sub(claim).isZero(PADS)); // g(0) + g(1) = claim
            claim = Univariate.evaluate(g, point[i]); // claim = g(r_i)
        }
        Sym fa = Sym.received(ea, l.padA), fb = Sym.received(eb, l.padB);
        Sym fin = fa.mul(fb, l::product);
        if (tau != null) fin = fin.scale(Eq.eval(tau, point));
        out.add(claim.sub(fin).isZero(PADS)); // the final check
        GoldilocksExt2[] pa = Arrays.copyOf(point, l.n + 1), pb = Arrays.copyOf(point, l.n + 1);
        pa[l.n] = GoldilocksExt2.ZERO;
        pb[l.n] = GoldilocksExt2.ONE;
        // the claims on the committed vectors: a(rho) - p_a = e_a, b(rho) - p_b = e_b
        out.add(LinearConstraint.builder().eval(DATA, pa, GoldilocksExt2.ONE).ext(l.product.x(), GoldilocksExt2.ONE.neg()).equalTo(ea));
        out.add(LinearConstraint.builder().eval(DATA, pb, GoldilocksExt2.ONE).ext(l.product.y(), GoldilocksExt2.ONE.neg()).equalTo(eb));
        return out;
    }

    private static void absorbStatement(Transcript t, Layout l, GoldilocksExt2[] tau, GoldilocksExt2 h, List<LigeroCommitment> cs) {
        t.absorbBytes("esc.label", LABEL.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        t.absorbFields("esc.shape", new long[] {l.n, l.degree, tau == null ? 0 : 1});
        if (tau != null) for (GoldilocksExt2 x : tau) t.absorbExt("esc.tau", x);
        t.absorbExt("esc.claim", h);
        for (LigeroCommitment c : cs) c.absorbInto(t); // the pads are bound before the first message
    }

    private static void absorbFinals(Transcript t, GoldilocksExt2 ea, GoldilocksExt2 eb) {
        t.absorbExts("esc.finals", new long[] {ea.c0, eb.c0}, new long[] {ea.c1, eb.c1});
    }

    // ------------------------------------------------------------------ simulator

    /** A simulated proof with the challenges it is accepted under. */
    public record Simulated(Proof proof, Challenges challenges) {}

    /**
     * The zero-knowledge simulator: a proof that sum [eq(tau, x)] a(x) b(x) = H for any H, without a and b: the
     * sumcheck challenges are programmed, every masked value is uniform, and the constraint proof is simulated
     * ({@link LigeroConstraints#simulate}).
     */
    public static Simulated simulate(LigeroConstraints zkc, int n, GoldilocksExt2[] tau, GoldilocksExt2 h, java.util.random.RandomGenerator rnd) {
        Layout l = new Layout(n, tau != null);
        Blinding coins = Blinding.from(rnd);
        GoldilocksExt2[] point = new GoldilocksExt2[n];
        GoldilocksExt2[][] rounds = new GoldilocksExt2[n][l.degree + 1];
        for (int i = 0; i < n; i++) {
            point[i] = GoldilocksExt2.of(coins.nextField(), coins.nextField());
            for (int k = 0; k <= l.degree; k++) rounds[i][k] = GoldilocksExt2.of(coins.nextField(), coins.nextField());
        }
        GoldilocksExt2 ea = GoldilocksExt2.of(coins.nextField(), coins.nextField()), eb = GoldilocksExt2.of(coins.nextField(), coins.nextField());
        List<LinearConstraint> constraints = constraints(l, tau, h, rounds, point, ea, eb);
        LigeroConstraints.Simulated s = zkc.simulate(new int[] {n + 1, l.logSize}, constraints, List.of(l.product), rnd);
        return new Simulated(new Proof(s.commitments(), rounds, ea, eb, s.proof()), new Challenges(point, s.challenges()));
    }

    /** Exposed for tests: the variable that holds pad v (ExtVar in the pad table). */
    static ExtVar pad(int v) {
        return Sym.variable(PADS, v);
    }
}
