package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.FixedPoint;

import java.util.List;

/**
 * Prover of the model proof ({@link ModelVerifier} states what is proven and the soundness error). The key decides the
 * kind: a zero-knowledge key ({@link VerifyingKey#zeroKnowledge()}) gets zero-knowledge proofs only, any other key
 * validity proofs, which reveal information about weights and hidden activations (docs/security.md).
 */
public final class ModelProver {
    private ModelProver() {}

    /**
     * The outcome of proving: the quantized public input and output (every model input, resp. output, flattened and
     * concatenated in the model's order: {@link VerifyingKey#inputs()} and {@link VerifyingKey#outputs()} give each
     * one's place), the output dequantized, and the proof bytes. The input and output are the prover's, whatever their
     * visibility; {@link #publicInput} and {@link #publicOutput} are what a verifier is given (null where private).
     */
    public static final class Result {
        public final long[] input;
        public final long[] output;
        public final double[] outputValues;
        public final byte[] proof;
        public final long[] publicInput;
        public final long[] publicOutput;

        Result(long[] input, long[] output, double[] outputValues, byte[] proof, Visibility visibility) {
            this.input = input;
            this.output = output;
            this.outputValues = outputValues;
            this.proof = proof;
            this.publicInput = visibility.inputPublic() ? input : null;
            this.publicOutput = visibility.outputPublic() ? output : null;
        }
    }

    /** Quantizes the float input of a one-input model with the model's input scale and proves. */
    public static Result prove(ProvingKey pk, double[] input) {
        return prove(pk, input, ProveProgress.NONE);
    }

    /** As {@link #prove(ProvingKey, double[])}, reporting progress. */
    public static Result prove(ProvingKey pk, double[] input, ProveProgress progress) {
        return prove(pk, List.of(input), progress);
    }

    /** Quantizes every model input (one flattened array each, in the model's order) with its scale and proves. */
    public static Result prove(ProvingKey pk, List<double[]> inputs, ProveProgress progress) {
        List<VerifyingKey.Io> ios = pk.vk.inputs();
        if (inputs.size() != ios.size()) throw new io.zkml4j.ml.ir.ModelException("the model has " + ios.size() + " input(s), got " + inputs.size());
        List<long[]> q = pk.model.quantizeInputs(inputs);
        long[] x = new long[pk.vk.inputLength()];
        for (int i = 0; i < ios.size(); i++) {
            if (q.get(i).length != ios.get(i).length()) {
                throw new io.zkml4j.ml.ir.ModelException("input '" + ios.get(i).name() + "' needs " + ios.get(i).length() + " values, got " + q.get(i).length);
            }
            System.arraycopy(q.get(i), 0, x, ios.get(i).offset(), q.get(i).length);
        }
        return prove(pk, x, null, progress, blindingFor(pk));
    }

    /** Proves on an already quantized input. */
    public static Result proveQuantized(ProvingKey pk, long[] x) {
        return prove(pk, x, null, ProveProgress.NONE, blindingFor(pk));
    }

    /** The proof's randomness: fresh for a zero-knowledge key, none (a validity proof) otherwise. */
    private static io.zkml4j.pcs.Blinding blindingFor(ProvingKey pk) {
        return pk.vk.zeroKnowledge() ? io.zkml4j.pcs.Blinding.fresh() : null;
    }

    /**
     * A zero-knowledge proof on an already quantized input (docs/zero-knowledge.md): every message masked by a one-time
     * pad from {@link java.security.SecureRandom}, the opening replaced by the constraint proof. Opt-in: the key must be
     * set up with {@link io.zkml4j.pcs.HidingLigeroPcs} ({@code ModelSetup.setupZeroKnowledge(model, new HidingLigeroPcs(...),
     * visibility, proofs)}), and it makes {@code proofs} proofs (each opens the constants' commitment with its own masks;
     * {@link ProvingKey#proofsLeft}); then this throws ModelException with one line. A key read from a file records each
     * proof in that file before proving. {@link ModelVerifier#verify} recognises the proof by its format byte.
     */
    public static Result proveZeroKnowledge(ProvingKey pk, long[] x) {
        return prove(pk, x, null, ProveProgress.NONE, io.zkml4j.pcs.Blinding.fresh());
    }

    static Result prove(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat, ProveProgress progress) {
        Result r = prove(pk, x, cheat, progress, null);
        CheatListener l = cheatListener;
        if (l != null && cheat != null) l.proved(pk, x, cheat, r.proof);
        return r;
    }

    /** Test seam: told of each validity proof made under a cheating prover's hand (a test replays the cheat in zero knowledge). */
    interface CheatListener {
        void proved(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat, byte[] proof);
    }

    static volatile CheatListener cheatListener;

    /** {@code zk}: the randomness of a zero-knowledge proof (a seeded source only in tests); null: the validity proof. */
    static Result prove(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat, ProveProgress progress, io.zkml4j.pcs.Blinding zk) {
        if (x.length != pk.vk.inputLength()) {
            throw new io.zkml4j.ml.ir.ModelException("the model's inputs need " + pk.vk.inputLength() + " values in all, got " + x.length);
        }
        GraphProtocol.Proved p = GraphProtocol.prove(pk, x, cheat, progress, zk);
        double[] yf = new double[p.output().length];
        for (VerifyingKey.Io o : pk.vk.outputs()) {
            for (int i = 0; i < o.length(); i++) yf[o.offset() + i] = FixedPoint.dequantize(p.output()[o.offset() + i], o.scale());
        }
        progress.step("done", 1, 1);
        return new Result(x.clone(), p.output().clone(), yf, p.proof(), pk.vk.visibility);
    }
}
