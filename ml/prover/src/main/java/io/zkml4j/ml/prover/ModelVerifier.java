package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.Decimal;
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
 * (about 2^-100 with the default preset): {@link #soundnessBits} sums them for a key (docs/security.md: none is assumed to dominate).
 */
public final class ModelVerifier {
    private ModelVerifier() {}

    private static final double LOG2_Q = 127.99;

    /**
     * Returns normally iff the proof holds; throws {@link io.zkml4j.transcript.VerificationException} naming the failed
     * check (and the node) or {@link io.zkml4j.field.codec.ProofFormatException} for malformed bytes.
     */
    public static void verify(VerifyingKey vk, long[] input, long[] output, byte[] proofBytes) {
        requireSoundness(vk, io.zkml4j.transcript.VerificationException::new);
        GraphProtocol.verify(vk, input, output, proofBytes);
    }

    /**
     * The floor on {@link #soundnessBits}: setup refuses a model below it and the verifier a key below it, so the worst
     * statement either accepts is sound to at least this many bits (the Ligero presets give 100.0 on their own; the
     * other parts of a corpus model take less than 0.1 bit off it, while {@link #worstCase} of the caps alone is lower).
     */
    public static final double MIN_SOUNDNESS_BITS = 99.0;

    static void requireSoundness(VerifyingKey vk, java.util.function.Function<String, RuntimeException> err) {
        String why = shortfall(budget(vk));
        if (why != null) throw err.apply(why);
    }

    /** Why a budget is below {@link #MIN_SOUNDNESS_BITS} (each part named), or null. */
    static String shortfall(SoundnessBudget b) {
        if (b.bits() < MIN_SOUNDNESS_BITS) {
            return "the key's soundness bound is " + Decimal.fixed(b.bits(), 1) + " bits, below the " + Decimal.fixed(MIN_SOUNDNESS_BITS, 0) + "-bit floor (nodes "
                    + Decimal.fixed(SoundnessBudget.bitsOf(b.nodes()), 1) + ", lookups " + Decimal.fixed(SoundnessBudget.bitsOf(b.lookups()), 1) + ", padding "
                    + Decimal.fixed(SoundnessBudget.bitsOf(b.padding()), 1) + ", commitment " + Decimal.fixed(SoundnessBudget.bitsOf(b.pcs()), 1) + " bits)";
        }
        return null;
    }

    /**
     * A lower bound on the soundness, in bits: -log2 of the sum of the parts' errors ({@link #budget}), each a bound
     * on the probability that its step accepts a false claim (union bound; no part is assumed to dominate):
     * <ul>
     *   <li>nodes: an index node (IndexProof: Reshape, Concat, Gather, ...) exactly as its proof runs, one degree-2
     *       sumcheck over each input's variables per output: 2 |out| sum_t vars(x_t) / |F_ext|; every other node
     *       64 (the variables of its inputs and outputs + 1) / |F_ext| (round polynomials of degree at most 17, the
     *       window-max zero-check over 16 cells, at most three sumchecks over each vector's variables; each
     *       operator's Javadoc gives its own smaller figure);</li>
     *   <li>lookups: the range region's and every table rule's LogUp-GKR by {@link LogUpGkr#soundnessBits};</li>
     *   <li>padding: 4 n / |F_ext| for the advice table's 2^n entries ({@link PaddingCheck}), and 4 m / |F_ext| for
     *       the constants' padded block of 2^m entries, proven once in the key ({@link ConstantsPadding});</li>
     *   <li>commitment: the batched Ligero opening by its bound for the largest table, with 64 claims allowed per
     *       non-index node and per range check, |out| (|in| + 1) per index node, 2 for the range lookup, 3 per table
     *       rule and 1 for each padding check; for a zero-knowledge key the four tableaux of its constraint proof
     *       instead ({@link #zkPcsError}).</li>
     * </ul>
     */
    public static double soundnessBits(VerifyingKey vk) {
        return budget(vk).bits();
    }

    /** The soundness error of a model proof by part (probabilities); {@link #bits} is -log2 of their sum. */
    record SoundnessBudget(double nodes, double lookups, double padding, double pcs) {
        double total() {
            return nodes + lookups + padding + pcs;
        }

        double bits() {
            return bitsOf(total());
        }

        static double bitsOf(double err) {
            return -Math.log(err) / Math.log(2);
        }
    }

    /** The parts of {@link #soundnessBits} for a key. */
    static SoundnessBudget budget(VerifyingKey vk) {
        Circuit c = vk.circuit;
        double q = Math.pow(2, -LOG2_Q), nodes = 0, lookups = 0;
        long claims = 0;
        for (NodeSpec n : c.nodes) {
            if (OpProofs.of(n) instanceof IndexProof || GatherProof.isStatic(n)) {
                long vars = 0;
                for (int v : n.in) vars += c.vec(v).vars;
                nodes += 2.0 * n.out.length * vars;
                claims += (long) n.out.length * (n.in.length + 1);
            } else {
                int vars = 0;
                for (int v : n.in) vars += c.vec(v).vars;
                for (int v : n.out) vars += c.vec(v).vars;
                nodes += 64.0 * (vars + 1);
                claims += 64;
            }
        }
        for (int x : c.inputBounds.keySet()) nodes += c.vec(x).vars + 1; // one identity at a random point per private input
        claims += 64L * c.ranges.size();
        if (c.rangeRegion != null) {
            lookups += Math.pow(2, -LogUpGkr.soundnessBits(c.rangeTable(), new LookupShape(c.rangeRegion.vars, 1)));
            claims += 2;
        }
        for (Map.Entry<TableRule, Vec[]> e : c.ruleRegions.entrySet()) {
            lookups += Math.pow(2, -LogUpGkr.soundnessBits(Circuit.functionTable(e.getKey()), new LookupShape(e.getValue()[0].vars, 1)));
            claims += 3;
        }
        double padding = 0;
        if (c.adviceVars >= 0) {
            padding = 4.0 * c.adviceVars * q;
            claims += 1;
        }
        if (c.constPaddingBlock >= 0) {
            padding += 4.0 * c.vec(c.constPaddingBlock).vars * q; // the key's proof that the constants' padding is zero
            claims += 1;
        }
        int vars = Math.max(1, Math.max(c.constVars, c.adviceVars));
        // ClaimBatch: each table's claims (already counted above, k / |F_ext|) reduced by at most one sumcheck, 2n / |F_ext|
        double batch = (c.adviceVars >= 0 ? 2.0 * c.adviceVars * q : 0) + (c.constVars >= 0 ? 2.0 * c.constVars * q : 0);
        double pcs = vk.zkScheme() != null ? zkPcsError(vk, vk.zkScheme(), claims) : pcsError(vk.pcs, vars, claims);
        return new SoundnessBudget(nodes * q, lookups, padding, pcs + batch);
    }

    /**
     * A zero-knowledge proof's commitment part: its constraint proof opens four hiding tableaux, not one table
     * (docs/security.md, "Composition"): the constants' at their size for the key's B openings (or, public constants,
     * their binding opening's bound at their size), the advice's at its
     * size, and the pads' and the products' (sized per proof by the symbolic run) at the worst size any table may have;
     * plus the claims' field term as for the opening. The constraints' own (m + 5 m_q)/|F_ext| is checked per proof with
     * the real counts ({@link io.zkml4j.pcs.LigeroConstraintParams}).
     */
    private static double zkPcsError(VerifyingKey vk, io.zkml4j.pcs.HidingLigeroPcs h, long claims) {
        Circuit c = vk.circuit;
        io.zkml4j.pcs.HidingLigeroParams p = h.params();
        double err = 2 * Math.pow(2, -p.minSoundnessBits()); // pads, products
        if (c.constVars >= 0 && vk.publicConstants()) err += Math.pow(2, -vk.pcs.soundnessBits(c.constVars)); // their binding opening
        else if (c.constVars >= 0) err += Math.pow(2, -p.forOpenings(((io.zkml4j.pcs.LigeroCommitment) vk.constants).openings()).soundnessBits(c.constVars, 1));
        if (c.adviceVars >= 0) err += Math.pow(2, -p.soundnessBits(c.adviceVars, 1));
        return err + (Math.max(1, claims) - 1) * Math.pow(2, -LOG2_Q);
    }

    /** The opening's error with m claims (its m/|F_ext| term is linear, so m may exceed an int). */
    private static double pcsError(io.zkml4j.pcs.MultilinearPcs pcs, int vars, long claims) {
        return Math.pow(2, -pcs.soundnessBits(vars)) + (Math.max(1, claims) - 1) * Math.pow(2, -LOG2_Q);
    }

    /** Variables of any vector of a key: committed ones sit in a table of at most 2^{@link Circuit#MAX_TABLE_VARS}. */
    static final int MAX_COMMITTED_VARS = Circuit.MAX_TABLE_VARS;
    /**
     * Variables of a public vector: at most 2^26 entries (VerifyingKey.fromBytes) over at most MAX_RANK dimensions,
     * each padded by ceil(log2 d) &lt; log2 d + 1, so fewer than 26 + MAX_RANK.
     */
    static final int MAX_PUBLIC_VARS = 26 + VerifyingKey.MAX_RANK - 1;
    /** Most inputs of a node other than an index node: 3 (Gemm and Conv with a bias, BatchNormalization, Where); one output. */
    static final int MAX_FIXED_ARITY = 3;

    /**
     * The budget of the worst key the verifier accepts, from the caps alone (every figure an upper bound):
     * <ul>
     *   <li>nodes: every node output is a distinct tensor (at most {@link VerifyingKey#MAX_TENSORS}); per output, an
     *       index node costs at most 2 x {@link NodeSpec#MAX_IO} inputs x v, any other node (one output, at most
     *       {@link #MAX_FIXED_ARITY} inputs) 64 ((MAX_FIXED_ARITY + 1) v + 1), with v = max({@link #MAX_PUBLIC_VARS},
     *       {@link #MAX_COMMITTED_VARS}) (inputs may repeat, so every input slot may be the largest vector);</li>
     *   <li>lookups: every region's rows and every multiplicity vector are disjoint blocks of the advice table
     *       (2^28 entries), and a LogUp's error per advice entry it occupies is at most rho = the maximum over every
     *       region size 2^n and table size 2^k of err(n, k) / (2^n + 2^k) (range: k = w + 1, w in [8, 16]) or
     *       err(n, k) / (2^(n+1) + 2^k) (a table rule: two columns of 2^n rows, k &lt;= 16); so all lookups together
     *       err at most rho 2^28 (whatever the split into range and rule regions);</li>
     *   <li>padding: 4 x 28 / |F_ext| for each of the two tables (advice per proof, constants in the key);</li>
     *   <li>commitment: a 2^28 table, with claims 64 per node ({@link VerifyingKey#MAX_NODES}) + (MAX_IO + 1) per
     *       index output + 64 per range check (each owns at least one advice entry: at most 2^28) + 3 per table rule
     *       (at most MAX_NODES x {@link NodeSpec#MAX_RULES}) + 4.</li>
     * </ul>
     */
    static SoundnessBudget worstCase(io.zkml4j.pcs.MultilinearPcs pcs) {
        double q = Math.pow(2, -LOG2_Q);
        int n = Circuit.MAX_TABLE_VARS;
        int v = Math.max(MAX_PUBLIC_VARS, MAX_COMMITTED_VARS);
        double perOutput = Math.max(2.0 * NodeSpec.MAX_IO * v, 64.0 * ((MAX_FIXED_ARITY + 1) * v + 1));
        double nodes = VerifyingKey.MAX_TENSORS * perOutput * q;
        double lookups = worstLookupErrorPerEntry() * Math.pow(2, n);
        double padding = 2 * 4.0 * n * q;
        long ranges = 1L << n, rules = (long) VerifyingKey.MAX_NODES * NodeSpec.MAX_RULES;
        long claims = 64L * VerifyingKey.MAX_NODES + (long) VerifyingKey.MAX_TENSORS * (NodeSpec.MAX_IO + 1) + 64L * ranges + 3 * rules + 4;
        return new SoundnessBudget(nodes, lookups, padding, pcsError(pcs, n, claims));
    }

    /** rho of {@link #worstCase}: the largest LogUp error per advice entry its region and multiplicities occupy. */
    static double worstLookupErrorPerEntry() {
        double rho = 0;
        for (int rows = 1; rows < Circuit.MAX_TABLE_VARS; rows++) {
            for (int w = Circuit.MIN_LIMB_BITS; w <= Circuit.MAX_LIMB_BITS; w++) {
                rho = Math.max(rho, logUpError(rows, w + 1) / (Math.pow(2, rows) + Math.pow(2, w + 1)));
            }
            for (int k = 1; k <= TableRule.MAX_BITS; k++) {
                rho = Math.max(rho, logUpError(rows, k) / (Math.pow(2, rows + 1) + Math.pow(2, k)));
            }
        }
        return rho;
    }

    /** LogUp-GKR's error for 2^rows looked-up rows and a 2^k-row table (the bound depends on the sizes only). */
    private static double logUpError(int rows, int k) {
        return Math.pow(2, -LogUpGkr.soundnessBits(new io.zkml4j.lookup.RangeTable(k), new LookupShape(rows, 1)));
    }
}
