package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.lookup.FunctionTable;
import io.zkml4j.lookup.RangeTable;
import io.zkml4j.ml.quant.TableRule;

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
 * the rescale remainders of LINEAR layers with a shift and of LOOKUP layers that rescale their input, the LOOKUP
 * witnesses c (table input), e (= requant(x) - c) and the selectors s_hi, s_lo, and the limbs of every range-checked
 * quantity.
 *
 * <p>LOOKUP layer (input q = v_l, output z = v_{l+1}, rule T on [lo, hi] = [-2^(W-1), 2^(W-1)), shift k or up-shift
 * u_p, D = {@link #clampBits}): u = requant(q) is never committed; the relation
 * {@code 2^k (c + e) + rem - h = 2^up q} ({@link Relation}, checked at the range-check point) defines it, with
 * rem (k &gt; 0) range checked in [0, 2^k), e = 0 and no selectors when the rule does not saturate. The pair
 * (c, z + pad T(0)) is looked up in the rule's {@link FunctionTable} (pad = 1 on the padding rows i &gt;= n, where
 * c = z = 0, so the padding looks up (0, T(0))). When the rule saturates, c = clamp(u, lo, hi) by these range checks:
 * <ul>
 *   <li>s_hi, s_lo in [0, 2) (booleans);</li>
 *   <li>2^D s_hi - e and 2^D s_lo + e in [0, 2^(D+1)): e &gt; 0 forces s_hi = 1, e &lt; 0 forces s_lo = 1, and
 *       |e| &lt;= 2^(D+1);</li>
 *   <li>(2^W - 1)(1 - s_hi) - (hi - c) and (2^W - 1)(1 - s_lo) - (c - lo) in [0, 2^W): with c in [lo, hi] (the lookup),
 *       s_hi = 1 forces c = hi and s_lo = 1 forces c = lo.</li>
 * </ul>
 * So e = 0 (c = u in the domain), or e &gt; 0 and c = hi (u &gt; hi), or e &lt; 0 and c = lo (u &lt; lo): c = clamp(u).
 * Without the flags and e (non-saturating rule), c = u and the lookup itself rejects u outside the domain. When
 * k = 0 and the rule does not saturate, c = 2^up q is not committed either: the lookup's input column is 2^up q.
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

    /**
     * One term of a range-checked quantity or relation: coeff * (vector {@code index}, committed or public) or
     * coeff * (committed slot {@code index} when {@code slot}).
     */
    static final class Term {
        final boolean slot;
        final int index;
        final long coeff;

        Term(boolean slot, int index, long coeff) {
            this.slot = slot;
            this.index = index;
            this.coeff = coeff;
        }
    }

    /** An affine relation sum(terms) + offset = 0 that must hold on every row (checked at the range-check point). */
    static final class Relation {
        final String what;
        final Term[] terms;
        final long offset;

        Relation(String what, Term[] terms, long offset) {
            this.what = what;
            this.terms = terms;
            this.offset = offset;
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
    /** LOOKUP layer l: slots of the table input c, of e = u - c and of the selectors s_hi, s_lo, or -1. */
    final int[] cSlot;
    final int[] eSlot;
    final int[] hiSlot;
    final int[] loSlot;
    /** LOOKUP layer l: index of its rule in {@link #rules} and its segment in that rule's lookup; -1 otherwise. */
    final int[] ruleIndex;
    final int[] fnSegment;
    /** The distinct table rules, in order of first use; one LogUp-GKR lookup each. */
    final List<TableRule> rules = new ArrayList<>();
    /** Per rule: the LOOKUP layers looking it up, in segment order. */
    final List<List<Integer>> ruleLayers = new ArrayList<>();
    final List<Check> checks = new ArrayList<>();
    final List<Relation> relations = new ArrayList<>();
    final int numSlots;
    final int slotVars;
    final int selVars;
    final int numSegments;
    final int limbBits;
    /** B: Relu outputs in [0, 2^B), other checked activations in (-2^(B-1), 2^(B-1)). */
    final int rangeBits;
    final long signedOffset;
    /** Multiplicities: one slot of 2^multSlotVars per lookup (the range table first, if any, then each rule). */
    final int multSlots;
    final int multSlotVars;
    final int multSelVars;

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
        cSlot = new int[n];
        eSlot = new int[n];
        hiSlot = new int[n];
        loSlot = new int[n];
        ruleIndex = new int[n];
        fnSegment = new int[n];
        for (int[] a : new int[][] {remSlot, cSlot, eSlot, hiSlot, loSlot, ruleIndex, fnSegment}) Arrays.fill(a, -1);
        for (int l = 0; l < n; l++) {
            LayerSpec s = specs.get(l);
            if (s.kind != LayerSpec.Kind.RELU && s.shift > 0) remSlot[l] = slot++;
        }
        for (int l = 0; l < n; l++) {
            LayerSpec s = specs.get(l);
            if (s.kind != LayerSpec.Kind.LOOKUP) continue;
            if (s.shift > 0 || s.rule.saturate()) cSlot[l] = slot++;
            if (s.rule.saturate()) {
                eSlot[l] = slot++;
                hiSlot[l] = slot++;
                loSlot[l] = slot++;
            }
            int ri = rules.indexOf(s.rule);
            if (ri < 0) {
                ri = rules.size();
                rules.add(s.rule);
                ruleLayers.add(new ArrayList<>());
            }
            ruleIndex[l] = ri;
            fnSegment[l] = ruleLayers.get(ri).size();
            ruleLayers.get(ri).add(l);
        }
        for (int l = 0; l < n; l++) {
            LayerSpec s = specs.get(l);
            String where = "layer '" + s.name + "' (" + s.op + ")";
            if (s.kind == LayerSpec.Kind.LINEAR) {
                if (s.shift > 0) checks.add(new Check(where + ": rescale remainder", new Term[] {new Term(true, remSlot[l], 1)}, 0, s.shift, limbBits));
                boolean readByRelu = l + 1 < n && specs.get(l + 1).kind == LayerSpec.Kind.RELU;
                if (!readByRelu) {
                    checks.add(new Check(where + ": output", new Term[] {new Term(false, l + 1, 1)}, signedOffset, rangeBits, limbBits));
                }
            } else if (s.kind == LayerSpec.Kind.RELU) {
                checks.add(new Check(where + ": output", new Term[] {new Term(false, l + 1, 1)}, 0, rangeBits, limbBits));
                checks.add(new Check(where + ": output minus input", new Term[] {new Term(false, l + 1, 1), new Term(false, l, -1)}, 0, rangeBits, limbBits));
            } else {
                lookupChecks(l, s, where);
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
        selVars = ceilLog2(numSlots);
        multSlots = (numSegments > 0 ? 1 : 0) + rules.size();
        int mv = numSegments > 0 ? limbBits : 1;
        for (TableRule r : rules) mv = Math.max(mv, r.bits());
        multSlotVars = mv;
        multSelVars = ceilLog2(multSlots);
    }

    static int ceilLog2(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /**
     * Bits D of the clamp offset e = u - c of a LOOKUP layer: its input is below 2^B in magnitude (a LINEAR output,
     * a Relu output or a table output), so |u| &lt; 2^(B + up - k) + 1 and |u - c| &lt; 2^D with
     * D = max(B + 1 + up - k, 16). Then 2^k |c + e| &lt;= 2^(k + D + 2) and 2^up |q| &lt; 2^(B + up) stay below 2^60
     * (k &lt;= 32, B + up &lt;= 56), so the relation holds over the integers.
     */
    int clampBits(LayerSpec s) {
        return Math.max(rangeBits + 1 + s.up - s.shift, 16);
    }

    /** The requant relation and, for a saturating rule, the clamp's range checks (see the class comment). */
    private void lookupChecks(int l, LayerSpec s, String where) {
        if (s.shift > 0) checks.add(new Check(where + ": requant remainder", new Term[] {new Term(true, remSlot[l], 1)}, 0, s.shift, limbBits));
        if (cSlot[l] < 0) return; // the lookup's input column is 2^up q itself
        long two = 1L << s.shift;
        List<Term> rel = new ArrayList<>();
        rel.add(new Term(true, cSlot[l], two));
        if (eSlot[l] >= 0) rel.add(new Term(true, eSlot[l], two));
        if (remSlot[l] >= 0) rel.add(new Term(true, remSlot[l], 1));
        rel.add(new Term(false, l, -(1L << s.up)));
        relations.add(new Relation(where + ": requant", rel.toArray(new Term[0]), -half(s.shift)));
        if (!s.rule.saturate()) return;
        int d = clampBits(s), w = s.rule.bits();
        long wm = (1L << w) - 1, lo = s.rule.lo(), hi = s.rule.hi();
        checks.add(new Check(where + ": clamp selector hi", new Term[] {new Term(true, hiSlot[l], 1)}, 0, 1, limbBits));
        checks.add(new Check(where + ": clamp selector lo", new Term[] {new Term(true, loSlot[l], 1)}, 0, 1, limbBits));
        checks.add(new Check(where + ": clamp above", new Term[] {new Term(true, hiSlot[l], 1L << d), new Term(true, eSlot[l], -1)}, 0, d + 1, limbBits));
        checks.add(new Check(where + ": clamp below", new Term[] {new Term(true, loSlot[l], 1L << d), new Term(true, eSlot[l], 1)}, 0, d + 1, limbBits));
        checks.add(new Check(where + ": clamp at hi", new Term[] {new Term(true, hiSlot[l], -wm), new Term(true, cSlot[l], 1)}, wm - hi, w, limbBits));
        checks.add(new Check(where + ": clamp at lo", new Term[] {new Term(true, loSlot[l], -wm), new Term(true, cSlot[l], -1)}, wm + lo, w, limbBits));
    }

    /** The function table of rule {@code i}, rebuilt from the rule (cached per rule). */
    FunctionTable functionTable(int i) {
        return functionTable(rules.get(i));
    }

    private static final java.util.concurrent.ConcurrentHashMap<TableRule, FunctionTable> TABLES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The (input, output) table T of the rule on its full domain [lo, lo + 2^bits); its name binds the whole rule. */
    static FunctionTable functionTable(TableRule rule) {
        FunctionTable t = TABLES.get(rule);
        if (t != null) return t;
        t = new FunctionTable(rule.toString(), rule.lo(), rule.bits(), rule::entry);
        if (TABLES.size() >= 64) TABLES.clear(); // keys come from untrusted verifying keys too: keep the cache bounded
        TABLES.put(rule, t);
        return t;
    }

    /** The shape of rule i's lookup: one segment of 2^slotVars rows per LOOKUP layer using it. */
    io.zkml4j.lookup.LookupShape fnShape(int i) {
        return new io.zkml4j.lookup.LookupShape(slotVars, ruleLayers.get(i).size());
    }

    int multVars() {
        return multSlotVars + multSelVars;
    }

    /** Multiplicity slot of the range table (0) or of rule i (offset by one when there is a range table). */
    int multSlotOfRule(int i) {
        return (numSegments > 0 ? 1 : 0) + i;
    }

    /** The multiplicities-table point of slot {@code slot} at p (fewer coordinates than multSlotVars: the rest are 0). */
    GoldilocksExt2[] multPoint(int slot, GoldilocksExt2[] p) {
        return place(p, multSlotVars, multSelVars, slot);
    }

    RangeTable rangeTable() {
        return new RangeTable(limbBits);
    }

    int tableVars() {
        return slotVars + selVars;
    }

    /** The table point of slot {@code slot} at p (p may have fewer than slotVars coordinates: the rest are 0). */
    GoldilocksExt2[] slotPoint(int slot, GoldilocksExt2[] p) {
        return place(p, slotVars, selVars, slot);
    }

    private static GoldilocksExt2[] place(GoldilocksExt2[] p, int low, int sel, int slot) {
        GoldilocksExt2[] pt = new GoldilocksExt2[low + sel];
        Arrays.fill(pt, GoldilocksExt2.ZERO);
        System.arraycopy(p, 0, pt, 0, p.length);
        for (int b = 0; b < sel; b++) pt[low + b] = ((slot >>> b) & 1) == 1 ? GoldilocksExt2.ONE : GoldilocksExt2.ZERO;
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
