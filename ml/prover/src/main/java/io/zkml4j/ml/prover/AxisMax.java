package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.ops.Shapes;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.Eq;
import io.zkml4j.poly.ExtVec;

import java.util.Arrays;
import java.util.List;

/**
 * ReduceMax and ReduceMin over any axes, keepdims either way, exactly as ml/quant's ReduceOp computes them: y = the
 * maximum (minimum) of x over the reduced axes per kept index, at the input's scale (no rounding).
 *
 * <p>Proof: {@link WindowMax} with one window per kept index whose W slots are the reduced slice in row-major order
 * (a reduction is a window covering the axes); a minimum uses the mirrored differences x - y. The verifier evaluates
 * the slot-weighted read map M(j) = beta_{k(j)} eq(s, out(j)) at t in O(sum of x's dimensions + W): it factors into
 * prod_kept sum_{j &lt; s_d} eq(s_d, j) eq(t_d, j) times sum_k beta_k eq(t_reduced, k) ({@link #slots}, also used by
 * {@link SoftmaxProof} for its intermediate maximum).
 *
 * <p>Soundness error: {@link WindowMax}'s, beyond the range check's and the claims'.
 *
 * <p>Parameters: [rank of x, reduced flag per dimension of x]. Inputs [x]; outputs [y].
 */
final class AxisMax implements OpProof {
    private record Decl(WindowMax max) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        if (q.inputs.isEmpty() || q.outputs.size() != 1) throw CircuitCompiler.unsupported(q, "one output expected");
        int x = c.tensor(q, 0), y = c.output(q, 0);
        int[] xs = c.tensors.get(x).shape;
        long[] red = q.ints("reduced");
        if (red == null || red.length != xs.length || xs.length == 0 || !Arrays.equals(xs, q.inShapes[0])) throw CircuitCompiler.unsupported(q, "input of rank 0 or of another shape than the node's");
        if (q.inScales[0] != q.outScales[0]) throw CircuitCompiler.unsupported(q, "a reduction changing the scale");
        boolean[] r = new boolean[red.length];
        for (int i = 0; i < r.length; i++) r[i] = red[i] != 0;
        if (!ReduceProof.outputShapeFits(xs, r, c.tensors.get(y).shape)) throw CircuitCompiler.unsupported(q, "output of shape " + Arrays.toString(c.tensors.get(y).shape));
        long w = window(xs, r);
        if (w > WindowMax.MAX_WINDOW) throw CircuitCompiler.unsupported(q, "reduction over " + w + " cells (at most " + WindowMax.MAX_WINDOW + ")");
        long[] p = new long[1 + r.length];
        p[0] = r.length;
        for (int i = 0; i < r.length; i++) p[1 + i] = r[i] ? 1 : 0;
        return new NodeSpec(q.op, q.name, new int[] {x}, new int[] {y}, p, List.of());
    }

    /** The cells per window: the product of the reduced dimensions. */
    static long window(int[] xs, boolean[] red) {
        long n = 1;
        for (int i = 0; i < xs.length; i++) if (red[i]) n *= xs[i];
        return n;
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        if (n.in.length != 1 || n.out.length != 1 || n.p.length < 1) throw new IllegalArgumentException(n.where() + ": malformed");
        int[] xs = d.tensor(n.in[0]).shape;
        if (n.p[0] != xs.length || n.p.length != 1 + xs.length) throw new IllegalArgumentException(n.where() + ": malformed");
        boolean[] red = new boolean[xs.length];
        for (int i = 0; i < red.length; i++) {
            if ((n.p[1 + i] & ~1L) != 0) throw new IllegalArgumentException(n.where() + ": malformed reduced flag");
            red[i] = n.p[1 + i] == 1;
        }
        if (!ReduceProof.outputShapeFits(xs, red, d.tensor(n.out[0]).shape)) throw new IllegalArgumentException(n.where() + ": output shape does not match the reduction");
        if (window(xs, red) > WindowMax.MAX_WINDOW) throw new IllegalArgumentException(n.where() + ": reduction too large");
        return new Decl(WindowMax.declare(d, "", n.in[0], n.out[0], slots(xs, red), n.op.equals("ReduceMin")));
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        ((Decl) decl).max.witness(w);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        ((Decl) decl).max.run(s);
    }

    /**
     * The reduction of x (shape xs) over the flagged axes as windows: output i is the kept index (row-major, its padded
     * layout that of the keepdims shape), slot k the reduced index (row-major over the reduced dimensions).
     */
    static WindowMax.Slots slots(int[] xs, boolean[] red) {
        int[] map = Shapes.reduceIndex(xs, red);
        int[] keptShape = Shapes.reducedShape(xs, red, true);
        int ny = Padding.size(keptShape);
        int win = (int) window(xs, red);
        int[] slot = new int[map.length]; // k(j): x's cells in row-major order visit each slice in row-major order
        int[] seen = new int[ny];
        for (int j = 0; j < map.length; j++) slot[j] = seen[map[j]]++;
        int[] redShape = new int[xs.length];
        int nr = 0;
        for (int d = 0; d < xs.length; d++) if (red[d]) redShape[nr++] = xs[d];
        int[] slotPos = Padding.paddedIndices(Arrays.copyOf(redShape, nr));
        return new WindowMax.Slots() {
            @Override
            public int window() {
                return win;
            }

            @Override
            public int[] cells(int n) {
                if (n != ny) throw new IllegalStateException("internal: output of " + n + " entries, expected " + ny);
                int[] cells = new int[win * ny];
                for (int j = 0; j < map.length; j++) cells[slot[j] * ny + map[j]] = j;
                return cells;
            }

            @Override
            public ExtVec inputWeights(GoldilocksExt2[] s, GoldilocksExt2[] beta) {
                ExtVec eq = Eq.table(s);
                int[] xPos = Padding.paddedIndices(xs), yPos = Padding.paddedIndices(keptShape);
                ExtVec m = ExtVec.zeros(1 << Padding.vars(xs));
                for (int j = 0; j < map.length; j++) m.set(xPos[j], eq.get(yPos[map[j]]).mul(beta[slot[j]]));
                return m;
            }

            @Override
            public GoldilocksExt2 inputWeightAt(GoldilocksExt2[] s, GoldilocksExt2[] t, GoldilocksExt2[] beta) {
                // the reduced dimensions contribute sum_k beta_k eq(t_reduced, k) instead of their indicator
                return ReduceProof.weightAt(xs, red, s, t, tr -> {
                    ExtVec er = Eq.table(tr);
                    GoldilocksExt2 acc = GoldilocksExt2.ZERO;
                    for (int k = 0; k < win; k++) acc = acc.add(er.get(slotPos[k]).mul(beta[k]));
                    return acc;
                });
            }
        };
    }
}
