package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.lookup.FunctionTable;
import io.zkml4j.lookup.LookupClaims;
import io.zkml4j.lookup.LookupShape;
import io.zkml4j.lookup.LookupVerifier;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.pcs.LigeroProof;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;
import io.zkml4j.sumcheck.SumcheckClaim;
import io.zkml4j.sumcheck.SumcheckVerifier;
import io.zkml4j.transcript.Transcript;
import io.zkml4j.transcript.VerificationException;

import java.util.ArrayList;
import java.util.List;

/**
 * Verifier of a proof of inference: for the model committed in a {@link VerifyingKey}, the public input x (quantized
 * integers) and the public output y, it accepts iff the proof shows that y is exactly what the quantized model
 * computes on x under the integer semantics of docs/quantization.md, layer by layer:
 * LINEAR {@code q = floor((W x + b + 2^(k-1)) / 2^k)} (exact accumulator, round half up), RELU {@code z = max(q, 0)}
 * and LOOKUP {@code z = T(clamp(requant(q)))} for an element-wise table function T given by a rule (sigmoid, tanh,
 * erf, ...; docs/quantization.md section 3; the rule is part of the key and the verifier rebuilds T from it).
 * Public input and output; NOT zero knowledge in this slice (openings and sumcheck messages reveal linear information
 * on weights and hidden activations).
 *
 * <h2>Protocol (output to input)</h2>
 * The transcript absorbs the protocol label, the key's digest (graph, shapes, scales, shifts, PCS parameters, weight
 * commitments), x and y, then the advice commitment (hidden activations, remainders, range-check limbs, one table) and
 * the LogUp multiplicities commitment, all before the first challenge. A random point r gives the claim y~(r),
 * evaluated by the verifier. Each layer turns a claim on its output into a claim on its input:
 * <ul>
 *   <li>LINEAR: acc~(r) = 2^k q~(r) + rem~(r) - 2^(k-1) (rem a committed slot); acc~(r) - b~(r) =
 *       sum_j x(j) W~(r, j) by a degree-2 sumcheck over the input index, leaving claims W~(r, s) and b~(r) on the
 *       key's commitments and x~(s) on the previous vector;</li>
 *   <li>RELU: the zero-check sum_i eq(t, i) z(i) (z(i) - q(i)) = 0 (degree-3 sumcheck at a fresh t), leaving z~(u)
 *       and (z - q)~(u); z~(u) is a claim on z, z~(u) - (z - q)~(u) the claim on q.</li>
 *   <li>LOOKUP: the claim z~(r) is a claim on z's slot (or checked against y); the prover sends q~(r) (absorbed), the
 *       claim handed to the previous layer (or checked against x). The layer's semantics are proven apart, below.</li>
 * </ul>
 * The last claim, on x, is checked against the public input's MLE computed here. Range checks (see
 * {@link AdviceLayout}): every remainder in [0, 2^k), every Relu output z and z - q in [0, 2^B), every LINEAR output
 * not read by a Relu in (-2^(B-1), 2^(B-1)) (B = the key's range budget, 24 for the default 20-bit activations), by 8- or 16-bit limbs in one LogUp-GKR lookup against the range table; the slots'
 * values at the lookup point are absorbed and tie the limbs to the quantities.
 *
 * <p>LOOKUP layers (see {@link AdviceLayout}): with u = requant(q) defined by the relation
 * 2^k (c + e) + rem - h = 2^up q (checked at the range-check point from the absorbed slot values), rem in [0, 2^k),
 * and, for a saturating rule, the selector range checks that force c = clamp(u, lo, hi) (e = u - c, without them
 * e = 0 and c = u), the pairs (c(i), z(i) + pad(i) T(0)) are looked up in the rule's two-column FunctionTable (one
 * LogUp-GKR per distinct rule, one segment per layer; the padding rows i &gt;= n hold c = z = 0 and look up (0, T(0)),
 * pad being the public indicator of those rows). Its claims on the columns at its point rho_j become claims on the
 * slots of c and z (or are checked against x and y when public); the multiplicities of all lookups are one committed
 * table (one slot per lookup). All claims on committed tables (weights, biases, advice, multiplicities) are proven by
 * ONE Ligero opening.
 *
 * <h2>Why this is the integer semantics</h2>
 * Activations are below 2^B (range checks; the input and output are checked here), weights were bounded at setup so
 * |acc| &lt; 2^62, hence acc + 2^(k-1) - rem = 2^k q holds over the integers (both sides are far below p/2), and with
 * rem in [0, 2^k) that is exactly q = floor((acc + 2^(k-1)) / 2^k). z, z - q &gt;= 0 with z (z - q) = 0 is exactly
 * z = max(q, 0). For LOOKUP, c in [lo, hi] (the table's input column), |e| &lt;= 2^(D+1), rem &lt; 2^k and |q| &lt; 2^B
 * make both sides of the relation integers below 2^60, so it holds over the integers and u = c + e is exactly
 * floor((q + 2^(k-1)) / 2^k) (or 2^up q); the selectors make c = clamp(u) (or c = u in the domain when the rule does
 * not saturate), and the lookup makes z = T(c). Table outputs are below 2^(B-1) (checked when the key is built), so
 * z obeys the same bound as range-checked activations.
 *
 * <h2>Soundness error</h2>
 * With challenges from GoldilocksExt2 (|F| = q ~ 2^128): each sumcheck of n rounds and degree d errs with probability
 * at most d n / q; each Schwartz-Zippel step that identifies a vector with its MLE at a random point at most n / q;
 * the LogUp-GKR argument at most (sum over its layers of 3 d) / q + (rows) / q (see core/lookup); the Ligero opening
 * at most 2^-100 (LigeroParams: (1 - e/N)^t + N/q + m/q); each LOOKUP relation slotVars / q (Schwartz-Zippel at the
 * range-check point); each function-table lookup (rows + 2^16 + GKR terms) / q (see core/lookup). For every model of this slice the field terms sum to far
 * less than 2^-100 (a few thousand times 2^-128), so the total is about 2^-100, limited by the PCS preset, plus
 * SHA-256 collision resistance (Merkle trees, key digest) under Fiat-Shamir (per hash query of a cheating prover).
 * {@link #soundnessBits} computes the figure for a given key (digits_mlp: 100.0 bits with the default preset).
 */
public final class ModelVerifier {
    private ModelVerifier() {}

    /**
     * Returns normally iff the proof is valid for (vk, input, output); throws
     * {@link VerificationException} or {@link io.zkml4j.field.codec.ProofFormatException} naming what failed.
     */
    public static void verify(VerifyingKey vk, long[] input, long[] output, byte[] proofBytes) {
        List<LayerSpec> specs = vk.layers;
        int L = specs.size();
        checkPublic("input", input, vk.inputLength(), vk.rangeBits);
        checkPublic("output", output, vk.outputLength(), vk.rangeBits);
        AdviceLayout layout = AdviceLayout.of(vk);
        ModelProof proof = ModelProof.fromBytes(proofBytes, vk);

        Transcript t = ModelProtocol.statement(vk, input, output);
        if (proof.advice != null) proof.advice.absorbInto(t);
        if (proof.multiplicities != null) proof.multiplicities.absorbInto(t);
        int C = vk.commitments.size();
        int adviceIndex = C, multIndex = C + (proof.advice != null ? 1 : 0);
        List<EvalClaim> claims = new ArrayList<>();

        GoldilocksExt2[] point = t.challengeExts("model.output.point", specs.get(L - 1).outVars());
        GoldilocksExt2 value = ModelProtocol.evalPublic(output, point);
        for (int l = L - 1; l >= 0; l--) {
            LayerSpec s = specs.get(l);
            ModelProof.Layer in = proof.layers[l];
            String where = "layer '" + s.name + "' (" + s.op + ")";
            int zs = layout.vectorSlot[l + 1];
            if (zs >= 0) claims.add(new EvalClaim(adviceIndex, layout.slotPoint(zs, point), value));
            if (s.kind == LayerSpec.Kind.LOOKUP) {
                // the input's value at the same point: a claim on q (committed: the previous layer adds it; public:
                // checked at the end); z = T(clamp(requant(q))) itself is proven by the function-table lookup below
                t.absorbExt("model.lookup.in", in.e0);
                value = in.e0;
                continue;
            }
            if (s.kind == LayerSpec.Kind.LINEAR) {
                GoldilocksExt2 acc = value;
                if (s.shift > 0) {
                    t.absorbExt("model.rescale.rem", in.rem);
                    claims.add(new EvalClaim(adviceIndex, layout.slotPoint(layout.remSlot[l], point), in.rem));
                    acc = acc.mulBase(1L << s.shift).add(in.rem).sub(ModelProtocol.ext(AdviceLayout.half(s.shift)));
                }
                if (s.hasBias) {
                    t.absorbExt("model.linear.bias", in.bias);
                    claims.add(new EvalClaim(vk.biasCommitment[l], point, in.bias));
                    acc = acc.sub(in.bias);
                }
                SumcheckClaim c = sumcheck(where, s.inVars(), 2, acc, in, t);
                SumcheckVerifier.checkFinal(c, SumOfProducts.product(2), new GoldilocksExt2[] {in.e0, in.e1});
                t.absorbExt("model.linear.x", in.e0);
                t.absorbExt("model.linear.w", in.e1);
                claims.add(new EvalClaim(vk.weightCommitment[l], ModelProtocol.concat(point, c.point()), in.e1));
                point = c.point();
                value = in.e0;
            } else {
                GoldilocksExt2[] r = t.challengeExts("model.relu.zerocheck", s.outVars());
                SumcheckClaim c = sumcheck(where, s.outVars(), 3, GoldilocksExt2.ZERO, in, t);
                try {
                    SumcheckVerifier.checkFinalEq(c, r, SumOfProducts.product(2), new GoldilocksExt2[] {in.e0, in.e1});
                } catch (VerificationException e) {
                    throw new VerificationException(where + ": zero-check z (z - q) = 0 fails: " + e.getMessage());
                }
                t.absorbExt("model.relu.z", in.e0);
                t.absorbExt("model.relu.d", in.e1);
                if (zs >= 0) {
                    claims.add(new EvalClaim(adviceIndex, layout.slotPoint(zs, c.point()), in.e0));
                } else if (!in.e0.equals(ModelProtocol.evalPublic(output, c.point()))) {
                    throw new VerificationException(where + ": the public output disagrees with the Relu claim");
                }
                point = c.point();
                value = in.e0.sub(in.e1);
            }
        }
        if (!value.equals(ModelProtocol.evalPublic(input, point))) {
            throw new VerificationException("the public input disagrees with the first layer's input claim");
        }

        if (proof.lookup != null) {
            LookupClaims lc = LookupVerifier.verify(layout.rangeTable(), new LookupShape(layout.slotVars, layout.numSegments), proof.lookup, t);
            GoldilocksExt2[] rho = lc.valuesPoint();
            GoldilocksExt2[] vals = proof.slotValues;
            absorbSlotValues(t, vals);
            for (AdviceLayout.Check ck : layout.checks) checkRange(ck, layout, lc, vals, rho, input, output);
            for (AdviceLayout.Relation rel : layout.relations) {
                GoldilocksExt2 sum = ModelProtocol.ext(AdviceLayout.f(rel.offset));
                for (AdviceLayout.Term term : rel.terms) sum = sum.add(termValue(term, layout, vals, rho, input, output).mulBase(AdviceLayout.f(term.coeff)));
                if (!sum.equals(GoldilocksExt2.ZERO)) throw new VerificationException(rel.what + ": the relation does not hold at the range-check point");
            }
            GoldilocksExt2[] tau = t.challengeExts("model.range.tau", layout.selVars);
            ExtVec eqTau = Eq.table(tau);
            GoldilocksExt2 combined = GoldilocksExt2.ZERO;
            for (int j = 0; j < vals.length; j++) combined = combined.add(eqTau.get(j).mul(vals[j]));
            claims.add(new EvalClaim(adviceIndex, ModelProtocol.concat(rho, tau), combined));
            claims.add(new EvalClaim(multIndex, layout.multPoint(0, lc.multiplicitiesPoint()), lc.multiplicities()));
        } else if (!layout.relations.isEmpty()) {
            throw new IllegalStateException("internal: relations without a range-check point");
        }

        for (int j = 0; j < layout.rules.size(); j++) {
            FunctionTable ft = layout.functionTable(j);
            LookupClaims lc;
            try {
                lc = LookupVerifier.verify(ft, layout.fnShape(j), proof.fnLookups[j], t);
            } catch (VerificationException e) {
                throw new VerificationException("lookup into table " + layout.rules.get(j) + ": " + e.getMessage());
            }
            GoldilocksExt2[] rho = lc.valuesPoint();
            List<Integer> users = layout.ruleLayers.get(j);
            for (int sg = 0; sg < users.size(); sg++) {
                int l = users.get(sg);
                LayerSpec s = specs.get(l);
                String where = "layer '" + s.name + "' (" + s.op + "): table lookup";
                GoldilocksExt2 a = lc.value(sg, 0);
                if (layout.cSlot[l] >= 0) {
                    claims.add(new EvalClaim(adviceIndex, layout.slotPoint(layout.cSlot[l], rho), a));
                } else if (layout.vectorSlot[l] >= 0) { // the input column is 2^up q
                    claims.add(new EvalClaim(adviceIndex, layout.slotPoint(layout.vectorSlot[l], rho), a.mulBase(Goldilocks.inv(1L << s.up))));
                } else if (!a.equals(ModelProtocol.evalPublic(input, rho).mulBase(1L << s.up))) {
                    throw new VerificationException(where + ": the public input disagrees with the looked-up inputs");
                }
                GoldilocksExt2 z = lc.value(sg, 1).sub(ModelProtocol.padEval(s.outLen, rho).mulBase(AdviceLayout.f(s.rule.entry(0))));
                if (layout.vectorSlot[l + 1] >= 0) {
                    claims.add(new EvalClaim(adviceIndex, layout.slotPoint(layout.vectorSlot[l + 1], rho), z));
                } else if (!z.equals(ModelProtocol.evalPublic(output, rho))) {
                    throw new VerificationException(where + ": the public output disagrees with the looked-up outputs");
                }
            }
            claims.add(new EvalClaim(multIndex, layout.multPoint(layout.multSlotOfRule(j), lc.multiplicitiesPoint()), lc.multiplicities()));
        }

        List<LigeroCommitment> cms = new ArrayList<>(vk.commitments);
        if (proof.advice != null) cms.add(proof.advice);
        if (proof.multiplicities != null) cms.add(proof.multiplicities);
        LigeroPcs pcs = new LigeroPcs(vk.params);
        LigeroProof pp = LigeroProof.fromBytes(proof.pcs, vk.params, cms, claims);
        pcs.verify(cms, claims, pp, t);
    }

    /** log2 of |GoldilocksExt2| (p^2, p < 2^64), rounded down as in LigeroParams. */
    private static final double LOG2_Q = 127.99;

    /**
     * The soundness error of one proof for this key, in bits (-log2 of the sum below), computed from the shape:
     * every sumcheck contributes degree * rounds / q; each random point that identifies a vector with its MLE (the
     * output point, each zero-check point, the slot batching point tau) vars / q; LogUp-GKR (core/lookup) the GKR
     * layers of both fraction trees (3 d / q for the d-round sumcheck of layer d plus 1 / q for its combination
     * challenges) and (looked-up rows + table rows) / q for the LogUp challenge; each LOOKUP relation checked at the
     * range-check point slotVars / q; each function-table lookup its own LogUp-GKR error
     * ({@link io.zkml4j.lookup.LogUpGkr#soundnessBits}: (rows + 2^16 + GKR terms) / q); the Ligero opening its own bound
     * ({@link io.zkml4j.pcs.LigeroParams#soundnessBits}) for the worst committed table, which dominates.
     */
    public static double soundnessBits(VerifyingKey vk) {
        double q = Math.pow(2, -LOG2_Q), field = 0;
        List<LayerSpec> specs = vk.layers;
        field += specs.get(specs.size() - 1).outVars() * q;
        for (LayerSpec s : specs) {
            if (s.kind == LayerSpec.Kind.LINEAR) field += 2.0 * s.inVars() * q;
            else if (s.kind == LayerSpec.Kind.RELU) field += (3.0 * s.outVars() + s.outVars()) * q;
            // LOOKUP: no sumcheck and no challenge of its own (its terms are the relation and lookup ones below)
        }
        AdviceLayout layout = AdviceLayout.of(vk);
        int pcsVars = 1, claims = 4 * specs.size() + 3;
        for (LigeroCommitment c : vk.commitments) pcsVars = Math.max(pcsVars, c.numVars());
        if (layout.numSlots > 0) pcsVars = Math.max(pcsVars, layout.tableVars());
        if (layout.multSlots > 0) pcsVars = Math.max(pcsVars, layout.multVars());
        if (layout.numSegments > 0) {
            int segVars = AdviceLayout.ceilLog2(layout.numSegments);
            int depth = layout.slotVars + segVars, k = layout.limbBits;
            for (int d = 1; d <= depth; d++) field += (3.0 * d + 1) * q;
            for (int d = 1; d <= k; d++) field += (3.0 * d + 1) * q;
            field += (Math.pow(2, depth) + Math.pow(2, k)) * q;
            field += layout.selVars * q;
            field += layout.relations.size() * layout.slotVars * q;
        }
        for (int j = 0; j < layout.rules.size(); j++) {
            field += Math.pow(2, -io.zkml4j.lookup.LogUpGkr.soundnessBits(layout.functionTable(j), layout.fnShape(j)));
            claims += 2 * layout.ruleLayers.get(j).size() + 1;
        }
        double pcs = Math.pow(2, -vk.params.soundnessBits(pcsVars, claims));
        return -Math.log(field + pcs) / Math.log(2);
    }

    static void absorbSlotValues(Transcript t, GoldilocksExt2[] vals) {
        long[] c0 = new long[vals.length], c1 = new long[vals.length];
        for (int i = 0; i < vals.length; i++) {
            c0[i] = vals[i].c0;
            c1[i] = vals[i].c1;
        }
        t.absorbExts("model.range.slots", c0, c1);
    }

    private static SumcheckClaim sumcheck(String where, int vars, int degree, GoldilocksExt2 claim, ModelProof.Layer in, Transcript t) {
        try {
            return SumcheckVerifier.verify(vars, degree, claim, in.sumcheck, t);
        } catch (VerificationException e) {
            throw new VerificationException(where + ": " + e.getMessage());
        }
    }

    /** The lookup's claims on the limb segments equal the limb slots' values, and the limbs recompose Q at rho. */
    private static void checkRange(AdviceLayout.Check ck, AdviceLayout layout, LookupClaims lc, GoldilocksExt2[] vals, GoldilocksExt2[] rho,
                                   long[] input, long[] output) {
        GoldilocksExt2 limbs = GoldilocksExt2.ZERO;
        for (int j = 0; j < ck.numLimbs; j++) {
            GoldilocksExt2 v = vals[ck.firstLimbSlot + j];
            if (!lc.value(ck.firstSegment + j, 0).equals(v)) throw new VerificationException(ck.what + ": range-check limb " + j + " disagrees with the lookup");
            limbs = limbs.add(v.mulBase(1L << (ck.limbBits * j)));
        }
        if (ck.tight()) {
            GoldilocksExt2 top = vals[ck.firstLimbSlot + ck.numLimbs - 1].add(ModelProtocol.ext(ck.tightShift()));
            if (!lc.value(ck.firstSegment + ck.numLimbs, 0).equals(top)) throw new VerificationException(ck.what + ": range-check top limb disagrees with the lookup");
        }
        GoldilocksExt2 q = ModelProtocol.ext(AdviceLayout.f(ck.offset));
        for (AdviceLayout.Term term : ck.terms) q = q.add(termValue(term, layout, vals, rho, input, output).mulBase(AdviceLayout.f(term.coeff)));
        if (!q.equals(limbs)) throw new VerificationException(ck.what + ": the limbs do not recompose the range-checked value");
    }

    /** A term's vector at rho: a committed slot's absorbed value, or the public input's / output's MLE. */
    private static GoldilocksExt2 termValue(AdviceLayout.Term term, AdviceLayout layout, GoldilocksExt2[] vals, GoldilocksExt2[] rho, long[] input, long[] output) {
        if (term.slot) return vals[term.index];
        if (layout.vectorSlot[term.index] >= 0) return vals[layout.vectorSlot[term.index]];
        return ModelProtocol.evalPublic(term.index == 0 ? input : output, rho);
    }

    private static void checkPublic(String what, long[] v, int len, int rangeBits) {
        long bound = 1L << (rangeBits - 1);
        if (v == null || v.length != len) throw new VerificationException("public " + what + " has " + (v == null ? 0 : v.length) + " values, the key expects " + len);
        for (int i = 0; i < v.length; i++) {
            if (v[i] <= -bound || v[i] >= bound) throw new VerificationException("public " + what + " value " + i + " out of range |v| < 2^" + (rangeBits - 1));
        }
    }
}
