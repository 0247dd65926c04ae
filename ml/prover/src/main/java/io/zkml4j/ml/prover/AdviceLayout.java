package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.lookup.RangeTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where every advice vector of a proof lives, derived from the layer list alone (prover and verifier compute the
 * same layout from the verifying key). All advice is packed into ONE committed table of {@code numSlots} slots of
 * 2^slotVars entries each: entry i of slot j sits at index {@code j * 2^slotVars + i}, so a claim on slot j at
 * point p is a claim on the table at (p, 0..0, bits of j), low variables first.
 *
 * <p>Slots: the hidden activations v_1 .. v_{L-1} (v_0 = public input and v_L = public output are not committed),
 * the rescale remainders of LINEAR layers with a shift, and the 16-bit limbs of every range-checked quantity.
 *
 * <p>Range checks (each an affine combination Q of vectors, required in [0, 2^bits)):
 * <ul>
 *   <li>remainder of a LINEAR layer: Q = rem, bits = shift (exact: this is what makes rounding exact);</li>
 *   <li>RELU z = max(q, 0): Q = z and Q = z - q, bits = B (the key's range budget, {@link #rangeBitsFor});</li>
 *   <li>LINEAR output not read by a RELU (incl. the public output): Q = q + 2^(B-1), bits = B, so |q| &lt; 2^(B-1).</li>
 * </ul>
 * Q is decomposed into ceil(bits/w) limbs of w = {@link #limbBitsFor} bits, each looked up in the w-bit range table;
 * when the top limb has b &lt; w bits, the segment (top + 2^w - 2^b) is looked up too, so the top limb is in [0, 2^b). The verifier
 * checks Q(rho) = sum_i 2^(w i) limb_i(rho) at the lookup's point.
 */
final class AdviceLayout {
    /**
     * Limb width: 16 bits (a 2^16-row range table) once vectors reach 2^12 entries, 8 bits below that, where the
     * range table and its committed multiplicities would otherwise dwarf everything else in the proof.
     */
    static int limbBitsFor(int slotVars) {
        return slotVars >= 12 ? 16 : 8;
    }
    /** Smallest and largest range budget B a key may declare. */
    static final int MIN_RANGE_BITS = 8, MAX_RANGE_BITS = 40;

    /**
     * The range budget B for a model compiled with {@code actBits}-bit activations: quantization keeps |v| &lt;
     * 2^(actBits-1) at twice the calibrated range, and inputs up to 8x beyond it are accepted (3 more bits), so B =
     * actBits + 4 leaves one bit of margin. Relu outputs are in [0, 2^B), other activations in (-2^(B-1), 2^(B-1)).
     */
    static int rangeBitsFor(int actBits) {
        return Math.max(MIN_RANGE_BITS, Math.min(MAX_RANGE_BITS, actBits + 4));
    }

    /** One term of a range-checked quantity: coeff * (vector {@code index} or remainder of layer {@code index}). */
    static final class Term {
        final boolean rem;
        final int index;
        final long coeff;

        Term(boolean rem, int index, long coeff) {
            this.rem = rem;
            this.index = index;
            this.coeff = coeff;
        }
    }

    /** Q = sum(terms) + offset in [0, 2^bits), with its limb slots and lookup segments. */
    static final class Check {
        final String what;
        final Term[] terms;
        final long offset;
        final int bits;
        final int numLimbs;
        final int lastBits;
        final int limbBits;
        int firstLimbSlot;
        int firstSegment;

        Check(String what, Term[] terms, long offset, int bits, int limbBits) {
            this.what = what;
            this.limbBits = limbBits;
            this.terms = terms;
            this.offset = offset;
            this.bits = bits;
            this.numLimbs = (bits + limbBits - 1) / limbBits;
            this.lastBits = bits - limbBits * (numLimbs - 1);
        }

        boolean tight() {
            return lastBits < limbBits;
        }

        int numSegments() {
            return numLimbs + (tight() ? 1 : 0);
        }

        /** Added to the top limb in the extra segment: 2^limbBits - 2^lastBits. */
        long tightShift() {
            return (1L << limbBits) - (1L << lastBits);
        }
    }

    final List<LayerSpec> specs;
    final int[] vectorLen;
    /** Slot of vector i, or -1 when public (the input and the output). */
    final int[] vectorSlot;
    /** Slot of layer l's remainder, or -1. */
    final int[] remSlot;
    final List<Check> checks = new ArrayList<>();
    final int numSlots;
    final int slotVars;
    final int selVars;
    final int numSegments;
    final int limbBits;
    /** B: Relu outputs in [0, 2^B), other checked activations in (-2^(B-1), 2^(B-1)). */
    final int rangeBits;
    final long signedOffset;

    static AdviceLayout of(VerifyingKey vk) {
        return new AdviceLayout(vk.layers, vk.rangeBits);
    }

    AdviceLayout(List<LayerSpec> specs, int rangeBits) {
        this.specs = specs;
        this.rangeBits = rangeBits;
        this.signedOffset = 1L << (rangeBits - 1);
        int n = specs.size();
        vectorLen = new int[n + 1];
        vectorLen[0] = specs.get(0).inLen;
        for (int l = 0; l < n; l++) vectorLen[l + 1] = specs.get(l).outLen;
        int m = 1;
        for (int len : vectorLen) m = Math.max(m, LayerSpec.vars(len));
        slotVars = m;
        limbBits = limbBitsFor(m);
        int slot = 0;
        vectorSlot = new int[n + 1];
        Arrays.fill(vectorSlot, -1);
        for (int i = 1; i < n; i++) vectorSlot[i] = slot++;
        remSlot = new int[n];
        Arrays.fill(remSlot, -1);
        for (int l = 0; l < n; l++) if (specs.get(l).kind == LayerSpec.Kind.LINEAR && specs.get(l).shift > 0) remSlot[l] = slot++;
        for (int l = 0; l < n; l++) {
            LayerSpec s = specs.get(l);
            String where = "layer '" + s.name + "' (" + s.op + ")";
            if (s.kind == LayerSpec.Kind.LINEAR) {
                if (s.shift > 0) checks.add(new Check(where + ": rescale remainder", new Term[] {new Term(true, l, 1)}, 0, s.shift, limbBits));
                boolean readByRelu = l + 1 < n && specs.get(l + 1).kind == LayerSpec.Kind.RELU;
                if (!readByRelu) {
                    checks.add(new Check(where + ": output", new Term[] {new Term(false, l + 1, 1)}, signedOffset, rangeBits, limbBits));
                }
            } else {
                checks.add(new Check(where + ": output", new Term[] {new Term(false, l + 1, 1)}, 0, rangeBits, limbBits));
                checks.add(new Check(where + ": output minus input", new Term[] {new Term(false, l + 1, 1), new Term(false, l, -1)}, 0, rangeBits, limbBits));
            }
        }
        int seg = 0;
        for (Check c : checks) {
            c.firstLimbSlot = slot;
            slot += c.numLimbs;
            c.firstSegment = seg;
            seg += c.numSegments();
        }
        numSlots = slot;
        numSegments = seg;
        selVars = numSlots <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(numSlots - 1);
    }

    RangeTable rangeTable() {
        return new RangeTable(limbBits);
    }

    int tableVars() {
        return slotVars + selVars;
    }

    /** The table point of slot {@code slot} at p (p may have fewer than slotVars coordinates: the rest are 0). */
    GoldilocksExt2[] slotPoint(int slot, GoldilocksExt2[] p) {
        GoldilocksExt2[] pt = new GoldilocksExt2[tableVars()];
        Arrays.fill(pt, GoldilocksExt2.ZERO);
        System.arraycopy(p, 0, pt, 0, p.length);
        for (int b = 0; b < selVars; b++) pt[slotVars + b] = ((slot >>> b) & 1) == 1 ? GoldilocksExt2.ONE : GoldilocksExt2.ZERO;
        return pt;
    }

    /** Remainder padding: h = 2^(shift-1), so that acc + h - rem = 2^shift q also holds where acc = q = 0. */
    static long half(int shift) {
        return shift == 0 ? 0 : 1L << (shift - 1);
    }

    /** Field element of a signed integer. */
    static long f(long v) {
        return Goldilocks.fromSigned(v);
    }
}
