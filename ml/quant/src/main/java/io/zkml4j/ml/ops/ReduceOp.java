package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.quant.FixedPoint;
import io.zkml4j.ml.quant.QNode;
import io.zkml4j.ml.quant.QuantContext;
import io.zkml4j.ml.quant.UnaryFunction;

/**
 * Shared form of the ONNX Reduce* operators (axes as attribute or, from opset 13/18, input;
 * keepdims; noop_with_empty_axes). Integer semantics per kind: Sum/L1 exact sums, SumSquare exact
 * sum of products, Mean the exact sum divided by the count ({@link PoolOp#average}), Max/Min exact,
 * L2 the exact square root of the sum of squares, Prod repeated rescaled products, LogSum and
 * LogSumExp by max-shifted exp lookups and a log lookup.
 */
abstract class ReduceOp implements Op {
    enum Kind { SUM, MEAN, MAX, MIN, PROD, L1, L2, SUM_SQUARE, LOG_SUM_EXP, LOG_SUM }

    protected abstract Kind kind();

    static boolean[] reducedAxes(Node node, Tensor[] in, int rank) {
        long[] axes = Args.ints(node, in, 1, "axes");
        boolean[] r = new boolean[rank];
        if (axes == null || axes.length == 0) {
            if (node.attrInt("noop_with_empty_axes", 0) == 0) java.util.Arrays.fill(r, true);
        } else {
            for (long a : axes) r[Shapes.axis(a, rank, node.describe())] = true;
        }
        return r;
    }

    @Override
    public Tensor[] forward(Node node, Tensor[] in) {
        int[] s = in[0].shape();
        boolean[] red = reducedAxes(node, in, s.length);
        boolean keep = node.attrInt("keepdims", 1) != 0;
        int[] out = Shapes.reducedShape(s, red, keep);
        int[] map = Shapes.reduceIndex(s, red);
        int n = Shapes.size(out);
        double[] x = T.d(in[0]);
        double[] acc = new double[n];
        double[] mx = new double[n];
        long[] cnt = new long[n];
        Kind k = kind();
        double init = switch (k) {
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            case PROD -> 1;
            default -> 0;
        };
        java.util.Arrays.fill(acc, init);
        java.util.Arrays.fill(mx, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.length; i++) mx[map[i]] = Math.max(mx[map[i]], x[i]);
        for (int i = 0; i < x.length; i++) {
            int o = map[i];
            double v = x[i];
            cnt[o]++;
            acc[o] = switch (k) {
                case MAX -> Math.max(acc[o], v);
                case MIN -> Math.min(acc[o], v);
                case PROD -> acc[o] * v;
                case L1 -> acc[o] + Math.abs(v);
                case L2, SUM_SQUARE -> acc[o] + v * v;
                case LOG_SUM_EXP -> acc[o] + Math.exp(v - mx[o]);
                default -> acc[o] + v;
            };
        }
        for (int o = 0; o < n; o++) {
            acc[o] = switch (k) {
                case MEAN -> acc[o] / cnt[o];
                case L2 -> Math.sqrt(acc[o]);
                case LOG_SUM_EXP -> mx[o] + Math.log(acc[o]);
                case LOG_SUM -> Math.log(acc[o]);
                default -> acc[o];
            };
        }
        return new Tensor[] {T.of(in[0].dtype(), out, acc)};
    }

    static final int EXP_SCALE = 20;

    @Override
    public void quantize(QuantContext ctx) {
        int s = ctx.use(0);
        QNode q = ctx.q();
        Tensor[] args = new Tensor[ctx.numInputs()];
        if (ctx.present(1)) args[1] = ctx.constant(1);
        boolean[] red = reducedAxes(ctx.node(), args, ctx.inShape(0).length);
        long[] r = new long[red.length];
        for (int i = 0; i < r.length; i++) r[i] = red[i] ? 1 : 0;
        q.put("reduced", r);
        int so = switch (kind()) {
            case MAX, MIN -> s;
            default -> ctx.defaultOutScale(0);
        };
        int n = Shapes.size(ctx.inShape(0)) / Math.max(1, Shapes.size(ctx.outShape(0)));
        if (kind() == Kind.LOG_SUM_EXP) {
            // exp(x - max) in (0, 1]: inputs below -24 give < 2^-34, i.e. 0 at scale 2^-20: saturate there.
            UnaryLookupOp.addTable(ctx, Math.min(2 * ctx.inMax(0) * ctx.policy().headroom, 24), UnaryFunction.EXP, new double[0], 24, EXP_SCALE);
            UnaryLookupOp.addTable(ctx, n * ctx.policy().headroom, UnaryFunction.LOG, new double[0], Double.POSITIVE_INFINITY, so);
        } else if (kind() == Kind.LOG_SUM) {
            UnaryLookupOp.addTable(ctx, ctx.inMax(0) * n * ctx.policy().headroom, UnaryFunction.LOG, new double[0], Double.POSITIVE_INFINITY, so);
        }
        ctx.setOutScale(0, so);
    }

    @Override
    public long[][] run(QNode q, long[][] in) {
        int[] s = q.inShapes[0];
        long[] rl = q.ints("reduced");
        boolean[] red = new boolean[rl.length];
        for (int i = 0; i < red.length; i++) red[i] = rl[i] != 0;
        int[] map = q.cache instanceof int[] m ? m : Shapes.reduceIndex(s, red);
        q.cache = map;
        int n = Shapes.size(q.outShapes[0]);
        long[] x = in[0];
        int si = q.inScales[0], so = q.outScales[0];
        long[] acc = new long[n];
        long[] cnt = new long[n];
        for (int o : map) cnt[o]++;
        Kind k = kind();
        switch (k) {
            case MAX, MIN -> {
                java.util.Arrays.fill(acc, k == Kind.MAX ? Long.MIN_VALUE : Long.MAX_VALUE);
                for (int i = 0; i < x.length; i++) acc[map[i]] = k == Kind.MAX ? Math.max(acc[map[i]], x[i]) : Math.min(acc[map[i]], x[i]);
                return new long[][] {acc};
            }
            case SUM, L1, LOG_SUM -> {
                for (int i = 0; i < x.length; i++) acc[map[i]] += k == Kind.L1 ? Math.abs(x[i]) : x[i];
                if (k == Kind.LOG_SUM) return new long[][] {UnaryLookupOp.lookup(q, 0, acc, si)};
                return new long[][] {FixedPoint.requant(acc, si, so)};
            }
            case MEAN -> {
                for (int i = 0; i < x.length; i++) acc[map[i]] += x[i];
                for (int o = 0; o < n; o++) acc[o] = PoolOp.average(acc[o], cnt[o], si, so);
                return new long[][] {acc};
            }
            case SUM_SQUARE, L2 -> {
                FixedPoint.checkProduct(FixedPoint.maxAbs(x), FixedPoint.maxAbs(x), x.length, q.describe());
                for (int i = 0; i < x.length; i++) acc[map[i]] += x[i] * x[i];
                if (k == Kind.L2) return new long[][] {SqrtOp.sqrt(q, acc, 2 * si, so)};
                return new long[][] {FixedPoint.requant(acc, 2 * si, so)};
            }
            case PROD -> {
                java.util.Arrays.fill(acc, 1L << so);
                long bound = FixedPoint.maxAbs(x);
                for (int i = 0; i < x.length; i++) {
                    int o = map[i];
                    FixedPoint.checkProduct(Math.abs(acc[o]), bound, 1, q.describe());
                    acc[o] = FixedPoint.requant(acc[o] * x[i], so + si, so);
                }
                return new long[][] {acc};
            }
            default -> { // LOG_SUM_EXP
                long[] mx = new long[n];
                java.util.Arrays.fill(mx, Long.MIN_VALUE);
                for (int i = 0; i < x.length; i++) mx[map[i]] = Math.max(mx[map[i]], x[i]);
                long[] d = new long[x.length];
                for (int i = 0; i < x.length; i++) d[i] = x[i] - mx[map[i]];
                long[] e = UnaryLookupOp.lookup(q, 0, d, si);
                for (int i = 0; i < x.length; i++) acc[map[i]] += e[i];
                long[] lg = UnaryLookupOp.lookup(q, 1, acc, EXP_SCALE);
                long[] r = new long[n];
                for (int o = 0; o < n; o++) r[o] = FixedPoint.requant(mx[o], si, so) + lg[o];
                return new long[][] {r};
            }
        }
    }
}
