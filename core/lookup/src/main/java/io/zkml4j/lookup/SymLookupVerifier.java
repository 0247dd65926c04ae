package io.zkml4j.lookup;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.sumcheck.Sym;
import io.zkml4j.sumcheck.SymClaim;
import io.zkml4j.sumcheck.SymSink;
import io.zkml4j.sumcheck.SymSumcheckVerifier;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;
import java.util.Arrays;

/**
 * {@link LookupVerifier} on symbolic values (docs/zero-knowledge.md): every layer value and sumcheck round value is
 * received through the sink in the order the prover sends them (both sides' layer 0, then side 0's layers 1.., then
 * side 1's, each layer's rounds before its values); every check (round sums, layer equations, the roots' cross
 * product) is a form sent to {@link SymSink#zero}, the roots' denominators to {@link SymSink#nonZero}. The
 * transcript absorbs what the concrete verifier absorbs, so under {@link io.zkml4j.sumcheck.ZeroPads} it decides
 * exactly as {@link LookupVerifier}.
 *
 * <p>Products of two symbolic values (the pad layout must declare them), per side: the roots f0 f3 + f1 f2 and f2 f3
 * from layer 0's four values (3 products), and the cross product P_l Q_t - P_t Q_l of the roots (products of those
 * products); per inner layer's final check p0 q1 + p1 q0 + lambda q0 q1 (3 products); at the leaf layer the
 * looked-up side's q0 q1 (each q is affine in the S C leaf values of its half, so (S C)^2 products), none on the
 * table side (its denominators are public). {@code SymLookupVerifierTest} counts them.
 */
public final class SymLookupVerifier {
    private SymLookupVerifier() {}

    public static SymLookupClaims verify(Table table, LookupShape shape, LookupProof proof, Transcript t, SymSink sink, PcsCommitment... bindings) {
        LogUpGkr.checkTable(table);
        LookupVerifier.checkShape(table, shape, proof);
        GoldilocksExt2[] ch = LogUpGkr.begin(t, table, shape, bindings, false);
        Sym[][] top = new Sym[2][], roots = new Sym[2][];
        for (int side = 0; side < 2; side++) {
            top[side] = receive(proof.side(side)[0], t, sink);
            Sym[] f = children(side, top[side], LogUpGkr.depth(side, table, shape) == 1, ch, table, shape, new GoldilocksExt2[0]);
            roots[side] = new Sym[] {sink.mul(f[0], f[3]).add(sink.mul(f[1], f[2])), sink.mul(f[2], f[3])};
        }
        sink.nonZero(roots[0][1], LookupVerifier.ZERO_ROOT);
        sink.nonZero(roots[1][1], LookupVerifier.ZERO_ROOT);
        sink.zero(sink.mul(roots[0][0], roots[1][1]).sub(sink.mul(roots[1][0], roots[0][1])), LookupVerifier.ROOTS);
        GoldilocksExt2[][] leafPoints = new GoldilocksExt2[2][];
        Sym[][] leafClaims = new Sym[2][];
        for (int side = 0; side < 2; side++) {
            GkrLayerProof[] layers = proof.side(side);
            int depth = layers.length;
            String name = LookupVerifier.sideName(side);
            GoldilocksExt2[] point = {t.challengeExt(LogUpGkr.MU)};
            Sym[] ev = top[side];
            Sym vp = null, vq = null;
            if (depth > 1) {
                vp = line(ev[0], ev[1], point[0]);
                vq = line(ev[2], ev[3], point[0]);
            }
            for (int d = 1; d < depth; d++) {
                GoldilocksExt2 lambda = t.challengeExt(LogUpGkr.LAMBDA);
                SymClaim sc;
                try {
                    sc = SymSumcheckVerifier.verify(d, LogUpGkr.LAYER_DEGREE, vp.add(vq.scale(lambda)), layers[d].sumcheck(), t, sink);
                } catch (VerificationException e) {
                    throw new VerificationException(name + " layer " + d + ": " + e.getMessage());
                }
                ev = receive(layers[d], t, sink);
                GoldilocksExt2[] rPrime = sc.point();
                Sym[] f = children(side, ev, d == depth - 1, ch, table, shape, rPrime);
                try {
                    SymSumcheckVerifier.checkFinalEq(sc, point, LookupVerifier.layerExpression(lambda), f, sink);
                } catch (VerificationException e) {
                    throw new VerificationException(name + " layer " + d + LookupVerifier.LAYER);
                }
                GoldilocksExt2 mu = t.challengeExt(LogUpGkr.MU);
                point = LookupProver.prepend(mu, rPrime);
                vp = line(f[0], f[1], mu);
                vq = line(f[2], f[3], mu);
            }
            leafPoints[side] = point;
            int h = ev.length / 2;
            leafClaims[side] = new Sym[h];
            for (int i = 0; i < h; i++) leafClaims[side][i] = line(ev[i], ev[h + i], point[0]);
        }
        int cols = table.numColumns();
        Sym[][] values = new Sym[shape.numSegments()][cols];
        for (int j = 0; j < values.length; j++) for (int c = 0; c < cols; c++) values[j][c] = leafClaims[0][j * cols + c];
        return new SymLookupClaims(Arrays.copyOf(leafPoints[0], shape.numVars()), values, leafPoints[1], leafClaims[1][0]);
    }

    /** A layer's values, each received (its pad), then absorbed as sent. */
    private static Sym[] receive(GkrLayerProof layer, Transcript t, SymSink sink) {
        GoldilocksExt2[] e = layer.evalsUnsafe();
        Sym[] v = new Sym[e.length];
        for (int i = 0; i < e.length; i++) v[i] = sink.receive(e[i]);
        LogUpGkr.absorbEvals(t, e);
        return v;
    }

    /** (p0, p1, q0, q1) of the children, as {@link LookupVerifier}'s: received for inner layers, affine in the leaf data for the last. */
    private static Sym[] children(int side, Sym[] ev, boolean leaves, GoldilocksExt2[] ch, Table table, LookupShape shape, GoldilocksExt2[] rPrime) {
        if (!leaves) return ev;
        if (side == 1) {
            Sym q0 = Sym.known(LogUpGkr.tableLeafDenominator(ch, table, 0, rPrime)), q1 = Sym.known(LogUpGkr.tableLeafDenominator(ch, table, 1, rPrime));
            return new Sym[] {ev[0], ev[1], q0, q1};
        }
        GoldilocksExt2[] w = LogUpGkr.lookupLeafWeights(ch, shape, rPrime);
        int h = ev.length / 2;
        Sym[] q = new Sym[2];
        for (int b = 0; b < 2; b++) {
            Sym comb = Sym.known(GoldilocksExt2.ZERO);
            for (int i = 0; i < h; i++) comb = comb.add(ev[b * h + i].scale(w[i + 1]));
            q[b] = Sym.known(ch[0]).sub(comb);
        }
        return new Sym[] {Sym.known(w[0]), Sym.known(w[0]), q[0], q[1]};
    }

    private static Sym line(Sym at0, Sym at1, GoldilocksExt2 mu) {
        return at0.add(at1.sub(at0).scale(mu));
    }
}
