package io.zkml4j.ml.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A computation graph: real inputs (initializers excluded), outputs, topologically sorted nodes,
 * and constant initializers. Constant nodes stay nodes. Passes rebuild it with {@link #withNodes}.
 */
public final class Graph {
    private final String source;
    private final int opset;
    private final Map<String, Integer> opsetImports;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final List<Node> nodes;
    private final Map<String, Tensor> initializers;
    private final Map<String, ValueInfo> valueInfo;

    public Graph(String source, int opset, Map<String, Integer> opsetImports, List<ValueInfo> inputs,
                 List<ValueInfo> outputs, List<Node> nodes, Map<String, Tensor> initializers,
                 Map<String, ValueInfo> valueInfo) {
        this.source = source;
        this.opset = opset;
        this.opsetImports = Collections.unmodifiableMap(new LinkedHashMap<>(opsetImports));
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = List.copyOf(nodes);
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        this.valueInfo = Collections.unmodifiableMap(new LinkedHashMap<>(valueInfo));
    }

    /** Same inputs, outputs and metadata; new nodes (caller keeps them topologically sorted) and initializers. */
    public Graph withNodes(List<Node> newNodes, Map<String, Tensor> newInitializers) {
        return new Graph(source, opset, opsetImports, inputs, outputs, newNodes, newInitializers, valueInfo);
    }

    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Map<String, Tensor> initializers() {
        return initializers;
    }

    /** Declared types/shapes of intermediate values (ONNX value_info), possibly partial or empty. */
    public Map<String, ValueInfo> valueInfo() {
        return valueInfo;
    }

    /** Opset version of the default ONNX domain. */
    public int opset() {
        return opset;
    }

    /** All imported opsets by domain ("" = default ONNX domain). */
    public Map<String, Integer> opsetImports() {
        return opsetImports;
    }

    /** File name (or "subgraph ..." description) for error messages. */
    public String source() {
        return source;
    }

    /** Operator type -> number of nodes, sorted by operator name. */
    public Map<String, Integer> operatorCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Node n : nodes) {
            counts.merge(n.opType(), 1, Integer::sum);
        }
        return counts;
    }

    /** Number of scalar values in initializers and Constant nodes. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : initializers.values()) {
            n += t.size();
        }
        for (Node node : nodes) {
            if (node.opType().equals("Constant")) {
                Tensor t = node.attrTensor("value");
                if (t != null) {
                    n += t.size();
                }
            }
        }
        return n;
    }

    public ValueInfo input(String name) {
        for (ValueInfo v : inputs) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Graph(" + source + ", opset " + opset + ", " + nodes.size() + " nodes, inputs " + inputs + ", outputs " + outputs + ")";
    }
}
