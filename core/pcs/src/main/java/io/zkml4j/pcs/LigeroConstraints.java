package io.zkml4j.pcs;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Zero-knowledge linear and quadratic constraint tests over hiding Ligero tableaux (docs/zero-knowledge.md, step 1):
 * the prover shows that committed tables W_0, W_1, ... satisfy linear constraints (sparse entry terms and multilinear
 * evaluation terms, extension coefficients) and products x y = z of extension values, revealing nothing else.
 *
 * <p>Protocol (after the caller's messages, on the same transcript): absorb the statement (commitments, products,
 * constraints); if there are products, draw e and send X' = e x + alpha, Y' = e y + beta per product; each product
 * becomes three linear constraints ({@link Product}); draw gamma and run the hiding commitment's linear test
 * ({@link HidingLigeroPcs}'s proveTerms / checkTerms: one q per tableau, the proximity row, t distinct columns) on all
 * constraints batched with gamma^(j+1). The tableaux are committed by {@link #commit}, whose evaluation masks carry
 * coefficient shares of zero (a constraint across tableaux then reveals no per-tableau part). A commitment is opened
 * once. Soundness and its derivation: {@link LigeroConstraintParams}.
 *
 * <p>Fresh blinding per proof: each tableau's evaluation mask D and proximity mask m (Longfellow's IDOT and ILDT rows)
 * and each product's alpha, beta, rho1, rho2 (in place of Longfellow's IQD row: our rows are in coefficient form, where
 * an entry-wise product of messages is not a product of row polynomials) are drawn with the witness and spent by this
 * one proof.
 */
public final class LigeroConstraints {
    private static final String LABEL = "zkml4j.zk-constraints/v1";
    private final HidingLigeroPcs pcs;

    public LigeroConstraints(HidingLigeroPcs pcs) {
        this.pcs = pcs;
    }

    public HidingLigeroPcs pcs() {
        return pcs;
    }

    /**
     * Commits the tables (each 2^n entries), hiding, with fresh randomness; the evaluation masks' coefficients C - 1
     * are uniform shares of zero across the tableaux.
     */
    public List<HidingLigeroProverData> commit(List<long[]> tables, Blinding blinding) {
        List<HidingLigeroProverData> out = new ArrayList<>();
        GoldilocksExt2 rest = GoldilocksExt2.ZERO;
        for (int i = 0; i < tables.size(); i++) {
            GoldilocksExt2 share = i == tables.size() - 1 ? rest : GoldilocksExt2.of(blinding.nextField(), blinding.nextField());
            rest = rest.sub(share);
            long[] w = tables.get(i);
            int c = 1 << pcs.params().logCols(Integer.numberOfTrailingZeros(Math.max(2, w.length)));
            out.add(pcs.commit(w, blinding, masks -> {
                masks[HidingLigeroPcs.DLO0][c - 1] = share.c0;
                masks[HidingLigeroPcs.DLO1][c - 1] = share.c1;
            }));
        }
        return out;
    }

    /**
     * Commits one table (2^n entries), hiding, its evaluation mask's coefficient C - 1 set to {@code share}: for
     * tableaux committed at different times (the pads before a protocol's first message, its product variables after
     * the last), whose shares the caller makes sum to zero ({@link #share}).
     */
    public HidingLigeroProverData commit(long[] table, Blinding blinding, GoldilocksExt2 share) {
        return commit(table, blinding, new GoldilocksExt2[] {share});
    }

    /**
     * Commits one table to be opened B = shares.length times (a key's constants, opened by each of B proofs): mask set
     * b's evaluation mask has coefficient C - 1 = shares[b], which the tableaux of the proof opening set b balance.
     */
    public HidingLigeroProverData commit(long[] table, Blinding blinding, GoldilocksExt2[] shares) {
        int c = 1 << pcs.params().forOpenings(shares.length).logCols(Integer.numberOfTrailingZeros(Math.max(2, table.length)));
        return pcs.commit(table, blinding, shares.length, masks -> {
            for (int b = 0; b < shares.length; b++) {
                masks[HidingLigeroProverData.maskRow(b, HidingLigeroPcs.DLO0)][c - 1] = shares[b].c0;
                masks[HidingLigeroProverData.maskRow(b, HidingLigeroPcs.DLO1)][c - 1] = shares[b].c1;
            }
        });
    }

    /**
     * A committed tableau's share for its next opening: that mask set's evaluation mask coefficient C - 1 (zero for a
     * plain hiding commitment). SpentCommitmentException when no opening is left.
     */
    public static GoldilocksExt2 share(PcsProverData data) {
        HidingLigeroProverData d = HidingLigeroPcs.proverData(List.of(data)).get(0);
        int c = 1 << d.logCols, b = d.next();
        return GoldilocksExt2.of(d.mask(HidingLigeroProverData.maskRow(b, HidingLigeroPcs.DLO0))[c - 1],
                d.mask(HidingLigeroProverData.maskRow(b, HidingLigeroPcs.DLO1))[c - 1]);
    }

    // ------------------------------------------------------------------ prover

    public ConstraintProof prove(List<? extends PcsProverData> tableaux, List<LinearConstraint> linear, List<Product> products, Transcript t) {
        return prove(tableaux, linear, products, t, null);
    }

    /** Test seam: a cheating prover alters q or u (absorbed faithfully). */
    ConstraintProof prove(List<? extends PcsProverData> tableaux, List<LinearConstraint> linear, List<Product> products, Transcript t, HidingLigeroPcs.ProverTamper tamper) {
        List<HidingLigeroProverData> data = HidingLigeroPcs.proverData(tableaux);
        List<LigeroCommitment> cs = new ArrayList<>();
        List<long[]> tables = new ArrayList<>();
        for (HidingLigeroProverData d : data) {
            cs.add(d.commitment);
            tables.add(d.evals);
        }
        checkStatement(cs, linear, products, IllegalArgumentException::new);
        int[] sets = HidingLigeroPcs.takeOpenings(data);
        absorbStatement(t, cs, sets, linear, products);
        int mq = products.size();
        GoldilocksExt2[] xs = new GoldilocksExt2[mq], ys = new GoldilocksExt2[mq];
        GoldilocksExt2 e = null;
        if (mq > 0) {
            e = t.challengeExt("zkc.product");
            for (int j = 0; j < mq; j++) {
                Product p = products.get(j);
                xs[j] = e.mul(p.x().read(tables)).add(p.alpha().read(tables));
                ys[j] = e.mul(p.y().read(tables)).add(p.beta().read(tables));
            }
            absorbProducts(t, xs, ys);
        }
        List<LinearConstraint> all = allConstraints(linear, products, e, xs, ys);
        GoldilocksExt2[] gpow = HidingLigeroPcs.gammaPowers(t.challengeExt("zkc.gamma"), all.size());
        return new ConstraintProof(xs, ys, new HidingLigeroProof(pcs.proveTerms(data, sets, terms(all, gpow), t, tamper, gpow)));
    }

    // ------------------------------------------------------------------ verifier

    /** The verifier's challenges (replayed from the transcript, or programmed by a simulator). */
    public static final class Challenges {
        final GoldilocksExt2 e;
        final HidingLigeroPcs.Challenges linear;

        Challenges(GoldilocksExt2 e, HidingLigeroPcs.Challenges linear) {
            this.e = e;
            this.linear = linear;
        }
    }

    public void verify(List<? extends PcsCommitment> tableaux, List<LinearConstraint> linear, List<Product> products, ConstraintProof proof, Transcript t) {
        List<LigeroCommitment> cs = LigeroPcs.ligeroCommitments(tableaux, VerificationException::new);
        check(cs, linear, products, proof, replay(cs, linear, products, proof, t));
    }

    /** Absorbs the statement and the proof's messages in protocol order and draws every challenge. */
    public Challenges replay(List<LigeroCommitment> cs, List<LinearConstraint> linear, List<Product> products, ConstraintProof proof, Transcript t) {
        checkStatement(cs, linear, products, VerificationException::new);
        if (proof.xs.length != products.size() || proof.ys.length != products.size()) throw new VerificationException("zk constraints: product values for " + proof.xs.length + " products, expected " + products.size());
        pcs.checkShapes(cs, proof.opening);
        absorbStatement(t, cs, proof.opening.openingIndices(), linear, products);
        GoldilocksExt2 e = null;
        if (!products.isEmpty()) {
            e = t.challengeExt("zkc.product");
            absorbProducts(t, proof.xs, proof.ys);
        }
        GoldilocksExt2 gamma = t.challengeExt("zkc.gamma");
        return new Challenges(e, pcs.replayTerms(cs, gamma, proof.opening, t));
    }

    /** Every check, given the challenges. */
    public void check(List<LigeroCommitment> cs, List<LinearConstraint> linear, List<Product> products, ConstraintProof proof, Challenges ch) {
        checkStatement(cs, linear, products, VerificationException::new);
        pcs.checkShapes(cs, proof.opening);
        List<LinearConstraint> all = allConstraints(linear, products, ch.e, proof.xs, proof.ys);
        GoldilocksExt2[] gpow = HidingLigeroPcs.gammaPowers(ch.linear.gamma, all.size());
        pcs.checkTerms(cs, terms(all, gpow), target(all, gpow), proof.opening, ch.linear);
    }

    // ------------------------------------------------------------------ simulator

    /** A simulated proof: the commitments, the proof and the programmed challenges it is accepted under. */
    public record Simulated(List<LigeroCommitment> commitments, ConstraintProof proof, Challenges challenges) {}

    /**
     * The zero-knowledge simulator: a proof of any constraints over tables of 2^numVars[i] entries, true or not, made
     * without a witness, accepted under the challenges it programs (X', Y' uniform, the opening by the hiding
     * commitment's simulator).
     */
    public Simulated simulate(int[] numVars, List<LinearConstraint> linear, List<Product> products, java.util.random.RandomGenerator rnd) {
        int[] once = new int[numVars.length];
        Arrays.fill(once, 1);
        return simulate(numVars, once, new int[numVars.length], linear, products, rnd);
    }

    /** As above, over tableaux committed for openings[i] openings and opened with mask set sets[i] (a key for B proofs). */
    public Simulated simulate(int[] numVars, int[] openings, int[] sets, List<LinearConstraint> linear, List<Product> products, java.util.random.RandomGenerator rnd) {
        Blinding coins = Blinding.from(rnd);
        int mq = products.size();
        GoldilocksExt2 e = mq > 0 ? GoldilocksExt2.of(coins.nextField(), coins.nextField()) : null;
        GoldilocksExt2[] xs = new GoldilocksExt2[mq], ys = new GoldilocksExt2[mq];
        for (int j = 0; j < mq; j++) {
            xs[j] = GoldilocksExt2.of(coins.nextField(), coins.nextField());
            ys[j] = GoldilocksExt2.of(coins.nextField(), coins.nextField());
        }
        List<LinearConstraint> all = allConstraints(linear, products, e, xs, ys);
        GoldilocksExt2 gamma = GoldilocksExt2.of(coins.nextField(), coins.nextField());
        GoldilocksExt2[] gpow = HidingLigeroPcs.gammaPowers(gamma, all.size());
        HidingLigeroPcs.SimulatedOpening o = pcs.simulateTerms(numVars, openings, sets, terms(all, gpow), target(all, gpow), gamma, rnd);
        return new Simulated(o.commitments(), new ConstraintProof(xs, ys, o.proof()), new Challenges(e, o.challenges()));
    }

    // ------------------------------------------------------------------ shared

    private void checkStatement(List<LigeroCommitment> cs, List<LinearConstraint> linear, List<Product> products, Function<String, RuntimeException> err) {
        if (cs.isEmpty()) throw err.apply("zk constraints: no tableau");
        int[] numVars = new int[cs.size()], openings = new int[cs.size()];
        for (int i = 0; i < numVars.length; i++) {
            numVars[i] = cs.get(i).numVars();
            openings[i] = cs.get(i).openings();
            if (openings[i] < 1) throw err.apply("zk constraints: tableau " + i + " has a binding commitment (no openings recorded)");
        }
        LigeroConstraintParams.require(pcs.params(), numVars, openings, linear.size(), products.size(), err);
        for (LinearConstraint c : linear) c.checkShape(numVars, err);
        for (Product p : products) {
            for (ExtVar v : new ExtVar[] {p.x(), p.y(), p.z(), p.alpha(), p.beta(), p.rho1(), p.rho2()}) {
                if (v.vector() >= numVars.length || Math.max(v.index0(), v.index1()) >= (1L << numVars[v.vector()])) throw err.apply("zk constraints: product variable " + v + " outside the tableaux");
            }
        }
    }

    /** The statement, with the mask set each tableau opens (bound before the first challenge). */
    private void absorbStatement(Transcript t, List<LigeroCommitment> cs, int[] sets, List<LinearConstraint> linear, List<Product> products) {
        t.absorbBytes("zkc.scheme", (LABEL + " " + pcs.params().label()).getBytes(StandardCharsets.UTF_8));
        t.absorbField("zkc.tableaux", cs.size());
        for (LigeroCommitment c : cs) c.absorbInto(t);
        HidingLigeroPcs.absorbOpenings(t, cs, sets);
        t.absorbField("zkc.products", products.size());
        for (Product p : products) p.absorbInto(t);
        t.absorbField("zkc.constraints", linear.size());
        for (LinearConstraint c : linear) c.absorbInto(t);
    }

    private static void absorbProducts(Transcript t, GoldilocksExt2[] xs, GoldilocksExt2[] ys) {
        long[] c0 = new long[2 * xs.length], c1 = new long[2 * xs.length];
        for (int j = 0; j < xs.length; j++) {
            c0[2 * j] = xs[j].c0;
            c1[2 * j] = xs[j].c1;
            c0[2 * j + 1] = ys[j].c0;
            c1[2 * j + 1] = ys[j].c1;
        }
        t.absorbExts("zkc.product.values", c0, c1);
    }

    /** The caller's constraints, then per product e x + alpha = X', e y + beta = Y', e^2 z + e rho2 + rho1 = X' Y'. */
    private static List<LinearConstraint> allConstraints(List<LinearConstraint> linear, List<Product> products, GoldilocksExt2 e, GoldilocksExt2[] xs, GoldilocksExt2[] ys) {
        List<LinearConstraint> all = new ArrayList<>(linear);
        for (int j = 0; j < products.size(); j++) {
            Product p = products.get(j);
            all.add(LinearConstraint.builder().ext(p.x(), e).ext(p.alpha(), GoldilocksExt2.ONE).equalTo(xs[j]));
            all.add(LinearConstraint.builder().ext(p.y(), e).ext(p.beta(), GoldilocksExt2.ONE).equalTo(ys[j]));
            all.add(LinearConstraint.builder().ext(p.z(), e.square()).ext(p.rho2(), e).ext(p.rho1(), GoldilocksExt2.ONE).equalTo(xs[j].mul(ys[j])));
        }
        return all;
    }

    private static List<HidingLigeroPcs.Term> terms(List<LinearConstraint> all, GoldilocksExt2[] gpow) {
        List<HidingLigeroPcs.Term> terms = new ArrayList<>();
        for (int j = 0; j < all.size(); j++) {
            for (HidingLigeroPcs.Term term : all.get(j).terms) terms.add(new HidingLigeroPcs.Term(term.vector, gpow[j].mul(term.weight), term.point, term.index));
        }
        return terms;
    }

    private static GoldilocksExt2 target(List<LinearConstraint> all, GoldilocksExt2[] gpow) {
        GoldilocksExt2 v = GoldilocksExt2.ZERO;
        for (int j = 0; j < all.size(); j++) v = v.add(gpow[j].mul(all.get(j).rhs));
        return v;
    }
}
