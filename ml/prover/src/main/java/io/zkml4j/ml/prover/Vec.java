package io.zkml4j.ml.prover;

/**
 * A vector of the proof, as both sides see it: a tensor of the model (public input or output, constant committed at
 * setup, or hidden and committed per proof) or an auxiliary advice vector an operator declares (remainder limbs,
 * table indices, multiplicities). Values live in the padded layout of {@link Padding}.
 */
final class Vec {
    enum Kind {
        /** Public input: the verifier evaluates it itself. */
        INPUT,
        /** Public output: the verifier evaluates it itself. */
        OUTPUT,
        /** A constant (weights, biases): committed once at setup in the constant table. */
        CONST,
        /** Prover advice: committed per proof in the advice table. */
        ADVICE,
        /** A block of the advice table holding other vectors (a lookup region): addressable, not placed on its own. */
        REGION
    }

    final int id;
    final String name;
    final Kind kind;
    final int[] shape;
    final int vars;
    /** A model input or output the key declares private: committed with the advice, never given to the verifier. */
    final boolean hidden;
    /** A model input of ONNX type BOOL: every real entry is 0 or 1 (checked by the verifier, or proven when hidden). */
    boolean bits;
    /** Position in its table, a multiple of 2^vars (set when the circuit is laid out; -1 for public vectors). */
    long offset = -1;

    Vec(int id, String name, Kind kind, int[] shape) {
        this(id, name, kind, shape, false);
    }

    Vec(int id, String name, Kind kind, int[] shape, boolean hidden) {
        if (hidden && kind != Kind.INPUT && kind != Kind.OUTPUT) throw new IllegalArgumentException("only a model input or output is hidden");
        this.id = id;
        this.hidden = hidden;
        this.name = name;
        this.kind = kind;
        this.shape = shape.clone();
        this.vars = Padding.vars(shape);
    }

    boolean isPublic() {
        return (kind == Kind.INPUT || kind == Kind.OUTPUT) && !hidden;
    }

    /** In the advice table, committed per proof: prover advice or a private model input or output. */
    boolean committedPerProof() {
        return kind == Kind.ADVICE || hidden;
    }

    int paddedSize() {
        return 1 << vars;
    }

    @Override
    public String toString() {
        return name + java.util.Arrays.toString(shape);
    }
}
