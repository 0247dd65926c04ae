package io.zkml4j.ml.quant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The witness of one exact integer run: every tensor of the quantized graph (inputs, constants
 * read, every node output), in execution order, with its shape and scale. Later proofs prove
 * exactly these values.
 */
public final class IntTrace {
    /** One integer tensor: values at scale 2^-scale, row-major. */
    public record Value(int[] shape, int scale, long[] values) {
        public double[] dequantize() {
            double[] r = new double[values.length];
            for (int i = 0; i < r.length; i++) r[i] = FixedPoint.dequantize(values[i], scale);
            return r;
        }
    }

    private final Map<String, Value> values = new LinkedHashMap<>();
    private final List<String> outputs;

    IntTrace(List<String> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    void put(String name, Value v) {
        values.put(name, v);
    }

    public Value get(String name) {
        return values.get(name);
    }

    public Map<String, Value> values() {
        return Collections.unmodifiableMap(values);
    }

    public List<String> outputNames() {
        return outputs;
    }

    public Value output(int i) {
        return values.get(outputs.get(i));
    }
}
