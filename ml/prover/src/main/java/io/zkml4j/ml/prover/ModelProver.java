package io.zkml4j.ml.prover;

import io.zkml4j.ml.quant.FixedPoint;

import java.util.List;

/**
 * Prover of the model proof ({@link ModelVerifier} states what is proven and the soundness error). Public input and
 * output; NOT zero knowledge yet (openings and sumcheck messages leak information about weights and hidden
 * activations).
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

    /** Quantizes the float input with the model's input scale and proves. */
    public static Result prove(ProvingKey pk, double[] input) {
        return prove(pk, input, ProveProgress.NONE);
    }

    /** As {@link #prove(ProvingKey, double[])}, reporting progress. */
    public static Result prove(ProvingKey pk, double[] input, ProveProgress progress) {
        long[] x = pk.model.quantizeInputs(List.of(input)).get(0);
        return prove(pk, x, null, progress);
    }

    /** Proves on an already quantized input. */
    public static Result proveQuantized(ProvingKey pk, long[] x) {
        return prove(pk, x, null, ProveProgress.NONE);
    }

    static Result prove(ProvingKey pk, long[] x, GraphProtocol.Cheat cheat, ProveProgress progress) {
        if (x.length != pk.vk.inputLength()) {
            throw new io.zkml4j.ml.ir.ModelException("input '" + pk.vk.inputName() + "' needs " + pk.vk.inputLength() + " values, got " + x.length);
        }
        GraphProtocol.Proved p = GraphProtocol.prove(pk, x, cheat, progress);
        double[] yf = new double[p.output().length];
        for (int i = 0; i < yf.length; i++) yf[i] = FixedPoint.dequantize(p.output()[i], pk.vk.outputScale());
        progress.step("done", 1, 1);
        return new Result(x.clone(), p.output().clone(), yf, p.proof());
    }
}
