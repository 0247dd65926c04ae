package io.zkml4j.ml.prover;

import io.zkml4j.field.codec.FieldReader;
import io.zkml4j.field.codec.FieldWriter;
import io.zkml4j.field.codec.ProofFormatException;
import io.zkml4j.ml.quant.TableRule;
import io.zkml4j.ml.quant.UnaryFunction;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One provable layer as the verifier sees it: kind, the ONNX node it comes from, vector lengths, whether a bias is
 * added and the rescale shift. No weights: those are committed in the {@link VerifyingKey}.
 *
 * <p>LINEAR: {@code q = rescale(W x + b, shift)} with W of shape [inLen, outLen] (row-major, row = input index), i.e.
 * {@code acc[n] = b[n] + sum_k x[k] W[k][n]}, {@code q = floor((acc + 2^(shift-1)) / 2^shift)} (shift 0: q = acc).
 * RELU: {@code z = max(x, 0)} with inLen = outLen.
 * LOOKUP: element-wise {@code z = T(clamp(requant(x, inScale, rule.sIn), lo, hi))} with T the table of {@link #rule}
 * (docs/quantization.md section 3): requant is a rescale by 2^shift (round half up) when inScale &gt; sIn, an exact
 * multiplication by 2^up when inScale &lt; sIn; the clamp only if the rule saturates (otherwise an input outside the
 * domain has no valid run). The rule's domain must be the full signed range [-2^(bits-1), 2^(bits-1)).
 */
public final class LayerSpec {
    /** The layer kinds of this slice. */
    public enum Kind { LINEAR, RELU, LOOKUP }

    /** Largest vector length a layer may have (2^24 values per vector; far beyond this slice's models). */
    static final int MAX_LEN = 1 << 24;
    /** Largest rescale shift: the remainder's range check uses at most two 16-bit limbs. */
    static final int MAX_SHIFT = 32;
    /** Bound on |scale| accepted when decoding (the compiler clamps activation scales to [-30, 40]). */
    static final int MAX_SCALE = 1000;
    /** Largest exact up-shift of a LOOKUP input (2^up x stays far below p/2 with B + up &lt;= 56, checked in the key). */
    static final int MAX_UP = 20;

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
    /** LOOKUP: the table rule (function, parameters, scales, bits, domain, saturation); null otherwise. */
    public final TableRule rule;
    /** LOOKUP: the exact up-shift 2^up of the input before the lookup (0 when shift &gt; 0 or for other kinds). */
    public final int up;

    LayerSpec(Kind kind, String name, String op, int inLen, int outLen, boolean hasBias, int shift, int inScale, int weightScale, int outScale) {
        this(kind, name, op, inLen, outLen, hasBias, shift, inScale, weightScale, outScale, null);
    }

    /** A LOOKUP layer of n values reading scale inScale through {@code rule}. */
    static LayerSpec lookup(String name, String op, int n, int inScale, TableRule rule) {
        return new LayerSpec(Kind.LOOKUP, name, op, n, n, false, Math.max(0, inScale - rule.sIn()), inScale, 0, rule.sOut(), rule);
    }

    LayerSpec(Kind kind, String name, String op, int inLen, int outLen, boolean hasBias, int shift, int inScale, int weightScale, int outScale, TableRule rule) {
        if (inLen < 1 || inLen > MAX_LEN || outLen < 1 || outLen > MAX_LEN) throw new IllegalArgumentException("layer '" + name + "': vector length out of range");
        if (shift < 0 || shift > MAX_SHIFT) throw new IllegalArgumentException("layer '" + name + "': shift " + shift + " out of range 0.." + MAX_SHIFT);
        if (kind == Kind.RELU && (inLen != outLen || hasBias || shift != 0)) throw new IllegalArgumentException("layer '" + name + "': malformed Relu");
        for (int sc : new int[] {inScale, weightScale, outScale}) {
            if (Math.abs(sc) > MAX_SCALE) throw new IllegalArgumentException("layer '" + name + "': scale " + sc + " out of range");
        }
        if ((kind == Kind.LOOKUP) != (rule != null)) throw new IllegalArgumentException("layer '" + name + "': a table rule belongs to LOOKUP layers only");
        if (kind == Kind.LOOKUP) {
            if (inLen != outLen || hasBias || weightScale != 0) throw new IllegalArgumentException("layer '" + name + "': malformed lookup");
            if (Math.abs(rule.sIn()) > MAX_SCALE || Math.abs(rule.sOut()) > MAX_SCALE) throw new IllegalArgumentException("layer '" + name + "': table scale out of range");
            if (rule.lo() != -(1L << (rule.bits() - 1)) || rule.hi() != (1L << (rule.bits() - 1)) - 1) {
                throw new IllegalArgumentException("layer '" + name + "': table domain [" + rule.lo() + ", " + rule.hi() + "] is not the full " + rule.bits() + "-bit range");
            }
            if (shift != Math.max(0, inScale - rule.sIn()) || outScale != rule.sOut()) {
                throw new IllegalArgumentException("layer '" + name + "': scales " + inScale + " -> " + outScale + " disagree with the table " + rule + " and the shift " + shift);
            }
            if (rule.sIn() - inScale > MAX_UP) throw new IllegalArgumentException("layer '" + name + "': up-shift by 2^" + (rule.sIn() - inScale) + " exceeds 2^" + MAX_UP);
        } else if (kind == Kind.LINEAR ? shift != inScale + weightScale - outScale : inScale != outScale || weightScale != 0) {
            throw new IllegalArgumentException("layer '" + name + "': scales " + inScale + ", " + weightScale + ", " + outScale + " disagree with the shift " + shift);
        }
        this.rule = rule;
        this.up = kind == Kind.LOOKUP ? Math.max(0, rule.sIn() - inScale) : 0;
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
        if (rule != null) {
            writeString(w, rule.fn().name());
            double[] p = rule.params();
            w.u32(p.length);
            for (double d : p) w.u64(Double.doubleToRawLongBits(d));
            w.u64(rule.sIn()).u64(rule.sOut()).u32(rule.bits()).u64(rule.lo()).u64(rule.hi()).u8(rule.saturate() ? 1 : 0);
        }
    }

    /** The table rule of a LOOKUP layer: function by name, raw parameter bits, scales, bits, domain, saturation. */
    private static TableRule readRule(FieldReader r) {
        String fn = readString(r, "table function");
        UnaryFunction f;
        try {
            f = UnaryFunction.valueOf(fn);
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException("table function '" + fn + "' unknown");
        }
        int np = r.length("table parameter count", 16);
        double[] p = new double[np];
        for (int i = 0; i < np; i++) p[i] = Double.longBitsToDouble(r.u64("table parameter"));
        int sIn = readScale(r, "table input"), sOut = readScale(r, "table output");
        int bits = r.u32("table bits");
        long lo = r.u64("table domain start"), hi = r.u64("table domain end");
        int sat = r.u8("table saturation flag");
        if (sat > 1) throw new ProofFormatException("table saturation flag " + sat + " is not 0 or 1");
        try {
            return new TableRule(f, p, sIn, sOut, bits, lo, hi, sat == 1);
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException("table rule: " + e.getMessage());
        }
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
        TableRule rule = k == Kind.LOOKUP.ordinal() ? readRule(r) : null;
        try {
            return new LayerSpec(Kind.values()[k], name, op, in, out, bias == 1, shift, inScale, weightScale, outScale, rule);
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
        if (kind == Kind.LOOKUP) return String.format("%s '%s': %d, table %s from scale 2^-%d", op, name, inLen, rule, inScale);
        return kind == Kind.LINEAR
                ? String.format("%s '%s': %d -> %d%s, scales 2^-%d x 2^-%d -> 2^-%d (rescale by 2^%d)", op, name, inLen, outLen,
                        hasBias ? " + bias" : "", inScale, weightScale, outScale, shift)
                : String.format("%s '%s': %d", op, name, inLen);
    }
}
