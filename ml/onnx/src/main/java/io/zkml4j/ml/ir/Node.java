package io.zkml4j.ml.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One operator application. Inputs and outputs are value names; "" marks an omitted optional input. */
public final class Node {
    private final String name;
    private final String opType;
    private final String domain;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, Attribute> attributes;

    public Node(String name, String opType, String domain, List<String> in, List<String> out, Map<String, Attribute> attrs) {
        this.name = name;
        this.opType = opType;
        this.domain = domain == null ? "" : domain;
        this.inputs = List.copyOf(in);
        this.outputs = List.copyOf(out);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attrs));
    }

    public String name() {
        return name;
    }

    public String opType() {
        return opType;
    }

    /** Operator-set domain; "" is the default ONNX domain (also spelled "ai.onnx"). */
    public String domain() {
        return domain;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    public Map<String, Attribute> attributes() {
        return attributes;
    }

    /** The i-th input name, or "" when absent (omitted optional inputs may also be trailing). */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    public boolean hasInput(int i) {
        return !input(i).isEmpty();
    }

    public boolean hasAttr(String name) {
        return attributes.containsKey(name);
    }

    public long attrInt(String name, long dflt) {
        Attribute a = attr(name, Attribute.Kind.INT);
        return a == null ? dflt : a.i();
    }

    public long[] attrInts(String name, long[] dflt) {
        Attribute a = attr(name, Attribute.Kind.INTS);
        return a == null ? dflt : a.ints();
    }

    public float attrFloat(String name, float dflt) {
        Attribute a = attr(name, Attribute.Kind.FLOAT);
        return a == null ? dflt : a.f();
    }

    public float[] attrFloats(String name, float[] dflt) {
        Attribute a = attr(name, Attribute.Kind.FLOATS);
        return a == null ? dflt : a.floats();
    }

    public String attrString(String name, String dflt) {
        Attribute a = attr(name, Attribute.Kind.STRING);
        return a == null ? dflt : a.s();
    }

    /** Tensor attribute, or null if absent. */
    public Tensor attrTensor(String name) {
        Attribute a = attr(name, Attribute.Kind.TENSOR);
        return a == null ? null : a.t();
    }

    /** Graph attribute (If/Loop/Scan bodies), or null if absent. */
    public Graph attrGraph(String name) {
        Attribute a = attr(name, Attribute.Kind.GRAPH);
        return a == null ? null : a.g();
    }

    private Attribute attr(String name, Attribute.Kind kind) {
        Attribute a = attributes.get(name);
        if (a == null) {
            return null;
        }
        if (a.kind() != kind) {
            throw new ModelException(describe() + ": attribute '" + name + "' is " + a.kind() + ", expected " + kind);
        }
        return a;
    }

    /** For error messages: "node 'Conv_3' (Conv)". */
    public String describe() {
        return "node '" + name + "' (" + (domain.isEmpty() || domain.equals("ai.onnx") ? "" : domain + ".") + opType + ")";
    }

    @Override
    public String toString() {
        return describe() + " " + inputs + " -> " + outputs;
    }
}
