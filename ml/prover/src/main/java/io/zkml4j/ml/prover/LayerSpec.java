package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One provable layer as the verifier sees it: kind, the ONNX node it comes from, vector lengths, whether a bias is
 * added and the rescale shift. No weights: those are committed in the {@link VerifyingKey}.
 *
 * <p>LINEAR: {@code q = rescale(W x + b, shift)} with W of shape [inLen, outLen] (row-major, row = input index), i.e.
 * {@code acc[n] = b[n] + sum_k x[k] W[k][n]}, {@code q = floor((acc + 2^(shift-1)) / 2^shift)} (shift 0: q = acc).
 * RELU: {@code z = max(x, 0)} with inLen = outLen.
 */
public final class LayerSpec {
    /** The layer kinds of this slice. */
    public enum Kind { LINEAR, RELU }

    /** Largest vector length a layer may have (2^24 values per vector; far beyond this slice's models). */
    static final int MAX_LEN = 1 << 24;
    /** Largest rescale shift: the remainder's range check uses at most two 16-bit limbs. */
    static final int MAX_SHIFT = 32;
    /** Bound on |scale| accepted when decoding (the compiler clamps activation scales to [-30, 40]). */
    static final int MAX_SCALE = 1000;

    public final Kind kind;
    public final String name;
    public final String op;
    public final int inLen;
    public final int outLen;
    public final boolean hasBias;
    public final int shift;
    /** Power-of-two scales (value = integer / 2^scale) of the input, the weights (LINEAR; 0 for RELU) and the output. */
    public final int inScale;
    public final int weightScale;
    public final int outScale;

    LayerSpec(Kind kind, String name, String op, int inLen, int outLen, boolean hasBias, int shift, int inScale, int weightScale, int outScale) {
        if (inLen < 1 || inLen > MAX_LEN || outLen < 1 || outLen > MAX_LEN) throw new IllegalArgumentException("layer '" + name + "': vector length out of range");
        if (shift < 0 || shift > MAX_SHIFT) throw new IllegalArgumentException("layer '" + name + "': shift " + shift + " out of range 0.." + MAX_SHIFT);
        if (kind == Kind.RELU && (inLen != outLen || hasBias || shift != 0)) throw new IllegalArgumentException("layer '" + name + "': malformed Relu");
        for (int sc : new int[] {inScale, weightScale, outScale}) {
            if (Math.abs(sc) > MAX_SCALE) throw new IllegalArgumentException("layer '" + name + "': scale " + sc + " out of range");
        }
        if (kind == Kind.LINEAR ? shift != inScale + weightScale - outScale : inScale != outScale || weightScale != 0) {
            throw new IllegalArgumentException("layer '" + name + "': scales " + inScale + ", " + weightScale + ", " + outScale + " disagree with the shift " + shift);
        }
        this.inScale = inScale;
        this.weightScale = weightScale;
        this.outScale = outScale;
        this.kind = kind;
        this.name = name;
        this.op = op;
        this.inLen = inLen;
        this.outLen = outLen;
        this.hasBias = hasBias;
        this.shift = shift;
    }

    /** Number of variables of a vector of this length padded to a power of two (at least 1, so every table has 2 entries). */
    static int vars(int len) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(len - 1));
    }

    int inVars() {
        return vars(inLen);
    }

    int outVars() {
        return vars(outLen);
    }

    void writeTo(FieldWriter w) {
        w.u8(kind.ordinal());
        writeString(w, name);
        writeString(w, op);
        w.u32(inLen).u32(outLen).u8(hasBias ? 1 : 0).u32(shift);
        w.u64(inScale).u64(weightScale).u64(outScale);
    }

    /** A scale as 8-byte two's complement; decoding accepts only |scale| <= MAX_SCALE (so the encoding is canonical). */
    static int readScale(FieldReader r, String what) {
        long s = r.u64(what + " scale");
        if (s < -MAX_SCALE || s > MAX_SCALE) throw new ProofFormatException(what + " scale " + s + " out of range");
        return (int) s;
    }

    static LayerSpec readFrom(FieldReader r) {
        int k = r.u8("layer kind");
        if (k >= Kind.values().length) throw new ProofFormatException("layer kind " + k + " unknown");
        String name = readString(r, "layer name");
        String op = readString(r, "layer operator");
        int in = r.u32("layer input length"), out = r.u32("layer output length");
        int bias = r.u8("layer bias flag");
        if (bias > 1) throw new ProofFormatException("layer bias flag " + bias + " is not 0 or 1");
        int shift = r.u32("layer shift");
        int inScale = readScale(r, "layer input"), weightScale = readScale(r, "layer weight"), outScale = readScale(r, "layer output");
        try {
            return new LayerSpec(Kind.values()[k], name, op, in, out, bias == 1, shift, inScale, weightScale, outScale);
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException(e.getMessage());
        }
    }

    static void writeString(FieldWriter w, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        w.u32(b.length).bytes(b);
    }

    /** Reads a UTF-8 string, rejecting encodings that do not round-trip (canonical bytes only). */
    static String readString(FieldReader r, String what) {
        int n = r.length(what + " length", 1 << 16);
        byte[] b = r.bytes(what, n);
        String s = new String(b, StandardCharsets.UTF_8);
        if (!Arrays.equals(s.getBytes(StandardCharsets.UTF_8), b)) throw new ProofFormatException(what + ": not canonical UTF-8");
        return s;
    }

    @Override
    public String toString() {
        return kind == Kind.LINEAR
                ? String.format("%s '%s': %d -> %d%s, scales 2^-%d x 2^-%d -> 2^-%d (rescale by 2^%d)", op, name, inLen, outLen,
                        hasBias ? " + bias" : "", inScale, weightScale, outScale, shift)
                : String.format("%s '%s': %d", op, name, inLen);
    }
}
