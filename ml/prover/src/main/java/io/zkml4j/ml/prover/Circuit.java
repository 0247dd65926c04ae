package io.zkml4j.ml.prover;

import io.zkml4j.lookup.FunctionTable;
import io.zkml4j.lookup.TaggedRangeTable;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.quant.TableRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statement's structure, derived by prover and verifier alike from the verifying key's tensors and nodes: every
 * vector of the proof (tensors and the auxiliary vectors each operator declares), the range checks and lookups, and
 * where every committed vector sits in its table.
 *
 * <p>Tables: the constant table (committed at setup) holds every CONST vector; the advice table (committed per
 * proof) holds every ADVICE vector and the lookup regions. Vectors are placed largest first, each at an offset that
 * is a multiple of its own padded size, so entry i of vector v is table entry offset + i and a claim v(p) is the
 * table's claim at (p, bits of offset / 2^vars) (low variables first).
 *
 * <p>Regions: all range-check limbs form one region (one LogUp segment of two columns over the tagged range table:
 * (width, limb), the width a public column constant on each limb's block, 0 on rows no limb holds); for each table rule,
 * the table indices c and the outputs z of its lookups form two regions with identical internal layouts (one LogUp
 * segment of two columns: (c, z + T(0) pad), pad = 1 on the rows of the region that hold no real entry, where c = z = 0).
 */
final class Circuit {
    /** Largest advice or constant table: 2^MAX_TABLE_VARS entries. */
    static final int MAX_TABLE_VARS = 28;

    final List<Vec> vecs = new ArrayList<>();
    final List<NodeSpec> nodes;
    /** B: the range budget of activations: public values and range-checked activations satisfy |v| &lt; 2^(B-1). */
    final int rangeBits;
    /** w: the width of range-check limbs ({@link #limbBitsFor}: the narrowest total lookup). */
    final int limbBits;
    final List<RangeCheck> ranges = new ArrayList<>();
    /** Per private model input (vector id): its range budget |x| &lt; 2^(B-1), which no node proves (see {@link InputBounds}). */
    final Map<Integer, RangeCheck> inputBounds = new LinkedHashMap<>();
    /** Per node, what its declaration returned. */
    final List<Object> decls = new ArrayList<>();
    /** Per limb vector of a range check, its width: the tag it is looked up with. */
    final Map<Integer, Integer> limbWidths = new LinkedHashMap<>();
    /** Per table rule, its lookups as (c, z) vector ids. */
    final Map<TableRule, List<int[]>> lookups = new LinkedHashMap<>();

    // layout (set by layOut)
    int constVars = -1, adviceVars = -1;
    Vec rangeRegion;
    int rangeMultiplicities = -1;
    /** The block of the advice table {@link PaddingCheck} covers (a vector of its own); -1 when nothing has padding. */
    int paddingBlock = -1;
    /** The block of the constant table whose padding the key's setup proof shows zero ({@link ConstantsPadding}); -1 when no constant has padding. */
    int constPaddingBlock = -1;
    final Map<TableRule, Vec[]> ruleRegions = new LinkedHashMap<>();
    final Map<TableRule, Integer> ruleMultiplicities = new LinkedHashMap<>();

    private Circuit(List<NodeSpec> nodes, int rangeBits, int limbBits) {
        this.nodes = List.copyOf(nodes);
        this.rangeBits = rangeBits;
        this.limbBits = limbBits;
    }

    /**
     * Builds the circuit from the tensors (in id order) and nodes, running every operator's declaration. Throws
     * IllegalArgumentException (a malformed key) when a node is inconsistent.
     */
    static Circuit build(List<Vec> tensors, List<NodeSpec> nodes, int rangeBits) {
        // the limb width follows from the declared range checks, so the operators declare twice (cheap, public data)
        Circuit probe = build(tensors, nodes, rangeBits, MAX_LIMB_BITS);
        int w = limbBitsFor(probe.ranges);
        return w == MAX_LIMB_BITS ? probe : build(tensors, nodes, rangeBits, w);
    }

    /** Narrower limbs would multiply the evaluation claims (one per limb) for little gain in the table. */
    static final int MIN_LIMB_BITS = 8, MAX_LIMB_BITS = 16;

    /**
     * The limb width w minimising the range LogUp's size: every range-checked entry costs one looked-up row per limb
     * and the table 2^(w+1) rows (every width up to w), with committed multiplicities. Small and mid-size
     * models have few range-checked values (activations and remainders, not weights), so a 2^16 table would dominate
     * their proof: dense 10K and 100K MLPs prove 4-8x faster with 8-bit limbs than with 16-bit ones.
     */
    static int limbBitsFor(List<RangeCheck> ranges) {
        int best = MAX_LIMB_BITS;
        long bestCost = Long.MAX_VALUE;
        for (int w = MIN_LIMB_BITS; w <= MAX_LIMB_BITS; w++) {
            long cost = 2L << w;
            for (RangeCheck rc : ranges) cost += (1L << Padding.vars(rc.shape)) * ((rc.bits + w - 1) / w);
            if (cost < bestCost) {
                bestCost = cost;
                best = w;
            }
        }
        return best;
    }

    private static Circuit build(List<Vec> tensors, List<NodeSpec> nodes, int rangeBits, int limbBits) {
        Circuit c = new Circuit(nodes, rangeBits, limbBits);
        for (int i = 0; i < tensors.size(); i++) {
            Vec v = tensors.get(i);
            if (v.id != i || v.kind == Vec.Kind.REGION) throw new IllegalArgumentException("tensor ids must be 0.." + (tensors.size() - 1));
            c.vecs.add(v);
        }
        int numTensors = tensors.size();
        for (NodeSpec n : nodes) {
            for (int v : n.in) if (v < 0 || v >= numTensors) throw new IllegalArgumentException(n.where() + ": input tensor " + v + " unknown");
            for (int v : n.out) {
                if (v < 0 || v >= numTensors) throw new IllegalArgumentException(n.where() + ": output tensor " + v + " unknown");
                Vec.Kind k = c.vecs.get(v).kind;
                if (k == Vec.Kind.INPUT || k == Vec.Kind.CONST) throw new IllegalArgumentException(n.where() + ": writes " + k + " tensor " + c.vecs.get(v).name);
            }
            c.decls.add(OpProofs.of(n).declare(n, c.new Declarer(n)));
        }
        for (Vec v : tensors) {
            if (v.kind != Vec.Kind.INPUT || !v.hidden) continue;
            c.inputBounds.put(v.id, v.bits ? c.range("input " + v.name + ".bits", v.shape, 1) : c.range("input " + v.name + ".bound", v.shape, rangeBits));
        }
        c.layOut();
        return c;
    }

    Vec vec(int id) {
        return vecs.get(id);
    }

    /** What an operator may declare, all derived from public data. */
    final class Declarer {
        final NodeSpec node;

        Declarer(NodeSpec node) {
            this.node = node;
        }

        Circuit circuit() {
            return Circuit.this;
        }

        Vec tensor(int id) {
            return vecs.get(id);
        }

        /** A new advice vector of the given shape. */
        int aux(String what, int[] shape) {
            return advice(node.name + "." + what, shape);
        }

        /** A range check Q in [0, 2^bits) for a Q of the given shape (1 &lt;= bits &lt;= 62). */
        RangeCheck range(String what, int[] shape, int bits) {
            if (bits < 1 || bits > 62) throw new IllegalArgumentException(node.where() + ": range of " + bits + " bits");
            return Circuit.this.range(node.name + "." + what, shape, bits);
        }

        /** Looks up the pairs (c[i], z[i]) in the rule's table; c and z have the same shape. */
        void lookup(TableRule rule, int c, int z) {
            if (!java.util.Arrays.equals(vecs.get(c).shape, vecs.get(z).shape)) throw new IllegalArgumentException(node.where() + ": lookup columns of different shapes");
            if (vecs.get(c).kind != Vec.Kind.ADVICE || !vecs.get(z).committedPerProof()) {
                throw new IllegalArgumentException(node.where() + ": looked-up columns must be committed advice");
            }
            lookups.computeIfAbsent(rule, r -> new ArrayList<>()).add(new int[] {c, z});
        }
    }

    private int advice(String name, int[] shape) {
        Vec v = new Vec(vecs.size(), name, Vec.Kind.ADVICE, shape);
        vecs.add(v);
        return v.id;
    }

    /** A range check named {@code what} (limbs of the circuit's width, the top one as wide as the bits left). */
    private RangeCheck range(String what, int[] shape, int bits) {
        int w = limbBits;
        int m = (bits + w - 1) / w;
        int top = bits - w * (m - 1);
        int[] limbs = new int[m];
        for (int j = 0; j < m; j++) {
            limbs[j] = advice(what + ".limb" + j, shape);
            limbWidths.put(limbs[j], j == m - 1 ? top : w);
        }
        RangeCheck rc = new RangeCheck(what, shape, bits, w, limbs, top);
        ranges.add(rc);
        return rc;
    }

    static TaggedRangeTable rangeTable(int bits) {
        return new TaggedRangeTable(bits);
    }

    TaggedRangeTable rangeTable() {
        return rangeTable(limbBits);
    }

    private static final java.util.concurrent.ConcurrentHashMap<TableRule, FunctionTable> TABLES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The (input, output) table T of the rule on its full domain [lo, lo + 2^bits); its name binds the whole rule. */
    static FunctionTable functionTable(TableRule rule) {
        FunctionTable t = TABLES.get(rule);
        if (t != null) return t;
        if (rule.lo() != -(1L << (rule.bits() - 1)) || rule.hi() != (1L << (rule.bits() - 1)) - 1) {
            throw new IllegalArgumentException("table " + rule + " does not cover its full " + rule.bits() + "-bit domain");
        }
        t = new FunctionTable(rule.canonicalName(), rule.lo(), rule.bits(), rule::entry);
        if (TABLES.size() >= 64) TABLES.clear(); // keys come from untrusted verifying keys too: keep the cache bounded
        TABLES.put(rule, t);
        return t;
    }

    /** Every vector that is a member of a region, with the region it belongs to. */
    final Map<Integer, Vec> regionOf = new LinkedHashMap<>();

    /** The member vectors of a region, in regionOf's order. */
    List<Vec> members(Vec region) {
        List<Vec> r = new ArrayList<>();
        for (Map.Entry<Integer, Vec> e : regionOf.entrySet()) if (e.getValue() == region) r.add(vecs.get(e.getKey()));
        return r;
    }

    private void layOut() {
        // regions: range limbs; per rule, indices and outputs
        List<Integer> limbVecs = new ArrayList<>();
        for (RangeCheck rc : ranges) {
            for (int l : rc.limbs) limbVecs.add(l);
        }
        List<Vec> blocks = new ArrayList<>();
        if (!limbVecs.isEmpty()) {
            rangeRegion = region("range", limbVecs, null);
            blocks.add(rangeRegion);
            rangeMultiplicities = multiplicities("range.multiplicities", limbBits + 1);
        }
        for (Map.Entry<TableRule, List<int[]>> e : lookups.entrySet()) {
            List<Integer> cs = new ArrayList<>(), zs = new ArrayList<>();
            for (int[] cz : e.getValue()) {
                cs.add(cz[0]);
                zs.add(cz[1]);
            }
            Vec a = region("lookup" + ruleRegions.size() + ".in", cs, null);
            Vec b = region("lookup" + ruleRegions.size() + ".out", zs, a);
            ruleRegions.put(e.getKey(), new Vec[] {a, b});
            blocks.add(a);
            blocks.add(b);
            ruleMultiplicities.put(e.getKey(), multiplicities("lookup" + ruleMultiplicities.size() + ".multiplicities", e.getKey().bits()));
        }
        List<Vec> consts = new ArrayList<>();
        for (Vec v : vecs) {
            if (v.kind == Vec.Kind.CONST) consts.add(v);
            else if (v.committedPerProof() && !regionOf.containsKey(v.id)) blocks.add(v);
        }
        constVars = consts.isEmpty() ? -1 : place(consts, 0);
        adviceVars = blocks.isEmpty() ? -1 : place(blocks, 0);
        // members inherit their region's offset
        for (Map.Entry<Integer, Vec> e : regionOf.entrySet()) vecs.get(e.getKey()).offset += e.getValue().offset;
        paddingBlock = paddingBlock(1, "padding", Vec.Kind.REGION);
        constPaddingBlock = paddingBlock(0, "constants.padding", Vec.Kind.CONST);
    }

    /** The block of a table that {@link PaddingCheck} covers, a vector of its own (of the table's kind); -1 when nothing there has padding. */
    private int paddingBlock(int table, String name, Vec.Kind kind) {
        long[] span = PaddingCheck.span(this, table);
        if (span == null) return -1;
        Vec b = new Vec(vecs.size(), name, kind, new int[] {1 << (int) span[1]});
        b.offset = span[0];
        vecs.add(b);
        return b.id;
    }

    private int multiplicities(String what, int bits) {
        Vec v = new Vec(vecs.size(), what, Vec.Kind.ADVICE, new int[] {1 << bits});
        vecs.add(v);
        return v.id;
    }

    /**
     * A region over the given member vectors (placed inside it largest first); with {@code mirror}, the members take
     * the same relative offsets as the mirror's members (same shapes, same order).
     */
    private Vec region(String what, List<Integer> members, Vec mirror) {
        List<Vec> ms = new ArrayList<>();
        for (int id : members) {
            if (regionOf.containsKey(id)) throw new IllegalArgumentException("vector " + vecs.get(id).name + " is in two lookup regions");
            ms.add(vecs.get(id));
        }
        int vars = place(ms, 0); // relative offsets; a mirror region has the same shapes in the same order, so the same layout
        Vec r = new Vec(vecs.size(), what, Vec.Kind.REGION, new int[] {1 << Math.max(vars, 1)});
        vecs.add(r);
        for (Vec m : ms) regionOf.put(m.id, r);
        return r;
    }

    /** Places vectors largest first at offsets base + multiples of their size; returns the table's variable count. */
    static int place(List<Vec> vs, long base) {
        List<Vec> sorted = new ArrayList<>(vs);
        sorted.sort(Comparator.comparingInt((Vec v) -> -v.vars)); // stable: equal sizes keep declaration order
        long at = 0;
        for (Vec v : sorted) {
            v.offset = base + at;
            at += v.paddedSize();
        }
        int vars = Math.max(1, 64 - Long.numberOfLeadingZeros(Math.max(1, at) - 1));
        if (vars > MAX_TABLE_VARS) throw new ModelException("the proof needs a table of 2^" + vars + " entries (at most 2^" + MAX_TABLE_VARS + ")");
        return vars;
    }

    /** The table (0: constants, 1: advice) that holds a committed vector. */
    static int tableOf(Vec v) {
        return v.kind == Vec.Kind.CONST ? 0 : 1;
    }

    int tableVars(int table) {
        return table == 0 ? constVars : adviceVars;
    }

    /** The claim point on v's table for v at {@code p}. */
    io.zkml4j.field.GoldilocksExt2[] tablePoint(Vec v, io.zkml4j.field.GoldilocksExt2[] p) {
        int n = tableVars(tableOf(v));
        return Padding.concat(p, Padding.bits(v.offset >>> v.vars, n - v.vars));
    }
}
