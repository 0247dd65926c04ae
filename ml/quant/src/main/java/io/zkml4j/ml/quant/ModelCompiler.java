package io.zkml4j.ml.quant;

import io.zkml4j.ml.exec.FloatExecutor;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.Op;
import io.zkml4j.ml.ops.OpContext;
import io.zkml4j.ml.ops.OpRegistry;
import io.zkml4j.ml.ops.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX graph -> {@link QuantizedModel}: support check, constant folding with static shapes,
 * BatchNormalization folding, calibration (float runs on the samples, max |x| per tensor), then each
 * operator's quantization rule in topological order, and a calibration report (quantized vs float).
 */
public final class ModelCompiler {
    private ModelCompiler() {}

    /** Throws a ModelException naming the first node whose operator is not supported, before any work. */
    public static void checkSupported(Graph g) {
        for (Node n : g.nodes()) {
            if (!OpRegistry.isSupported(n)) {
                String d = n.domain() == null || n.domain().isEmpty() ? "" : n.domain() + ":";
                throw new ModelException(g.source() + ": unsupported operator " + d + n.opType() + " at " + n.describe());
            }
        }
    }

    /** Per-tensor calibration statistics. */
    static final class Stats {
        final Map<String, Double> maxAbs = new HashMap<>();
        final Map<String, DType> types = new HashMap<>();
        final Map<String, int[]> shapes = new HashMap<>();

        void add(Map<String, Tensor> run, String source) {
            for (Map.Entry<String, Tensor> e : run.entrySet()) {
                Tensor t = e.getValue();
                double m = 0;
                for (int i = 0; i < t.size(); i++) {
                    double v = Math.abs(t.getAsDouble(i));
                    if (Double.isFinite(v) && v > m) m = v;
                }
                maxAbs.merge(e.getKey(), m, Math::max);
                types.putIfAbsent(e.getKey(), t.dtype());
                int[] prev = shapes.putIfAbsent(e.getKey(), t.shape());
                if (prev != null && !Arrays.equals(prev, t.shape())) {
                    throw new ModelException(source + ": the shape of '" + e.getKey() + "' depends on the input (" + Arrays.toString(prev) + " vs "
                            + Arrays.toString(t.shape()) + "); only static graphs are supported");
                }
            }
        }
    }

    public static QuantizedModel compile(Graph g, List<List<double[]>> calibration, CompileOptions options) {
        checkSupported(g);
        QuantPolicy policy = options.policy();
        OpContext.setOpset(g.opset());
        List<List<double[]>> samples = calibration;
        if (samples == null || samples.isEmpty()) {
            List<double[]> zeros = new ArrayList<>();
            for (ValueInfo vi : g.inputs()) zeros.add(new double[Shapes.size(vi.shape())]);
            samples = List.of(zeros);
        }
        Map<String, Tensor> reference = FloatExecutor.runAll(g, samples.get(0));
        Graph f = GraphPasses.foldConstants(g, reference);
        f = GraphPasses.foldBatchNorm(f);
        f = GraphPasses.finiteFills(f, reference);
        f = GraphPasses.decomposeLayerNorm(f, reference);
        f = GraphPasses.decomposeConvTranspose(f, reference);
        f = RecurrentUnroll.apply(f, reference);
        f = ElementwiseRewrite.apply(f, reference);
        f = ContractionRewrite.apply(f, reference);
        f = QdqRewrite.apply(f, reference);
        f = IntegerRewrite.apply(f, reference);
        f = IndexRewrite.apply(f, reference);
        Stats stats = new Stats();
        for (List<double[]> s : samples) stats.add(FloatExecutor.runAll(f, s), g.source());
        QuantizedModel m = quantize(f, stats, policy);
        m.source = g.source();
        m.report = report(f, m, samples);
        return m;
    }

    private static QuantizedModel quantize(Graph f, Stats stats, QuantPolicy policy) {
        QuantizedModel m = new QuantizedModel();
        m.opset = f.opset();
        m.actBits = policy.actBits;
        m.weightBits = policy.weightBits;
        m.headroom = policy.headroom;
        Map<String, Integer> scales = new HashMap<>();
        for (ValueInfo vi : f.inputs()) {
            boolean integer = !vi.dtype().isFloat();
            double mx = stats.maxAbs.getOrDefault(vi.name(), 0.0);
            int s = integer ? 0 : policy.activationScale(mx);
            scales.put(vi.name(), s);
            QuantizedModel.Io in = new QuantizedModel.Io(vi.name(), vi.shape(), s, integer, mx);
            in.bool = vi.dtype() == DType.BOOL;
            m.inputs.add(in);
        }
        Map<String, Tensor> init = f.initializers();
        QuantContext.ConstSink sink = (base, c) -> {
            String key = base + "@" + c.scale;
            for (int k = 1; ; k++) {
                QConst prev = m.constants.get(key);
                if (prev == null) {
                    m.constants.put(key, c);
                    return key;
                }
                if (Arrays.equals(prev.shape, c.shape) && Arrays.equals(prev.values, c.values)) return key;
                key = base + "@" + c.scale + "#" + k;
            }
        };
        for (Node n : f.nodes()) {
            Op op = OpRegistry.get(n.opType());
            int ni = n.inputs().size(), no = n.outputs().size();
            QNode q = new QNode();
            q.name = n.name();
            q.op = n.opType();
            q.inShapes = new int[ni][];
            q.inScales = new int[ni];
            q.outShapes = new int[no][];
            q.outScales = new int[no];
            Tensor[] consts = new Tensor[ni];
            DType[] inTypes = new DType[ni], outTypes = new DType[no];
            double[] inMax = new double[ni], outMax = new double[no];
            for (int i = 0; i < ni; i++) {
                String name = n.inputs().get(i);
                q.inputs.add("");
                if (name.isEmpty()) {
                    q.inShapes[i] = new int[0];
                    continue;
                }
                if (init.containsKey(name)) {
                    Tensor t = init.get(name);
                    consts[i] = t;
                    q.inShapes[i] = t.shape();
                    inTypes[i] = t.dtype();
                    inMax[i] = QuantContext.maxAbs(t);
                } else {
                    Integer s = scales.get(name);
                    if (s == null) throw new ModelException("value '" + name + "' read by " + n.describe() + " has no producer");
                    q.inputs.set(i, name);
                    q.inScales[i] = s;
                    q.inShapes[i] = stats.shapes.get(name);
                    inTypes[i] = stats.types.get(name);
                    inMax[i] = stats.maxAbs.getOrDefault(name, 0.0);
                }
            }
            for (int j = 0; j < no; j++) {
                String name = n.outputs().get(j);
                q.outputs.add(name);
                q.outScales[j] = Integer.MIN_VALUE;
                q.outShapes[j] = name.isEmpty() || !stats.shapes.containsKey(name) ? new int[0] : stats.shapes.get(name);
                outTypes[j] = name.isEmpty() ? DType.FLOAT : stats.types.getOrDefault(name, DType.FLOAT);
                outMax[j] = stats.maxAbs.getOrDefault(name, 0.0);
            }
            QuantContext ctx = new QuantContext(n, q, consts, inTypes, outTypes, inMax, outMax, sink, policy);
            op.quantize(ctx);
            for (int j = 0; j < no; j++) {
                String name = n.outputs().get(j);
                if (name.isEmpty()) continue;
                if (q.outScales[j] == Integer.MIN_VALUE) {
                    if (stats.shapes.containsKey(name)) throw new IllegalStateException(n.describe() + " did not choose a scale for output " + j);
                    q.outputs.set(j, "");
                    continue;
                }
                scales.put(name, q.outScales[j]);
            }
            m.nodes.add(q);
        }
        for (ValueInfo vi : f.outputs()) {
            String name = vi.name();
            double mx = stats.maxAbs.getOrDefault(name, 0.0);
            boolean integer = !stats.types.getOrDefault(name, DType.FLOAT).isFloat();
            Integer s = scales.get(name);
            if (s == null) {
                Tensor t = init.get(name);
                if (t == null) throw new ModelException("graph output '" + name + "' is never computed");
                s = integer ? 0 : policy.weightScale(QuantContext.maxAbs(t));
                long[] v = new long[t.size()];
                for (int i = 0; i < v.length; i++) v[i] = FixedPoint.quantize(t.getAsDouble(i), s);
                m.constants.put(name, new QConst(t.shape(), s, v));
            }
            m.outputs.add(new QuantizedModel.Io(name, stats.shapes.get(name), s, integer, mx));
        }
        return m;
    }

    /** Quantized-vs-float comparison on the calibration samples. */
    private static String report(Graph f, QuantizedModel m, List<List<double[]>> samples) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d nodes, %d constants, %d lookup tables; calibrated on %d sample(s)%n",
                m.nodes.size(), m.constants.size(), m.nodes.stream().mapToInt(q -> q.tables.size()).sum(), samples.size()));
        int no = m.outputs.size();
        double[] worst = new double[no];
        int[] agree = new int[no];
        int n = Math.min(samples.size(), 32);
        for (int k = 0; k < n; k++) {
            List<double[]> fl = FloatExecutor.run(f, samples.get(k));
            List<double[]> qu = m.run(samples.get(k));
            for (int o = 0; o < no; o++) {
                worst[o] = Math.max(worst[o], relativeError(qu.get(o), fl.get(o)));
                if (argmax(qu.get(o)) == argmax(fl.get(o))) agree[o]++;
            }
        }
        for (int o = 0; o < no; o++) {
            QuantizedModel.Io io = m.outputs.get(o);
            b.append(String.format(Locale.ROOT, "output '%s' %s at 2^-%d: max relative error %.3g%%, argmax agreement %d/%d%n",
                    io.name, Arrays.toString(io.shape), io.scale, 100 * worst[o], agree[o], n));
        }
        return b.toString();
    }

    /** max |q - f| / max |f| (absolute error when f is all zero). */
    public static double relativeError(double[] q, double[] f) {
        double num = 0, den = 0;
        for (int i = 0; i < f.length; i++) {
            num = Math.max(num, Math.abs(q[i] - f[i]));
            den = Math.max(den, Math.abs(f[i]));
        }
        return den == 0 ? num : num / den;
    }

    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
