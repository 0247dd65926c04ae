package io.zkml4j.ml.ir;

import java.util.Arrays;
import java.util.List;

/** A node attribute: exactly one value of the kind it declares. */
public final class Attribute {
    /** ONNX AttributeProto.AttributeType, restricted to the kinds the IR carries. */
    public enum Kind { FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, STRINGS, TENSORS, GRAPHS }

    private final String name;
    private final Kind kind;
    private final float f;
    private final long i;
    private final String s;
    private final Tensor t;
    private final Graph g;
    private final float[] floats;
    private final long[] ints;
    private final String[] strings;
    private final List<Tensor> tensors;
    private final List<Graph> graphs;

    private Attribute(String name, Kind kind, float f, long i, String s, Tensor t, Graph g,
                      float[] floats, long[] ints, String[] strings, List<Tensor> tensors, List<Graph> graphs) {
        this.name = name;
        this.kind = kind;
        this.f = f;
        this.i = i;
        this.s = s;
        this.t = t;
        this.g = g;
        this.floats = floats;
        this.ints = ints;
        this.strings = strings;
        this.tensors = tensors == null ? null : List.copyOf(tensors);
        this.graphs = graphs == null ? null : List.copyOf(graphs);
    }

    public static Attribute ofFloat(String name, float v) {
        return new Attribute(name, Kind.FLOAT, v, 0, null, null, null, null, null, null, null, null);
    }

    public static Attribute ofInt(String name, long v) {
        return new Attribute(name, Kind.INT, 0, v, null, null, null, null, null, null, null, null);
    }

    public static Attribute ofString(String name, String v) {
        return new Attribute(name, Kind.STRING, 0, 0, v, null, null, null, null, null, null, null);
    }

    public static Attribute ofTensor(String name, Tensor v) {
        return new Attribute(name, Kind.TENSOR, 0, 0, null, v, null, null, null, null, null, null);
    }

    public static Attribute ofGraph(String name, Graph v) {
        return new Attribute(name, Kind.GRAPH, 0, 0, null, null, v, null, null, null, null, null);
    }

    public static Attribute ofFloats(String name, float[] v) {
        return new Attribute(name, Kind.FLOATS, 0, 0, null, null, null, v.clone(), null, null, null, null);
    }

    public static Attribute ofInts(String name, long[] v) {
        return new Attribute(name, Kind.INTS, 0, 0, null, null, null, null, v.clone(), null, null, null);
    }

    public static Attribute ofStrings(String name, String[] v) {
        return new Attribute(name, Kind.STRINGS, 0, 0, null, null, null, null, null, v.clone(), null, null);
    }

    public static Attribute ofTensors(String name, List<Tensor> v) {
        return new Attribute(name, Kind.TENSORS, 0, 0, null, null, null, null, null, null, v, null);
    }

    public static Attribute ofGraphs(String name, List<Graph> v) {
        return new Attribute(name, Kind.GRAPHS, 0, 0, null, null, null, null, null, null, null, v);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public float f() {
        return f;
    }

    public long i() {
        return i;
    }

    public String s() {
        return s;
    }

    public Tensor t() {
        return t;
    }

    public Graph g() {
        return g;
    }

    public float[] floats() {
        return floats == null ? null : floats.clone();
    }

    public long[] ints() {
        return ints == null ? null : ints.clone();
    }

    public String[] strings() {
        return strings == null ? null : strings.clone();
    }

    public List<Tensor> tensors() {
        return tensors;
    }

    public List<Graph> graphs() {
        return graphs;
    }

    @Override
    public String toString() {
        switch (kind) {
            case FLOAT: return name + "=" + f;
            case INT: return name + "=" + i;
            case STRING: return name + "='" + s + "'";
            case FLOATS: return name + "=" + Arrays.toString(floats);
            case INTS: return name + "=" + Arrays.toString(ints);
            case STRINGS: return name + "=" + Arrays.toString(strings);
            default: return name + "=<" + kind.name().toLowerCase() + ">";
        }
    }
}
