package io.zkml4j.ml.ops;

import io.zkml4j.ml.ir.Attribute;
import io.zkml4j.ml.ir.DType;
import io.zkml4j.ml.ir.Graph;
import io.zkml4j.ml.ir.Node;
import io.zkml4j.ml.ir.Tensor;
import io.zkml4j.ml.ir.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small graphs for operator tests. */
public final class TestGraphs {
    private TestGraphs() {}

    /** One input of the node: a runtime graph input (value == null) or a constant. */
    public record In(String name, DType type, int[] shape, Tensor value) {
        public static In x(String name, int... shape) {
            return new In(name, DType.FLOAT, shape, null);
        }

        public static In xi(String name, DType t, int... shape) {
            return new In(name, t, shape, null);
        }

        public static In c(String name, Tensor t) {
            return new In(name, t.dtype(), t.shape(), t);
        }

        public static In none() {
            return new In("", DType.FLOAT, new int[0], null);
        }
    }

    public static Graph single(String op, Map<String, Attribute> attrs, int outputs, In... ins) {
        return single(op, 13, attrs, outputs, ins);
    }

    public static Graph single(String op, int opset, Map<String, Attribute> attrs, int outputs, In... ins) {
        List<ValueInfo> inputs = new ArrayList<>();
        Map<String, Tensor> init = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (In in : ins) {
            names.add(in.name());
            if (in.name().isEmpty()) continue;
            if (in.value() == null) inputs.add(new ValueInfo(in.name(), in.type(), in.shape()));
            else init.put(in.name(), in.value());
        }
        List<String> outs = new ArrayList<>();
        List<ValueInfo> gouts = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            outs.add("y" + i);
            gouts.add(new ValueInfo("y" + i, DType.FLOAT, new int[0]));
        }
        Node n = new Node(op + "_0", op, "", names, outs, attrs == null ? Map.of() : attrs);
        return new Graph("test:" + op, opset, Map.of("", opset), inputs, gouts, List.of(n), init, Map.of());
    }

    public static Map<String, Attribute> attrs(Attribute... a) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (Attribute x : a) m.put(x.name(), x);
        return m;
    }

    public static Tensor f(int[] shape, double... v) {
        return Tensor.ofFloats(shape, v);
    }

    public static Tensor i64(int[] shape, long... v) {
        return Tensor.ofInts(DType.INT64, shape, v);
    }
}
