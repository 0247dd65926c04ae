package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.hash.Hashes;
import io.zkml4j.pcs.LigeroCommitment;
import io.zkml4j.pcs.LigeroParams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The public verifying key of a committed model: the layer chain (operators, node names, shapes, rescale shifts),
 * the input's and output's names, shapes and scales, the PCS parameters and one Ligero commitment per weight matrix
 * and bias. It holds NO weights. Its {@link #digest()} (SHA-256 of the canonical encoding) is the model digest that
 * every proof's transcript absorbs first.
 *
 * <p>Encoding (canonical, {@link #fromBytes} rejects anything else): u8 version, u32 logBlowup, u32 queries, u32 range budget B, input
 * and output (name, u32 rank, u32 dims, scale as 8-byte two's complement), u32 layer count, the layers
 * ({@link LayerSpec}: u8 kind, node name, operator, u32 in/out lengths, u8 bias flag, u32 shift, input/weight/output
 * scales; a LOOKUP layer then its table rule: function name, u32 parameter count, parameters as raw IEEE-754 bits,
 * table input and output scales, u32 bits, domain lo and hi as 8-byte two's complement, u8 saturation), u32 commitment count, the commitments (u32 numVars, 32-byte root). The commitments are, in
 * layer order, each LINEAR layer's W (padded to [2^vars(in)][2^vars(out)], row-major) and then its bias.
 */
public final class VerifyingKey {
    static final int VERSION = 1;

    final LigeroParams params;
    final String inputName;
    final int[] inputShape;
    final int inputScale;
    final String outputName;
    final int[] outputShape;
    final int outputScale;
    final List<LayerSpec> layers;
    /** B: the range budget of activations (see {@link AdviceLayout#rangeBitsFor}). */
    final int rangeBits;
    final List<LigeroCommitment> commitments;
    /** Per layer: index of W's / the bias's commitment, or -1. */
    final int[] weightCommitment;
    final int[] biasCommitment;
    private final byte[] encoded;
    private final byte[] digest;

    VerifyingKey(LigeroParams params, String inputName, int[] inputShape, int inputScale, String outputName, int[] outputShape,
                 int outputScale, List<LayerSpec> layers, int rangeBits, List<LigeroCommitment> commitments) {
        if (rangeBits < AdviceLayout.MIN_RANGE_BITS || rangeBits > AdviceLayout.MAX_RANGE_BITS) throw new IllegalArgumentException("range budget " + rangeBits + " bits out of range");
        this.rangeBits = rangeBits;
        this.params = params;
        this.inputName = inputName;
        this.inputShape = inputShape.clone();
        this.inputScale = inputScale;
        this.outputName = outputName;
        this.outputShape = outputShape.clone();
        this.outputScale = outputScale;
        this.layers = List.copyOf(layers);
        this.commitments = List.copyOf(commitments);
        weightCommitment = new int[layers.size()];
        biasCommitment = new int[layers.size()];
        Arrays.fill(weightCommitment, -1);
        Arrays.fill(biasCommitment, -1);
        int c = 0;
        for (int l = 0; l < layers.size(); l++) {
            LayerSpec s = layers.get(l);
            if (l > 0 && s.inLen != layers.get(l - 1).outLen) throw new IllegalArgumentException("layer '" + s.name + "': input length differs from the previous output");
            if (l > 0 && s.inScale != layers.get(l - 1).outScale) throw new IllegalArgumentException("layer '" + s.name + "': input scale differs from the previous output's");
            if (s.kind == LayerSpec.Kind.LOOKUP) checkLookup(s, rangeBits);
            if (s.kind != LayerSpec.Kind.LINEAR) continue;
            weightCommitment[l] = c++;
            if (s.hasBias) biasCommitment[l] = c++;
        }
        if (c != commitments.size()) throw new IllegalArgumentException(commitments.size() + " commitments for " + c + " weight tensors");
        for (int l = 0; l < layers.size(); l++) {
            LayerSpec s = layers.get(l);
            if (weightCommitment[l] >= 0 && commitments.get(weightCommitment[l]).numVars() != s.inVars() + s.outVars()) {
                throw new IllegalArgumentException("layer '" + s.name + "': weight commitment of the wrong size");
            }
            if (biasCommitment[l] >= 0 && commitments.get(biasCommitment[l]).numVars() != s.outVars()) {
                throw new IllegalArgumentException("layer '" + s.name + "': bias commitment of the wrong size");
            }
        }
        if (inputScale != layers.get(0).inScale || outputScale != layers.get(layers.size() - 1).outScale) {
            throw new IllegalArgumentException("input/output scales do not match the layer chain");
        }
        if (ProvableModel.size(inputShape) != layers.get(0).inLen || ProvableModel.size(outputShape) != layers.get(layers.size() - 1).outLen) {
            throw new IllegalArgumentException("input/output shapes do not match the layer chain");
        }
        FieldWriter w = new FieldWriter().u8(VERSION);
        w.u32(params.logBlowup).u32(params.numQueries).u32(rangeBits);
        writeIo(w, inputName, inputShape, inputScale);
        writeIo(w, outputName, outputShape, outputScale);
        w.u32(layers.size());
        for (LayerSpec s : layers) s.writeTo(w);
        w.u32(commitments.size());
        for (LigeroCommitment cm : commitments) cm.writeTo(w);
        encoded = w.toByteArray();
        digest = Hashes.sha256().hash(encoded);
    }

    /**
     * A LOOKUP layer is provable under range budget B iff B + up &lt;= 56 (see {@link AdviceLayout#clampBits}) and every
     * table output is below 2^(B-1) in magnitude: the lookup then bounds the layer's output as the range checks bound
     * the others, so the next layer's accumulator bound (checked at setup) holds.
     */
    static void checkLookup(LayerSpec s, int rangeBits) {
        if (rangeBits + s.up > 56) throw new IllegalArgumentException("layer '" + s.name + "': up-shift 2^" + s.up + " with a " + rangeBits + "-bit range budget exceeds 2^56");
        io.zkml4j.lookup.FunctionTable t = AdviceLayout.functionTable(s.rule);
        long bound = 1L << (rangeBits - 1);
        for (int j = 0; j < 1 << t.numVars(); j++) {
            long y = io.zkml4j.field.Goldilocks.toSigned(t.entry(1, j));
            if (y <= -bound || y >= bound) throw new IllegalArgumentException("layer '" + s.name + "': table output " + y + " at input " + (s.rule.lo() + j) + " exceeds the range budget 2^" + (rangeBits - 1));
        }
    }

    /** SHA-256 of the canonical encoding: binds graph, shapes, scales, shifts, PCS parameters and weight commitments. */
    public byte[] digest() {
        return digest.clone();
    }

    public byte[] toBytes() {
        return encoded.clone();
    }

    public List<LayerSpec> layers() {
        return layers;
    }

    public int inputLength() {
        return layers.get(0).inLen;
    }

    public int outputLength() {
        return layers.get(layers.size() - 1).outLen;
    }

    public String inputName() {
        return inputName;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int inputScale() {
        return inputScale;
    }

    public String outputName() {
        return outputName;
    }

    public int[] outputShape() {
        return outputShape.clone();
    }

    public int outputScale() {
        return outputScale;
    }

    public LigeroParams pcsParams() {
        return params;
    }

    List<LigeroCommitment> commitments() {
        return Collections.unmodifiableList(commitments);
    }

    private static void writeIo(FieldWriter w, String name, int[] shape, int scale) {
        LayerSpec.writeString(w, name);
        w.u32(shape.length);
        for (int d : shape) w.u32(d);
        w.u64(scale);
    }

    public static VerifyingKey fromBytes(byte[] bytes) {
        FieldReader r = new FieldReader(bytes);
        int v = r.u8("verifying key version");
        if (v != VERSION) throw new ProofFormatException("verifying key: unknown format version " + v);
        int logBlowup = r.u32("verifying key logBlowup"), queries = r.u32("verifying key queries");
        int rangeBits = r.u32("verifying key range bits");
        LigeroParams params;
        try {
            params = new LigeroParams(logBlowup, queries);
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException("verifying key: " + e.getMessage());
        }
        String inName = LayerSpec.readString(r, "input name");
        int[] inShape = readShape(r, "input");
        int inScale = readScale(r, "input");
        String outName = LayerSpec.readString(r, "output name");
        int[] outShape = readShape(r, "output");
        int outScale = readScale(r, "output");
        int n = r.length("layer count", 4096);
        if (n < 1) throw new ProofFormatException("verifying key: no layers");
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < n; i++) layers.add(LayerSpec.readFrom(r));
        int c = r.length("commitment count", 2 * n);
        List<LigeroCommitment> cms = new ArrayList<>();
        for (int i = 0; i < c; i++) cms.add(LigeroCommitment.readFrom(r));
        r.finish("verifying key");
        try {
            VerifyingKey vk = new VerifyingKey(params, inName, inShape, inScale, outName, outShape, outScale, layers, rangeBits, cms);
            if (!Arrays.equals(vk.encoded, bytes)) throw new ProofFormatException("verifying key: not canonical");
            return vk;
        } catch (ProofFormatException e) {
            throw e;
        } catch (RuntimeException e) { // a well-formed encoding of an inconsistent key
            throw new ProofFormatException("verifying key: " + e.getMessage());
        }
    }

    private static int[] readShape(FieldReader r, String what) {
        int rank = r.length(what + " rank", 16);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = r.u32(what + " dimension");
        return s;
    }

    private static int readScale(FieldReader r, String what) {
        return LayerSpec.readScale(r, what);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyingKey && Arrays.equals(((VerifyingKey) o).encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }
}
