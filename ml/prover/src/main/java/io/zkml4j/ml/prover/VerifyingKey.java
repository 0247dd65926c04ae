package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hashes;
import io.zkml4j.pcs.MultilinearPcs;
import io.zkml4j.pcs.PcsCommitment;
import io.zkml4j.pcs.PcsSchemes;

import java.util.ArrayList;
import java.util.List;

/**
 * The public verifying key of a committed model: every tensor of the proof (name, kind, shape, scale), every node
 * (operator, name, wiring, integer parameters, table rules), the range budget, the PCS parameters and the commitment
 * to all constants (weights and biases, one Ligero table). It holds NO weights. Its {@link #digest()} (SHA-256 of the
 * canonical encoding) is the model digest every proof's transcript absorbs first.
 *
 * <p>Encoding (canonical: {@link #fromBytes} rejects anything else): u8 version, the constants' commitment scheme
 * ({@link MultilinearPcs#writeScheme}), u8 proof kind ({@value #KIND_VALIDITY} validity, {@value #KIND_ZK}
 * zero-knowledge with the constants committed hiding by that scheme, {@value #KIND_ZK_PUBLIC_CONSTANTS}
 * zero-knowledge with the constants committed binding-only, followed by the hiding scheme of the proofs' own
 * tableaux), u32 range budget B, u8 visibility, u32 tensor count, per tensor (name, u8 kind, u32 rank, u32 dims, scale as 8-byte two's complement), u32
 * node count, the nodes ({@link NodeSpec}), u32 input count and ids, u32 output count and ids, u8 constant flag and
 * the constant table's commitment, u32 length and the constants' padding proof ({@link ConstantsPadding}).
 */
public final class VerifyingKey {
    static final int VERSION = 6; // 5: the constants' padding proof; 6: the proof kind (zero knowledge with public constants)
    /** The proof kind byte: validity proofs; zero-knowledge proofs (constants hiding); zero-knowledge proofs with the constants public (binding). */
    static final int KIND_VALIDITY = 0, KIND_ZK = 1, KIND_ZK_PUBLIC_CONSTANTS = 2;
    /** In a tensor's kind byte: a boolean model input. */
    private static final int BITS_FLAG = 0x10;
    static final int MAX_TENSORS = 1 << 20, MAX_NODES = 1 << 20, MAX_RANK = 8;
    /** A zero-check over at most 2^30 entries: 30 rounds of 3 extension values and one claim. */
    private static final int MAX_PADDING_PROOF = 4096;
    /** Smallest and largest range budget B a key may declare. */
    static final int MIN_RANGE_BITS = 8, MAX_RANGE_BITS = 40;

    /** The constants' commitment scheme and its parameters (a validity proof's only one). */
    final MultilinearPcs pcs;
    /**
     * The hiding scheme of a zero-knowledge proof's own tableaux when the constants are committed binding-only
     * ({@link ModelSetup#setupPublicParams}: public parameters, anything else private); null for every other key.
     */
    final io.zkml4j.pcs.HidingLigeroPcs publicConstantsZk;
    final int rangeBits;
    /** What the verifier sees of the statement (bound into the digest). */
    final Visibility visibility;
    final List<Vec> tensors;
    final int[] scales;
    final List<NodeSpec> nodes;
    final int[] inputs;
    final int[] outputs;
    final PcsCommitment constants;
    /** The setup's proof that every padded entry of every constant is zero ({@link ConstantsPadding}; empty when none is padded). */
    final byte[] constPaddingProof;
    /** The claim on the constant table that proof ends in (null when none): every proof's batched opening proves it. */
    final Claim constPadding;
    final Circuit circuit;
    private final byte[] encoded;
    private final byte[] digest;

    /** Setup: the key of a model whose constant table {@code constTable} (null without constants) is committed in {@code constants}; proves the constants' padding zero. */
    VerifyingKey(MultilinearPcs pcs, int rangeBits, Visibility visibility, List<Vec> tensors, int[] scales, List<NodeSpec> nodes, int[] inputs, int[] outputs,
                 PcsCommitment constants, long[] constTable) {
        this(pcs, null, rangeBits, visibility, tensors, scales, nodes, inputs, outputs, constants, constTable, null);
    }

    /** A key read back: {@code constPaddingProof} must show the constants' padding zero. */
    VerifyingKey(MultilinearPcs pcs, int rangeBits, Visibility visibility, List<Vec> tensors, int[] scales, List<NodeSpec> nodes, int[] inputs, int[] outputs,
                 PcsCommitment constants, byte[] constPaddingProof) {
        this(pcs, null, rangeBits, visibility, tensors, scales, nodes, inputs, outputs, constants, null, constPaddingProof);
    }

    /**
     * Either of the above ({@code constTable} null: {@code constPaddingProof} is checked) for any kind: {@code publicConstantsZk}
     * non-null makes a zero-knowledge key whose constants ({@code pcs}, binding-only) are public.
     */
    VerifyingKey(MultilinearPcs pcs, io.zkml4j.pcs.HidingLigeroPcs publicConstantsZk, int rangeBits, Visibility visibility, List<Vec> tensors, int[] scales, List<NodeSpec> nodes,
                 int[] inputs, int[] outputs, PcsCommitment constants, long[] constTable, byte[] constPaddingProof) {
        if (rangeBits < MIN_RANGE_BITS || rangeBits > MAX_RANGE_BITS) throw new IllegalArgumentException("range budget " + rangeBits + " bits out of range");
        if (publicConstantsZk != null) {
            // its proofs reveal their claims on the constants in the clear: only for parameters the key declares public
            if (pcs.hiding()) throw new IllegalArgumentException("a key whose constants are committed hiding proves with that scheme, not another");
            if (!visibility.paramsPublic()) throw new IllegalArgumentException("constants committed binding-only in a zero-knowledge key, but the parameters are declared private");
        }
        this.pcs = pcs;
        this.publicConstantsZk = publicConstantsZk;
        this.rangeBits = rangeBits;
        this.visibility = visibility;
        this.tensors = List.copyOf(copies(tensors, visibility));
        this.scales = scales.clone();
        this.nodes = List.copyOf(nodes);
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        this.constants = constants;
        if (inputs.length < 1 || outputs.length < 1) throw new IllegalArgumentException("a model needs at least one input and one output");
        for (int i : inputs) checkKind(i, Vec.Kind.INPUT);
        for (int o : outputs) checkKind(o, Vec.Kind.OUTPUT);
        if (java.util.Arrays.stream(inputs).distinct().count() != inputs.length || java.util.Arrays.stream(outputs).distinct().count() != outputs.length) {
            throw new IllegalArgumentException("an input or output is listed twice");
        }
        int numInputs = 0, numOutputs = 0;
        for (Vec v : tensors) {
            if (v.kind == Vec.Kind.INPUT) numInputs++;
            if (v.kind == Vec.Kind.OUTPUT) numOutputs++;
        }
        if (numInputs != inputs.length || numOutputs != outputs.length) throw new IllegalArgumentException("public tensors are not the declared inputs and outputs");
        this.circuit = Circuit.build(copies(this.tensors, visibility), nodes, rangeBits);
        boolean[] written = new boolean[tensors.size()];
        for (NodeSpec n : nodes) for (int o : n.out) {
            if (written[o]) throw new IllegalArgumentException("tensor " + tensors.get(o).name + " is written twice");
            written[o] = true;
        }
        for (Vec v : tensors) {
            if ((v.kind == Vec.Kind.ADVICE || v.kind == Vec.Kind.OUTPUT) && !written[v.id]) throw new IllegalArgumentException("tensor " + v.name + " is never computed");
        }
        if ((constants == null) != (circuit.constVars < 0)) throw new IllegalArgumentException("constant commitment present iff the model has constants");
        if (constants != null && constants.numVars() != circuit.constVars) throw new IllegalArgumentException("constant commitment of the wrong size");
        FieldWriter w = new FieldWriter().u8(VERSION);
        pcs.writeScheme(w);
        w.u8(kind());
        if (publicConstantsZk != null) publicConstantsZk.writeScheme(w);
        w.u32(rangeBits).u8(visibility.bits());
        w.u32(tensors.size());
        for (Vec v : tensors) {
            NodeSpec.writeString(w, v.name);
            w.u8(v.kind.ordinal() | (v.bits ? BITS_FLAG : 0)).u32(v.shape.length);
            for (int d : v.shape) w.u32(d);
            w.u64(scales[v.id]);
        }
        writeWiring(w, nodes, inputs, outputs);
        w.u8(constants == null ? 0 : 1);
        if (constants != null) constants.writeTo(w);
        byte[] statement = w.toByteArray();
        this.constPaddingProof = constPaddingProof != null ? constPaddingProof.clone() : ConstantsPadding.prove(circuit, statement, constTable, pcs.hiding());
        this.constPadding = ConstantsPadding.verify(circuit, statement, this.constPaddingProof, pcs.hiding());
        w.u32(this.constPaddingProof.length).bytes(this.constPaddingProof);
        encoded = w.toByteArray();
        digest = Hashes.sha256().hash(encoded);
    }

    /** The nodes, then the input and output ids, as the encoding has them (also written by tests of malformed keys). */
    static void writeWiring(FieldWriter w, List<NodeSpec> nodes, int[] inputs, int[] outputs) {
        w.u32(nodes.size());
        for (NodeSpec n : nodes) n.writeTo(w);
        w.u32(inputs.length);
        for (int i : inputs) w.u32(i);
        w.u32(outputs.length);
        for (int o : outputs) w.u32(o);
    }

    private void checkKind(int id, Vec.Kind k) {
        if (id < 0 || id >= tensors.size() || tensors.get(id).kind != k) throw new IllegalArgumentException("tensor " + id + " is not a " + k);
    }

    /** Fresh vectors (the circuit sets layout offsets on its own copies), the private inputs and outputs hidden. */
    static List<Vec> copies(List<Vec> vs, Visibility vis) {
        List<Vec> r = new ArrayList<>();
        for (Vec v : vs) {
            boolean hidden = v.kind == Vec.Kind.INPUT && !vis.inputPublic() || v.kind == Vec.Kind.OUTPUT && !vis.outputPublic();
            Vec c = new Vec(v.id, v.name, v.kind, v.shape, hidden);
            c.bits = v.bits;
            r.add(c);
        }
        return r;
    }

    /** What the verifier sees: which of input, output and parameters are public. */
    public Visibility visibility() {
        return visibility;
    }

    /**
     * Whether proofs under this key are zero-knowledge: its commitment scheme hides ({@link ModelSetup#setupZeroKnowledge}),
     * and {@link ModelProver} then makes only zero-knowledge proofs with it. Part of the digest (the scheme is).
     */
    public boolean zeroKnowledge() {
        return pcs.hiding() || publicConstantsZk != null;
    }

    /**
     * Whether this is a zero-knowledge key whose constants are committed binding-only ({@link ModelSetup#setupPublicParams}):
     * public parameters, input, activations and advice hidden; its proofs reveal their reduced claims on the constants
     * and open them by the binding scheme, and it proves without a budget. Part of the digest (the kind byte is).
     */
    public boolean publicConstants() {
        return publicConstantsZk != null;
    }

    /** The hiding scheme of a zero-knowledge proof's tableaux (the constants' own for a hiding key); null for a validity key. */
    io.zkml4j.pcs.HidingLigeroPcs zkScheme() {
        if (publicConstantsZk != null) return publicConstantsZk;
        return pcs.hiding() && pcs instanceof io.zkml4j.pcs.HidingLigeroPcs h ? h : null;
    }

    /** The kind byte of the encoding. */
    private int kind() {
        return publicConstantsZk != null ? KIND_ZK_PUBLIC_CONSTANTS : pcs.hiding() ? KIND_ZK : KIND_VALIDITY;
    }

    /** SHA-256 of the canonical encoding: binds graph, shapes, scales, parameters, PCS parameters and the constants' commitment. */
    public byte[] digest() {
        return digest.clone();
    }

    public byte[] toBytes() {
        return encoded.clone();
    }

    /** The encoding before the constants' padding proof: what that proof's transcript absorbs. */
    byte[] statement() {
        return java.util.Arrays.copyOf(encoded, encoded.length - 4 - constPaddingProof.length);
    }

    /**
     * A public tensor of the statement (a model input or output): its name, shape, scale and where its values sit in
     * the concatenated public input or output (every input flattened row-major, in the model's order; the same for
     * the outputs).
     */
    public record Io(String name, int[] shape, int scale, int offset) {
        public int length() {
            return Padding.size(shape);
        }

        public int[] shape() {
            return shape.clone();
        }

        /** This tensor's values within the concatenated public values. */
        public long[] of(long[] all) {
            return java.util.Arrays.copyOfRange(all, offset, offset + length());
        }
    }

    /** The model inputs, in order, with their offsets in the concatenated public input. */
    public List<Io> inputs() {
        return ios(inputs);
    }

    /** The model outputs, in order, with their offsets in the concatenated public output. */
    public List<Io> outputs() {
        return ios(outputs);
    }

    private List<Io> ios(int[] ids) {
        List<Io> r = new ArrayList<>();
        int at = 0;
        for (int id : ids) {
            Vec v = tensors.get(id);
            r.add(new Io(v.name, v.shape.clone(), scales[id], at));
            at += Padding.size(v.shape);
        }
        return r;
    }

    /** Length of the concatenated public input. */
    public int inputLength() {
        int n = 0;
        for (int id : inputs) n += Padding.size(tensors.get(id).shape);
        return n;
    }

    /** Length of the concatenated public output. */
    public int outputLength() {
        int n = 0;
        for (int id : outputs) n += Padding.size(tensors.get(id).shape);
        return n;
    }

    /** The commitment scheme, for people: its name and parameters. */
    public String commitmentScheme() {
        return pcs.describe();
    }

    /** Number of proven nodes. */
    public int numNodes() {
        return nodes.size();
    }

    public static VerifyingKey fromBytes(byte[] bytes) {
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("verifying key version");
        if (v != VERSION) throw new ProofFormatException("verifying key: unknown format version " + v);
        MultilinearPcs pcs;
        try {
            pcs = PcsSchemes.read(r);
        } catch (ProofFormatException e) {
            throw new ProofFormatException("verifying key: " + e.getMessage());
        }
        int kind = r.u8("proof kind");
        if (kind > KIND_ZK_PUBLIC_CONSTANTS) throw new ProofFormatException("verifying key: proof kind " + kind + " unknown");
        if ((kind == KIND_ZK) != pcs.hiding()) throw new ProofFormatException("verifying key: proof kind " + kind + " with a " + (pcs.hiding() ? "hiding" : "binding-only") + " constants' commitment");
        io.zkml4j.pcs.HidingLigeroPcs zk = null;
        if (kind == KIND_ZK_PUBLIC_CONSTANTS) {
            MultilinearPcs s;
            try {
                s = PcsSchemes.read(r);
            } catch (ProofFormatException e) {
                throw new ProofFormatException("verifying key: " + e.getMessage());
            }
            if (!(s instanceof io.zkml4j.pcs.HidingLigeroPcs h)) throw new ProofFormatException("verifying key: the zero-knowledge proofs' scheme is not a hiding one");
            zk = h;
        }
        int rangeBits = r.u32("range budget");
        Visibility visibility;
        try {
            visibility = Visibility.fromBits(r.u8("visibility flags"));
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException("verifying key: " + e.getMessage());
        }
        int nt = r.length("tensor count", MAX_TENSORS);
        List<Vec> tensors = new ArrayList<>();
        int[] scales = new int[nt];
        for (int i = 0; i < nt; i++) {
            String name = NodeSpec.readString(r, "tensor name");
            int k = r.u8("tensor kind");
            boolean bits = (k & BITS_FLAG) != 0;
            k &= ~BITS_FLAG;
            if (k >= Vec.Kind.REGION.ordinal()) throw new ProofFormatException("tensor kind " + k + " unknown");
            if (bits && k != Vec.Kind.INPUT.ordinal()) throw new ProofFormatException("tensor " + name + ": only an input is declared boolean");
            int rank = r.length("tensor rank", MAX_RANK);
            if (rank == 0) throw new ProofFormatException("tensor of rank 0");
            int[] shape = new int[rank];
            long size = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = r.u32("tensor dimension");
                if (shape[d] < 1 || shape[d] > (1 << 26)) throw new ProofFormatException("tensor dimension " + shape[d] + " out of range");
                size *= shape[d];
                if (size > (1 << 26)) throw new ProofFormatException("tensor " + name + " too large");
            }
            long s = r.u64("tensor scale");
            if (s < -1000 || s > 1000) throw new ProofFormatException("tensor scale " + s + " out of range");
            scales[i] = (int) s;
            Vec t = new Vec(i, name, Vec.Kind.values()[k], shape);
            t.bits = bits;
            tensors.add(t);
        }
        int nn = r.length("node count", MAX_NODES);
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 0; i < nn; i++) nodes.add(NodeSpec.readFrom(r));
        int[] in = new int[r.length("input count", 16)];
        for (int i = 0; i < in.length; i++) in[i] = r.u32("input id");
        int[] out = new int[r.length("output count", 16)];
        for (int i = 0; i < out.length; i++) out[i] = r.u32("output id");
        int flag = r.u8("constant flag");
        if (flag > 1) throw new ProofFormatException("constant flag " + flag + " is not 0 or 1");
        PcsCommitment cm = flag == 1 ? pcs.readCommitment(r) : null;
        byte[] padProof = r.bytes("constants' padding proof", r.length("constants' padding proof length", MAX_PADDING_PROOF));
        r.finish("verifying key");
        try {
            VerifyingKey vk = new VerifyingKey(pcs, zk, rangeBits, visibility, tensors, scales, nodes, in, out, cm, null, padProof);
            if (!java.util.Arrays.equals(vk.encoded, bytes)) throw new ProofFormatException("verifying key: not canonically encoded");
            return vk;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ProofFormatException("verifying key: " + e.getMessage());
        } catch (io.zkml4j.ml.ir.ModelException e) {
            throw new ProofFormatException("verifying key: " + e.getMessage());
        } catch (io.zkml4j.transcript.VerificationException e) {
            throw new ProofFormatException("verifying key: the constants' padding proof fails: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyingKey k && java.util.Arrays.equals(encoded, k.encoded);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }
}
