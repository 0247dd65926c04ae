package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.lookup.FunctionTable;
import io.zkml4j.lookup.LookupClaims;
import io.zkml4j.lookup.LookupProver;
import io.zkml4j.lookup.LookupProverOutput;
import io.zkml4j.lookup.LookupWitness;
import io.zkml4j.lookup.Table;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.pcs.EvalClaim;
import io.zkml4j.pcs.LigeroProverData;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.poly.Mle;
import io.zkml4j.sumcheck.SumOfProducts;
import io.zkml4j.sumcheck.SumcheckProver;
import io.zkml4j.sumcheck.SumcheckProverOutput;
import io.zkml4j.transcript.Transcript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prover of the model proof described in {@link ModelVerifier} (which states what is proven and the soundness
 * error). Public input and output; NOT zero knowledge in this slice (the Ligero openings and sumcheck messages leak
 * information about the weights and hidden activations).
 */
public final class ModelProver {
    private ModelProver() {}

    /** The outcome of proving: the quantized public input and output, the output dequantized, and the proof bytes. */
    public static final class Result {
        public final long[] input;
        public final long[] output;
        public final double[] outputValues;
        public final byte[] proof;

        Result(long[] input, long[] output, double[] outputValues, byte[] proof) {
            this.input = input;
            this.output = output;
            this.outputValues = outputValues;
            this.proof = proof;
        }
    }

    /**
     * Test seam for a malicious prover that keeps the transcript faithful: it may alter each layer's output during
     * the forward pass, the committed advice, and how the lookup witnesses are built (e.g. without membership checks).
     */
    interface Cheat {
        /** acc: a LINEAR layer's accumulator, a LOOKUP layer's requantized input u (before the clamp), else null. */
        default void afterLayer(int layer, long[] out, long[] acc) {}

        /** Alters the committed advice after the limbs were derived (so the limbs stay the honest ones). */
        default void advice(long[][] slots, AdviceLayout layout) {}

        /** Alters the witness slots (vectors, remainders, lookup witnesses) before the limbs are derived from them. */
        default void witness(long[][] slots, AdviceLayout layout) {}

        default LookupWitness lookupWitness(Table table, long[][][] segments) {
            return LookupWitness.of(table, segments);
        }

        /** The input the prover claims (binds into the statement), given the one it computed with. */
        default long[] claimedInput(long[] x) {
            return x;
        }

        /** The output the prover claims, given the one it computed. */
        default long[] claimedOutput(long[] y) {
            return y;
        }
    }

    /** Quantizes the float input with the model's input scale and proves. */
    public static Result prove(ProvingKey pk, double[] input) {
        return prove(pk, input, ProveProgress.NONE);
    }

    /** As {@link #prove(ProvingKey, double[])}, reporting progress. */
    public static Result prove(ProvingKey pk, double[] input, ProveProgress progress) {
        long[] x = pk.model.model.quantizeInputs(List.of(input)).get(0);
        progress.step("witness", 0, 3);
        Result r = proveQuantized(pk, x);
        progress.step("done", 3, 3);
        return r;
    }

    /** Proves on an already quantized input. */
    public static Result proveQuantized(ProvingKey pk, long[] x) {
        return prove(pk, x, null);
    }

    static Result prove(ProvingKey pk, long[] x, Cheat cheat) {
        ProvableModel pm = pk.model;
        VerifyingKey vk = pk.vk;
        List<LayerSpec> specs = pm.specs;
        int L = specs.size();
        AdviceLayout layout = AdviceLayout.of(vk);
        if (x.length != vk.inputLength()) throw new ModelException("input '" + vk.inputName + "' needs " + vk.inputLength() + " values, got " + x.length);
        for (long v : x) {
            if (v <= -layout.signedOffset || v >= layout.signedOffset) throw new ModelException("input '" + vk.inputName + "': value " + v + " outside the provable range |v| < 2^" + (layout.rangeBits - 1));
        }
        ProvableModel.Witness w = pm.forward(x, cheat);
        long[][] vec = w.vectors;
        if (cheat == null) {
            IntTrace trace = pm.model.execute(List.of(x));
            if (!Arrays.equals(trace.output(0).values(), vec[L])) throw new IllegalStateException("internal: layer chain disagrees with the quantized model's integer run");
        }

        // ---- advice: hidden activations, remainders, limbs (one table)
        int m = layout.slotVars, size = 1 << m;
        long[][] slots = new long[layout.numSlots][];
        for (int i = 1; i < L; i++) slots[layout.vectorSlot[i]] = ModelProtocol.padded(vec[i], m);
        for (int l = 0; l < L; l++) {
            if (layout.remSlot[l] < 0) continue;
            LayerSpec s = specs.get(l);
            int k = s.shift;
            long h = AdviceLayout.half(k);
            long[] rem = new long[size];
            Arrays.fill(rem, h);
            // LINEAR: rem = acc + h - 2^k q; LOOKUP: rem = q + h - 2^k u. In the field: a cheat's quotient (wrapped or
            // off by one) keeps the relation exact, so only the range check can catch it
            long[] num = s.kind == LayerSpec.Kind.LINEAR ? w.acc[l] : vec[l], quo = s.kind == LayerSpec.Kind.LINEAR ? vec[l + 1] : w.acc[l];
            for (int i = 0; i < s.outLen; i++) {
                rem[i] = Goldilocks.sub(Goldilocks.add(AdviceLayout.f(num[i]), h), Goldilocks.mul(AdviceLayout.f(quo[i]), 1L << k));
            }
            slots[layout.remSlot[l]] = rem;
        }
        for (int l = 0; l < L; l++) {
            if (layout.cSlot[l] < 0) continue;
            TableRule rule = specs.get(l).rule;
            long[] u = w.acc[l];
            long[] c = new long[size], e = new long[size], hi = new long[size], lo = new long[size];
            for (int i = 0; i < u.length; i++) {
                long ci = FixedPoint.clamp(u[i], rule.lo(), rule.hi());
                c[i] = AdviceLayout.f(ci);
                e[i] = AdviceLayout.f(u[i] - ci);
                hi[i] = u[i] > ci ? 1 : 0;
                lo[i] = u[i] < ci ? 1 : 0;
            }
            slots[layout.cSlot[l]] = c;
            if (layout.eSlot[l] >= 0) {
                slots[layout.eSlot[l]] = e;
                slots[layout.hiSlot[l]] = hi;
                slots[layout.loSlot[l]] = lo;
            }
        }
        if (cheat != null) cheat.witness(slots, layout);
        for (AdviceLayout.Check c : layout.checks) {
            long[] q = quantity(c, layout, slots, vec, size);
            for (int i = 0; i < size; i++) {
                if (cheat == null && Long.compareUnsigned(q[i], 1L << c.bits) >= 0) {
                    throw new ModelException(c.what + ": value " + Goldilocks.toSigned(q[i]) + " outside the provable range [0, 2^" + c.bits + ")");
                }
            }
            for (int j = 0; j < c.numLimbs; j++) {
                long[] limb = new long[size];
                int sh = c.limbBits * j;
                long mask = (1L << c.limbBits) - 1;
                boolean top = j == c.numLimbs - 1;
                for (int i = 0; i < size; i++) limb[i] = top ? q[i] >>> sh : (q[i] >>> sh) & mask; // top limb keeps every high bit
                slots[c.firstLimbSlot + j] = limb;
            }
        }
        if (cheat != null) cheat.advice(slots, layout);
        long[] table = null;
        LigeroProverData adviceData = null, multData = null;
        if (layout.numSlots > 0) {
            table = new long[1 << layout.tableVars()];
            for (int j = 0; j < layout.numSlots; j++) System.arraycopy(slots[j], 0, table, j * size, size);
            adviceData = pk.pcs.commit(table);
        }
        LookupWitness lw = null;
        LookupWitness[] fw = new LookupWitness[layout.rules.size()];
        for (int j = 0; j < fw.length; j++) {
            FunctionTable ft = layout.functionTable(j);
            List<Integer> users = layout.ruleLayers.get(j);
            long[][][] segs = new long[users.size()][][];
            for (int sg = 0; sg < segs.length; sg++) {
                int l = users.get(sg);
                LayerSpec s = specs.get(l);
                long[] in;
                if (layout.cSlot[l] >= 0) {
                    in = slots[layout.cSlot[l]].clone(); // the witness owns its columns (a test cheat may alter them)
                } else {
                    in = ModelProtocol.padded(vec[l], m);
                    for (int i = 0; i < size; i++) in[i] = Goldilocks.mul(in[i], 1L << s.up);
                }
                long[] z = ModelProtocol.padded(vec[l + 1], m);
                long t0 = AdviceLayout.f(s.rule.entry(0));
                for (int i = s.outLen; i < size; i++) z[i] = Goldilocks.add(z[i], t0); // padding rows look up (0, T(0))
                segs[sg] = new long[][] {in, z};
            }
            fw[j] = cheat == null ? LookupWitness.of(ft, segs) : cheat.lookupWitness(ft, segs);
        }
        if (layout.numSegments > 0) {
            long[][][] segs = new long[layout.numSegments][1][];
            for (AdviceLayout.Check c : layout.checks) {
                for (int j = 0; j < c.numLimbs; j++) segs[c.firstSegment + j][0] = slots[c.firstLimbSlot + j];
                if (c.tight()) {
                    long[] top = slots[c.firstLimbSlot + c.numLimbs - 1], s = new long[size];
                    for (int i = 0; i < size; i++) s[i] = Goldilocks.add(top[i], c.tightShift());
                    segs[c.firstSegment + c.numLimbs][0] = s;
                }
            }
            lw = cheat == null ? LookupWitness.of(layout.rangeTable(), segs) : cheat.lookupWitness(layout.rangeTable(), segs);
        }
        if (layout.multSlots > 0) {
            long[] mt = new long[1 << layout.multVars()];
            int stride = 1 << layout.multSlotVars;
            if (lw != null) System.arraycopy(lw.multiplicities(), 0, mt, 0, lw.multiplicities().length);
            for (int j = 0; j < fw.length; j++) System.arraycopy(fw[j].multiplicities(), 0, mt, layout.multSlotOfRule(j) * stride, fw[j].multiplicities().length);
            multData = pk.pcs.commit(mt);
        }

        // ---- transcript: statement, then the commitments, then challenges
        long[] y = vec[L];
        if (cheat != null) {
            x = cheat.claimedInput(x);
            y = cheat.claimedOutput(y);
        }
        Transcript t = ModelProtocol.statement(vk, x, y);
        ModelProof proof = new ModelProof(L);
        int C = vk.commitments.size();
        int adviceIndex = C, multIndex = C + (adviceData != null ? 1 : 0);
        if (adviceData != null) {
            proof.advice = adviceData.commitment();
            proof.advice.absorbInto(t);
        }
        if (multData != null) {
            proof.multiplicities = multData.commitment();
            proof.multiplicities.absorbInto(t);
        }
        List<EvalClaim> claims = new ArrayList<>();

        GoldilocksExt2[] point = t.challengeExts("model.output.point", specs.get(L - 1).outVars());
        GoldilocksExt2 value = ModelProtocol.evalPublic(y, point);
        for (int l = L - 1; l >= 0; l--) {
            LayerSpec s = specs.get(l);
            ModelProof.Layer out = proof.layers[l];
            int zs = layout.vectorSlot[l + 1];
            if (zs >= 0) claims.add(new EvalClaim(adviceIndex, layout.slotPoint(zs, point), value));
            if (s.kind == LayerSpec.Kind.LOOKUP) {
                GoldilocksExt2 vq = Mle.evaluate(ModelProtocol.padded(vec[l], s.inVars()), point);
                t.absorbExt("model.lookup.in", vq);
                out.e0 = vq;
                value = vq;
                continue;
            }
            if (s.kind == LayerSpec.Kind.LINEAR) {
                GoldilocksExt2 acc = value;
                if (s.shift > 0) {
                    int rs = layout.remSlot[l];
                    GoldilocksExt2 vr = Mle.evaluate(Arrays.copyOf(slots[rs], 1 << s.outVars()), point);
                    t.absorbExt("model.rescale.rem", vr);
                    claims.add(new EvalClaim(adviceIndex, layout.slotPoint(rs, point), vr));
                    out.rem = vr;
                    acc = acc.mulBase(1L << s.shift).add(vr).sub(ModelProtocol.ext(AdviceLayout.half(s.shift)));
                }
                if (s.hasBias) {
                    int bi = vk.biasCommitment[l];
                    GoldilocksExt2 vb = Mle.evaluate(pk.tables.get(bi), point);
                    t.absorbExt("model.linear.bias", vb);
                    claims.add(new EvalClaim(bi, point, vb));
                    out.bias = vb;
                    acc = acc.sub(vb);
                }
                int wi = vk.weightCommitment[l];
                ExtVec wr = foldColumns(pk.tables.get(wi), s.inVars(), point);
                long[] xp = ModelProtocol.padded(vec[l], s.inVars());
                SumcheckProverOutput sc = SumcheckProver.prove(SumOfProducts.product(2), new ExtVec[] {ExtVec.ofBase(xp), wr}, t);
                if (cheat == null && !sc.claimedSum().equals(acc)) throw new IllegalStateException("internal: layer '" + s.name + "' accumulator claim mismatch");
                GoldilocksExt2 vx = sc.finalEvals()[0], vw = sc.finalEvals()[1];
                t.absorbExt("model.linear.x", vx);
                t.absorbExt("model.linear.w", vw);
                claims.add(new EvalClaim(wi, ModelProtocol.concat(point, sc.point()), vw));
                out.sumcheck = sc.proof();
                out.e0 = vx;
                out.e1 = vw;
                point = sc.point();
                value = vx;
            } else {
                GoldilocksExt2[] r = t.challengeExts("model.relu.zerocheck", s.outVars());
                long[] zp = ModelProtocol.padded(vec[l + 1], s.outVars());
                long[] qp = ModelProtocol.padded(vec[l], s.outVars());
                long[] dp = new long[zp.length];
                for (int i = 0; i < dp.length; i++) dp[i] = Goldilocks.sub(zp[i], qp[i]);
                SumcheckProverOutput sc = SumcheckProver.proveEqProduct(r, zp, dp, t);
                GoldilocksExt2 a = sc.finalEvals()[0], b = sc.finalEvals()[1];
                t.absorbExt("model.relu.z", a);
                t.absorbExt("model.relu.d", b);
                if (zs >= 0) claims.add(new EvalClaim(adviceIndex, layout.slotPoint(zs, sc.point()), a));
                out.sumcheck = sc.proof();
                out.e0 = a;
                out.e1 = b;
                point = sc.point();
                value = a.sub(b);
            }
        }

        // ---- range checks: LogUp-GKR over all limb segments, then the slots at its point
        if (lw != null) {
            LookupProverOutput lo = LookupProver.prove(lw, t);
            LookupClaims lc = lo.claims();
            GoldilocksExt2[] rho = lc.valuesPoint();
            ExtVec eqRho = Eq.table(rho);
            GoldilocksExt2[] vals = new GoldilocksExt2[layout.numSlots];
            for (int j = 0; j < vals.length; j++) vals[j] = Mle.evaluateWithEq(slots[j], eqRho);
            ModelVerifier.absorbSlotValues(t, vals);
            GoldilocksExt2[] tau = t.challengeExts("model.range.tau", layout.selVars);
            claims.add(new EvalClaim(adviceIndex, ModelProtocol.concat(rho, tau), Mle.evaluate(table, ModelProtocol.concat(rho, tau))));
            claims.add(new EvalClaim(multIndex, layout.multPoint(0, lc.multiplicitiesPoint()), lc.multiplicities()));
            proof.lookup = lo.proof();
            proof.slotValues = vals;
        }

        // ---- one function-table lookup per rule: (c, z + pad T(0)), claims on the committed columns at its point
        proof.fnLookups = new io.zkml4j.lookup.LookupProof[fw.length];
        for (int j = 0; j < fw.length; j++) {
            LookupProverOutput lo = LookupProver.prove(fw[j], t);
            LookupClaims lc = lo.claims();
            GoldilocksExt2[] rho = lc.valuesPoint();
            List<Integer> users = layout.ruleLayers.get(j);
            for (int sg = 0; sg < users.size(); sg++) {
                int l = users.get(sg);
                LayerSpec s = specs.get(l);
                if (layout.cSlot[l] >= 0) {
                    claims.add(new EvalClaim(adviceIndex, layout.slotPoint(layout.cSlot[l], rho), lc.value(sg, 0)));
                } else if (layout.vectorSlot[l] >= 0) {
                    claims.add(new EvalClaim(adviceIndex, layout.slotPoint(layout.vectorSlot[l], rho), lc.value(sg, 0).mulBase(Goldilocks.inv(1L << s.up))));
                }
                GoldilocksExt2 z = lc.value(sg, 1).sub(ModelProtocol.padEval(s.outLen, rho).mulBase(AdviceLayout.f(s.rule.entry(0))));
                if (layout.vectorSlot[l + 1] >= 0) claims.add(new EvalClaim(adviceIndex, layout.slotPoint(layout.vectorSlot[l + 1], rho), z));
            }
            claims.add(new EvalClaim(multIndex, layout.multPoint(layout.multSlotOfRule(j), lc.multiplicitiesPoint()), lc.multiplicities()));
            proof.fnLookups[j] = lo.proof();
        }

        // ---- one PCS opening for every claim on every committed table
        List<LigeroProverData> data = new ArrayList<>(pk.proverData);
        if (adviceData != null) data.add(adviceData);
        if (multData != null) data.add(multData);
        proof.pcs = pk.pcs.open(data, claims, t).toBytes();
        double[] yf = new double[y.length];
        for (int i = 0; i < y.length; i++) yf[i] = FixedPoint.dequantize(y[i], vk.outputScale);
        return new Result(x.clone(), y.clone(), yf, proof.toBytes());
    }

    /** The range-checked quantity Q = sum(terms) + offset over all 2^slotVars positions (field elements). */
    private static long[] quantity(AdviceLayout.Check c, AdviceLayout layout, long[][] slots, long[][] vec, int size) {
        long[] q = new long[size];
        Arrays.fill(q, AdviceLayout.f(c.offset));
        for (AdviceLayout.Term term : c.terms) {
            long[] src;
            if (term.slot) src = slots[term.index];
            else if (layout.vectorSlot[term.index] >= 0) src = slots[layout.vectorSlot[term.index]];
            else src = ModelProtocol.padded(vec[term.index], layout.slotVars);
            long co = AdviceLayout.f(term.coeff);
            for (int i = 0; i < size; i++) q[i] = Goldilocks.add(q[i], Goldilocks.mul(co, src[i]));
        }
        return q;
    }

    /** W(point, k) for every row k: the matrix [2^inVars][2^outVars] folded over its column (low) variables. */
    private static ExtVec foldColumns(long[] w, int inVars, GoldilocksExt2[] point) {
        ExtVec eq = Eq.table(point);
        int rows = 1 << inVars, cols = eq.length();
        long[] c0 = new long[rows], c1 = new long[rows];
        for (int k = 0; k < rows; k++) {
            long s0 = 0, s1 = 0;
            int base = k * cols;
            for (int j = 0; j < cols; j++) {
                long v = w[base + j];
                if (v == 0) continue;
                s0 = Goldilocks.add(s0, Goldilocks.mul(eq.c0[j], v));
                s1 = Goldilocks.add(s1, Goldilocks.mul(eq.c1[j], v));
            }
            c0[k] = s0;
            c1[k] = s1;
        }
        return new ExtVec(c0, c1);
    }
}
