package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import io.zkml4j.ml.quant.UnaryFunction;
import java.util.List;

/**
 * Shared form of LSTM and GRU (layout 0: X [seq, batch, in]; directions forward, reverse,
 * bidirectional; default activations; no peepholes, clip or sequence_lens). The integer forward
 * unrolls the recurrence into the basic primitives: exact matrix products W x and R h, rescales to
 * the gate scale 2^-16, sigmoid/tanh lookups (outputs at 2^-16), exact element-wise products
 * rescaled back to 2^-16. Hidden and cell states are held at scale 2^-16.
 */
abstract class RecurrentOp implements Op {
    static final int S = 16;

    protected abstract int gates();

    /** One time step on floats: gate pre-activations xw = W x + Wb (per gate), and state h (and c). */
    protected abstract void stepFloat(Node node, int hs, double[] xw, double[] r, double[] rb, double[] h, double[] c);

    /** One time step on integers at scale S: xw = W x + Wb (scale S), r/rb at scale sr / sr + S. */
    protected abstract void stepInt(QNode q, int hs, long[] xw, long[] r, long[] rb, int sr, long[] h, long[] c);

    protected boolean hasCell() {
        return false;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** The ONNX default activations of one direction (LSTM: f, g, h; GRU: f, g). */
    protected abstract List<String> defaultActivations();

    private void check(Node node) {
        if (node.attrInt("layout", 0) != 0) throw new ModelException("layout=1 is not supported at " + node.describe());
        if (node.hasAttr("clip")) throw new ModelException("clip is not supported at " + node.describe());
        if (node.hasAttr("activations")) {
            String[] a = node.attributes().get("activations").strings();
            List<String> d = defaultActivations();
            for (int i = 0; i < a.length; i++) {
                if (!a[i].equalsIgnoreCase(d.get(i % d.size()))) {
                    throw new ModelException("activation " + a[i] + " is not supported at " + node.describe() + " (only the defaults " + d + ")");
                }
            }
        }
    }

    private static int dirs(Node node) {
        return "bidirectional".equals(node.attrString("direction", "forward")) ? 2 : 1;
    }

    private static boolean reverse(Node node, int d) {
        return d == 1 || "reverse".equals(node.attrString("direction", "forward"));
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        check(node);
        if (Args.present(in, 4)) throw new ModelException("sequence_lens is not supported at " + node.describe());
        if (Args.present(in, 7)) throw new ModelException("peepholes are not supported at " + node.describe());
        int[] xs = in[0].shape();
        int seq = xs[0], batch = xs[1], inSize = xs[2];
        int hs = (int) node.attrInt("hidden_size", in[2].shape()[2]);
        int g = gates();
        int nd = dirs(node);
        double[] x = T.d(in[0]), w = T.d(in[1]), r = T.d(in[2]);
        double[] b = Args.present(in, 3) ? T.d(in[3]) : new double[nd * 2 * g * hs];
        double[] y = new double[seq * nd * batch * hs];
        double[] yh = new double[nd * batch * hs], yc = new double[nd * batch * hs];
        for (int d = 0; d < nd; d++) {
            for (int bi = 0; bi < batch; bi++) {
                double[] h = new double[hs], c = new double[hs];
                if (Args.present(in, 5)) System.arraycopy(T.d(in[5]), (d * batch + bi) * hs, h, 0, hs);
                if (hasCell() && Args.present(in, 6)) System.arraycopy(T.d(in[6]), (d * batch + bi) * hs, c, 0, hs);
                double[] rd = java.util.Arrays.copyOfRange(r, d * g * hs * hs, (d + 1) * g * hs * hs);
                double[] rb = java.util.Arrays.copyOfRange(b, (d * 2 + 1) * g * hs, (d * 2 + 2) * g * hs);
                for (int step = 0; step < seq; step++) {
                    int t = reverse(node, d) ? seq - 1 - step : step;
                    double[] xw = new double[g * hs];
                    for (int j = 0; j < g * hs; j++) {
                        double acc = b[d * 2 * g * hs + j];
                        for (int k = 0; k < inSize; k++) acc += w[(d * g * hs + j) * inSize + k] * x[(t * batch + bi) * inSize + k];
                        xw[j] = acc;
                    }
                    stepFloat(node, hs, xw, rd, rb, h, c);
                    System.arraycopy(h, 0, y, ((t * nd + d) * batch + bi) * hs, hs);
                }
                System.arraycopy(h, 0, yh, (d * batch + bi) * hs, hs);
                System.arraycopy(c, 0, yc, (d * batch + bi) * hs, hs);
            }
        }
        return new Tensor[] {T.f(new int[] {seq, nd, batch, hs}, y), T.f(new int[] {nd, batch, hs}, yh), T.f(new int[] {nd, batch, hs}, yc)};
    }

    @Override
    public void quantize(QuantContext ctx) {
        check(ctx.node());
        for (int i = 1; i < 4; i++) if (ctx.present(i) && !ctx.isConst(i)) throw new ModelException("recurrent weights must be constant at " + ctx.where());
        if (ctx.present(4) || ctx.present(7)) throw new ModelException("sequence_lens/peepholes are not supported at " + ctx.where());
        int sx = ctx.use(0);
        int sw = ctx.use(1);
        int sr = ctx.use(2);
        int g = gates();
        int nd = dirs(ctx.node());
        int hs = ctx.inShape(2)[2];
        // Biases: Wb at scale sx + sw (added to the exact W x), Rb at scale sr + S (added to the exact R h).
        Tensor b = ctx.present(3) ? ctx.constant(3) : null;
        long[] wb = new long[nd * g * hs], rb = new long[nd * g * hs];
        for (int d = 0; d < nd; d++)
            for (int j = 0; j < g * hs; j++) {
                if (b == null) continue;
                wb[d * g * hs + j] = FixedPoint.quantize(b.getAsDouble(d * 2 * g * hs + j), sx + sw);
                rb[d * g * hs + j] = FixedPoint.quantize(b.getAsDouble((d * 2 + 1) * g * hs + j), sr + S);
            }
        ctx.useDerivedConst(3, ctx.node().name() + ".Wb", new int[] {nd, g * hs}, sx + sw, wb);
        ctx.useDerivedConst(4, ctx.node().name() + ".Rb", new int[] {nd, g * hs}, sr + S, rb);
        for (int i = 5; i < 7; i++) if (ctx.present(i)) ctx.useConst(i, S);
        QNode q = ctx.q();
        q.put("rnn", hs, nd, reverse(ctx.node(), 0) ? 1 : 0, ctx.node().attrInt("linear_before_reset", 0));
        UnaryLookupOp.addTable(ctx, 40, UnaryFunction.SIGMOID, new double[0], 20, S);
        UnaryLookupOp.addTable(ctx, 40, UnaryFunction.TANH, new double[0], 10, S);
        for (int j = 0; j < ctx.numOutputs(); j++) ctx.setOutScale(j, S);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        long[] p = q.ints("rnn");
        int hs = (int) p[0], nd = (int) p[1];
        boolean rev0 = p[2] != 0;
        int[] xs = q.inShapes[0];
        int seq = xs[0], batch = xs[1], inSize = xs[2];
        int g = gates();
        int sx = q.inScales[0], sw = q.inScales[1], sr = q.inScales[2];
        long[] x = in[0], w = in[1], r = in[2], wb = in[3], rbAll = in[4];
        FixedPoint.checkProduct(FixedPoint.maxAbs(x), FixedPoint.maxAbs(w), inSize + 1, q.describe());
        long[] y = new long[seq * nd * batch * hs];
        long[] yh = new long[nd * batch * hs], yc = new long[nd * batch * hs];
        for (int d = 0; d < nd; d++) {
            boolean rev = d == 1 || rev0;
            long[] rd = java.util.Arrays.copyOfRange(r, d * g * hs * hs, (d + 1) * g * hs * hs);
            long[] rb = java.util.Arrays.copyOfRange(rbAll, d * g * hs, (d + 1) * g * hs);
            for (int bi = 0; bi < batch; bi++) {
                long[] h = new long[hs], c = new long[hs];
                if (in.length > 5 && in[5] != null) System.arraycopy(in[5], (d * batch + bi) * hs, h, 0, hs);
                if (hasCell() && in.length > 6 && in[6] != null) System.arraycopy(in[6], (d * batch + bi) * hs, c, 0, hs);
                for (int step = 0; step < seq; step++) {
                    int t = rev ? seq - 1 - step : step;
                    long[] xw = new long[g * hs];
                    for (int j = 0; j < g * hs; j++) {
                        long acc = wb[d * g * hs + j];
                        for (int k = 0; k < inSize; k++) acc += w[(d * g * hs + j) * inSize + k] * x[(t * batch + bi) * inSize + k];
                        xw[j] = FixedPoint.requant(acc, sx + sw, S);
                    }
                    stepInt(q, hs, xw, rd, rb, sr, h, c);
                    System.arraycopy(h, 0, y, ((t * nd + d) * batch + bi) * hs, hs);
                }
                System.arraycopy(h, 0, yh, (d * batch + bi) * hs, hs);
                System.arraycopy(c, 0, yc, (d * batch + bi) * hs, hs);
            }
        }
        long[][] all = {y, yh, yc};
        return java.util.Arrays.copyOf(all, q.outShapes.length);
    }

    /** R h + Rb for gate rows [from, from + hs), rescaled from sr + S to S. */
    static long[] recur(long[] r, long[] rb, long[] h, int hs, int gate, int sr) {
        long[] out = new long[hs];
        for (int j = 0; j < hs; j++) {
            int row = gate * hs + j;
            long acc = rb[row];
            for (int k = 0; k < hs; k++) acc += r[row * hs + k] * h[k];
            out[j] = FixedPoint.requant(acc, sr + S, S);
        }
        return out;
    }

    static double[] recur(double[] r, double[] rb, double[] h, int hs, int gate) {
        double[] out = new double[hs];
        for (int j = 0; j < hs; j++) {
            int row = gate * hs + j;
            double acc = rb[row];
            for (int k = 0; k < hs; k++) acc += r[row * hs + k] * h[k];
            out[j] = acc;
        }
        return out;
    }

    static long[] slice(long[] v, int gate, int hs) {
        return java.util.Arrays.copyOfRange(v, gate * hs, (gate + 1) * hs);
    }

    static long mul(long a, long b) {
        return FixedPoint.rescale(a * b, S);
    }
}
