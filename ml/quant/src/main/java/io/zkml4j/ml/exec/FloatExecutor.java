package io.zkml4j.ml.exec;

import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import io.zkml4j.ml.ops.OpContext;
import io.zkml4j.ml.ops.OpRegistry;
import io.zkml4j.ml.ops.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Float64 reference execution of a graph with ONNX semantics (the float model that quantization
 * approximates); also used for calibration, static shape inference and constant folding.
 */
public final class FloatExecutor {
    private FloatExecutor() {}

    /** Outputs of the graph, flattened, in graph-output order. */
    public static List<double[]> run(Graph g, List<double[]> inputs) {
        Map<String, Tensor> all = runAll(g, inputs);
        List<double[]> out = new ArrayList<>();
        for (ValueInfo o : g.outputs()) out.add(toDoubles(all.get(o.name())));
        return out;
    }

    public static double[] toDoubles(Tensor t) {
        if (t.floats() != null) return t.floats().clone();
        long[] l = t.ints();
        double[] r = new double[l.length];
        for (int i = 0; i < l.length; i++) r[i] = l[i];
        return r;
    }

    /** Every value of the run (graph inputs, initializers and node outputs) by name. */
    public static Map<String, Tensor> runAll(Graph g, List<double[]> inputs) {
        OpContext.setOpset(g.opset());
        List<ValueInfo> ins = g.inputs();
        if (inputs.size() != ins.size()) {
            throw new ModelException(g.source() + ": the model has " + ins.size() + " input(s), got " + inputs.size());
        }
        Map<String, Tensor> env = new HashMap<>(g.initializers());
        Map<String, Tensor> computed = new LinkedHashMap<>();
        for (int i = 0; i < ins.size(); i++) {
            Tensor t = inputTensor(ins.get(i), inputs.get(i));
            env.put(ins.get(i).name(), t);
            computed.put(ins.get(i).name(), t);
        }
        for (Node n : g.nodes()) {
            Tensor[] out = evaluate(n, env);
            for (int j = 0; j < out.length && j < n.outputs().size(); j++) {
                String name = n.outputs().get(j);
                if (name.isEmpty()) continue;
                env.put(name, out[j]);
                computed.put(name, out[j]);
            }
        }
        for (ValueInfo o : g.outputs()) {
            if (!env.containsKey(o.name())) throw new ModelException(g.source() + ": graph output '" + o.name() + "' is never computed");
            computed.putIfAbsent(o.name(), env.get(o.name()));
        }
        return computed;
    }

    /** Runs one node on the values it reads from {@code env}. */
    public static Tensor[] evaluate(Node n, Map<String, Tensor> env) {
        if (!OpRegistry.isSupported(n)) throw new ModelException("unsupported operator " + n.opType() + " at " + n.describe());
        Tensor[] in = new Tensor[n.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            String name = n.inputs().get(i);
            if (name.isEmpty()) continue;
            in[i] = env.get(name);
            if (in[i] == null) throw new ModelException("input '" + name + "' of " + n.describe() + " is not available");
        }
        try {
            return OpRegistry.get(n.opType()).forward(n, in);
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException("cannot evaluate " + n.describe() + " on inputs " + shapes(in) + ": " + e, e);
        }
    }

    private static String shapes(Tensor[] in) {
        StringBuilder b = new StringBuilder();
        for (Tensor t : in) b.append(t == null ? "-" : Arrays.toString(t.shape())).append(' ');
        return b.toString().trim();
    }

    /** A graph input from flat doubles, validated (length, NaN/infinity); integer types must hold integers. */
    public static Tensor inputTensor(ValueInfo vi, double[] x) {
        int[] shape = vi.shape();
        int n = Shapes.size(shape);
        if (x == null || x.length != n) {
            throw new ModelException("input '" + vi.name() + "' needs " + n + " values (shape " + Arrays.toString(shape) + "), got "
                    + (x == null ? 0 : x.length));
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i])) throw new ModelException("input '" + vi.name() + "' value " + i + " is " + x[i]);
        }
        DType t = vi.dtype();
        if (t.isFloat()) return Tensor.ofFloats(shape, x.clone());
        long[] l = new long[n];
        for (int i = 0; i < n; i++) l[i] = t == DType.BOOL ? (x[i] != 0 ? 1 : 0) : Math.round(x[i]);
        return Tensor.ofInts(t, shape, l);
    }
}
