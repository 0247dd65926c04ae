package io.zkml4j.ml.prover;

import io.zkml4j.field.Goldilocks;
import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ops.IndexOp;
import io.zkml4j.ml.ops.OpRegistry;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;
import io.zkml4j.sumcheck.SumOfProducts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Index-only operators (Reshape, Flatten, Squeeze, Unsqueeze, Identity, Transpose, Slice, Concat, Split, Pad, Expand,
 * Tile, Gather with constant indices, ..., and a Cast that keeps the quantized values): output j is out_j[i] = src[map_j[i]] or a constant fill, where src is
 * the concatenation of the data inputs (each at the output scale: one above it is requantized by a Requant node first,
 * one below is shifted up exactly, by 2^u_t, and the output then range-checked into the budget) and map_j is the static index map the quantizer
 * derived ({@link IndexOp}).
 *
 * <p>Proof per output: at a random point r, out(r) = sum_t 2^u_t sum_k x_t[k] M_t(k) + fill F(r) with
 * M_t(k) = sum_{i : map(i) = (t, k)} eq(r, i) and F(r) = sum_{i : map(i) = fill} eq(r, i); the prover sends each
 * input's share v_t, and each share is a degree-2 sumcheck over x_t's variables ending at s_t, where the verifier
 * evaluates M_t(s_t) itself in O(|out| + |x_t|). When the padded layouts of input and output coincide (an
 * order-preserving reshape between shapes with the same padding), out(r) = x(r) directly. Soundness error
 * 2 vars(x_t) / |F_ext| per input beyond the claims'.
 *
 * <p>Parameters: [#outputs, then per output: identity (0/1), fill, map length, map (global source index or -1)], then,
 * when some input is shifted, each input's u_t.
 */
final class IndexProof implements OpProof {
    private record Out(boolean identity, long fill, int[] map) {}

    /** ups: each input's exact up-shift to the output scale; bounds: the outputs' budget checks when some up > 0. */
    private record Decl(List<Out> outs, int[] offsets, int[] ups, RangeCheck[] bounds) {}

    /** Largest exact up-shift of a data input below the output's scale (a Concat of tensors at several scales). */
    static final int MAX_UP = 20;

    static boolean isIndexOp(String op) {
        return OpRegistry.get(op) instanceof IndexOp;
    }

    /**
     * Whether output j of an index-map node, as {@link #declare} read it ({@code decl}), keeps bits bits: it fills with
     * 0 or 1 and shifts no input up (2^u x is not a bit).
     */
    static boolean keepsBits(Object decl, int j) {
        Decl dc = (Decl) decl;
        long fill = dc.outs.get(j).fill;
        return (fill == 0 || fill == 1) && java.util.Arrays.stream(dc.ups).allMatch(u -> u == 0);
    }

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.op.equals("Cast")) return compileCast(q, c);
        int[] data = toInts(q.ints("data"));
        List<Integer> ins = new ArrayList<>();
        List<Long> ups = new ArrayList<>();
        for (int d : data) {
            if (d >= q.inputs.size() || q.inputs.get(d).isEmpty()) continue;
            // above the output's scale: requantized before (RequantProof.downToOutputScale); below: an exact up-shift
            int up = q.outScales[0] - q.inScales[d];
            if (up < 0 || up > MAX_UP) throw CircuitCompiler.unsupported(q, "data input rescaled to the output scale");
            ins.add(c.tensor(q, d));
            ups.add((long) up);
        }
        if (ins.isEmpty()) throw CircuitCompiler.unsupported(q, "no data input");
        List<Long> p = new ArrayList<>();
        int outs = 0;
        List<Integer> outIds = new ArrayList<>();
        for (int j = 0; j < q.outputs.size(); j++) {
            if (q.outputs.get(j).isEmpty()) continue;
            if (q.outScales[j] != q.outScales[0]) throw CircuitCompiler.unsupported(q, "outputs at different scales");
            outs++;
            outIds.add(c.output(q, j));
            boolean id = q.ints.containsKey("identity" + j);
            if (!id && !q.ints.containsKey("map" + j)) throw CircuitCompiler.unsupported(q, "indices known only at run time");
            p.add(id ? 1L : 0L);
            if (id) {
                p.add(0L);
                p.add(0L);
            } else {
                long[] map = q.ints("map" + j);
                p.add(q.i("fill" + j));
                p.add((long) map.length);
                for (long m : map) p.add(m);
            }
        }
        if (ups.stream().anyMatch(u -> u != 0)) p.addAll(ups); // trailing, so keys without shifts read as before
        long[] pa = new long[p.size() + 1];
        pa[0] = outs;
        for (int i = 0; i < p.size(); i++) pa[i + 1] = p.get(i);
        return new NodeSpec(q.op, q.name, ins.stream().mapToInt(Integer::intValue).toArray(), outIds.stream().mapToInt(Integer::intValue).toArray(), pa, List.of());
    }

    /**
     * Cast in CastOp's mode 0 (float to float, or any cast that keeps the integers) at an unchanged scale is the
     * identity on the quantized values (CastOp.run returns its input): proven as the identity map [1 output,
     * identity, fill 0, no map]. Truncation to an integer type (mode 1) and to bool (mode 2) change values: rejected, except
     * from scale 0, where truncation keeps every value and a test to bool keeps a 0/1 tensor ({@link LogicProof#isBits}).
     */
    private static NodeSpec compileCast(QNode q, CircuitCompiler c) {
        if (q.inputs.size() != 1 || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one input and one output expected");
        long mode = q.i("mode");
        // truncating an integer at scale 0, or testing a 0/1 tensor at scale 0, keeps it: the identity too
        boolean kept = q.inScales[0] == 0 && (mode == 1 || LogicProof.isBits(c, q.inputs.get(0), 0));
        if (mode != 0 && !kept) throw CircuitCompiler.unsupported(q, mode == 2 ? "Cast to bool" : "Cast truncating to an integer type");
        if (q.inScales[0] != q.outScales[0]) throw CircuitCompiler.unsupported(q, "Cast changing the scale");
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, new long[] {1, 1, 0, 0}, List.of());
    }

    private static int[] toInts(long[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.toIntExact(v[i]);
        return r;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        int[] offsets = new int[n.in.length + 1];
        for (int t = 0; t < n.in.length; t++) offsets[t + 1] = Math.addExact(offsets[t], Padding.size(d.tensor(n.in[t]).shape));
        int outs = n.param(0);
        if (outs != n.out.length) throw new IllegalArgumentException(n.where() + ": malformed");
        List<Out> list = new ArrayList<>();
        int at = 1;
        for (int j = 0; j < outs; j++) {
            boolean id = n.param(at) == 1;
            long fill = n.p[at + 1];
            int len = n.param(at + 2);
            at += 3;
            int size = Padding.size(d.tensor(n.out[j]).shape);
            int[] map = null;
            if (id) {
                if (n.in.length != 1 || offsets[1] != size) throw new IllegalArgumentException(n.where() + ": identity of different sizes");
            } else {
                if (len != size || at + len > n.p.length) throw new IllegalArgumentException(n.where() + ": index map of the wrong length");
                map = new int[len];
                for (int i = 0; i < len; i++) {
                    long m = n.p[at + i];
                    if (m < -1 || m >= offsets[n.in.length]) throw new IllegalArgumentException(n.where() + ": index " + m + " out of range");
                    map[i] = (int) m;
                }
                at += len;
            }
            list.add(new Out(id, fill, map));
        }
        int[] ups = new int[n.in.length];
        RangeCheck[] bounds = new RangeCheck[n.out.length];
        if (at != n.p.length) {
            if (at + n.in.length != n.p.length) throw new IllegalArgumentException(n.where() + ": trailing parameters");
            for (int t = 0; t < ups.length; t++) {
                if (n.p[at + t] < 0 || n.p[at + t] > MAX_UP) throw new IllegalArgumentException(n.where() + ": up-shift out of range");
                ups[t] = (int) n.p[at + t];
            }
            // an up-shifted copy may leave the range budget every reader assumes
            for (int j = 0; j < n.out.length; j++) bounds[j] = d.range("bound" + j, d.tensor(n.out[j]).shape, d.circuit().rangeBits);
        }
        return new Decl(list, offsets, ups, bounds);
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        RangeCheck[] bounds = ((Decl) decl).bounds;
        for (int j = 0; j < bounds.length; j++) if (bounds[j] != null) w.budget(bounds[j], w.values(n.out[j]));
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        Decl dc = (Decl) decl;
        for (int j = 0; j < n.out.length; j++) runOutput(n, dc, dc.outs.get(j), n.out[j], dc.bounds[j], s);
    }

    private static void runOutput(NodeSpec n, Decl dc, Out o, int outId, RangeCheck bound, Side s) {
        Vec out = s.circuit.vec(outId);
        GoldilocksExt2[] r = s.challenges("index.point", out.vars);
        Val v = s.open(outId, r);
        if (bound != null) s.checkBudget(s.range(bound, r), v, Padding.realIndicator(out.shape, r), "output outside the range budget");
        Vec x0 = s.circuit.vec(n.in[0]);
        if (o.identity && Arrays.equals(Padding.paddedIndices(x0.shape), Padding.paddedIndices(out.shape)) && x0.vars == out.vars) {
            s.check(s.open(n.in[0], r).mulBase(1L << dc.ups[0]), v, "output differs from its input");
            return;
        }
        int[] map = o.map;
        if (map == null) { // flat identity between differently padded shapes
            map = new int[Padding.size(out.shape)];
            for (int i = 0; i < map.length; i++) map[i] = i;
        }
        int[] outPos = Padding.paddedIndices(out.shape);
        ExtVec eqR = Eq.table(r);
        // shares of each input, and the fill term
        int inputs = n.in.length;
        GoldilocksExt2 fillTerm = GoldilocksExt2.ZERO;
        if (o.fill != 0) {
            GoldilocksExt2 f = GoldilocksExt2.ZERO;
            for (int i = 0; i < map.length; i++) if (map[i] < 0) f = f.add(eqR.get(outPos[i]));
            fillTerm = f.mulBase(Goldilocks.fromSigned(o.fill));
        }
        ExtVec[] ms = new ExtVec[inputs];
        Val[] shares = new Val[inputs];
        if (s instanceof ProverCtx p) {
            for (int t = 0; t < inputs; t++) {
                ms[t] = weights(s.circuit.vec(n.in[t]), map, outPos, eqR, dc.offsets[t], dc.offsets[t + 1], null);
                shares[t] = inputs == 1 ? null : p.send("index.share", dot(p.padded(n.in[t]), ms[t]));
            }
        } else {
            for (int t = 0; t < inputs; t++) shares[t] = inputs == 1 ? null : ((VerifierCtx) s).receive("index.share");
        }
        Val sum = Val.of(fillTerm);
        if (inputs == 1) shares[0] = v.sub(fillTerm).mulBase(Goldilocks.inv(1L << dc.ups[0]));
        for (int t = 0; t < inputs; t++) sum = sum.add(shares[t].mulBase(1L << dc.ups[t]));
        s.check(sum, v, "input shares do not add up to the output");
        for (int t = 0; t < inputs; t++) {
            Vec x = s.circuit.vec(n.in[t]);
            ExtVec[] tables = s instanceof ProverCtx p ? new ExtVec[] {ExtVec.ofBase(p.padded(n.in[t])), ms[t]} : null;
            Sumchecks.Result sc = Sumchecks.run(s, SumOfProducts.product(2), tables, x.vars, shares[t]);
            Val xv = s.open(n.in[t], sc.point());
            GoldilocksExt2 mv;
            if (x.vars == 0) mv = weights(x, map, outPos, eqR, dc.offsets[t], dc.offsets[t + 1], null).get(0);
            else mv = Mle(weights(x, map, outPos, eqR, dc.offsets[t], dc.offsets[t + 1], null), sc.point());
            s.check(xv.mul(mv), sc.value(), "index map of input " + t + " is not satisfied");
        }
    }

    private static GoldilocksExt2 Mle(ExtVec m, GoldilocksExt2[] point) {
        return io.zkml4j.poly.Mle.evaluate(m, point);
    }

    /** M_t over x_t's padded positions: sum of eq(r, out position) over the outputs reading each input entry. */
    private static ExtVec weights(Vec x, int[] map, int[] outPos, ExtVec eqR, int from, int to, Object unused) {
        int[] xPos = Padding.paddedIndices(x.shape);
        long[] c0 = new long[x.paddedSize()], c1 = new long[x.paddedSize()];
        for (int i = 0; i < map.length; i++) {
            int m = map[i];
            if (m < from || m >= to) continue;
            int k = xPos[m - from], o = outPos[i];
            c0[k] = Goldilocks.add(c0[k], eqR.c0[o]);
            c1[k] = Goldilocks.add(c1[k], eqR.c1[o]);
        }
        return new ExtVec(c0, c1);
    }

    private static GoldilocksExt2 dot(long[] a, ExtVec b) {
        return io.zkml4j.poly.Mle.dot(a, b);
    }
}
