package io.zkml4j.ml.prover;

import io.zkml4j.field.GoldilocksExt2;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.poly.ExtVec;

import java.util.List;

/**
 * MaxPool and GlobalMaxPool (batch 1, no Indices output) exactly as ml/quant computes them: y[c, q] = the maximum of
 * x over window q's cells inside the input (padding cells do not take part; kernel, strides, pads, dilations,
 * ceil_mode as resolved by the quantizer), at the input's scale.
 *
 * <p>Proof: {@link WindowMax} over the window's slots. Every window has W slots; a slot in the padding is given the
 * window's first real cell instead (a repeated cell leaves the maximum unchanged, and the verifier derives the
 * substitution from the public geometry), so every slot k of output i reads a real cell j(i, k). The verifier
 * evaluates the slot-weighted read map M in O(C + |q| W) from the public geometry.
 *
 * <p>Soundness error: {@link WindowMax}'s, beyond the range check's and the claims'.
 *
 * <p>Parameters: the window geometry ({@link PoolProof.Geometry}).
 */
final class MaxPoolProof implements OpProof {
    private record Decl(PoolProof.Geometry g, WindowMax max) {}

    @Override
    public NodeSpec compile(QNode q, CircuitCompiler c) {
        PoolProof.Geometry g = PoolProof.Geometry.compile(q, c);
        if (q.inScales[0] != q.outScales[0]) throw CircuitCompiler.unsupported(q, "max pool changing the scale");
        if (g.window > WindowMax.MAX_WINDOW) throw CircuitCompiler.unsupported(q, "window of " + g.window + " cells (at most " + WindowMax.MAX_WINDOW + ")");
        if (g.hasEmptyWindow()) throw CircuitCompiler.unsupported(q, "a window entirely in the padding");
        return new NodeSpec(q.op, q.name, new int[] {c.tensor(q, 0)}, new int[] {c.output(q, 0)}, g.params(), List.of());
    }

    @Override
    public Object declare(NodeSpec n, Circuit.Declarer d) {
        PoolProof.Geometry g = PoolProof.Geometry.read(n, d);
        if (n.p.length != g.paramCount()) throw new IllegalArgumentException(n.where() + ": malformed pool parameters");
        if (g.window > WindowMax.MAX_WINDOW || g.hasEmptyWindow()) throw new IllegalArgumentException(n.where() + ": window not provable");
        return new Decl(g, WindowMax.declare(d, "", n.in[0], n.out[0], slots(g), false));
    }

    /** The pool's windows as slots: a slot in the padding reads the window's first real cell. */
    private static WindowMax.Slots slots(PoolProof.Geometry g) {
        return new WindowMax.Slots() {
            @Override
            public int window() {
                return g.window;
            }

            @Override
            public int[] cells(int ny) {
                int[] cells = new int[g.window * ny];
                for (int k = 0; k < g.window; k++) {
                    for (int c = 0; c < g.channels; c++) {
                        for (int q = 0; q < g.outSpatial; q++) cells[k * ny + c * g.outSpatial + q] = c * g.inSpatial + g.cell(q, k, true);
                    }
                }
                return cells;
            }

            @Override
            public ExtVec inputWeights(GoldilocksExt2[] s, GoldilocksExt2[] beta) {
                return g.inputWeights(s, beta, 1);
            }

            @Override
            public GoldilocksExt2 inputWeightAt(GoldilocksExt2[] s, GoldilocksExt2[] t, GoldilocksExt2[] beta) {
                return g.inputWeightAt(s, t, beta, 1);
            }
        };
    }

    @Override
    public void witness(NodeSpec n, Object decl, Witness w) {
        ((Decl) decl).max.witness(w);
    }

    @Override
    public void run(NodeSpec n, Object decl, Side s) {
        ((Decl) decl).max.run(s);
    }
}
