package io.zkml4j.ml.prover;

import io.zkml4j.lookup.LogUpGkr;
import io.zkml4j.lookup.LookupShape;
import io.zkml4j.ml.quant.TableRule;

import java.util.Map;

/**
 * Verifier of a proof of inference: for the model committed in a {@link VerifyingKey}, the public input x (quantized
 * integers) and the public output y, it accepts iff the proof shows that y is exactly what the quantized model
 * computes on x (the integer semantics of `./zkml4j run`, operator by operator: docs/quantization.md).
 *
 * <p>What is checked: every hidden tensor and auxiliary vector is committed before any challenge (with the key's
 * digest and x, y bound first); each node's relation is checked at random points by its {@link OpProof} (sumchecks
 * for products, zero-checks for Relu and clamps, exact rescales by range-checked remainders, table lookups by LogUp-GKR
 * over function tables defined by rules), every evaluation is opened by one batched Ligero opening against the
 * setup's constant commitment and the proof's advice commitment. Public values and every hidden activation are
 * bounded by range checks so no relation wraps mod p (bounds checked at setup).
 *
 * <p>Soundness error: the sum of the sumcheck and zero-check terms (degree x variables / |F_ext| each, |F_ext| ~
 * 2^128), the LogUp-GKR terms ((rows + table + GKR) / |F_ext|), and the Ligero opening's bound for the largest table
 * (about 2^-100 with the default preset), which dominates: {@link #soundnessBits} computes it for a key.
 */
public final class ModelVerifier {
    private ModelVerifier() {}

    private static final double LOG2_Q = 127.99;

    /**
     * Returns normally iff the proof holds; throws {@link io.zkml4j.transcript.VerificationException} naming the failed
     * check (and the node) or {@link io.zkml4j.field.codec.ProofFormatException} for malformed bytes.
     */
    public static void verify(VerifyingKey vk, long[] input, long[] output, byte[] proofBytes) {
        GraphProtocol.verify(vk, input, output, proofBytes);
    }

    /**
     * A lower bound on the soundness, in bits: every node's sumchecks and point checks bounded by 64 x (the variables
     * of all its vectors + 1) / |F_ext| (round polynomials of degree at most 17, the window-max zero-check over 16
     * cells, and at most three sumchecks over each vector's variables per node; each operator's Javadoc gives its own
     * smaller figure), the LogUp-GKR
     * lookups by their own bound, the Ligero opening by its bound for the largest table and the number of claims.
     */
    public static double soundnessBits(VerifyingKey vk) {
        Circuit c = vk.circuit;
        double q = Math.pow(2, -LOG2_Q), err = 0;
        for (NodeSpec n : c.nodes) {
            int vars = 0;
            for (int v : n.in) vars += c.vec(v).vars;
            for (int v : n.out) vars += c.vec(v).vars;
            err += 64.0 * (vars + 1) * q;
        }
        if (c.rangeRegion != null) err += Math.pow(2, -LogUpGkr.soundnessBits(c.rangeTable(), new LookupShape(c.rangeRegion.vars, 1)));
        for (Map.Entry<TableRule, Vec[]> e : c.ruleRegions.entrySet()) {
            err += Math.pow(2, -LogUpGkr.soundnessBits(Circuit.functionTable(e.getKey()), new LookupShape(e.getValue()[0].vars, 1)));
        }
        int claims = 64 * (c.nodes.size() + c.ranges.size() + 4);
        int vars = Math.max(1, Math.max(c.constVars, c.adviceVars));
        err += Math.pow(2, -vk.params.soundnessBits(vars, claims));
        return -Math.log(err) / Math.log(2);
    }
}
