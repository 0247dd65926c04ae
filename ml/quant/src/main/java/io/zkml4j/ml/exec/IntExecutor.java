package io.zkml4j.ml.exec;

import io.zkml4j.ml.ir.ModelException;
import io.zkml4j.ml.ops.OpRegistry;
import io.zkml4j.ml.ops.Shapes;
import io.zkml4j.ml.quant.IntTrace;
import io.zkml4j.ml.quant.QNode;

/** Exact integer execution of a quantized graph, node by node, over long[] tensors. */
public final class IntExecutor {
    private IntExecutor() {}

    /** Lookup of a tensor by name during the run (the trace being built). */
    public interface Env {
        IntTrace.Value get(String name);

        void put(String name, IntTrace.Value v);
    }

    /** Runs every node, reading inputs from and writing outputs to {@code env}. */
    public static void run(Iterable<QNode> nodes, Env env) {
        for (QNode q : nodes) {
            long[][] in = new long[q.inputs.size()][];
            for (int i = 0; i < in.length; i++) {
                String name = q.inputs.get(i);
                if (name.isEmpty()) continue;
                IntTrace.Value v = env.get(name);
                if (v == null) throw new ModelException("value '" + name + "' read by " + q.describe() + " is missing");
                in[i] = v.values();
            }
            long[][] out = OpRegistry.get(q.op).run(q, in);
            for (int j = 0; j < q.outputs.size(); j++) {
                String name = q.outputs.get(j);
                if (name.isEmpty() || j >= out.length) continue;
                if (out[j].length != Shapes.size(q.outShapes[j])) {
                    throw new IllegalStateException(q.describe() + " produced " + out[j].length + " values for output " + j);
                }
                env.put(name, new IntTrace.Value(q.outShapes[j], q.outScales[j], out[j]));
            }
        }
    }
}
