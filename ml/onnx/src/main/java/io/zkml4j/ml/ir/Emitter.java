package io.zkml4j.ml.ir;

import java.util.List;
import java.util.Map;

/** Appends fresh-named nodes and constants to a graph being rewritten (the passes that expand one node into many). */
public final class Emitter {
    private final String prefix;
    private final List<Node> out;
    private final Map<String, Tensor> init;
    private int names;

    /** Names start with {@code prefix} (the expanded node's name and a slash, so they cannot clash with the graph's). */
    public Emitter(String prefix, List<Node> out, Map<String, Tensor> init) {
        this.prefix = prefix;
        this.out = out;
        this.init = init;
    }

    public String fresh(String what) {
        return prefix + what + (names++);
    }

    /** A default-domain node with one output, whose name it returns. */
    public String node(String op, Map<String, Attribute> attrs, String... in) {
        String o = fresh(op.toLowerCase() + "_");
        out.add(new Node(o, op, "", List.of(in), List.of(o), attrs));
        return o;
    }

    public String constant(String what, Tensor t) {
        String c = fresh(what);
        init.put(c, t);
        return c;
    }
}
