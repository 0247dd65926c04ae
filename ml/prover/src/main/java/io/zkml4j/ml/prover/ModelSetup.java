package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.QuantizedModel;
import io.zkml4j.pcs.LigeroParams;
import io.zkml4j.pcs.LigeroPcs;
import io.zkml4j.pcs.MultilinearPcs;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.pcs.PcsProverData;

import java.util.List;

/**
 * Setup: checks that every node of a quantized model is provable (one line naming the first that is not), builds the
 * circuit, commits all constants in one Ligero table (no trusted setup, no SRS) and returns the {@link ProvingKey}
 * (prover-only) holding the {@link VerifyingKey} (public).
 *
 * <p>Range budget: activations are kept below 2^(B-1) in magnitude with B = actBits + 4 (quantization keeps |v| &lt;
 * 2^(actBits-1) at twice the calibrated range, and inputs up to 8x beyond it are accepted: 3 more bits, one of margin);
 * every accumulator bound is checked at setup against 2^62, so no relation the proof checks wraps mod p.
 */
public final class ModelSetup {
    private ModelSetup() {}

    static int rangeBitsFor(int actBits) {
        return Math.max(VerifyingKey.MIN_RANGE_BITS, Math.min(VerifyingKey.MAX_RANGE_BITS, actBits + 4));
    }

    public static ProvingKey setup(QuantizedModel m) {
        return setup(m, new LigeroPcs(LigeroParams.DEFAULT), Visibility.DEFAULT);
    }

    public static ProvingKey setup(QuantizedModel m, LigeroParams params) {
        return setup(m, new LigeroPcs(params), Visibility.DEFAULT);
    }

    /** Setup with the default commitment and the given visibility of input, output and parameters. */
    public static ProvingKey setup(QuantizedModel m, Visibility visibility) {
        return setup(m, new LigeroPcs(LigeroParams.DEFAULT), visibility);
    }

    /** Setup with any commitment scheme (constants are public to the prover only: committed binding-only here). */
    public static ProvingKey setup(QuantizedModel m, MultilinearPcs pcs, Visibility visibility) {
        return setup(m, pcs, visibility, ProveProgress.NONE);
    }

    /** As {@link #setup(QuantizedModel, MultilinearPcs, Visibility)}, reporting its three stages. */
    public static ProvingKey setup(QuantizedModel m, MultilinearPcs pcs, Visibility visibility, ProveProgress progress) {
        return setup(m, pcs, null, visibility, progress);
    }

    /** {@code zk} non-null: a zero-knowledge key with the constants public ({@link #setupPublicParams}). */
    private static ProvingKey setup(QuantizedModel m, MultilinearPcs pcs, io.zkml4j.pcs.HidingLigeroPcs zk, Visibility visibility, ProveProgress progress) {
        progress.step("circuit", 0, 3);
        Layout l = layout(m);
        progress.step("commit weights", 1, 3);
        PcsProverData data = l.table == null ? null : pcs.commit(l.table, pcs.commitBlinding());
        progress.step("verifying key", 2, 3);
        VerifyingKey vk = key(m, l, pcs, zk, visibility, data == null ? null : data.commitment(), null);
        progress.step("done", 3, 3);
        return new ProvingKey(m, vk, l.cc.constValues, l.table, data, pcs);
    }

    /**
     * Setup for zero-knowledge proofs with public parameters (docs/zero-knowledge.md, "Public parameters"): the
     * constants committed binding-only by {@code constants} as for a validity key (their padding proven in the key, no
     * budget: the key proves any number of times), every proof's own tableaux (advice, pads, products) hiding by
     * {@code zk}, so the input, the activations and the advice stay hidden while each proof reveals its reduced claims on
     * the constants (functions of the public weights and public challenges) and opens them by {@code constants}. The
     * visibility must declare the parameters public and something else private.
     */
    public static ProvingKey setupPublicParams(QuantizedModel m, MultilinearPcs constants, io.zkml4j.pcs.HidingLigeroPcs zk, Visibility visibility, ProveProgress progress) {
        if (!visibility.paramsPublic() || !zeroKnowledge(visibility)) {
            throw new io.zkml4j.ml.ir.ModelException("a zero-knowledge key with public parameters needs the parameters public and the input or output private");
        }
        if (constants.hiding()) throw new io.zkml4j.ml.ir.ModelException("public parameters are committed binding-only, not by " + constants.describe());
        return setup(m, constants, zk, visibility, progress);
    }

    /** {@link #setupPublicParams(QuantizedModel, MultilinearPcs, io.zkml4j.pcs.HidingLigeroPcs, Visibility, ProveProgress)} with the default schemes. */
    public static ProvingKey setupPublicParams(QuantizedModel m, Visibility visibility) {
        return setupPublicParams(m, new LigeroPcs(LigeroParams.DEFAULT), new io.zkml4j.pcs.HidingLigeroPcs(io.zkml4j.pcs.HidingLigeroParams.DEFAULT), visibility, ProveProgress.NONE);
    }

    /**
     * The budget a caller without an opinion gives {@link #setupZeroKnowledge(QuantizedModel, io.zkml4j.pcs.HidingLigeroPcs,
     * Visibility, int)}: 16 proofs per setup, which costs dense_4m's zero-knowledge proofs and key about 1.3x the bytes of
     * a key for one proof, where one setup per proof costs a whole setup each time (small models pay more: digits_mlp's
     * key 42x, 19 MB; docs/zero-knowledge.md, "The budget"); setup again when spent.
     */
    public static final int DEFAULT_ZK_PROOFS = 16;

    /** {@link #setupZeroKnowledge(QuantizedModel, io.zkml4j.pcs.HidingLigeroPcs, Visibility, int)} for one proof (the smallest key and proofs). */
    public static ProvingKey setupZeroKnowledge(QuantizedModel m, io.zkml4j.pcs.HidingLigeroPcs pcs, Visibility visibility) {
        return setupZeroKnowledge(m, pcs, visibility, 1);
    }

    /** As {@link #setupZeroKnowledge(QuantizedModel, io.zkml4j.pcs.HidingLigeroPcs, Visibility, int, ProveProgress)}, without progress. */
    public static ProvingKey setupZeroKnowledge(QuantizedModel m, io.zkml4j.pcs.HidingLigeroPcs pcs, Visibility visibility, int proofs) {
        return setupZeroKnowledge(m, pcs, visibility, proofs, ProveProgress.NONE);
    }

    /**
     * Setup for zero-knowledge proofs ({@link ModelProver#proveZeroKnowledge}): the constants committed hiding by
     * {@code pcs} for {@code proofs} openings (B, 1..{@link io.zkml4j.pcs.HidingLigeroParams#MAX_OPENINGS}), each mask
     * set's evaluation mask coefficient C - 1 a uniform share (the proof opening that set balances it in its other
     * tableaux, so the constraint proof does not reveal the constants' part of the batched claims:
     * docs/zero-knowledge.md). Such a key makes B proofs, in zero knowledge only (the validity opening needs that
     * coefficient zero); {@link ProvingKey#proofsLeft} counts down, and a key read from a file keeps the count there.
     * Reports its three stages.
     */
    public static ProvingKey setupZeroKnowledge(QuantizedModel m, io.zkml4j.pcs.HidingLigeroPcs pcs, Visibility visibility, int proofs, ProveProgress progress) {
        if (proofs < 1 || proofs > io.zkml4j.pcs.HidingLigeroParams.MAX_OPENINGS) {
            throw new io.zkml4j.ml.ir.ModelException("a zero-knowledge key makes 1.." + io.zkml4j.pcs.HidingLigeroParams.MAX_OPENINGS + " proofs, not " + proofs);
        }
        progress.step("circuit", 0, 3);
        Layout l = layout(m);
        progress.step("commit weights", 1, 3);
        io.zkml4j.pcs.Blinding rnd = pcs.commitBlinding();
        io.zkml4j.field.GoldilocksExt2[] shares = new io.zkml4j.field.GoldilocksExt2[proofs];
        for (int b = 0; b < proofs; b++) shares[b] = io.zkml4j.field.GoldilocksExt2.of(rnd.nextField(), rnd.nextField());
        PcsProverData data = l.table == null ? null : new io.zkml4j.pcs.LigeroConstraints(pcs).commit(l.table, rnd, shares);
        progress.step("verifying key", 2, 3);
        VerifyingKey vk = key(m, l, pcs, null, visibility, data == null ? null : data.commitment(), null);
        progress.step("done", 3, 3);
        return new ProvingKey(m, vk, l.cc.constValues, l.table, data, pcs);
    }

    /**
     * The setup a user asks for by declaring visibility (the command line's and the server's): zero-knowledge
     * ({@link #setupZeroKnowledge}, default parameters, a key for {@code proofs} proofs) when the parameters are private,
     * since a validity proof reveals information about every private part; zero-knowledge with the constants public
     * ({@link #setupPublicParams}: binding-only, no budget, {@code proofs} ignored) when the parameters are public and the
     * input or output private; the validity setup (unlimited proofs) when input, output and parameters are all public.
     */
    public static ProvingKey setupAsDeclared(QuantizedModel m, Visibility visibility, int proofs, ProveProgress progress) {
        if (!zeroKnowledge(visibility)) return setup(m, new LigeroPcs(LigeroParams.DEFAULT), visibility, progress);
        io.zkml4j.pcs.HidingLigeroPcs zk = new io.zkml4j.pcs.HidingLigeroPcs(io.zkml4j.pcs.HidingLigeroParams.DEFAULT);
        return visibility.paramsPublic() ? setupPublicParams(m, new LigeroPcs(LigeroParams.DEFAULT), zk, visibility, progress)
                : setupZeroKnowledge(m, zk, visibility, proofs, progress);
    }

    /** Whether {@link #setupAsDeclared} makes a key with a budget of proofs: a zero-knowledge key with private parameters. */
    public static boolean budgeted(Visibility visibility) {
        return zeroKnowledge(visibility) && !visibility.paramsPublic();
    }

    /** Whether {@link #setupAsDeclared} makes a zero-knowledge key for this visibility: whenever anything is private. */
    public static boolean zeroKnowledge(Visibility visibility) {
        return !visibility.equals(Visibility.ALL_PUBLIC);
    }

    /**
     * The proving key of a model whose constants were committed before (by {@link #setup}, in the key {@code stored}):
     * the commitment's prover data is given, not recomputed. Throws ModelException unless the model and the data are
     * exactly what {@code stored} was made from.
     */
    static ProvingKey withCommitment(QuantizedModel m, VerifyingKey stored, Layout l, PcsProverData data, String where) {
        String mismatch = where + ": the model or its commitment data does not match the verifying key";
        VerifyingKey vk;
        try {
            vk = key(m, l, stored.pcs, stored.publicConstantsZk, stored.visibility, data == null ? null : data.commitment(), stored.constPaddingProof);
        } catch (io.zkml4j.transcript.VerificationException e) {
            throw new io.zkml4j.ml.ir.ModelException(mismatch); // the stored padding proof is bound to the stored key's statement
        }
        if (!vk.equals(stored)) throw new io.zkml4j.ml.ir.ModelException(mismatch);
        return new ProvingKey(m, vk, l.cc.constValues, l.table, data, stored.pcs);
    }

    /** What setup derives from the model before committing: the compiled circuit and the constant table (null without constants). */
    record Layout(CircuitCompiler cc, List<NodeSpec> nodes, int[] scales, int rangeBits, long[] table) {}

    static Layout layout(QuantizedModel m) {
        return layout(m, true);
    }

    /**
     * As {@link #layout(QuantizedModel)}; without the table (null) when only the circuit's shape is wanted, and then its
     * constant values are the model's own arrays, not copies (no key may be made from it).
     */
    static Layout layout(QuantizedModel m, boolean withTable) {
        int rangeBits = rangeBitsFor(m.actBits);
        CircuitCompiler cc = new CircuitCompiler(m, rangeBits, withTable);
        List<NodeSpec> nodes = cc.compile();
        int[] scales = new int[cc.tensors.size()];
        for (int i = 0; i < scales.length; i++) scales[i] = cc.scale(i);
        // the circuit's layout of the constant table (computed again inside the key from the same public data)
        Circuit layout = Circuit.build(cc.tensors, nodes, rangeBits);
        long[] table = null;
        if (withTable && layout.constVars >= 0) {
            long[] t = table = new long[1 << layout.constVars];
            // the constants on both cores (disjoint slots): the table's first touch (page faults) and the embedding
            cc.constValues.entrySet().parallelStream().forEach(e -> {
                Vec v = layout.vec(e.getKey());
                Padding.padInto(e.getValue(), v.shape, t, (int) v.offset);
            });
        }
        return new Layout(cc, nodes, scales, rangeBits, table);
    }

    /** The key; with {@code storedPaddingProof} null the constants' padding is proven from the table, else the stored proof is checked. */
    private static VerifyingKey key(QuantizedModel m, Layout l, MultilinearPcs pcs, io.zkml4j.pcs.HidingLigeroPcs publicConstantsZk, Visibility visibility, PcsCommitment constants,
            byte[] storedPaddingProof) {
        int[] in = toArray(l.cc.inputIds), out = toArray(l.cc.outputIds);
        VerifyingKey vk = new VerifyingKey(pcs, publicConstantsZk, l.rangeBits, visibility, l.cc.tensors, l.scales, l.nodes, in, out, constants,
                storedPaddingProof == null ? l.table : null, storedPaddingProof);
        ModelVerifier.requireSoundness(vk, why -> new io.zkml4j.ml.ir.ModelException("model '" + m.source + "': " + why));
        return vk;
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
