package io.zkml4j.ml.prover;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.pcs.LigeroParams;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.pcs.LigeroProverData;

import java.util.ArrayList;
import java.util.List;

/**
 * Transparent setup (no trusted setup, no SRS): commits every weight matrix and bias of a provable model with Ligero
 * and returns the {@link ProvingKey} (prover-only) holding the {@link VerifyingKey} (public).
 *
 * <p>Setup also checks the bound that makes field arithmetic equal integer arithmetic: with activations below
 * 2^B (B = {@link AdviceLayout#rangeBitsFor}(actBits), range checked in every proof; the verifier checks the public
 * input itself), each accumulator satisfies |acc| &lt;= in * max|W| * 2^B + max|b| &lt; 2^62 and 2^shift * 2^B &lt; 2^60,
 * so no value the proof handles wraps mod p.
 */
public final class ModelSetup {
    private ModelSetup() {}

    public static ProvingKey setup(QuantizedModel m) {
        return setup(m, LigeroParams.DEFAULT);
    }

    public static ProvingKey setup(QuantizedModel m, LigeroParams params) {
        ProvableModel pm = ProvableModel.of(m);
        int rangeBits = AdviceLayout.rangeBitsFor(m.actBits);
        LigeroPcs pcs = new LigeroPcs(params);
        List<long[]> tables = new ArrayList<>();
        for (int l = 0; l < pm.specs.size(); l++) {
            LayerSpec s = pm.specs.get(l);
            if (s.kind == LayerSpec.Kind.LOOKUP) {
                try {
                    VerifyingKey.checkLookup(s, rangeBits);
                } catch (IllegalArgumentException e) {
                    throw new ModelException("node '" + s.name + "' (" + s.op + "): not provable yet (" + e.getMessage().replaceFirst("^layer '[^']*': ", "") + ")");
                }
            }
            if (s.kind != LayerSpec.Kind.LINEAR) continue;
            long[] w = pm.weights.get(l), b = pm.biases.get(l);
            checkBound(s, w, b, rangeBits);
            int cols = 1 << s.outVars();
            long[] t = new long[(1 << s.inVars()) * cols];
            for (int k = 0; k < s.inLen; k++) {
                for (int j = 0; j < s.outLen; j++) t[k * cols + j] = AdviceLayout.f(w[k * s.outLen + j]);
            }
            tables.add(t);
            if (b != null) {
                long[] bt = new long[cols];
                for (int j = 0; j < s.outLen; j++) bt[j] = AdviceLayout.f(b[j]);
                tables.add(bt);
            }
        }
        List<LigeroProverData> data = new ArrayList<>();
        List<LigeroCommitment> cms = new ArrayList<>();
        for (long[] t : tables) {
            LigeroProverData d = pcs.commit(t);
            data.add(d);
            cms.add(d.commitment());
        }
        VerifyingKey vk = new VerifyingKey(params, pm.input.name, pm.input.shape, pm.input.scale, pm.output.name, pm.output.shape,
                pm.output.scale, pm.specs, rangeBits, cms);
        return new ProvingKey(pm, vk, tables, data, pcs);
    }

    private static void checkBound(LayerSpec s, long[] w, long[] b, int rangeBits) {
        long mw = 0, mb = 0;
        for (long x : w) mw = Math.max(mw, Math.abs(x));
        if (b != null) for (long x : b) mb = Math.max(mb, Math.abs(x));
        double bound = (double) s.inLen * mw * Math.pow(2, rangeBits) + mb + Math.pow(2, s.shift);
        if (bound >= Math.pow(2, 62) || s.shift + rangeBits > 60 || mw >= (1L << 40) || mb >= (1L << 61)) {
            throw new ModelException("node '" + s.name + "' (" + s.op + "): not provable yet (accumulator bound 2^"
                    + String.format("%.1f", Math.log(bound) / Math.log(2)) + " exceeds 2^62)");
        }
    }
}
