package io.zkml4j.lookup;

import static io.zkml4j.field.Goldilocks.sub;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumcheckProof;
import io.zkml4j.transcript.Transcript;
import java.util.Arrays;

/**
 * Prover of {@link LogUpGkr}. Usage, in this order:
 * <pre>
 *   LookupWitness w = LookupWitness.of(table, values);          // computes the multiplicities
 *   D md = pcs.commit(w.multiplicities());                     // commit the advice (and the looked-up vectors, if not bound already)
 *   LookupProverOutput out = LookupProver.prove(w, t, md.commitment(), ...);  // absorbs those commitments, THEN draws alpha
 *   // send out.proof(); prove out.claims() with PCS openings / the producing layer
 * </pre>
 * The commitments passed as {@code bindings} are absorbed before alpha; pass none only if the caller has already
 * absorbed everything that fixes the looked-up vectors and the multiplicities.
 */
public final class LookupProver {
    private LookupProver() {}

    public static LookupProverOutput prove(LookupWitness w, Transcript t, PcsCommitment... bindings) {
        return prove(w, t, bindings, Cheat.NONE, null);
    }

    /**
     * The encrypted prover (docs/zero-knowledge.md): every message (each layer's values, each round of each layer's
     * sumcheck) is masked by {@code enc} before it is absorbed, in the order {@link SymLookupVerifier} receives them
     * (both sides' layer 0, then side 0's layers, then side 1's, rounds before values); the proof holds the masked
     * messages, the claims the true values. A layer's values go through {@code enc} as one message.
     */
    public static LookupProverOutput prove(LookupWitness w, Transcript t, io.zkml4j.sumcheck.SumcheckTranscript.Encryption enc, PcsCommitment... bindings) {
        return prove(w, t, bindings, Cheat.NONE, enc);
    }

    static LookupProverOutput prove(LookupWitness w, Transcript t, PcsCommitment[] bindings, Cheat cheat) {
        return prove(w, t, bindings, cheat, null);
    }

    /** Test seams for cheating provers (package-private): each keeps the rest of the transcript faithful. */
    static class Cheat {
        static final Cheat NONE = new Cheat();

        /** Draw alpha/beta before absorbing the bindings. */
        boolean challengesFirst() {
            return false;
        }

        /** Called once both trees are built (side 0: looked-up values, 1: table), with alpha/beta; may overwrite nodes. */
        void tamper(FractionTree[] trees, GoldilocksExt2[] challenges) {}

        /** Whether to absorb the values of layer d of a side (false: the prover omits that message from its transcript). */
        boolean absorbLayer(int side, int d) {
            return true;
        }
    }

    private static LookupProverOutput prove(LookupWitness w, Transcript t, PcsCommitment[] bindings, Cheat cheat, io.zkml4j.sumcheck.SumcheckTranscript.Encryption enc) {
        Table table = w.table();
        LookupShape shape = w.shape();
        GoldilocksExt2[] ch = LogUpGkr.begin(t, table, shape, bindings, cheat.challengesFirst());
        FractionTree[] trees = {lookupTree(w, ch), tableTree(w, ch)};
        cheat.tamper(trees, ch);

        GkrLayerProof[][] layers = new GkrLayerProof[2][];
        GoldilocksExt2[][] evals0 = new GoldilocksExt2[2][];
        for (int side = 0; side < 2; side++) {
            FractionTree tree = trees[side];
            layers[side] = new GkrLayerProof[tree.depth];
            evals0[side] = tree.depth == 1 ? leafData(w, side, new GoldilocksExt2[0])
                    : new GoldilocksExt2[] {tree.p(1, 0), tree.p(1, 1), tree.q(1, 0), tree.q(1, 1)};
            GoldilocksExt2[] sent0 = enc == null ? evals0[side] : enc.round(evals0[side].clone());
            layers[side][0] = new GkrLayerProof(new SumcheckProof(new GoldilocksExt2[0][]), sent0);
            if (cheat.absorbLayer(side, 0)) LogUpGkr.absorbEvals(t, sent0);
        }
        GoldilocksExt2[][] leafClaims = new GoldilocksExt2[2][];
        GoldilocksExt2[][] leafPoints = new GoldilocksExt2[2][];
        for (int side = 0; side < 2; side++) {
            FractionTree tree = trees[side];
            GoldilocksExt2[] point = {t.challengeExt(LogUpGkr.MU)};
            GoldilocksExt2[] ev = evals0[side];
            GoldilocksExt2 vp = null, vq = null;
            if (tree.depth > 1) {
                vp = line(ev[0], ev[1], point[0]);
                vq = line(ev[2], ev[3], point[0]);
            }
            for (int d = 1; d < tree.depth; d++) {
                GoldilocksExt2 lambda = t.challengeExt(LogUpGkr.LAMBDA);
                GkrLayerProver.Result res = GkrLayerProver.prove(tree, d, point, lambda, vp.add(lambda.mul(vq)), t, enc);
                ev = d < tree.depth - 1 ? res.values : leafData(w, side, res.point);
                GoldilocksExt2[] sent = enc == null ? ev : enc.round(ev.clone());
                layers[side][d] = new GkrLayerProof(new SumcheckProof(res.rounds), sent);
                if (cheat.absorbLayer(side, d)) LogUpGkr.absorbEvals(t, sent);
                GoldilocksExt2 mu = t.challengeExt(LogUpGkr.MU);
                point = prepend(mu, res.point);
                vp = line(res.values[0], res.values[1], mu);
                vq = line(res.values[2], res.values[3], mu);
            }
            leafPoints[side] = point;
            leafClaims[side] = lines(ev, point[0]);
        }
        LookupClaims claims = claims(shape, table.numColumns(), leafPoints, leafClaims);
        return new LookupProverOutput(new LookupProof(layers[0], layers[1]), claims);
    }

    /** Assembles the output claims from the leaf points (mu, r') and the leaf data interpolated at mu. */
    static LookupClaims claims(LookupShape shape, int cols, GoldilocksExt2[][] leafPoints, GoldilocksExt2[][] leafClaims) {
        GoldilocksExt2[] valuesPoint = Arrays.copyOf(leafPoints[0], shape.numVars());
        GoldilocksExt2[][] values = new GoldilocksExt2[shape.numSegments()][cols];
        for (int j = 0; j < values.length; j++) for (int c = 0; c < cols; c++) values[j][c] = leafClaims[0][j * cols + c];
        return new LookupClaims(valuesPoint, values, leafPoints[1], leafClaims[1][0]);
    }

    /**
     * Leaves of the looked-up side: row i of segment j at index i + 2^n j, fraction 1 / (alpha - comb(a_j(i))); padding
     * segments (up to a power of two) are 0 / alpha.
     */
    private static FractionTree lookupTree(LookupWitness w, GoldilocksExt2[] ch) {
        LookupShape shape = w.shape();
        int rows = 1 << shape.numVars(), size = 1 << shape.totalVars();
        long[] q0 = new long[size], q1 = new long[size];
        long[][][] seg = w.segments();
        for (int j = 0; j < seg.length; j++) denominators(seg[j], ch, q0, q1, j * rows);
        if (seg.length == 1 << shape.segmentVars()) return FractionTree.unitNumerators(q0, q1, ch.length == 1);
        long[] p = new long[size];
        Arrays.fill(p, 0, seg.length * rows, 1L);
        Arrays.fill(q0, seg.length * rows, size, ch[0].c0); // zero tuple: alpha
        Arrays.fill(q1, seg.length * rows, size, ch[0].c1);
        return FractionTree.baseNumerators(p, q0, q1);
    }

    /** Leaves of the table side: numerator m_j, denominator alpha - comb(t_j) from the table's rule. */
    private static FractionTree tableTree(LookupWitness w, GoldilocksExt2[] ch) {
        Table table = w.table();
        int size = 1 << table.numVars(), cols = table.numColumns();
        long[][] columns = new long[cols][size];
        for (int c = 0; c < cols; c++) for (int j = 0; j < size; j++) columns[c][j] = table.entry(c, j);
        long[] q0 = new long[size], q1 = new long[size];
        denominators(columns, ch, q0, q1, 0);
        return FractionTree.baseNumerators(w.multiplicities().clone(), q0, q1);
    }

    /** q[off + i] = alpha - (col_0[i] + sum_{c>=1} beta_c col_c[i]). */
    private static void denominators(long[][] cols, GoldilocksExt2[] ch, long[] q0, long[] q1, int off) {
        long a0 = ch[0].c0, a1 = ch[0].c1;
        int rows = cols[0].length;
        long[] first = cols[0];
        for (int i = 0; i < rows; i++) {
            q0[off + i] = sub(a0, first[i]);
            q1[off + i] = a1;
        }
        for (int c = 1; c < cols.length; c++) {
            long b0 = ch[c].c0, b1 = ch[c].c1;
            long[] col = cols[c];
            for (int i = 0; i < rows; i++) {
                q0[off + i] = sub(q0[off + i], Goldilocks.mul(b0, col[i]));
                q1[off + i] = sub(q1[off + i], Goldilocks.mul(b1, col[i]));
            }
        }
    }

    /**
     * The leaf data at (b, rPrime) for b = 0, 1, as the verifier expects it: side 0, every segment column at
     * (b, rPrime_low) (index b*S*C + j*C + c); side 1, the multiplicities at (b, rPrime).
     */
    private static GoldilocksExt2[] leafData(LookupWitness w, int side, GoldilocksExt2[] rPrime) {
        if (side == 1) {
            ExtVec eq = Eq.table(rPrime);
            long[] m = w.multiplicities();
            return new GoldilocksExt2[] {stridedDot(m, 0, eq), stridedDot(m, 1, eq)};
        }
        LookupShape shape = w.shape();
        int n = shape.numVars(), segs = shape.numSegments(), cols = w.table().numColumns();
        ExtVec eq = Eq.table(Arrays.copyOf(rPrime, n - 1));
        GoldilocksExt2[] out = new GoldilocksExt2[2 * segs * cols];
        long[][][] seg = w.segments();
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < segs; j++) for (int c = 0; c < cols; c++) out[b * segs * cols + j * cols + c] = stridedDot(seg[j][c], b, eq);
        }
        return out;
    }

    /** sum_i eq[i] f[2i + b]: the MLE of f at (b, point of eq). */
    private static GoldilocksExt2 stridedDot(long[] f, int b, ExtVec eq) {
        long[] e0 = eq.c0, e1 = eq.c1;
        long[] acc = Par.sum(e0.length, 6, (from, to, a) -> {
            for (int i = from; i < to; i++) {
                long v = f[2 * i + b];
                ExtKernels.accumulate(a, 0, e0[i], v);
                ExtKernels.accumulate(a, 3, e1[i], v);
            }
        });
        return GoldilocksExt2.of(Goldilocks.reduce192(acc[0], acc[1], acc[2]), Goldilocks.reduce192(acc[3], acc[4], acc[5]));
    }

    static GoldilocksExt2 line(GoldilocksExt2 at0, GoldilocksExt2 at1, GoldilocksExt2 mu) {
        return at0.add(mu.mul(at1.sub(at0)));
    }

    /** Interpolates leaf data given as [values at b=0 | values at b=1] at mu. */
    static GoldilocksExt2[] lines(GoldilocksExt2[] ev, GoldilocksExt2 mu) {
        int h = ev.length / 2;
        GoldilocksExt2[] out = new GoldilocksExt2[h];
        for (int i = 0; i < h; i++) out[i] = line(ev[i], ev[h + i], mu);
        return out;
    }

    static GoldilocksExt2[] prepend(GoldilocksExt2 first, GoldilocksExt2[] rest) {
        GoldilocksExt2[] p = new GoldilocksExt2[rest.length + 1];
        p[0] = first;
        System.arraycopy(rest, 0, p, 1, rest.length);
        return p;
    }
}
