package io.zkml4j.lookup;

import static io.zkml4j.lookup.LookupProver.line;
import static io.zkml4j.lookup.LookupProver.lines;
import static io.zkml4j.lookup.LookupProver.prepend;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.sumcheck.SumOfProducts;
import io.zkml4j.sumcheck.SumcheckClaim;
import io.zkml4j.sumcheck.SumcheckVerifier;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;

/**
 * Verifier of {@link LogUpGkr}. It takes only public data: the table (a rule), the shape, the proof, the transcript
 * in the same state as the prover's, and the same {@code bindings} (commitments fixing the looked-up vectors and the
 * multiplicities), which it absorbs before drawing alpha. It checks the proof's shape exactly (layer count = tree
 * depth, d rounds of degree 3 in layer d, value counts), every sumcheck, every layer's final equation with eq computed
 * here, the roots' cross product with non-zero denominators, and evaluates the table columns itself. It returns the
 * {@link LookupClaims} the caller must still prove; it throws {@link VerificationException} naming the failed check.
 */
public final class LookupVerifier {
    private LookupVerifier() {}

    public static LookupClaims verify(Table table, LookupShape shape, LookupProof proof, Transcript t, PcsCommitment... bindings) {
        return verify(table, shape, proof, t, bindings, false);
    }

    /** challengesFirst: test seam reproducing the wrong order (alpha before the bindings). */
    static LookupClaims verify(Table table, LookupShape shape, LookupProof proof, Transcript t, PcsCommitment[] bindings, boolean challengesFirst) {
        LogUpGkr.checkTable(table);
        checkShape(table, shape, proof);
        GoldilocksExt2[] ch = LogUpGkr.begin(t, table, shape, bindings, challengesFirst);
        GoldilocksExt2[][] roots = new GoldilocksExt2[2][];
        for (int side = 0; side < 2; side++) {
            GoldilocksExt2[] ev = proof.side(side)[0].evalsUnsafe();
            LogUpGkr.absorbEvals(t, ev);
            GoldilocksExt2[] f = children(side, ev, LogUpGkr.depth(side, table, shape) == 1, ch, table, shape, new GoldilocksExt2[0]);
            roots[side] = new GoldilocksExt2[] {f[0].mul(f[3]).add(f[1].mul(f[2])), f[2].mul(f[3])};
        }
        if (roots[0][1].isZero() || roots[1][1].isZero()) throw new VerificationException(ZERO_ROOT);
        if (!roots[0][0].mul(roots[1][1]).equals(roots[1][0].mul(roots[0][1]))) throw new VerificationException(ROOTS);
        GoldilocksExt2[][] leafClaims = new GoldilocksExt2[2][];
        GoldilocksExt2[][] leafPoints = new GoldilocksExt2[2][];
        for (int side = 0; side < 2; side++) {
            GkrLayerProof[] layers = proof.side(side);
            int depth = layers.length;
            String name = sideName(side);
            GoldilocksExt2[] point = {t.challengeExt(LogUpGkr.MU)};
            GoldilocksExt2[] ev = layers[0].evalsUnsafe();
            GoldilocksExt2 vp = null, vq = null;
            if (depth > 1) {
                vp = line(ev[0], ev[1], point[0]);
                vq = line(ev[2], ev[3], point[0]);
            }
            for (int d = 1; d < depth; d++) {
                GoldilocksExt2 lambda = t.challengeExt(LogUpGkr.LAMBDA);
                SumcheckClaim sc;
                try {
                    sc = SumcheckVerifier.verify(d, LogUpGkr.LAYER_DEGREE, vp.add(lambda.mul(vq)), layers[d].sumcheck(), t);
                } catch (VerificationException e) {
                    throw new VerificationException(name + " layer " + d + ": " + e.getMessage());
                }
                ev = layers[d].evalsUnsafe();
                LogUpGkr.absorbEvals(t, ev);
                GoldilocksExt2[] rPrime = sc.point();
                GoldilocksExt2[] f = children(side, ev, d == depth - 1, ch, table, shape, rPrime);
                try {
                    SumcheckVerifier.checkFinalEq(sc, point, layerExpression(lambda), f);
                } catch (VerificationException e) {
                    throw new VerificationException(name + " layer " + d + LAYER);
                }
                GoldilocksExt2 mu = t.challengeExt(LogUpGkr.MU);
                point = prepend(mu, rPrime);
                vp = line(f[0], f[1], mu);
                vq = line(f[2], f[3], mu);
            }
            leafPoints[side] = point;
            leafClaims[side] = lines(ev, point[0]);
        }
        return LookupProver.claims(shape, table.numColumns(), leafPoints, leafClaims);
    }

    /** (p0, p1, q0, q1) of the children at (0, rPrime), (1, rPrime): sent directly for inner layers, derived from leaf data for the last. */
    private static GoldilocksExt2[] children(int side, GoldilocksExt2[] ev, boolean leaves, GoldilocksExt2[] ch, Table table, LookupShape shape,
            GoldilocksExt2[] rPrime) {
        if (!leaves) return ev;
        GoldilocksExt2[] f0, f1;
        if (side == 0) {
            int h = ev.length / 2;
            f0 = LogUpGkr.lookupLeaf(ch, shape, java.util.Arrays.copyOfRange(ev, 0, h), rPrime);
            f1 = LogUpGkr.lookupLeaf(ch, shape, java.util.Arrays.copyOfRange(ev, h, 2 * h), rPrime);
        } else {
            f0 = LogUpGkr.tableLeaf(ch, table, ev[0], 0, rPrime);
            f1 = LogUpGkr.tableLeaf(ch, table, ev[1], 1, rPrime);
        }
        return new GoldilocksExt2[] {f0[0], f1[0], f0[1], f1[1]};
    }

    /** p0 q1 + p1 q0 + lambda q0 q1 over (p0, p1, q0, q1). */
    static SumOfProducts layerExpression(GoldilocksExt2 lambda) {
        return SumOfProducts.builder(4).term(GoldilocksExt2.ONE, 0, 3).term(GoldilocksExt2.ONE, 1, 2).term(lambda, 2, 3).build();
    }

    static final String ZERO_ROOT = "logup: a root denominator is zero";
    static final String ROOTS = "logup: the looked-up fractions do not sum to the table's fractions weighted by the multiplicities";
    static final String LAYER = ": children do not match the layer's sumcheck claim";

    static String sideName(int side) {
        return side == 0 ? "logup lookup side" : "logup table side";
    }

    /** The proof's shape, checked exactly before any message is read (both verifiers, concrete and symbolic). */
    static void checkShape(Table table, LookupShape shape, LookupProof proof) {
        for (int side = 0; side < 2; side++) {
            GkrLayerProof[] layers = proof.side(side);
            int depth = LogUpGkr.depth(side, table, shape);
            String name = sideName(side);
            if (layers.length != depth) throw new VerificationException(name + ": " + layers.length + " GKR layers, expected " + depth);
            for (int d = 0; d < depth; d++) {
                if (layers[d] == null || layers[d].sumcheck() == null) throw new VerificationException(name + " layer " + d + " missing");
                int rounds = layers[d].sumcheck().numRounds();
                if (rounds != d) throw new VerificationException(name + " layer " + d + ": " + rounds + " sumcheck rounds, expected " + d);
                int ne = LogUpGkr.numEvals(side, d, table, shape);
                GoldilocksExt2[] ev = layers[d].evalsUnsafe();
                if (ev.length != ne) throw new VerificationException(name + " layer " + d + ": " + ev.length + " values, expected " + ne);
                for (GoldilocksExt2 v : ev) if (v == null) throw new VerificationException(name + " layer " + d + ": missing value");
            }
        }
    }
}
