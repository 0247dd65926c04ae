package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.lookup.LookupProof;
import io.zkml4j.lookup.LookupShape;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.sumcheck.SumcheckProof;

/**
 * A proof of inference (verifier-visible). Its shape follows from the {@link VerifyingKey} alone: {@link #fromBytes}
 * reads exactly the layers, rounds and values the key implies and rejects anything else.
 *
 * <p>Encoding: u8 version; the advice commitment (if the model has advice) and the multiplicities commitment (if it
 * has range checks or table lookups), each u32 numVars + 32-byte root; per layer, output to input: LINEAR [rem(r)]
 * [b(r)] sumcheck (vars(in) rounds, degree 2) x(s) W(r,s); RELU sumcheck (vars(n) rounds, degree 3) z(u) (z-q)(u);
 * LOOKUP q(r); the range LogUp-GKR proof and the slot values at its point (if range checks); one function-table
 * LogUp-GKR proof per distinct table rule; u32 length + the Ligero opening proof. Extension elements
 * are 16 bytes (two canonical field elements).
 */
public final class ModelProof {
    static final int VERSION = 1;

    static final class Layer {
        GoldilocksExt2 rem;
        GoldilocksExt2 bias;
        SumcheckProof sumcheck;
        GoldilocksExt2 e0;
        GoldilocksExt2 e1;
    }

    LigeroCommitment advice;
    LigeroCommitment multiplicities;
    final Layer[] layers;
    LookupProof lookup;
    GoldilocksExt2[] slotValues;
    /** One per distinct table rule ({@link AdviceLayout#rules}). */
    LookupProof[] fnLookups = new LookupProof[0];
    byte[] pcs;

    ModelProof(int numLayers) {
        layers = new Layer[numLayers];
        for (int i = 0; i < numLayers; i++) layers[i] = new Layer();
    }

    public byte[] toBytes() {
        FieldWriter w = new FieldWriter().u8(VERSION);
        if (advice != null) advice.writeTo(w);
        if (multiplicities != null) multiplicities.writeTo(w);
        for (int l = layers.length - 1; l >= 0; l--) {
            Layer y = layers[l];
            if (y.rem != null) w.ext(y.rem);
            if (y.bias != null) w.ext(y.bias);
            if (y.sumcheck != null) y.sumcheck.writeTo(w);
            w.ext(y.e0);
            if (y.e1 != null) w.ext(y.e1);
        }
        if (lookup != null) {
            lookup.writeTo(w);
            for (GoldilocksExt2 v : slotValues) w.ext(v);
        }
        for (LookupProof f : fnLookups) f.writeTo(w);
        w.u32(pcs.length).bytes(pcs);
        return w.toByteArray();
    }

    public static ModelProof fromBytes(byte[] bytes, VerifyingKey vk) {
        AdviceLayout layout = AdviceLayout.of(vk);
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("proof version");
        if (v != VERSION) throw new ProofFormatException("proof: unknown format version " + v);
        ModelProof p = new ModelProof(vk.layers.size());
        if (layout.numSlots > 0) p.advice = commitment(r, "advice commitment", layout.tableVars());
        if (layout.multSlots > 0) p.multiplicities = commitment(r, "multiplicities commitment", layout.multVars());
        for (int l = vk.layers.size() - 1; l >= 0; l--) {
            LayerSpec s = vk.layers.get(l);
            Layer y = p.layers[l];
            if (s.kind == LayerSpec.Kind.LOOKUP) {
                y.e0 = r.ext("layer " + l + " input evaluation");
                continue;
            }
            if (s.kind == LayerSpec.Kind.LINEAR) {
                if (s.shift > 0) y.rem = r.ext("layer " + l + " remainder value");
                if (s.hasBias) y.bias = r.ext("layer " + l + " bias value");
                y.sumcheck = SumcheckProof.readFrom(r, s.inVars(), 2);
            } else {
                y.sumcheck = SumcheckProof.readFrom(r, s.outVars(), 3);
            }
            y.e0 = r.ext("layer " + l + " evaluation");
            y.e1 = r.ext("layer " + l + " evaluation");
        }
        if (layout.numSegments > 0) {
            p.lookup = LookupProof.readFrom(r, layout.rangeTable(), new LookupShape(layout.slotVars, layout.numSegments));
            p.slotValues = new GoldilocksExt2[layout.numSlots];
            for (int i = 0; i < layout.numSlots; i++) p.slotValues[i] = r.ext("slot value");
        }
        p.fnLookups = new LookupProof[layout.rules.size()];
        for (int j = 0; j < p.fnLookups.length; j++) p.fnLookups[j] = LookupProof.readFrom(r, layout.functionTable(j), layout.fnShape(j));
        int n = r.length("PCS proof length", r.remaining());
        p.pcs = r.bytes("PCS proof", n);
        r.finish("proof");
        return p;
    }

    private static LigeroCommitment commitment(FieldReader r, String what, int numVars) {
        LigeroCommitment c = LigeroCommitment.readFrom(r);
        if (c.numVars() != numVars) throw new ProofFormatException(what + ": " + c.numVars() + " variables, expected " + numVars);
        return c;
    }
}
