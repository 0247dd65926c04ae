package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.LigeroParams;

import java.util.Map;

/**
 * What proving a model will cost, predicted from its shape before any work: the committed tables the circuit lays out
 * (constants at setup, advice per proof), from which the time, the heap and the proof size follow by a per-entry model
 * fitted to measured runs (`./zkml4j bench prove` and bench/cli-cold.sh, JDK 25, 2 cores; docs/benchmarks.md
 * "Estimates" gives the fit and how far each model's figures land from it). Predictions aim at a factor of 2.
 */
public record ModelEstimate(long parameters, int nodes, long constEntries, long adviceEntries, int committedVectors,
                            double proveSeconds, double proveColdSeconds, double setupSeconds, long proofBytes,
                            long proveHeapBytes, long setupHeapBytes, boolean zeroKnowledge, boolean publicConstants) {

    // fitted constants (see the class comment): seconds per million table entries, and fixed parts; "cold" and setup
    // are one command each (JVM start, key files), prove is in a running JVM
    static final double PROVE_S_PER_M_ADVICE = 1.0, PROVE_S_PER_M_CONST = 0.0175, PROVE_S_FIXED = 0.005;
    static final double COLD_S_FIXED = 0.3, COLD_S_PER_M_CONST = 0.045, COLD_FACTOR = 2.5; // fixed parts refitted 2026-12-07 (quiet host, AOT cache)
    /** A zero-knowledge proof against a validity proof of the same model (1.3x at dense_4m to 2.9x at digits_lenet, 2026-12-07), and its cold command's extra classes. */
    static final double ZK_PROVE_FACTOR = 2.0, ZK_COLD_S_FIXED = 0.15;
    /** A zero-knowledge setup's fixed part: B mask sets drawn and encoded, a key of 19 MB at B = 16 even for digits_mlp (bench/estimate-check.sh 2026-12-07 23:41). */
    static final double ZK_SETUP_S_FIXED = 0.35;
    /** Setup seconds per million encoded entries of the constants' commitment (a binding key encodes 2 per table entry). */
    static final double SETUP_S_PER_M_ENCODED = 0.07, SETUP_S_FIXED = 0.4;

    /**
     * Before setup ({@link ModelSetup#setupAsDeclared}'s choice: a zero-knowledge key for {@code proofs} proofs when
     * the parameters are private and anything is; with public parameters and a private input or output, a
     * zero-knowledge key whose constants are committed binding-only, {@code proofs} ignored): the circuit is compiled
     * from the model (no table, no commitment).
     */
    public static ModelEstimate of(QuantizedModel m, Visibility visibility, int proofs) {
        ModelSetup.Layout l = ModelSetup.layout(m, false);
        Circuit c = Circuit.build(VerifyingKey.copies(l.cc().tensors, visibility), l.nodes(), l.rangeBits());
        boolean zk = ModelSetup.zeroKnowledge(visibility), pub = zk && !ModelSetup.budgeted(visibility);
        return of(c, m, zk ? (pub ? 1 : proofs) : 0, pub);
    }

    /** From a proving key, whose circuit is already built (nothing is compiled again). */
    public static ModelEstimate of(ProvingKey pk) {
        return of(pk.vk.circuit, pk.model, pk.vk.zeroKnowledge() ? Math.max(1, pk.proofBudget()) : 0, pk.vk.publicConstants());
    }

    /**
     * {@code zkProofs}: the budget B of a zero-knowledge key, 0 for a validity key; {@code pub}: a zero-knowledge key
     * whose constants are committed binding-only (as a validity key's: encoding, padding proof at setup, opening).
     */
    private static ModelEstimate of(Circuit c, QuantizedModel m, int zkProofs, boolean pub) {
        long constEntries = c.constVars < 0 ? 0 : 1L << c.constVars, advice = c.adviceVars < 0 ? 0 : 1L << c.adviceVars;
        long params = 0;
        for (io.zkml4j.ml.quant.QConst k : m.constants.values()) params += k.values.length;
        int vectors = 0;
        for (Vec v : c.vecs) if (v.kind == Vec.Kind.CONST && v.id != c.constPaddingBlock || v.committedPerProof() && !c.regionOf.containsKey(v.id)) vectors++;
        boolean zk = zkProofs > 0, hidingConstants = zk && !pub;
        long encoded = c.constVars < 0 ? 0 : hidingConstants ? io.zkml4j.pcs.HidingLigeroParams.DEFAULT.forOpenings(zkProofs).encodedEntries(c.constVars)
                : LigeroParams.DEFAULT.encodedEntries(c.constVars);
        // the constants' padding zero-check (ConstantsPadding: at setup for a binding key, in every proof for a
        // zero-knowledge one): its indicator and the sumcheck's folds (the first two in one pass), 2.5 words per entry
        long padding = c.constPaddingBlock < 0 ? 0 : 5L * c.vec(c.constPaddingBlock).paddedSize() / 2;
        double mc = constEntries / 1e6, ma = advice / 1e6;
        // public constants: their part (the binding opening) costs what it costs a validity proof
        double prove = (PROVE_S_FIXED + PROVE_S_PER_M_ADVICE * ma + (pub ? 0 : PROVE_S_PER_M_CONST * mc)) * (zk ? ZK_PROVE_FACTOR : 1) + (pub ? PROVE_S_PER_M_CONST * mc : 0);
        double cold = COLD_S_FIXED + (zk ? ZK_COLD_S_FIXED : 0) + COLD_S_PER_M_CONST * mc + COLD_FACTOR * prove;
        double setup = SETUP_S_FIXED + (hidingConstants ? ZK_SETUP_S_FIXED : 0) + SETUP_S_PER_M_ENCODED * encoded / 1e6;
        // the advice table's claims are reduced to one row (ClaimBatch), the constants' outside its block a row each
        long proof = zk ? zkProofBytes(c, zkProofs, pub) : pcsBytes(constEntries, constantRows(c)) + pcsBytes(advice, 1) + 2048L * c.nodes.size();
        // heap: the constants (the model's values, their transposed copies for the products, the table and its share of
        // the opening), the advice table with its encoding, the witness and the lookups' trees (about 20 longs per advice
        // entry, 30 with a hiding encoding), a zero-knowledge proof's padding check; at setup the encoded constants beside
        // the table and a binding key's padding check. Checked against a 40M-weight Gemm (10000 -> 4000, constants 2^27):
        // binding setup 7.8 GiB measured / 7.3 predicted, prove 2.4 / 2.2; zero-knowledge (B = 16) setup 8.4 / 7.8, prove
        // 6.2 / 6.2 (docs/benchmarks.md, "Estimates").
        long heap = 8 * (2 * params + constEntries + constEntries / 2 + (hidingConstants ? padding : 0)) + (zk ? 240 : 160) * advice + (96L << 20);
        long setupHeap = hidingConstants ? 8 * (2 * params + 2 * constEntries + encoded + encoded / 4) + (64L << 20)
                : 8 * (params + constEntries + encoded + padding) + (64L << 20);
        return new ModelEstimate(params, c.nodes.size(), constEntries, advice, vectors, prove, cold, setup, proof, heap, setupHeap, zk, pub);
    }

    /** Pads (masked messages) and proofs of product per node of a zero-knowledge proof: the corpus has 110-150 and 10-20. */
    static final int ZK_PADS_PER_NODE = 150, ZK_PRODUCTS_PER_NODE = 25;

    /**
     * A zero-knowledge proof: the messages as a validity proof's, then one constraint proof opening the four hiding
     * tableaux (the constants' for B openings, the advice, the pads, the products: 7 variables a product) at their layouts;
     * with public constants ({@code pub}) three, and the constants' revealed claims with their binding opening.
     */
    private static long zkProofBytes(Circuit c, int proofs, boolean pub) {
        io.zkml4j.pcs.HidingLigeroParams one = io.zkml4j.pcs.HidingLigeroParams.DEFAULT;
        int nodes = c.nodes.size();
        long bytes = 2048L * nodes + 32L * ZK_PRODUCTS_PER_NODE * nodes;
        if (c.constVars >= 0 && pub) bytes += 16L * constantRows(c) + pcsBytes(1L << c.constVars, constantRows(c));
        else if (c.constVars >= 0) bytes += one.forOpenings(proofs).openingBytes(Math.max(1, c.constVars));
        if (c.adviceVars >= 0) bytes += one.openingBytes(Math.max(1, c.adviceVars));
        bytes += one.openingBytes(ZkSink.tableVars(ZK_PADS_PER_NODE * nodes)) + one.openingBytes(ZkSink.tableVars(7 * ZK_PRODUCTS_PER_NODE * nodes));
        return bytes;
    }

    /** The constant table's opening rows, each constant claimed about once: one per constant outside ClaimBatch's block, one for the block. */
    private static int constantRows(Circuit c) {
        java.util.List<Vec> consts = new java.util.ArrayList<>();
        for (Vec v : c.vecs) if (v.kind == Vec.Kind.CONST) consts.add(v); // the padding block too: the key's claim on it joins every proof
        if (consts.isEmpty()) return 0;
        int[] block = ClaimBatch.constantBlock(c, consts);
        int rows = block == null ? 0 : 1;
        for (Vec v : consts) if (block == null || !ClaimBatch.inBlock(v, block)) rows++;
        return rows;
    }

    /** A Ligero opening of a 2^n table with k claims: k evaluation rows, the proximity row, the columns, their paths. */
    private static long pcsBytes(long entries, int claims) {
        if (entries == 0) return 0;
        int n = 63 - Long.numberOfLeadingZeros(entries);
        LigeroParams p = LigeroParams.DEFAULT;
        int logCols = p.logCols(n);
        long cols = 1L << logCols, rows = entries / cols;
        long t = Math.min(p.numQueries, cols << p.logBlowup);
        return 16 * cols * (claims + 1) + 8 * t * rows + 32L * t * Math.max(1, logCols + p.logBlowup - 7);
    }

    /**
     * Null when {@code maxHeap} bytes hold the prover (setup: also the encoding), else one line naming the need and the
     * setting that gives it.
     */
    public String refusal(long maxHeap, boolean setup) {
        long need = setup ? setupHeapBytes : proveHeapBytes;
        if (need <= maxHeap) return null;
        long gib = (need + (1L << 30) - 1) >> 30;
        return String.format("%s needs about %.1f GiB of heap, this JVM has %.1f GiB: run with ZKML4J_JAVA_OPTS=\"-Xmx%dg -XX:+UseParallelGC\"",
                setup ? "setup" : "proving", need / (double) (1L << 30), maxHeap / (double) (1L << 30), Math.max(gib + 1, 2));
    }

    /** The figures that drive the prediction, for a test or a report. */
    Map<String, Object> drivers() {
        return Map.of("constEntries", constEntries, "adviceEntries", adviceEntries, "committedVectors", committedVectors);
    }
}
